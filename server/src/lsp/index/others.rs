//! The files judged alone ([`super::scan::analysed_only`]: memory, rules,
//! output styles, other hosts' prompts and instructions): they define
//! nothing other files name, so the index keeps no entry for them, only
//! where they are, for the workspace pull.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Sorted paths, shared with older snapshots of the index.
#[derive(Clone, Debug, Default)]
pub struct Others(Arc<Vec<PathBuf>>);

impl Others {
    pub fn new(mut paths: Vec<PathBuf>) -> Others {
        paths.sort();
        paths.dedup();
        Others(Arc::new(paths))
    }

    pub fn paths(&self) -> &[PathBuf] {
        &self.0
    }

    /// Note that `path` is on disk (`true`), or gone with, when it was a
    /// folder, every file below it.
    pub fn set(&mut self, path: &Path, present: bool) {
        let at = self.0.binary_search_by(|p| p.as_path().cmp(path));
        match at {
            Err(at) if present => Arc::make_mut(&mut self.0).insert(at, path.to_path_buf()),
            _ if !present && self.0.iter().any(|p| p.starts_with(path)) => {
                Arc::make_mut(&mut self.0).retain(|p| !p.starts_with(path));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_and_go_and_folders_take_theirs_along() {
        let mut o = Others::new(vec![PathBuf::from("/w/CLAUDE.md")]);
        o.set(Path::new("/w/pkg/CLAUDE.md"), true);
        o.set(Path::new("/w/pkg/CLAUDE.md"), true);
        o.set(Path::new("/w/.claude/rules/a.md"), true);
        assert_eq!(o.paths().len(), 3);
        o.set(Path::new("/w/CLAUDE.md"), false);
        o.set(Path::new("/w/pkg"), false);
        assert_eq!(o.paths(), [PathBuf::from("/w/.claude/rules/a.md")]);
    }
}
