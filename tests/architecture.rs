//! The architecture, as rules a change can break:
//! - the core crate depends on no protocol, async or rope crate;
//! - no source file holds more than 600 lines;
//! - no module imports another that imports it back (at any distance):
//!   every `use` and inline `crate::`/`super::` path between the files of
//!   a crate, followed through the crate root's re-exports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn the_core_knows_no_protocol() {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("server/core/Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap_or("");
    for banned in ["tower-lsp", "tokio", "ropey", "lsp-types", "ls-types"] {
        assert!(
            !deps.contains(banned),
            "agentls-core must not depend on {banned}"
        );
    }
}

#[test]
fn source_files_stay_small() {
    for crate_dir in ["server/src", "server/core/src"] {
        for file in rust_files(&Path::new(ROOT).join(crate_dir)) {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            assert!(lines <= 600, "{} has {lines} lines", file.display());
        }
    }
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let found: Vec<_> = ["server/src", "server/core/src"]
        .into_iter()
        .map(|dir| (dir, cycles(&imports(&Path::new(ROOT).join(dir)))))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    assert!(found.is_empty(), "import cycles: {found:#?}");
}

/// The checker itself finds a cycle when there is one.
#[test]
fn the_cycle_finder_finds_cycles() {
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cycles(&g), vec![vec!["a", "b", "c"]]);
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `a/b/mod.rs` and `a/b.rs` are module `a::b`; `lib.rs`/`main.rs` the root.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// Edges between the modules of the crate under `src`.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files(src);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // Names the crate root re-exports from a module (`pub use m::{A, b}`).
    let root = files
        .iter()
        .find(|f| module_of(src, f).is_empty() && f.ends_with("lib.rs"))
        .map(|f| std::fs::read_to_string(f).unwrap())
        .unwrap_or_default();
    let mut reexports: BTreeMap<String, String> = BTreeMap::new();
    for path in use_paths(&strip(&root)) {
        if let Some(rest) = path.strip_prefix("pub ") {
            let segs: Vec<&str> = rest.split("::").collect();
            if let Some((name, module)) = segs.split_last() {
                reexports.insert(name.to_string(), resolve(&modules, &module.join("::")));
            }
        }
    }
    for file in &files {
        let me = module_of(src, file);
        let code = strip(&std::fs::read_to_string(file).unwrap());
        for path in use_paths(&code).into_iter().chain(inline_paths(&code)) {
            let path = path.trim_start_matches("pub ").to_string();
            let Some(abs) = absolute(&modules, &me, &path) else {
                continue;
            };
            let first = abs.split("::").next().unwrap_or("");
            let target = match reexports.get(first) {
                Some(m) if !modules.contains(first) => m.clone(),
                _ => resolve(&modules, &abs),
            };
            if target != me && !target.is_empty() && !me.is_empty() {
                graph.entry(me.clone()).or_default().insert(target);
            }
        }
    }
    graph
}

/// The longest prefix of `path` that is a module.
fn resolve(modules: &BTreeSet<String>, path: &str) -> String {
    let segs: Vec<&str> = path.split("::").collect();
    (0..=segs.len())
        .rev()
        .map(|n| segs[..n].join("::"))
        .find(|m| modules.contains(m))
        .unwrap_or_default()
}

/// `crate::a::b` and `super::c` as paths from the crate root.
fn absolute(modules: &BTreeSet<String>, me: &str, path: &str) -> Option<String> {
    let mut base: Vec<&str> = if me.is_empty() {
        Vec::new()
    } else {
        me.split("::").collect()
    };
    // `me` is `a::b` for `a/b.rs` and `a` for `a/mod.rs`: popping one
    // segment is `super` in both.
    let mut segs = path.split("::").peekable();
    match segs.peek().copied() {
        Some("crate") => {
            segs.next();
            base.clear();
        }
        Some("super") => {
            while segs.peek() == Some(&"super") {
                segs.next();
                base.pop();
            }
        }
        Some("self") => {
            segs.next();
        }
        // A child module's name (`use events::x` in `live`); anything else
        // is another crate.
        Some(first) => {
            let child = if me.is_empty() {
                first.to_string()
            } else {
                format!("{me}::{first}")
            };
            if !modules.contains(&child) {
                return None;
            }
        }
        None => return None,
    }
    base.extend(segs);
    Some(base.join("::"))
}

/// The code without comments and string literals (roughly: enough to not
/// read a path in prose), and without `#[cfg(test)]` modules.
fn strip(code: &str) -> String {
    let mut out = String::new();
    for line in code.lines() {
        if line.trim() == "#[cfg(test)]" {
            // Skip the test module (to the end of the file, by convention).
            break;
        }
        let line = line.split("//").next().unwrap_or("");
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// Every path a `use` declaration names, braces expanded.
fn use_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = find_use(rest) {
        let (public, after) = (rest[..i].trim_end().ends_with("pub"), &rest[i + 4..]);
        let end = after.find(';').unwrap_or(after.len());
        // `x as y` keeps only `x`; then spaces go.
        let tree: String = after[..end]
            .replace(" as ", "@")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let mut paths = Vec::new();
        expand("", &tree, &mut paths);
        for p in paths {
            out.push(if public { format!("pub {p}") } else { p });
        }
        rest = &after[end..];
    }
    out
}

fn find_use(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("use ") {
        let at = from + i;
        let before = s[..at].chars().next_back();
        if before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ';') {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

/// `a::{b, c::{d}}` → `a::b`, `a::c::d` (`self` in braces is the prefix).
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let join = |p: &str, s: &str| {
        if p.is_empty() {
            s.to_string()
        } else if s == "self" {
            p.to_string()
        } else {
            format!("{p}::{s}")
        }
    };
    match tree.find('{') {
        Some(open) if tree.ends_with('}') => {
            let head = tree[..open].trim_end_matches("::");
            let inner = &tree[open + 1..tree.len() - 1];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&join(prefix, head), &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&join(prefix, head), &inner[start..], out);
        }
        _ => {
            let item = tree.split('@').next().unwrap_or(tree);
            if !item.is_empty() && item != "*" {
                out.push(join(prefix, item.trim_end_matches("::*")));
            }
        }
    }
}

/// `crate::a::b` and `super::x` written inline in code.
fn inline_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            let before = code[..at].chars().next_back();
            let len = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - at);
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                out.push(code[at..at + len].trim_end_matches(':').to_string());
            }
            from = at + len.max(1);
        }
    }
    out
}

/// Strongly connected components with more than one module, each sorted.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Reachability by search from every node: the graphs are small.
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(n) = stack.pop() {
            for m in graph.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    stack.push(m.clone());
                }
            }
        }
        seen
    };
    let nodes: BTreeSet<String> = graph
        .iter()
        .flat_map(|(k, v)| std::iter::once(k.clone()).chain(v.iter().cloned()))
        .collect();
    let reachable: BTreeMap<String, BTreeSet<String>> =
        nodes.iter().map(|n| (n.clone(), reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for n in &nodes {
        if done.contains(n) || !reachable[n].contains(n) {
            continue;
        }
        let scc: Vec<String> = nodes
            .iter()
            .filter(|m| reachable[n].contains(*m) && reachable[*m].contains(n))
            .cloned()
            .collect();
        done.extend(scc.iter().cloned());
        if scc.len() > 1 {
            out.push(scc);
        }
    }
    out
}
