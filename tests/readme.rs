//! The README's code table lists every code with its name and default
//! severity, so the summary a user reads never drifts from the code table.

#[test]
fn the_readme_lists_every_code_with_its_name_and_severity() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let missing: Vec<String> = agentls_core::codes::all()
        .filter(|c| {
            let row = format!("| {} | {} | {} |", c.code, c.name, c.severity.as_str());
            !readme.lines().any(|l| l.starts_with(&row))
        })
        .map(|c| format!("| {} | {} | {} |", c.code, c.name, c.severity.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "rows missing from README.md:\n{}",
        missing.join("\n")
    );
}
