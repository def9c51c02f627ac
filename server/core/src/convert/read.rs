//! The source agent's front matter, read into one description of the agent
//! whatever its host. A field only its host knows is kept as [`Lost`]: the
//! writer lists it in the new file.

use std::ops::Range;

use super::host::{Host, Lost, Refusal, lost_text};
use super::tools::{self, Tools};
use crate::catalog::{catalog, convert_catalog};
use crate::parse::frontmatter::{self, Syntax};
use crate::parse::split::{self, Split};
use crate::parse::yaml::{Entry, Node, ScalarKind};

/// A value with the source text it was read from (`color: red`).
#[derive(Clone, Debug, PartialEq)]
pub struct Carried<T> {
    pub value: T,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Model {
    /// The calling conversation's model.
    Inherit,
    /// A model of a family in `convert.toml`: its index and the id.
    Family(usize, String),
    /// Anything else (an alias that names no fixed model, a display name).
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Color {
    /// One of Claude Code's eight names.
    Named(String),
    /// `#RRGGBB`.
    Hex(String),
    /// One of OpenCode's theme colors.
    Theme(String),
}

/// An agent, whatever its host.
#[derive(Clone, Debug, PartialEq)]
pub struct Agent<'t> {
    pub from: Host,
    /// Its `name`, or the file's name.
    pub name: String,
    pub description: String,
    pub tools: Tools,
    pub model: Option<Carried<Model>>,
    pub color: Option<Carried<Color>>,
    pub max_turns: Option<Carried<u64>>,
    pub temperature: Option<Carried<f64>>,
    /// Only the user starts it (OpenCode `mode: primary`, Copilot
    /// `disable-model-invocation: true`).
    pub primary: Option<String>,
    /// Hidden from the user's picker (OpenCode `hidden: true`, Copilot
    /// `user-invocable: false`).
    pub hidden: Option<String>,
    pub display_name: Option<Carried<String>>,
    /// Fields no other host has, and values not understood.
    pub lost: Vec<Lost>,
    pub body: &'t str,
    /// The source's line break.
    pub newline: &'static str,
}

/// The keys each host's reader takes; any other key is [`Lost`].
fn known(host: Host) -> &'static [&'static str] {
    match host {
        Host::ClaudeCode => &[
            "name",
            "description",
            "tools",
            "disallowedTools",
            "model",
            "color",
            "maxTurns",
        ],
        Host::Copilot => &[
            "name",
            "description",
            "tools",
            "model",
            "disable-model-invocation",
            "user-invocable",
            "user-invokable",
        ],
        Host::OpenCode => &[
            "name",
            "description",
            "tools",
            "permission",
            "model",
            "color",
            "temperature",
            "steps",
            "maxSteps",
            "mode",
            "hidden",
        ],
        Host::Gemini => &[
            "kind",
            "name",
            "description",
            "display_name",
            "tools",
            "model",
            "temperature",
            "max_turns",
        ],
    }
}

pub fn read<'t>(text: &'t str, from: Host, stem: &str) -> Result<Agent<'t>, Refusal> {
    let Split::FrontMatter(parts) = split::split(text) else {
        return Err(Refusal::NoFrontMatter);
    };
    let fm = frontmatter::read(&text[parts.yaml.clone()], parts.yaml.start);
    if matches!(fm.syntax, Syntax::Broken(_)) || fm.entries().is_empty() {
        return Err(if fm.entries().is_empty() && fm.root.is_some() {
            Refusal::NoDescription
        } else {
            Refusal::Unreadable
        });
    }
    let src = Source { text };
    let string = |key: &str| {
        fm.get(key)
            .and_then(|e| e.value.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if from == Host::Gemini && string("kind").as_deref() == Some("remote") {
        return Err(Refusal::Remote);
    }
    let description = string("description").ok_or(Refusal::NoDescription)?;
    let mut a = Agent {
        from,
        name: string("name").unwrap_or_else(|| stem.to_string()),
        description,
        tools: Tools::All,
        model: None,
        color: None,
        max_turns: None,
        temperature: None,
        primary: None,
        hidden: None,
        display_name: None,
        lost: Vec::new(),
        body: &text[parts.body_start..],
        newline: if text[..parts.body_start].contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        },
    };
    let known = known(from);
    for (i, e) in fm.entries().iter().enumerate() {
        let Some(key) = e.key.as_str() else { continue };
        // Claude Code and the others use the last of a repeated key.
        if fm.last_index(key) != Some(i) {
            continue;
        }
        if !known.contains(&key) {
            a.lost.push(src.lost(e, ""));
            continue;
        }
        src.take(&mut a, key, e);
    }
    a.tools = match from {
        Host::ClaudeCode => tools::read_claude(
            text,
            fm.get("tools").map(|e| &e.value),
            fm.get("disallowedTools").map(|e| &e.value),
            &mut a.lost,
        ),
        Host::Copilot => tools::read_copilot(text, fm.get("tools").map(|e| &e.value), &mut a.lost),
        Host::OpenCode => tools::read_opencode(
            fm.get("permission").map(|e| &e.value),
            fm.get("tools").map(|e| &e.value),
            &mut a.lost,
        ),
        Host::Gemini => tools::read_gemini(text, fm.get("tools").map(|e| &e.value), &mut a.lost),
    };
    Ok(a)
}

struct Source<'t> {
    text: &'t str,
}

impl Source<'_> {
    /// The entry's source text, from its key to the end of its value.
    fn entry_text(&self, e: &Entry) -> String {
        let r: Range<usize> = e.key.range().start..e.value.range().end.max(e.key.range().end);
        self.text.get(r).unwrap_or("").trim_end().to_string()
    }

    pub fn lost(&self, e: &Entry, why: &str) -> Lost {
        lost_text(&self.entry_text(e), why)
    }

    /// Read one known field into the agent.
    fn take(&self, a: &mut Agent, key: &str, e: &Entry) {
        let source = self.entry_text(e);
        let value = &e.value;
        match key {
            "name" | "description" | "tools" | "disallowedTools" | "permission" | "kind" => {}
            "model" => {
                a.model = Some(Carried {
                    value: value
                        .as_str()
                        .map_or(Model::Other, |m| model(a.from, m.trim())),
                    source,
                })
            }
            "color" => match value.as_str().map(|c| color(a.from, c.trim())) {
                Some(Some(c)) => a.color = Some(Carried { value: c, source }),
                _ => a.lost.push(lost_text(&source, "not a color agentls knows")),
            },
            "maxTurns" | "max_turns" | "steps" | "maxSteps" => match number(value) {
                Some(n) if n >= 1.0 && n.fract() == 0.0 => {
                    a.max_turns = Some(Carried {
                        value: n as u64,
                        source,
                    })
                }
                _ => a
                    .lost
                    .push(lost_text(&source, "not a positive whole number")),
            },
            "temperature" => match number(value) {
                Some(t) => a.temperature = Some(Carried { value: t, source }),
                None => a.lost.push(lost_text(&source, "not a number")),
            },
            "mode" => match value.as_str() {
                Some("primary") => a.primary = Some(source),
                Some("subagent" | "all") => {}
                _ => a.lost.push(lost_text(&source, "not an OpenCode mode")),
            },
            "disable-model-invocation" if is_bool(value, "true") => a.primary = Some(source),
            "user-invocable" | "user-invokable" if is_bool(value, "false") => {
                a.hidden = Some(source)
            }
            "hidden" if is_bool(value, "true") => a.hidden = Some(source),
            // The default written out: nothing to carry.
            "disable-model-invocation" | "user-invocable" | "user-invokable" | "hidden"
                if value
                    .as_scalar()
                    .is_some_and(|s| s.kind == ScalarKind::Bool) => {}
            "display_name" => match value.as_str() {
                Some(d) => {
                    a.display_name = Some(Carried {
                        value: d.to_string(),
                        source,
                    })
                }
                None => a.lost.push(lost_text(&source, "not a string")),
            },
            _ => a
                .lost
                .push(lost_text(&source, "not a value agentls can convert")),
        }
    }
}

fn is_bool(value: &Node, b: &str) -> bool {
    value
        .as_scalar()
        .is_some_and(|s| s.kind == ScalarKind::Bool && s.text.eq_ignore_ascii_case(b))
}

fn number(value: &Node) -> Option<f64> {
    let s = value.as_scalar()?;
    matches!(s.kind, ScalarKind::Int | ScalarKind::Float)
        .then(|| s.text.parse().ok())
        .flatten()
}

/// What a `model` value names, read the way `from` reads it.
fn model(from: Host, m: &str) -> Model {
    if m == "inherit" && matches!(from, Host::ClaudeCode | Host::Gemini) {
        return Model::Inherit;
    }
    for (i, fam) in convert_catalog().models.iter().enumerate() {
        let Some(template) = tools::template(fam, from) else {
            continue;
        };
        let (before, after) = template.split_once("{id}").unwrap_or((template, ""));
        if let Some(id) = m
            .strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after))
            && id.starts_with(&fam.prefix)
            && id.len() > fam.prefix.len()
        {
            return Model::Family(i, id.to_string());
        }
    }
    Model::Other
}

fn color(from: Host, c: &str) -> Option<Color> {
    if c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit()) {
        return (from == Host::OpenCode).then(|| Color::Hex(c.to_string()));
    }
    match from {
        Host::ClaudeCode => catalog()
            .colors
            .contains_key(c)
            .then(|| Color::Named(c.to_string())),
        Host::OpenCode => [
            "primary",
            "secondary",
            "accent",
            "success",
            "warning",
            "error",
            "info",
        ]
        .contains(&c)
        .then(|| Color::Theme(c.to_string())),
        _ => None,
    }
}
