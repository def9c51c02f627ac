//! Suppression comments in a file: `# agentls-ignore: AG015` in the front
//! matter, `<!-- agentls-ignore AG051 -->` in the body, and file-level forms.

use crate::Diagnostic;

/// The suppression comments of one file, read once with its analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suppressions {}

impl Suppressions {
    /// Find every suppression comment in `text`.
    pub fn read(_text: &str) -> Suppressions {
        Suppressions::default()
    }

    /// Drop the findings these comments silence, and report the comments
    /// that silence nothing.
    pub fn apply(&self, _diags: &mut Vec<Diagnostic>) {}
}
