//! Core diagnostics (byte offsets) -> LSP diagnostics (positions in the
//! negotiated encoding).

use ropey::Rope;
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use super::encoding::{self, Encoding};
use agentls_core::Elsewhere;
use agentls_core::{Diagnostic, Severity};

pub const SOURCE: &str = "agentls";

pub fn to_lsp(rope: &Rope, uri: &Uri, enc: Encoding, diags: &[Diagnostic]) -> Vec<lsp::Diagnostic> {
    to_lsp_resolving(rope, uri, enc, diags, &|_| None)
}

/// [`to_lsp`] with notes about other files placed there when `locate`
/// knows where that is (else at their range in this file).
pub fn to_lsp_resolving(
    rope: &Rope,
    uri: &Uri,
    enc: Encoding,
    diags: &[Diagnostic],
    locate: &dyn Fn(&Elsewhere) -> Option<Location>,
) -> Vec<lsp::Diagnostic> {
    diags
        .iter()
        .map(|d| diagnostic(rope, uri, enc, d, locate))
        .collect()
}

fn diagnostic(
    rope: &Rope,
    uri: &Uri,
    enc: Encoding,
    d: &Diagnostic,
    locate: &dyn Fn(&Elsewhere) -> Option<Location>,
) -> lsp::Diagnostic {
    let related = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: r
                .elsewhere
                .as_ref()
                .and_then(locate)
                .unwrap_or_else(|| Location::new(uri.clone(), range(rope, &r.range, enc))),
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
        // Fixes are not sent along: code actions recompute them from the
        // current text, and leaving them out keeps every keystroke cheap.
        data: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use agentls_core::{Edit, Fix, Related};
    use serde_json::json;

    #[test]
    fn every_core_field_but_fixes_reaches_the_lsp_diagnostic() {
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
                elsewhere: None,
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
            }),
            "fixes stay out of the published diagnostic (code actions recompute them)"
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
