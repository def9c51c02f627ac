//! Codex custom prompts (`.codex/prompts/*.md`), from
//! `catalog/host-files.toml`. The front matter is optional and read line
//! by line; what Codex does with a key it does not document is not known,
//! so such a key is only worth knowing about.

use crate::catalog::host_files_catalog;
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::lines::key_lines;
use crate::parse::split::Split;
use crate::suggest;

pub fn check(text: &str, split: &Split, out: &mut Vec<Diagnostic>) {
    if !matches!(split, Split::FrontMatter(_)) {
        return;
    }
    let keys = &host_files_catalog().codex_prompt;
    for line in key_lines(text) {
        let key = &text[line.key.clone()];
        if keys.key(key).is_some() {
            continue;
        }
        let at = line.key.clone();
        out.push(match suggest::closest(key, keys.names()) {
            Some(to) => diag(
                codes::CODEX_PROMPT_UNKNOWN_KEY,
                at.clone(),
                format!(
                    "Codex documents `description` and `argument-hint` for a prompt, not \
                     `{key}`: did you mean `{to}`?"
                ),
            )
            .with_fix(format!("Rename to `{to}`"), replace(at, to), false),
            None => diag(
                codes::CODEX_PROMPT_UNKNOWN_KEY,
                at,
                format!(
                    "Codex documents `description` and `argument-hint` for a prompt, not \
                     `{key}`: it is likely ignored."
                ),
            ),
        });
    }
}
