//! `agentls check --fix`: every preferred fix written back to each file,
//! before the normal check reports what remains.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use agentls_core::policy::Policy;
use agentls_core::{decode_bytes, fix};

use super::walk::Target;
use crate::discover;

/// Fix each target file in place; one line per file that changed or could
/// not be fixed. Unreadable files are left to the check to report. What
/// a file's policy silences is not fixed.
pub fn fix_targets(targets: &[Target]) -> Vec<String> {
    targets
        .iter()
        .filter(|t| t.error.is_none())
        .filter_map(|t| {
            let fixed = fix_file(&t.path, &t.decided.absolute, &t.decided.policy);
            fixed.map(|m| format!("{}: {m}", t.path.display()))
        })
        .collect()
}

fn fix_file(path: &Path, absolute: &Path, policy: &Policy) -> Option<String> {
    let bytes = discover::read(path).ok()??;
    // Binary content is not an agent file.
    decode_bytes(&bytes)?;
    // Writing back a lossy decoding would replace the invalid bytes with
    // U+FFFD all over the file: leave such files alone.
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Some("not fixed: the file is not valid UTF-8".into());
    };
    let Ok((fixed, count)) = catch_unwind(AssertUnwindSafe(|| {
        // Absolute: the configuration's globs are relative to its folder.
        fix::fix_all_with(text, Some(absolute), policy)
    })) else {
        return Some("not fixed: internal error (please report this file)".into());
    };
    if count == 0 || fixed == text {
        return None;
    }
    Some(match std::fs::write(path, fixed) {
        Ok(()) => format!("fixed {count} problem{}", if count == 1 { "" } else { "s" }),
        Err(e) => format!("cannot write the fixes: {e}"),
    })
}
