//! The configuration's path patterns, read as `.gitignore` readers expect:
//! relative to the configuration's folder, `*` within one path segment,
//! `**` across them; a pattern without `/` matches a name at any depth; a
//! pattern that names a folder matches everything below it.

use std::path::Path;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// The globs one pattern stands for, or the parser's complaint.
pub fn compile(pattern: &str) -> Result<Vec<Glob>, String> {
    let trimmed = pattern.trim_start_matches("./");
    let anchored = trimmed.starts_with('/');
    let body = trimmed.trim_start_matches('/').trim_end_matches('/');
    if body.is_empty() {
        return Err("an empty pattern matches nothing".into());
    }
    let mut forms = vec![body.to_string()];
    if !anchored && !body.contains('/') {
        forms.push(format!("**/{body}"));
    }
    let below: Vec<String> = forms
        .iter()
        .filter(|f| !f.ends_with("/**"))
        .map(|f| format!("{f}/**"))
        .collect();
    forms.extend(below);
    forms
        .iter()
        .map(|f| {
            GlobBuilder::new(f)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| e.kind().to_string())
        })
        .collect()
}

pub fn set(globs: Vec<Glob>) -> Option<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(glob);
    }
    builder.build().ok()
}

pub fn matches(set: &GlobSet, rel: &Path) -> bool {
    set.is_match(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(pattern: &str, path: &str) -> bool {
        matches(&set(compile(pattern).unwrap()).unwrap(), Path::new(path))
    }

    #[test]
    fn patterns_read_like_gitignore() {
        assert!(hit("legacy/**", "legacy/a.md"));
        assert!(hit("legacy/**", "legacy/x/y/a.md"));
        assert!(hit("legacy", "legacy/a.md"));
        assert!(hit("legacy/", "legacy/a.md"));
        assert!(!hit("legacy/**", "src/legacy2/a.md"));
        assert!(
            hit("vendor", "deep/vendor/a.md"),
            "a bare name matches at any depth"
        );
        assert!(
            !hit("/vendor", "deep/vendor/a.md"),
            "a leading / anchors it"
        );
        assert!(hit("*.draft.md", ".claude/agents/x.draft.md"));
        assert!(
            !hit(".claude/agents/*.md", ".claude/agents/sub/x.md"),
            "* stays in its segment"
        );
        assert!(hit(".claude/agents/**/*.md", ".claude/agents/sub/x.md"));
        assert!(hit("./docs/*.md", "docs/a.md"));
        assert!(compile("a/[b").is_err());
        assert!(compile("/").is_err());
    }
}
