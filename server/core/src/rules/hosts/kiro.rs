//! Kiro steering files (`.kiro/steering/*.md`, `~/.kiro/steering/`), from
//! `catalog/host-files.toml`. No recording of Kiro exists: nothing here
//! says a file fails to load, only that it may not be included as meant.
//! Read line by line, as Windsurf's rules are ([`super::windsurf`]).

use super::windsurf::{bad_value, globs, one_value, unknown};
use crate::catalog::host_files_catalog;
use crate::codes::{self, diag};
use crate::diagnostic::Diagnostic;
use crate::parse::lines::key_lines;
use crate::parse::split::Split;

pub fn check(text: &str, split: &Split, out: &mut Vec<Diagnostic>) {
    if !matches!(split, Split::FrontMatter(_)) {
        return;
    }
    let keys = &host_files_catalog().kiro_steering;
    let mut file_match = None;
    let mut patterned = false;
    for line in key_lines(text) {
        let key = &text[line.key.clone()];
        match key {
            "name" | "description" => {}
            "inclusion" => {
                let (at, value) = one_value(text, &line);
                if value == "fileMatch" {
                    file_match = Some(at.clone());
                }
                if keys
                    .key(key)
                    .is_some_and(|k| !k.values.iter().any(|v| v == value))
                {
                    out.push(bad_value(
                        codes::KIRO_INCLUSION_INVALID,
                        &line,
                        at,
                        value,
                        keys,
                        "inclusion",
                        "when Kiro includes this file is unknown",
                    ));
                }
            }
            "fileMatchPattern" => {
                patterned = globs(
                    text,
                    &line,
                    "Kiro does not include this file for the files meant",
                    out,
                )
            }
            _ => out.push(unknown(
                keys,
                key,
                line.key.clone(),
                codes::KIRO_UNKNOWN_KEY,
                "Kiro documents `inclusion` and `fileMatchPattern` (with `name` and \
                 `description` for `auto`) in a steering file",
            )),
        }
    }
    if let Some(at) = file_match.filter(|_| !patterned) {
        out.push(diag(
            codes::KIRO_FILE_MATCH_MISSING,
            at,
            "`inclusion: fileMatch` with no `fileMatchPattern`: no file brings this steering \
             file in. Add `fileMatchPattern` (say `fileMatchPattern: \"**/*.ts\"`), or pick \
             another inclusion."
                .into(),
        ));
    }
}
