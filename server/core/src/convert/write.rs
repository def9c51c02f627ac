//! An [`Agent`] written as `to` reads it: the fields `to` knows, in its
//! spelling and value sets, then a YAML comment listing what it cannot
//! hold, then the body unchanged.

use super::host::{Converted, Host, Lost, lost_text, slug};
use super::read::{Agent, Carried, Color, Model};
use super::tools::{self, Value};
use super::yaml_out::scalar;
use crate::catalog::{catalog, convert_catalog};

pub fn write(a: &Agent, to: Host) -> Converted {
    let mut fields: Vec<(String, Value)> = Vec::new();
    let mut lost: Vec<Lost> = Vec::new();
    let slug = slug(&a.name);
    let str_field = |k: &str, v: &str| (k.to_string(), Value::Str(v.to_string()));
    match to {
        Host::ClaudeCode | Host::Gemini => fields.push(str_field("name", &slug)),
        Host::Copilot => fields.push(str_field("name", &a.name)),
        Host::OpenCode => {}
    }
    if slug != a.name {
        if to == Host::Gemini && a.display_name.is_none() {
            fields.push(str_field("display_name", &a.name));
        } else if to != Host::Copilot {
            lost.push(lost_text(
                &format!("name: {}", a.name),
                &format!(
                    "{} names it `{slug}` (lowercase letters, digits and `-`)",
                    to.label()
                ),
            ));
        }
    }
    fields.push(str_field("description", &a.description));
    if to == Host::OpenCode {
        if a.primary.is_some() {
            fields.push(str_field("mode", "primary"));
        } else if a.from != Host::Copilot {
            // Claude Code's and Gemini CLI's agents are only ever subagents.
            fields.push(str_field("mode", "subagent"));
        }
    }
    fields.extend(tools::write(&a.tools, to, &mut lost));
    if let Some(m) = &a.model {
        model(m, a.from, to, &mut fields, &mut lost);
    }
    if let Some(c) = &a.color {
        color(c, to, &mut fields, &mut lost);
    }
    if let Some(t) = &a.max_turns {
        let key = match to {
            Host::ClaudeCode => Some("maxTurns"),
            Host::Gemini => Some("max_turns"),
            Host::OpenCode => Some("steps"),
            Host::Copilot => None,
        };
        match key {
            Some(k) => fields.push((k.into(), Value::Raw(t.value.to_string()))),
            None => lost.push(no_field(&t.source, to)),
        }
    }
    if let Some(t) = &a.temperature {
        let fits = match to {
            Host::OpenCode => true,
            Host::Gemini => (0.0..=2.0).contains(&t.value),
            _ => false,
        };
        if fits {
            fields.push(("temperature".into(), Value::Raw(t.value.to_string())));
        } else {
            lost.push(no_field(&t.source, to));
        }
    }
    if let Some(source) = &a.primary {
        match to {
            Host::Copilot => {
                fields.push(("disable-model-invocation".into(), Value::Raw("true".into())))
            }
            Host::OpenCode => {}
            _ => lost.push(lost_text(
                source,
                &format!("{} has no agent that only the user starts", to.label()),
            )),
        }
    }
    if let Some(source) = &a.hidden {
        match to {
            Host::Copilot => fields.push(("user-invocable".into(), Value::Raw("false".into()))),
            Host::OpenCode => fields.push(("hidden".into(), Value::Raw("true".into()))),
            _ => lost.push(no_field(source, to)),
        }
    }
    if let Some(d) = &a.display_name {
        match to {
            Host::Gemini => fields.push(str_field("display_name", &d.value)),
            _ => lost.push(no_field(&d.source, to)),
        }
    }
    for l in &a.lost {
        let mut l = l.clone();
        if l.why.is_empty() {
            l.why = format!("{} has no such field", to.label());
        }
        lost.push(l);
    }
    let text = render(a, to, &fields, &lost);
    Converted {
        path: to.agent_path(&slug),
        text,
        lost,
    }
}

fn no_field(source: &str, to: Host) -> Lost {
    lost_text(source, &format!("{} has no such field", to.label()))
}

fn model(
    m: &Carried<Model>,
    from: Host,
    to: Host,
    fields: &mut Vec<(String, Value)>,
    lost: &mut Vec<Lost>,
) {
    match &m.value {
        // Copilot and OpenCode use the caller's model when none is given.
        Model::Inherit => {
            if matches!(to, Host::ClaudeCode | Host::Gemini) {
                fields.push(("model".into(), Value::Str("inherit".into())));
            }
        }
        Model::Family(i, id) => {
            let fam = &convert_catalog().models[*i];
            match tools::template(fam, to) {
                Some(t) => fields.push(("model".into(), Value::Str(t.replace("{id}", id)))),
                None => lost.push(lost_text(
                    &m.source,
                    &format!(
                        "{} cannot name a model of the {} family in an agent",
                        to.label(),
                        fam.family
                    ),
                )),
            }
        }
        Model::Other => {
            let models = &catalog().models;
            let alias = m
                .source
                .split_once(':')
                .map(|(_, v)| v.trim().trim_matches(['"', '\'']))
                .is_some_and(|v| {
                    models.aliases.iter().any(|a| a == v)
                        || models.extra_aliases.iter().any(|a| a == v)
                });
            let why = if from == Host::ClaudeCode && alias {
                format!(
                    "names no fixed model agentls can map to {}: pick one there",
                    to.label()
                )
            } else {
                format!("no {} model agentls can map it to", to.label())
            };
            lost.push(lost_text(&m.source, &why));
        }
    }
}

fn color(c: &Carried<Color>, to: Host, fields: &mut Vec<(String, Value)>, lost: &mut Vec<Lost>) {
    let colors = &catalog().colors;
    match (to, &c.value) {
        (Host::ClaudeCode, Color::Named(n)) => fields.push(("color".into(), Value::Str(n.clone()))),
        (Host::ClaudeCode, Color::Hex(h)) => {
            let near = nearest(h);
            lost.push(lost_text(
                &c.source,
                &format!("written as `{near}`, the nearest of Claude Code's eight colors"),
            ));
            fields.push(("color".into(), Value::Str(near)));
        }
        (Host::OpenCode, Color::Named(n)) => {
            let hex = colors.get(n).cloned().unwrap_or_default().to_uppercase();
            fields.push(("color".into(), Value::Str(hex)));
        }
        (Host::OpenCode, Color::Hex(v) | Color::Theme(v)) => {
            fields.push(("color".into(), Value::Str(v.clone())))
        }
        (Host::ClaudeCode, Color::Theme(_)) => lost.push(lost_text(
            &c.source,
            "a theme color: Claude Code takes one of its eight names",
        )),
        _ => lost.push(lost_text(
            &c.source,
            &format!("{} agents have no color", to.label()),
        )),
    }
}

/// The Claude Code color nearest to `#RRGGBB`.
fn nearest(hex: &str) -> String {
    let rgb = |h: &str| -> Option<[i64; 3]> {
        let h = h.strip_prefix('#')?;
        let c = |i: usize| i64::from_str_radix(h.get(i..i + 2)?, 16).ok();
        Some([c(0)?, c(2)?, c(4)?])
    };
    let Some(want) = rgb(hex) else {
        return "blue".into();
    };
    catalog()
        .colors
        .iter()
        .filter_map(|(name, h)| {
            let have = rgb(h)?;
            let d: i64 = (0..3).map(|i| (have[i] - want[i]).pow(2)).sum();
            Some((d, name))
        })
        .min()
        .map_or_else(|| "blue".into(), |(_, n)| n.clone())
}

fn render(a: &Agent, to: Host, fields: &[(String, Value)], lost: &[Lost]) -> String {
    let nl = a.newline;
    let mut out = format!("---{nl}");
    for (key, value) in fields {
        out.push_str(key);
        out.push(':');
        match value {
            Value::Str(s) => out.push_str(&format!(" {}", scalar(s, false))),
            Value::Raw(s) => out.push_str(&format!(" {s}")),
            // An empty `tools:` gives a Claude Code agent no tools at all.
            Value::Comma(names) if names.is_empty() => {}
            Value::Comma(names) => out.push_str(&format!(" {}", scalar(&names.join(", "), false))),
            Value::List(names) => {
                let items: Vec<String> = names.iter().map(|n| scalar(n, true)).collect();
                out.push_str(&format!(" [{}]", items.join(", ")));
            }
            Value::Map(entries) => {
                for (k, v) in entries {
                    out.push_str(&format!("{nl}  {}: {}", scalar(k, false), scalar(v, false)));
                }
            }
        }
        out.push_str(nl);
    }
    if !lost.is_empty() {
        out.push_str(&format!(
            "# Not carried over from {} to {} (agentls convert):{nl}",
            a.from.label(),
            to.label()
        ));
        for l in lost {
            out.push_str(&comment(&format!("- `{}`: {}", l.what.trim(), l.why)));
            out.push_str(nl);
            for more in &l.more {
                out.push_str(&comment(&format!("    {more}")));
                out.push_str(nl);
            }
        }
    }
    out.push_str(&format!("---{nl}"));
    out.push_str(a.body);
    out
}

/// One comment line. `---` would end the front matter for Claude Code
/// even inside a comment.
fn comment(line: &str) -> String {
    format!(
        "# {}",
        line.replace("---", "- - -").replace(['\r', '\n'], " ")
    )
    .trim_end()
    .to_string()
}
