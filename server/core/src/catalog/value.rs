//! "Is this value valid for this field": the one answer, used by the value
//! rules, semantic tokens, completion and hover alike.

use super::data::{Catalog, Field, FieldKind, Models};
use crate::parse::yaml::{self, Node, ScalarKind};

/// A scalar as YAML types it (the core schema): all a value check needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScalarValue<'a> {
    pub text: &'a str,
    pub kind: ScalarKind,
}

impl<'a> ScalarValue<'a> {
    /// The scalar a node holds; `None` for lists, mappings and aliases.
    pub fn of(node: &'a Node) -> Option<ScalarValue<'a>> {
        node.as_scalar().map(|s| ScalarValue {
            text: &s.text,
            kind: s.kind,
        })
    }

    /// A value as a line scan finds it in the source (without its quotes):
    /// a quoted one is a string, a plain one is typed as YAML types it.
    pub fn from_source(text: &'a str, quoted: bool) -> ScalarValue<'a> {
        let kind = if quoted {
            ScalarKind::Str
        } else {
            yaml::resolve_plain(text)
        };
        ScalarValue { text, kind }
    }
}

impl Catalog {
    /// True when Claude Code takes `value` for `field`; `None` is a value
    /// that is not a scalar. Fields with rules of their own (names, texts,
    /// tools, lists, mappings) accept anything here.
    pub fn accepts(&self, field: &Field, value: Option<ScalarValue>) -> bool {
        let Some(v) = value else {
            return matches!(
                field.kind,
                FieldKind::Name
                    | FieldKind::Text
                    | FieldKind::Tools
                    | FieldKind::List
                    | FieldKind::Map
            );
        };
        match field.kind {
            FieldKind::Enum => {
                v.kind != ScalarKind::Null && field.values.iter().any(|x| x == v.text)
            }
            FieldKind::Model => v.kind == ScalarKind::Str && self.models.accepts(v.text),
            // Claude Code compares the value's text: a quoted "true" counts.
            FieldKind::Bool => {
                v.kind == ScalarKind::Bool
                    || (v.kind == ScalarKind::Str && matches!(v.text, "true" | "false"))
            }
            // Claude Code also takes a quoted number ("5").
            FieldKind::PositiveInt => {
                matches!(v.kind, ScalarKind::Int | ScalarKind::Str)
                    && v.text.trim().parse::<u64>().is_ok_and(|n| n > 0)
            }
            FieldKind::Effort => {
                v.kind == ScalarKind::Int
                    || (v.kind == ScalarKind::Str && field.values.iter().any(|x| x == v.text))
            }
            FieldKind::String => v.kind == ScalarKind::Str,
            FieldKind::Name
            | FieldKind::Text
            | FieldKind::Tools
            | FieldKind::List
            | FieldKind::Map => true,
        }
    }
}

impl Models {
    /// An alias or keyword (any case), or a full model ID.
    pub fn accepts(&self, text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        self.aliases
            .iter()
            .chain(&self.keywords)
            .chain(&self.extra_aliases)
            .any(|a| *a == lower)
            || self.is_id(text)
    }

    /// `claude-<words and digits>` with an optional Bedrock prefix or Vertex
    /// `@date`.
    pub fn is_id(&self, text: &str) -> bool {
        let Some(rest) = self
            .id_prefixes
            .iter()
            .find_map(|p| text.strip_prefix(p.as_str()))
        else {
            return false;
        };
        let (id, date) = match rest.split_once('@') {
            Some((id, date)) => (id, Some(date)),
            None => (rest, None),
        };
        let id = id.strip_suffix(":0").unwrap_or(id);
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && date.is_none_or(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn model_ids() {
        let m = &catalog().models;
        for ok in [
            "claude-opus-5",
            "claude-sonnet-4-5-20250929",
            "anthropic.claude-3-7-sonnet-20250219-v1:0",
            "claude-opus-4-1@20250805",
        ] {
            assert!(m.is_id(ok), "{ok}");
        }
        for bad in [
            "gpt-4o",
            "Claude Sonnet 4.5 (copilot)",
            "claude-",
            "claude-Opus",
            "claude-X_!",
        ] {
            assert!(!m.is_id(bad), "{bad}");
        }
    }

    #[test]
    fn one_answer_for_source_and_tree() {
        let c = catalog();
        let field = |n: &str| c.field(n).expect(n);
        let src =
            |f: &str, t: &str, q: bool| c.accepts(field(f), Some(ScalarValue::from_source(t, q)));
        assert!(src("background", "true", false));
        assert!(!src("background", "yes", false));
        assert!(src("background", "true", true), "a quoted true counts");
        assert!(!src("background", "TRUE", true));
        assert!(src("effort", "3", false));
        assert!(!src("effort", "3", true));
        assert!(src("model", "Sonnet", false));
        assert!(!src("model", "claude-X_!", false));
        assert!(!src("permissionMode", "acceptedits", false));
        assert!(src("maxTurns", "5", true));
        assert!(!c.accepts(field("color"), None));
    }
}
