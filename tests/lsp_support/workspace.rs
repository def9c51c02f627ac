//! A workspace folder on disk and a server started in it: `initialize` with
//! the folder, then a bounded wait until the background index answers.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Client, Enc, TIMEOUT};

#[path = "../common/temp_dir.rs"]
mod temp_dir;
use temp_dir::TempDir;

/// A fresh folder `project/` (the workspace folder) inside a unique
/// temporary folder, which can also hold what lies beside the workspace (a
/// fake home, files outside it). All of it is removed on drop.
pub struct TempWorkspace {
    /// Holds the removal on drop.
    _dir: TempDir,
    /// The unique folder, canonical (the temp dir may be behind a link).
    base: PathBuf,
    /// `base/project`.
    root: PathBuf,
}

impl TempWorkspace {
    pub fn new(tag: &str) -> TempWorkspace {
        let dir = TempDir::new(tag);
        let base = dir.path().canonicalize().expect("canonical temp dir");
        let root = base.join("project");
        std::fs::create_dir_all(&root).expect("create the workspace folder");
        TempWorkspace {
            _dir: dir,
            base,
            root,
        }
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn root_uri(&self) -> String {
        file_uri(&self.root)
    }

    /// Path of `rel` in the workspace folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// URI of `rel` in the workspace folder.
    pub fn uri(&self, rel: &str) -> String {
        file_uri(&self.path(rel))
    }

    /// Write `contents` at `rel` in the workspace folder, creating parent
    /// folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        write_file(self.path(rel), contents)
    }

    /// The unique folder that holds the workspace folder (`project/`).
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// Path of `rel` beside the workspace folder, outside it.
    pub fn beside(&self, rel: &str) -> PathBuf {
        self.base.join(rel)
    }

    /// Write `contents` at `rel` beside the workspace folder, creating parent
    /// folders.
    pub fn write_beside(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        write_file(self.beside(rel), contents)
    }
}

fn write_file(path: PathBuf, contents: impl AsRef<[u8]>) -> PathBuf {
    let parent = path.parent().expect("a file in a folder");
    std::fs::create_dir_all(parent).expect("create parent folders");
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// What [`start_in`] declares in `initialize`, and the server's environment.
pub struct Init {
    /// The client `capabilities`.
    pub capabilities: Value,
    /// `initializationOptions`, when given.
    pub initialization_options: Option<Value>,
    /// The user scope's folder, as `AGENTLS_HOME` (None: one that does not
    /// exist, as [`Client::spawn`] sets).
    pub home: Option<PathBuf>,
    /// More environment for the server (`AGENTLS_INJECT_PANIC`).
    pub env: Vec<(&'static str, String)>,
}

impl Init {
    /// Capabilities offering only `enc` as position encoding; add more by
    /// indexing into [`Init::capabilities`].
    pub fn new(enc: Enc) -> Init {
        Init {
            capabilities: json!({ "general": { "positionEncodings": [enc.name()] } }),
            initialization_options: None,
            home: None,
            env: Vec::new(),
        }
    }
}

/// Spawn the server, `initialize` it with `ws` as root and only workspace
/// folder, send `initialized`, and wait (bounded) until the background index
/// is ready. Returns the client and the `initialize` result.
pub fn start_in(ws: &TempWorkspace, init: Init) -> (Client, Value) {
    let mut vars: Vec<(&str, &Path)> = init
        .env
        .iter()
        .map(|(k, v)| (*k, Path::new(v.as_str())))
        .collect();
    if let Some(home) = &init.home {
        vars.push(("AGENTLS_HOME", home));
    }
    let mut c = Client::spawn_with_env(&vars);
    let root = ws.root_uri();
    let mut params = json!({
        "processId": null,
        "rootUri": root,
        "workspaceFolders": [{ "uri": root, "name": "project" }],
        "capabilities": init.capabilities,
    });
    if let Some(options) = init.initialization_options {
        params["initializationOptions"] = options;
    }
    let resp = c.request("initialize", params);
    let result = resp
        .get("result")
        .cloned()
        .unwrap_or_else(|| panic!("initialize failed: {resp}"));
    c.notify("initialized", json!({}));
    c.wait_for_index();
    (c, result)
}

impl Client {
    /// Poll `workspace/symbol` until it answers with a list (null: the
    /// background index is not ready yet); panics after [`TIMEOUT`].
    pub fn wait_for_index(&mut self) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let r = self.request("workspace/symbol", json!({ "query": "" }));
            if r["result"].is_array() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "workspace index not ready within {TIMEOUT:?}; last workspace/symbol answer: {r}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
