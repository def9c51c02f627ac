//! Entries of a list field (`skills`): a YAML list or a comma-separated
//! string, each with its source range.

use std::ops::Range;

use crate::parse::yaml::{Node, ScalarKind};

/// Entries of a list field written as a YAML list or a comma-separated string.
pub fn list_entries(text: &str, node: &Node) -> Vec<(String, Range<usize>)> {
    match node {
        Node::Seq { items, .. } => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| (s.trim().to_string(), i.range())))
            .filter(|(s, _)| !s.is_empty())
            .collect(),
        Node::Scalar(s) if s.kind == ScalarKind::Str => {
            // Ranges from the source when the scalar is plain text in it;
            // otherwise the whole value.
            let range = s.range.clone();
            let source = text.get(range.clone()).unwrap_or("");
            if *source != *s.text {
                return s
                    .text
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| (n.to_string(), range.clone()))
                    .collect();
            }
            let mut out = Vec::new();
            let mut offset = range.start;
            for piece in source.split(',') {
                let lead = piece.len() - piece.trim_start().len();
                let name = piece.trim();
                if !name.is_empty() {
                    out.push((name.to_string(), offset + lead..offset + lead + name.len()));
                }
                offset += piece.len() + 1;
            }
            out
        }
        _ => Vec::new(),
    }
}
