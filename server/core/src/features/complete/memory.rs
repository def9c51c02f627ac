//! Completion in the front matter of output styles, rules and CLAUDE.md,
//! from the memory catalog: the keys read in that kind of file and not yet
//! present, and `true`/`false` for boolean keys.

use super::items::Item;
use super::offered::{Offered, booleans, complete_offered};
use crate::catalog::{MemoryField, MemoryKind, MemoryType, memory_catalog};

/// Completion items at byte `offset` of a front matter of kind `here`.
pub fn complete_memory(text: &str, offset: usize, here: MemoryKind) -> Vec<Item> {
    let offered: Vec<Offered> = memory_catalog()
        .fields_of(here)
        .map(|f| Offered {
            name: &f.name,
            detail: type_of(f).into(),
            summary: &f.summary,
            values: if f.kind == MemoryType::Bool {
                booleans()
            } else {
                Vec::new()
            },
            group: "",
        })
        .collect();
    complete_offered(text, offset, &offered)
}

fn type_of(f: &MemoryField) -> &'static str {
    match f.kind {
        MemoryType::String => "string",
        MemoryType::Bool => "true | false",
        MemoryType::Paths => "glob string or list of globs",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, at: &str, here: MemoryKind) -> Vec<String> {
        let offset = text.find(at).unwrap() + at.len();
        complete_memory(text, offset, here)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn each_kind_gets_its_own_keys_and_values() {
        let text = "---\nname: t\nk\n---\n";
        assert_eq!(
            labels(text, "\nk", MemoryKind::OutputStyle),
            [
                "description",
                "keep-coding-instructions",
                "force-for-plugin"
            ]
        );
        assert_eq!(labels(text, "\nk", MemoryKind::Rule), ["paths"]);
        let text = "---\nkeep-coding-instructions: \n---\n";
        assert_eq!(
            labels(text, "instructions: ", MemoryKind::OutputStyle),
            ["true", "false"]
        );
    }
}
