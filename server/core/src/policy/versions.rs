//! `claude-code-version`: keys that the release a project targets does not
//! have yet (the catalogs record the release each field appeared in).

use std::ops::Range;

use super::levels::Policy;
use crate::Diagnostic;
use crate::codes::{self, diag};

/// A front-matter key with the release that introduced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionedKey {
    pub key: &'static str,
    pub since: &'static str,
    pub range: Range<usize>,
}

/// AG016 for each key newer than the project's `claude-code-version`.
pub fn version_findings(policy: &Policy, keys: &[VersionedKey]) -> Vec<Diagnostic> {
    let Some(target) = policy.claude_code_version.as_deref() else {
        return Vec::new();
    };
    let Some(target_n) = release(target) else {
        return Vec::new();
    };
    keys.iter()
        .filter(|k| release(k.since).is_some_and(|since| since > target_n))
        .map(|k| {
            diag(
                codes::KEY_NEWER_THAN_TARGET,
                k.range.clone(),
                format!(
                    "`{}` arrived in Claude Code {}; this project targets {target} \
                     (`claude-code-version` in agentls.toml), which ignores it.",
                    k.key, k.since
                ),
            )
        })
        .collect()
}

/// `2.1.332` as numbers, compared part by part.
fn release(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.split('.').map(|p| p.parse::<u32>().ok());
    let r = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_compare_by_number() {
        assert!(release("2.1.33").unwrap() < release("2.1.100").unwrap());
        assert!(release("1.0.64").unwrap() < release("2.0.0").unwrap());
        assert_eq!(release("2.1"), None);
        assert_eq!(release("2.1.x"), None);
    }
}
