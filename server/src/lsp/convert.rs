//! Core diagnostics (byte offsets) -> LSP diagnostics (positions in the
//! negotiated encoding).

use ropey::Rope;
use serde::Serialize;
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    TextEdit, Uri,
};

use super::encoding::{self, Encoding};
use crate::analysis::{Diagnostic, Fix, Severity};

pub const SOURCE: &str = "agentls";

/// What `Diagnostic.data` carries: the fixes, already in LSP terms, so a
/// code-action request that sends the diagnostic back can apply them as is.
#[derive(Serialize)]
pub struct FixData {
    pub fixes: Vec<LspFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LspFix {
    pub title: String,
    pub is_preferred: bool,
    pub edits: Vec<TextEdit>,
}

pub fn to_lsp(rope: &Rope, uri: &Uri, enc: Encoding, diags: &[Diagnostic]) -> Vec<lsp::Diagnostic> {
    diags
        .iter()
        .map(|d| diagnostic(rope, uri, enc, d))
        .collect()
}

fn diagnostic(rope: &Rope, uri: &Uri, enc: Encoding, d: &Diagnostic) -> lsp::Diagnostic {
    let related = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(rope, &r.range, enc)),
            message: r.message.clone(),
        })
        .collect::<Vec<_>>();
    lsp::Diagnostic {
        range: range(rope, &d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: fix_data(rope, enc, &d.fixes),
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn range(rope: &Rope, r: &std::ops::Range<usize>, enc: Encoding) -> lsp::Range {
    lsp::Range::new(
        encoding::to_position(rope, r.start, enc),
        encoding::to_position(rope, r.end, enc),
    )
}

fn fix_data(rope: &Rope, enc: Encoding, fixes: &[Fix]) -> Option<serde_json::Value> {
    if fixes.is_empty() {
        return None;
    }
    let data = FixData {
        fixes: fixes
            .iter()
            .map(|f| LspFix {
                title: f.title.clone(),
                is_preferred: f.preferred,
                edits: f
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(range(rope, &e.range, enc), e.new_text.clone()))
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_value(data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Edit, Related};
    use serde_json::json;

    #[test]
    fn every_core_field_reaches_the_lsp_diagnostic() {
        let text = "a: 🧠 bad\nb: bad\n";
        let rope = Rope::from_str(text);
        let uri: Uri = "file:///w/.claude/agents/x.md".parse().expect("uri");
        let bad = text.find("bad").unwrap_or_default();
        let second = text.rfind("bad").unwrap_or_default();
        let d = Diagnostic {
            code: "AG999",
            severity: Severity::Warning,
            range: bad..bad + 3,
            message: "m".into(),
            fixes: vec![Fix {
                title: "t".into(),
                edits: vec![Edit {
                    range: bad..bad + 3,
                    new_text: "good".into(),
                }],
                preferred: true,
            }],
            related: vec![Related {
                range: second..second + 3,
                message: "r".into(),
            }],
        };
        let out = to_lsp(&rope, &uri, Encoding::Utf16, std::slice::from_ref(&d));
        let got = serde_json::to_value(&out[0]).unwrap_or_default();
        assert_eq!(
            got,
            json!({
                "range": {"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 9}},
                "severity": 2,
                "code": "AG999",
                "source": "agentls",
                "message": "m",
                "relatedInformation": [{
                    "location": {"uri": "file:///w/.claude/agents/x.md",
                                 "range": {"start": {"line": 1, "character": 3}, "end": {"line": 1, "character": 6}}},
                    "message": "r"
                }],
                "data": {"fixes": [{
                    "title": "t", "isPreferred": true,
                    "edits": [{"range": {"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 9}},
                               "newText": "good"}]
                }]}
            })
        );
        let utf8 = to_lsp(&rope, &uri, Encoding::Utf8, &[d]);
        assert_eq!(utf8[0].range.start.character, 8);
    }

    #[test]
    fn severities_map_one_to_one() {
        assert_eq!(severity(Severity::Error), DiagnosticSeverity::ERROR);
        assert_eq!(severity(Severity::Warning), DiagnosticSeverity::WARNING);
        assert_eq!(
            severity(Severity::Information),
            DiagnosticSeverity::INFORMATION
        );
        assert_eq!(severity(Severity::Hint), DiagnosticSeverity::HINT);
    }
}
