//! Findings about imports that need the disk, given it by the caller (the
//! server off its protocol thread, `check` directly) as a lookup: a target
//! that does not exist (AG125), and one past Claude Code's 5 hops (AG126).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::find::{Import, imports};
use crate::Diagnostic;
use crate::codes::{self, diag};

/// Claude Code follows imports this many hops from the file it loads.
pub const MAX_HOPS: usize = 5;

/// At most this many files are looked up per importing file: enough for any
/// real chain, and a bound on a hostile one.
const MAX_LOOKUPS: usize = 200;

/// What the caller found at a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file, with its text (to follow its own imports).
    Text(String),
    /// Nothing there (or a folder): Claude Code skips the import.
    Missing,
    /// Not looked at (outside the workspace): nothing is said about it.
    NotRead,
}

/// The disk findings on the imports of `text`, the file at `file`.
pub fn findings(
    text: &str,
    file: &Path,
    home: Option<&Path>,
    lookup: &mut dyn FnMut(&Path) -> Lookup,
) -> Vec<Diagnostic> {
    let mut seen: HashMap<PathBuf, Lookup> = HashMap::new();
    let mut look = |p: &Path| -> Lookup {
        if let Some(l) = seen.get(p) {
            return l.clone();
        }
        if seen.len() >= MAX_LOOKUPS {
            return Lookup::NotRead;
        }
        let l = lookup(p);
        seen.insert(p.to_path_buf(), l.clone());
        l
    };
    let mut out = Vec::new();
    for import in imports(text, file, home) {
        let Some(target) = &import.target else {
            continue;
        };
        match look(target) {
            Lookup::Missing => {
                let at = shown(file, target);
                let looked = if at == import.raw {
                    String::new()
                } else {
                    format!(" (looked for `{at}`)")
                };
                out.push(diag(
                    codes::IMPORT_MISSING,
                    import.range.clone(),
                    format!(
                        "`{}` names no file{looked}: Claude Code silently skips this import. \
                         Fix the path, or write it in backticks if it is not meant as an import.",
                        import.raw
                    ),
                ));
            }
            Lookup::NotRead => {}
            Lookup::Text(t) => {
                let mut chain = vec![file.to_path_buf(), target.clone()];
                if let Some(deep) = too_deep(&t, &mut chain, home, &mut look) {
                    out.push(too_deep_finding(file, &import, &chain, &deep));
                }
            }
        }
    }
    out
}

/// Below the file at the end of `chain` (whose text is `text`), the first
/// import past [`MAX_HOPS`]; `chain` is left holding the files on the way.
fn too_deep(
    text: &str,
    chain: &mut Vec<PathBuf>,
    home: Option<&Path>,
    look: &mut dyn FnMut(&Path) -> Lookup,
) -> Option<Import> {
    let here = chain.last()?.clone();
    for import in imports(text, &here, home) {
        let Some(target) = &import.target else {
            continue;
        };
        // An import cycle ends where it comes back.
        if chain.contains(target) {
            continue;
        }
        let Lookup::Text(t) = look(target) else {
            continue;
        };
        // `chain` holds the loaded file and one file per hop so far.
        if chain.len() > MAX_HOPS {
            return Some(import);
        }
        chain.push(target.clone());
        if let Some(deep) = too_deep(&t, chain, home, look) {
            return Some(deep);
        }
        chain.pop();
    }
    None
}

fn too_deep_finding(file: &Path, first: &Import, chain: &[PathBuf], deep: &Import) -> Diagnostic {
    let hops = chain[1..]
        .iter()
        .map(|p| format!("`{}`", shown(file, p)))
        .collect::<Vec<_>>()
        .join(" → ");
    diag(
        codes::IMPORT_TOO_DEEP,
        first.range.clone(),
        format!(
            "Through {hops}, this import leads to `{}`, {} hops from this file: Claude Code \
             follows imports {MAX_HOPS} hops deep and does not read it. Import it from a file \
             nearer this one.",
            deep.raw,
            chain.len()
        ),
    )
}

/// `target` as a path relative to `file`'s folder when it is below it.
fn shown(file: &Path, target: &Path) -> String {
    let folder = file.parent().unwrap_or(Path::new(""));
    target
        .strip_prefix(folder)
        .unwrap_or(target)
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up disk: path -> text.
    fn disk(files: &[(&str, &str)]) -> impl FnMut(&Path) -> Lookup {
        let files: HashMap<PathBuf, String> = files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect();
        move |p: &Path| {
            if p.starts_with("/outside") {
                return Lookup::NotRead;
            }
            files
                .get(p)
                .map_or(Lookup::Missing, |t| Lookup::Text(t.clone()))
        }
    }

    fn codes(text: &str, files: &[(&str, &str)]) -> Vec<(&'static str, String)> {
        let mut d = disk(files);
        findings(text, Path::new("/w/CLAUDE.md"), None, &mut d)
            .into_iter()
            .map(|d| (d.code, text[d.range].to_string()))
            .collect()
    }

    #[test]
    fn a_missing_target_is_found_and_an_outside_one_left_alone() {
        let files = [("/w/docs/a.md", "A")];
        assert_eq!(
            codes("@docs/a.md @docs/b.md @/outside/c.md", &files),
            [("AG125", "@docs/b.md".to_string())]
        );
    }

    #[test]
    fn five_hops_are_followed_and_the_sixth_is_not() {
        // CLAUDE.md -> 1.md -> … -> n.md, each importing the next.
        let chain = |n: usize| -> Vec<(String, String)> {
            (1..=n)
                .map(|i| {
                    let text = if i < n {
                        format!("@{}.md", i + 1)
                    } else {
                        "end".into()
                    };
                    (format!("/w/{i}.md"), text)
                })
                .collect()
        };
        let run = |files: Vec<(String, String)>| {
            let files: Vec<(&str, &str)> = files
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect();
            codes("@1.md", &files)
        };
        assert!(run(chain(5)).is_empty(), "5 hops are read");
        assert_eq!(run(chain(6)), [("AG126", "@1.md".to_string())]);
        // A cycle is not a depth.
        assert!(codes("@a.md", &[("/w/a.md", "@b.md"), ("/w/b.md", "@a.md")]).is_empty());
    }
}
