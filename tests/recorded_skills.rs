//! agentls against how the real Claude Code listed each skill and command
//! fixture (`tests/fixtures/recorded/claude-code-<version>-skills.json`,
//! written by `tests/recorder/record_skills.py`). For every case:
//! - the listing line agentls predicts (`listing::listing_entry`) is the
//!   one Claude Code showed, label and text to the character, or both say
//!   it is not listed;
//! - agentls says the front matter is ignored (AG100) exactly when Claude
//!   Code logged "failed to parse and was ignored";
//! - agentls says the text is cut (AG105) exactly when Claude Code cut it;
//! - agentls says the description is dropped (AG103 on a list or mapping)
//!   exactly when Claude Code logged "Description invalid".
//!
//! Each fixture is analysed at the path the recorder staged it at.

use std::path::{Path, PathBuf};

use agentls_core::listing::listing_entry;
use serde_json::Value;

const VERSION: &str = "2.1.332";

fn recorded() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded")
}

/// The case's file and the path Claude Code read it at.
fn staged(case: &str) -> (PathBuf, PathBuf) {
    let (kind, rel) = case.split_once('/').expect("kind/case");
    let project = Path::new("/project/.claude").join(kind);
    match kind {
        "skills" => (
            recorded().join(kind).join(rel).join("SKILL.md"),
            project.join(rel).join("SKILL.md"),
        ),
        _ => (recorded().join(kind).join(rel), project.join(rel)),
    }
}

/// What agentls says about one case, in the table's terms.
struct Ours {
    listed: Option<(String, String)>,
    codes: Vec<&'static str>,
    description_dropped: bool,
    /// The values of keys agentls says Claude Code ignores (AG015, AG041).
    said_ignored: Vec<String>,
    /// The `$name`s agentls says are left as written (AG110).
    left_as_written: Vec<String>,
}

/// A value as the listing shows it: a scalar's text, a list's joined by `,`.
fn shown(node: &agentls_core::yaml::Node) -> String {
    use agentls_core::yaml::Node;
    match node {
        Node::Scalar(s) => s.text.trim().to_string(),
        Node::Seq { items, .. } => items.iter().map(shown).collect::<Vec<_>>().join(","),
        _ => String::new(),
    }
}

fn ours(case: &str) -> Ours {
    let (file, at) = staged(case);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{case}: {e}"));
    let analysis = agentls_core::analyze(&text, Some(&at));
    let listed = listing_entry(&text, &analysis).map(|l| (l.label, l.text));
    let description_dropped = analysis.diagnostics.iter().any(|d| {
        d.code == "AG103" && {
            let fm = analysis.frontmatter.as_ref();
            let value = fm
                .and_then(|f| f.get("description"))
                .map(|e| e.value.range());
            value.is_some_and(|v| v == d.range)
        }
    });
    let entries = analysis
        .frontmatter
        .as_ref()
        .map(|f| f.entries().to_vec())
        .unwrap_or_default();
    let said_ignored = analysis
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, "AG015" | "AG041") && d.message.contains("ignores"))
        .filter_map(|d| {
            entries.iter().find(|e| {
                let (k, v) = (e.key.range(), e.value.range());
                k.start <= d.range.start && d.range.end <= v.end.max(k.end)
            })
        })
        .map(|e| shown(&e.value))
        .filter(|v| v.len() >= 2)
        .collect();
    let left_as_written = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "AG110")
        .map(|d| text[d.range.clone()].to_string())
        .collect();
    Ours {
        listed,
        codes: analysis.diagnostics.iter().map(|d| d.code).collect(),
        description_dropped,
        said_ignored,
        left_as_written,
    }
}

/// The `$name` placeholders (a letter or `_` first) in `text`.
fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('$') {
        let name: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            out.push(format!("${name}"));
        }
    }
    out
}

fn flag(case: &Value, key: &str) -> bool {
    case[key]
        .as_bool()
        .unwrap_or_else(|| panic!("{}: no {key}", case["case"]))
}

/// The disagreements on one recorded case (empty when agentls agrees).
fn disagreements(case: &Value) -> Vec<String> {
    let name = case["case"].as_str().unwrap();
    let ours = ours(name);
    let mut wrong = Vec::new();
    let theirs = flag(case, "listed").then(|| {
        (
            case["label"].as_str().unwrap_or("").to_string(),
            case["text"].as_str().unwrap_or("").to_string(),
        )
    });
    if theirs != ours.listed {
        wrong.push(format!(
            "{name}: Claude Code lists {theirs:?}, agentls predicts {:?}",
            ours.listed
        ));
    }
    let has = |code: &str| ours.codes.contains(&code);
    // Ignored: the log says so, or the front matter was not found at all and
    // its opening `---` is what the listing shows as the body's first line.
    let ignored = flag(case, "yaml_ignored") || case["text"] == "---";
    if ignored != has("AG100") {
        wrong.push(format!(
            "{name}: front matter ignored: Claude Code {ignored}, agentls {:?}",
            ours.codes
        ));
    }
    // Cut: the text is 1,536 UTF-16 units and ends with `…` (a description
    // of exactly 1,536 ending in `…` is not among the cases).
    let cut = case["text"]
        .as_str()
        .is_some_and(|t| t.ends_with('…') && t.encode_utf16().count() == 1536);
    if cut != has("AG105") {
        wrong.push(format!(
            "{name}: cut: Claude Code {cut}, agentls {:?}",
            ours.codes
        ));
    }
    // A key agentls calls ignored must not be what the listing shows.
    let text = case["text"].as_str().unwrap_or("");
    for value in &ours.said_ignored {
        if text.contains(value.as_str()) {
            wrong.push(format!(
                "{name}: agentls says Claude Code ignores `{value}`, the listing shows it: {text:?}"
            ));
        }
    }
    // What a `/name alpha "beta gamma" delta` run received: a `$name` left
    // as written is one agentls flags (AG110), and one it flags is left.
    if let Some(expanded) = case["expanded"].as_str() {
        let mut left = placeholders(expanded);
        left.retain(|p| p != "$ARGUMENTS");
        left.sort();
        left.dedup();
        let mut flagged = ours.left_as_written.clone();
        flagged.sort();
        flagged.dedup();
        if left != flagged {
            wrong.push(format!(
                "{name}: left as written {left:?}, agentls flags {flagged:?}"
            ));
        }
    }
    if flag(case, "description_invalid") != ours.description_dropped {
        wrong.push(format!(
            "{name}: description invalid: Claude Code {}, agentls {:?}",
            flag(case, "description_invalid"),
            ours.codes
        ));
    }
    wrong
}

fn table() -> Value {
    let path = recorded().join(format!("claude-code-{VERSION}-skills.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Cases agentls is known to get wrong, and why. Each must still disagree:
/// once agentls is fixed, its entry goes.
const KNOWN: &[(&str, &str)] = &[
    (
        "skills/s61-gt-tab-continuation",
        "Claude Code's YAML parser refuses a plain value whose first line holds `>` and whose \
     next line is indented with a tab (s62 with `<`, s63 with spaces, s40 without `>` load); \
     agentls reads tab indentation as Claude Code does elsewhere (parse/lax.rs)",
    ),
    (
        "skills/s53-tab-continuation-tag",
        "the same shape as s61, with `<b>` on the first line",
    ),
];

#[test]
fn agentls_lists_every_recorded_skill_and_command_as_claude_code_did() {
    let table = table();
    assert_eq!(table["claude_code_version"], VERSION);
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 80, "only {} recorded cases", cases.len());
    let known = |c: &&Value| KNOWN.iter().any(|(k, _)| c["case"] == *k);
    for case in cases.iter().filter(known) {
        assert!(
            !disagreements(case).is_empty(),
            "{} now agrees with Claude Code: take it out of KNOWN",
            case["case"]
        );
    }
    let wrong: Vec<String> = cases
        .iter()
        .filter(|c| !known(c))
        .flat_map(disagreements)
        .collect();
    assert!(
        wrong.is_empty(),
        "{} disagreements with Claude Code {VERSION} on {} cases:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// The comparison notices a wrong prediction: a case whose recorded text is
/// changed disagrees.
#[test]
fn a_wrong_prediction_is_a_disagreement() {
    let table = table();
    let mut case = table["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case"] == "skills/s01-plain")
        .expect("s01-plain recorded")
        .clone();
    assert!(disagreements(&case).is_empty());
    case["text"] = Value::from("Something else.");
    assert_eq!(disagreements(&case).len(), 1);
    case["yaml_ignored"] = Value::from(true);
    assert_eq!(disagreements(&case).len(), 2);
}

/// The table covers what it is for: items left out, cut, with the front
/// matter ignored, with a description dropped, commands in subfolders, and
/// what a command receives for its arguments.
#[test]
fn the_table_covers_each_behaviour() {
    let table = table();
    let cases = table["cases"].as_array().unwrap();
    let count = |f: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| f(c)).count();
    assert!(count(&|c| c["listed"] == false) >= 5);
    assert!(count(&|c| c["yaml_ignored"] == true) >= 5);
    assert!(count(&|c| c["description_invalid"] == true) >= 2);
    assert!(count(&|c| c["text"].as_str().is_some_and(|t| t.ends_with('…'))) >= 5);
    assert!(count(&|c| c["label"].as_str().is_some_and(|l| l.contains(':'))) >= 2);
    assert!(count(&|c| c["expanded"].is_string()) >= 5);
}
