//! The editor's `kinds` setting: the same map as `agentls.toml`'s
//! `[kinds]` (`"pattern" = "kind"`), sent in `initializationOptions` or a
//! `workspace/didChangeConfiguration`, its patterns relative to each
//! workspace folder. A project's `[kinds]` wins over it: the setting
//! decides only files no pattern of the project's configuration matches.

use std::path::{Path, PathBuf};

use agentls_core::policy::config::kind_overrides;
use agentls_core::{FileKind, KindOverrides, classify_with};
use serde_json::Value;

/// The setting, compiled once per workspace folder.
#[derive(Clone, Debug, Default)]
pub struct EditorKinds {
    /// As the editor sent them (what two settings are compared by).
    entries: Vec<(String, String)>,
    /// Per folder, innermost first (the roots' order).
    per_root: Vec<KindOverrides>,
}

impl PartialEq for EditorKinds {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl Eq for EditorKinds {}

impl EditorKinds {
    /// Read `kinds` from the settings object (`{"kinds": {…}}`, or inside
    /// `{"agentls": {…}}` as `didChangeConfiguration` sends it); also what
    /// was left out, for the log. No `kinds` at all: none.
    pub fn read(settings: Option<&Value>, roots: &[PathBuf]) -> (EditorKinds, Vec<String>) {
        let mut problems = Vec::new();
        let settings = settings.map(|s| s.get("agentls").unwrap_or(s));
        let mut entries = Vec::new();
        match settings.and_then(|s| s.get("kinds")) {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (pattern, kind) in map {
                    match kind.as_str() {
                        Some(kind) => entries.push((pattern.clone(), kind.to_string())),
                        None => problems.push(format!(
                            "the kind for `{pattern}` is not a string: left out."
                        )),
                    }
                }
            }
            Some(_) => problems.push("`kinds` is not an object of \"pattern\": \"kind\"".into()),
        }
        let mut per_root = Vec::new();
        for (i, root) in roots.iter().enumerate() {
            let (kinds, left_out) = kind_overrides(root, &entries);
            if i == 0 {
                problems.extend(left_out);
            }
            per_root.push(kinds);
        }
        let problems = problems
            .into_iter()
            .map(|p| format!("agentls: the `kinds` setting: {p}"))
            .collect();
        (EditorKinds { entries, per_root }, problems)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The kind of `path` under the project's `[kinds]` (`project`), then
    /// this setting, then its folders.
    pub fn kind_of(&self, path: &Path, project: &KindOverrides) -> FileKind {
        let mut layers: Vec<&KindOverrides> = Vec::with_capacity(1 + self.per_root.len());
        layers.push(project);
        layers.extend(self.per_root.iter().filter(|k| !k.is_empty()));
        classify_with(path, &layers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentls_core::HostFile;
    use serde_json::json;

    #[test]
    fn read_from_either_shape_and_the_project_wins() {
        let roots = [PathBuf::from("/w")];
        let sent = json!({"agentls": {"kinds": {"docs/**": "copilot-agent", "x/**": "nope"}}});
        let (kinds, problems) = EditorKinds::read(Some(&sent), &roots);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`nope`"));
        let none = KindOverrides::default();
        let path = Path::new("/w/docs/a.md");
        assert_eq!(
            kinds.kind_of(path, &none),
            FileKind::Host(HostFile::CopilotAgent)
        );
        let (flat, _) = EditorKinds::read(Some(&json!({"kinds": {"docs/**": "none"}})), &roots);
        assert_eq!(flat.kind_of(path, &none), FileKind::Other);
        let (project, _) = kind_overrides(
            Path::new("/w"),
            &[("docs/**".into(), "codex-prompt".into())],
        );
        assert_eq!(
            kinds.kind_of(path, &project),
            FileKind::Host(HostFile::CodexPrompt)
        );
        assert!(EditorKinds::read(None, &roots).0.is_empty());
        assert_ne!(kinds, flat);
    }
}
