//! Cost of the analysis core: once per seed file (what `agentls check` pays
//! per file; one seed also as a skill, command, rule and memory file), after a one-character edit (what the server pays per
//! keystroke, since every change re-analyses the whole document), and one
//! workspace-index entry per seed (what the first scan pays per file).
//!
//! Kept short (10 samples, 2 s each) so `cargo bench` finishes in well under
//! a minute; rerun one with `cargo bench --bench core -- <filter>`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use agentls::lsp::encoding::Encoding;
use agentls::lsp::index::Entry;
use agentls_core::analyze;
use agentls_core::workspace::Scope;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const SEEDS: &[(&str, &str)] = &[
    (
        "000",
        include_str!("../../tests/fixtures/seeds/000_6cb43e73f3232d70.md"),
    ),
    (
        "001",
        include_str!("../../tests/fixtures/seeds/001_fd76292242161fe4.md"),
    ),
    (
        "002",
        include_str!("../../tests/fixtures/seeds/002_d6d2beda54fc43c0.md"),
    ),
    (
        "003",
        include_str!("../../tests/fixtures/seeds/003_03229a3180e98b31.md"),
    ),
    (
        "004",
        include_str!("../../tests/fixtures/seeds/004_7c585ab8ecbd29be.md"),
    ),
];

const PATH: &str = ".claude/agents/backend-architect.md";

fn analyze_seeds(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    for (name, text) in SEEDS {
        group.throughput(criterion::Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| analyze(black_box(text), Some(Path::new(PATH))))
        });
    }
    group.finish();
}

/// One seed analysed as each kind of Claude Code file: a skill or a rule
/// is judged by its own catalog and rules, so its cost is measured apart.
fn analyze_by_kind(c: &mut Criterion) {
    let text = SEEDS[3].1;
    let mut group = c.benchmark_group("analyze-as");
    for (kind, path) in [
        ("agent", PATH),
        ("skill", ".claude/skills/backend-architect/SKILL.md"),
        ("command", ".claude/commands/backend-architect.md"),
        ("rule", ".claude/rules/backend-architect.md"),
        ("memory", "CLAUDE.md"),
    ] {
        group.bench_function(kind, |b| {
            b.iter(|| analyze(black_box(text), Some(Path::new(path))))
        });
    }
    group.finish();
}

/// A keystroke in the front matter (the part that drives most diagnostics):
/// insert one character just after `name: ` and analyse the result.
fn analyze_after_edit(c: &mut Criterion) {
    let text = SEEDS[3].1;
    let at = text.find("name:").map_or(0, |i| i + "name: ".len());
    c.bench_function("analyze/after-1-char-edit", |b| {
        b.iter_batched(
            || {
                let mut edited = text.to_owned();
                edited.insert(at, 'x');
                edited
            },
            |edited| analyze(black_box(&edited), Some(Path::new(PATH))),
            BatchSize::SmallInput,
        )
    });
}

/// What the workspace index pays per file on its first scan: analysis,
/// definitions and every mention site with its LSP position.
fn index_entries(c: &mut Criterion) {
    let mut group = c.benchmark_group("index-entry");
    for (name, text) in SEEDS {
        group.bench_function(*name, |b| {
            b.iter(|| {
                Entry::new(
                    Path::new(PATH),
                    black_box(text),
                    Scope::Project { depth: 0 },
                    Encoding::Utf16,
                )
            })
        });
    }
    group.finish();
}

fn quick() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = quick();
    targets = analyze_seeds, analyze_by_kind, analyze_after_edit, index_entries
}
criterion_main!(benches);
