//! The cross-file rules about skills and commands (AG113, AG114, AG117,
//! AG118):
//! which one wins a name, and whether a forked skill's `agent` loads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::defs::{CommandDef, SkillDef};
use super::index::Index;
use super::layout::Scope;
use crate::catalog::catalog;
use crate::codes::{self, diag};
use crate::{Diagnostic, suggest};

pub(super) fn check(index: &Index, out: &mut Vec<(PathBuf, Diagnostic)>) {
    commands_shadowed_by_skills(index, out);
    shadowed_across_scopes(index, out);
    for skill in &index.skills {
        fork_agent(index, skill, out);
        skill_rules(index, &skill.path, &skill.skill_rules, out);
    }
    for command in &index.commands {
        skill_rules(index, &command.path, &command.skill_rules, out);
    }
    for agent in &index.agents {
        let rules: Vec<(String, std::ops::Range<usize>)> = agent
            .refs
            .tools
            .iter()
            .filter_map(|t| t.skill_name().map(|(n, r)| (n.to_string(), r)))
            .collect();
        skill_rules(index, &agent.path, &rules, out);
    }
}

/// `Skill(name)` rules naming nothing the workspace holds. Only worth
/// knowing: plugins' and Claude Code's bundled skills are not seen here.
fn skill_rules(
    index: &Index,
    path: &Path,
    rules: &[(String, std::ops::Range<usize>)],
    out: &mut Vec<(PathBuf, Diagnostic)>,
) {
    for (name, range) in rules {
        let known = index.skill(name).is_some() || index.commands.iter().any(|c| c.name == *name);
        if known {
            continue;
        }
        let names = index
            .skills
            .iter()
            .map(|s| s.name.as_str())
            .chain(index.commands.iter().map(|c| c.name.as_str()));
        let hint = suggest::closest(name, names)
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default();
        out.push((
            path.to_path_buf(),
            diag(
                codes::SKILL_RULE_UNKNOWN,
                range.clone(),
                format!(
                    "No skill or command `{name}` in this workspace or your personal folder: \
                     unless a plugin or Claude Code provides it, this rule allows nothing.{hint}"
                ),
            ),
        ));
    }
}

/// The folder a skill or command belongs to: the one holding its `skills`
/// or `commands` folder (a `.claude`, `~/.claude` or a plugin's root).
fn home_of<'a>(path: &'a Path, folder: &str) -> Option<&'a Path> {
    path.ancestors()
        .skip(1)
        .find(|a| a.file_name().is_some_and(|n| n == folder))?
        .parent()
}

/// Measured: a skill and a command of the same name in one folder list the
/// skill only; the command is dropped without a log line.
fn commands_shadowed_by_skills(index: &Index, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let skills: HashMap<(&str, &Path), &SkillDef> = index
        .skills
        .iter()
        .filter_map(|s| Some(((s.name.as_str(), home_of(&s.path, "skills")?), s)))
        .collect();
    for command in &index.commands {
        let Some(home) = home_of(&command.path, "commands") else {
            continue;
        };
        let Some(skill) = skills.get(&(command.name.as_str(), home)) else {
            continue;
        };
        out.push((
            command.path.clone(),
            diag(
                codes::COMMAND_SHADOWED_BY_SKILL,
                command.anchor.clone(),
                format!(
                    "The skill `{}` ({}) has this command's name: Claude Code lists the skill and \
                     drops this command without a word. Rename one of them.",
                    skill.name,
                    skill.path.display()
                ),
            ),
        ));
    }
}

/// Skills and commands share Claude Code's priority: personal (`~/.claude`)
/// over project. Plugins' are namespaced, so they never clash.
fn shadowed_across_scopes(index: &Index, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let items = index
        .skills
        .iter()
        .map(|s| ("skill", s.name.as_str(), &s.path, &s.scope, &s.anchor))
        .chain(
            index
                .commands
                .iter()
                .map(|c: &CommandDef| ("command", c.name.as_str(), &c.path, &c.scope, &c.anchor)),
        );
    let mut user: HashMap<(&str, &str), &PathBuf> = HashMap::new();
    let mut project = Vec::new();
    for (kind, name, path, scope, anchor) in items {
        match scope {
            Scope::User => {
                user.entry((kind, name)).or_insert(path);
            }
            Scope::Project { .. } => project.push((kind, name, path, anchor)),
            Scope::Plugin { .. } => {}
        }
    }
    for (kind, name, path, anchor) in project {
        let Some(winner) = user.get(&(kind, name)) else {
            continue;
        };
        out.push((
            path.clone(),
            diag(
                codes::SKILL_SHADOWED,
                anchor.clone(),
                format!(
                    "Your personal {kind} `{name}` ({}) wins over a project {kind} of the same \
                     name: this one is never used. Rename one of them.",
                    winner.display()
                ),
            ),
        ));
    }
}

/// `context: fork` runs the skill in the agent `agent` names: one that does
/// not load leaves the skill without the agent it was written for.
fn fork_agent(index: &Index, skill: &SkillDef, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let Some((name, range)) = &skill.fork_agent else {
        return;
    };
    let cat = catalog();
    let qualified = match &skill.scope {
        Scope::Plugin { plugin } => Some(format!("{plugin}:{name}")),
        _ => None,
    };
    let known = cat.is_built_in_agent(name)
        || index.agent(name).is_some()
        || qualified.is_some_and(|q| index.agent(&q).is_some());
    if known {
        return;
    }
    // `plugin:agent` of a plugin the workspace does not hold: it may well be
    // installed, and nothing here can tell.
    if let Some((plugin, _)) = name.split_once(':') {
        let seen = index
            .agents
            .iter()
            .any(|a| matches!(&a.scope, Scope::Plugin { plugin: p } if p == plugin));
        if !seen {
            return;
        }
    }
    let loaded = index
        .agents
        .iter()
        .filter(|a| a.loads)
        .map(|a| a.name.as_str());
    let candidates = cat.agents.built_in.iter().map(String::as_str).chain(loaded);
    let hint = suggest::closest(name, candidates)
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default();
    out.push((
        skill.path.clone(),
        diag(
            codes::FORK_AGENT_UNKNOWN,
            range.clone(),
            format!(
                "No agent named `{name}` loads in this workspace, nor is it a built-in: the \
                 forked skill cannot run in it.{hint}"
            ),
        ),
    ));
}
