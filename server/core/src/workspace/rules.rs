//! The cross-file rules (AG060–AG066) over an index, which carries every
//! reference they need, so no file is parsed again.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::defs::{AgentDef, Defs};
use super::index::Index;
use super::layout::{Scope, project_chains, rank};
use super::mcp::McpConfig;
use super::mcp_rules;
use super::skill_rules;
use crate::catalog::catalog;
use crate::codes::diag;
use crate::{Diagnostic, codes};

/// Above this many characters of loaded descriptions (≈4,000 tokens at
/// ≈4 characters a token) the budget note is shown; small setups never see it.
pub const DESCRIPTION_BUDGET_CHARS: usize = 16_000;

/// Related notes listed on one duplicate-name finding before "and N more".
const MAX_DUPLICATE_NOTES: usize = 3;

/// The cross-file findings as Claude Code started in each innermost
/// project sees them: one index per chain of `projects` (closest first),
/// where an agent whose `project_of` lies outside the chain is left out and
/// agents of no project (user, plugin) always count; with no projects, one
/// index of everything. `defs` keep the order they are given in (ties in
/// the index go to the first). Findings repeat across chains: callers keep
/// one of each per file.
pub fn chained_diagnostics(
    mut defs: Defs,
    projects: &BTreeSet<PathBuf>,
    project_of: impl Fn(&AgentDef) -> Option<PathBuf>,
    mcp: &McpConfig,
) -> Vec<(PathBuf, Diagnostic)> {
    let mut chains = project_chains(projects);
    if chains.is_empty() {
        chains.push(Vec::new());
    }
    let mut out = Vec::new();
    for (n, chain) in chains.iter().enumerate() {
        // The last chain takes the definitions; earlier ones copy them.
        let last = n + 1 == chains.len();
        let mut chained = if last {
            std::mem::take(&mut defs)
        } else {
            defs.clone()
        };
        for mut agent in std::mem::take(&mut chained.agents) {
            if let Some(project) = project_of(&agent) {
                let Some(depth) = chain.iter().position(|c| **c == project) else {
                    continue;
                };
                agent.scope = Scope::Project { depth };
            }
            chained.agents.push(agent);
        }
        let found = workspace_diagnostics(&Index::with_mcp(chained, mcp.clone()));
        // A forked skill of a project outside the chain was judged against
        // agents it never sees from there.
        let outside = |path: &Path| {
            let project = path
                .ancestors()
                .find(|a| a.file_name().is_some_and(|n| n == ".claude"))
                .and_then(Path::parent)
                .map(Path::to_path_buf);
            project.is_some_and(|p| projects.contains(&p) && !chain.iter().any(|c| **c == p))
        };
        out.extend(
            found
                .into_iter()
                .filter(|(path, d)| d.code != codes::FORK_AGENT_UNKNOWN || !outside(path)),
        );
    }
    out
}

/// `path:line:col` of an agent's name, for notes in another file.
fn at(def: &AgentDef) -> String {
    format!(
        "{}:{}:{}",
        def.path.display(),
        def.name_position.0,
        def.name_position.1
    )
}

fn elsewhere(def: &AgentDef) -> crate::diagnostic::Elsewhere {
    crate::diagnostic::Elsewhere {
        path: def.path.clone(),
        range: def.name_range.clone(),
    }
}

fn scope_name(scope: &Scope) -> &'static str {
    match scope {
        Scope::Project { .. } => "project",
        Scope::User => "user",
        Scope::Plugin { .. } => "plugin",
    }
}

/// The cross-file rules over an index (which carries every reference it
/// needs, so no file is parsed again). Sorted by path, then position.
pub fn workspace_diagnostics(index: &Index) -> Vec<(PathBuf, Diagnostic)> {
    let mut out = Vec::new();
    shadowing_and_duplicates(index, &mut out);
    descriptions_budget(index, &mut out);
    for agent in &index.agents {
        references(index, agent, &mut out);
    }
    skill_rules::check(index, &mut out);
    out.sort_by(|(pa, a), (pb, b)| {
        (pa, a.range.start, a.range.end, a.code, &a.message).cmp(&(
            pb,
            b.range.start,
            b.range.end,
            b.code,
            &b.message,
        ))
    });
    out
}

fn shadowing_and_duplicates(index: &Index, out: &mut Vec<(PathBuf, Diagnostic)>) {
    // Loading definitions grouped by (name, tree): a linear pass.
    let mut by_tree: HashMap<(&str, &Path), Vec<&AgentDef>> = HashMap::new();
    for agent in &index.agents {
        let loadable = agent.loads || index.agent(&agent.name).is_some();
        if loadable && !agent.name.is_empty() {
            by_tree
                .entry((agent.name.as_str(), agent.root.as_path()))
                .or_default()
                .push(agent);
        }
        if catalog().is_built_in_agent(&agent.name)
            && matches!(agent.scope, Scope::Project { .. } | Scope::User)
        {
            out.push((
                agent.path.clone(),
                diag(
                    codes::AGENT_OVERRIDES_BUILT_IN,
                    agent.name_range.clone(),
                    format!(
                        "`{}` is a built-in agent: this {} agent replaces it.",
                        agent.name,
                        scope_name(&agent.scope)
                    ),
                ),
            ));
        }
    }
    for agent in &index.agents {
        let Some(winner) = index.agent(&agent.name) else {
            continue;
        };
        if winner.path == agent.path || winner.root == agent.root {
            continue;
        }
        if rank(&winner.scope) >= rank(&agent.scope) {
            continue;
        }
        let why = match (&winner.scope, &agent.scope) {
            (Scope::Project { .. }, Scope::User) => {
                "a project agent of the same name wins over user agents"
            }
            (Scope::Project { .. }, Scope::Project { .. }) => {
                "the `.claude/agents` closest to the working directory wins"
            }
            _ => "an agent of the same name in a higher-priority scope wins",
        };
        out.push((
            agent.path.clone(),
            diag(
                codes::AGENT_SHADOWED,
                agent.name_range.clone(),
                format!(
                    "`{}` is shadowed: {why}, so this definition is never used.",
                    agent.name
                ),
            )
            .with_related_elsewhere(
                agent.name_range.clone(),
                format!("the definition used is at {}", at(winner)),
                elsewhere(winner),
            ),
        ));
    }
    let mut groups: Vec<_> = by_tree.into_values().filter(|g| g.len() > 1).collect();
    groups.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    for group in groups {
        for agent in &group {
            let mut d = diag(
                codes::AGENT_DUPLICATE_NAME,
                agent.name_range.clone(),
                format!(
                    "{} files under this agents folder are named `{}`: Claude Code loads only one of \
                     them, which one depends on the filesystem's order. Rename or remove the others.",
                    group.len(),
                    agent.name
                ),
            );
            // At most a few notes each: n copies of one name must not cost
            // n² notes (10,000 copied files would mean 10⁸).
            let others = group.iter().filter(|o| o.path != agent.path);
            for other in others.take(MAX_DUPLICATE_NOTES) {
                d = d.with_related_elsewhere(
                    agent.name_range.clone(),
                    format!("also named `{}` at {}", agent.name, at(other)),
                    elsewhere(other),
                );
            }
            // Each file is in its group once, so the others are len - 1.
            let more = (group.len() - 1).saturating_sub(MAX_DUPLICATE_NOTES);
            if more > 0 {
                d = d.with_related(
                    agent.name_range.clone(),
                    format!("and {more} more files named `{}`", agent.name),
                );
            }
            out.push((agent.path.clone(), d));
        }
    }
}

fn descriptions_budget(index: &Index, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let loaded: Vec<&AgentDef> = index.agents.iter().filter(|a| a.loads).collect();
    let total: usize = loaded.iter().map(|a| a.description_chars).sum();
    if total <= DESCRIPTION_BUDGET_CHARS {
        return;
    }
    for agent in &loaded {
        let Some(key) = &agent.description_key else {
            continue;
        };
        out.push((
            agent.path.clone(),
            diag(
                codes::DESCRIPTIONS_BUDGET,
                key.clone(),
                format!(
                    "{} agents' descriptions are loaded into every session: ≈{} tokens in total \
                     (this one ≈{}). Shorter descriptions leave more context for the work.",
                    loaded.len(),
                    tokens(total),
                    tokens(agent.description_chars)
                ),
            ),
        ));
    }
}

/// ≈4 characters a token: the usual estimate for English prose.
fn tokens(chars: usize) -> usize {
    chars.div_ceil(4)
}

fn references(index: &Index, agent: &AgentDef, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let refs = &agent.refs;
    let plugin = match &agent.scope {
        Scope::Plugin { plugin } => Some(plugin.as_str()),
        _ => None,
    };
    mcp_rules::check(index, agent, out);
    {
        for tool in &refs.tools {
            for (name, range) in tool.agent_names() {
                let qualified = plugin.map(|p| format!("{p}:{name}"));
                let known = catalog().is_built_in_agent(name)
                    || index.agent(name).is_some()
                    || qualified.is_some_and(|q| index.agent(&q).is_some());
                if !known {
                    out.push((
                        agent.path.clone(),
                        diag(
                            codes::AGENT_UNKNOWN,
                            range,
                            format!(
                                "No agent named `{name}` loads in this workspace (nor is it a \
                                 built-in), so this agent cannot start it."
                            ),
                        ),
                    ));
                }
            }
        }
    }
    {
        for (name, range) in &refs.skills {
            let message = match index.skill(name) {
                None => format!(
                    "No skill `{name}` found (`.claude/skills/{name}/SKILL.md`): it is not \
                     preloaded."
                ),
                Some(skill) if !skill.model_invocable => format!(
                    "Skill `{name}` sets `disable-model-invocation: true` ({}), so it cannot be \
                     preloaded into this agent.",
                    skill.path.display()
                ),
                Some(_) => continue,
            };
            out.push((
                agent.path.clone(),
                diag(codes::SKILL_UNAVAILABLE, range.clone(), message),
            ));
        }
    }
}
