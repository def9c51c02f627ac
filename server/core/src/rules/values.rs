//! Field values: colors, models and the enumerated settings.

use super::context::Context;
use crate::catalog::{FieldKind, ScalarValue, catalog};
use crate::codes;
use crate::codes::diag;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::replace;
use crate::parse::yaml::{Node, ScalarKind};
use crate::suggest;

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let cat = catalog();
    for field in &cat.fields {
        let Some(entry) = cx.fm.get(&field.name) else {
            continue;
        };
        let value = &entry.value;
        // The catalog's one answer; the rest of this module says why not.
        if cat.accepts(field, ScalarValue::of(value)) {
            continue;
        }
        match field.kind {
            FieldKind::Enum => enumerated(&field.name, &field.values, value, out),
            FieldKind::Model => model(value, out),
            FieldKind::Bool => boolean(&field.name, value, out),
            FieldKind::PositiveInt => positive_int(&field.name, value, out),
            FieldKind::Effort => effort(&field.values, value, out),
            FieldKind::String => string(&field.name, value, out),
            // name/description/tools have rules of their own; lists and maps
            // are checked by later issues (skills, MCP servers, hooks).
            FieldKind::Name
            | FieldKind::Text
            | FieldKind::Tools
            | FieldKind::List
            | FieldKind::Map => {}
        }
    }
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn enumerated(field: &str, values: &[String], value: &Node, out: &mut Vec<Diagnostic>) {
    let text = value
        .as_scalar()
        .filter(|s| s.kind != ScalarKind::Null)
        .map_or("", |s| &*s.text);
    let code = if field == "color" {
        codes::INVALID_COLOR
    } else {
        codes::INVALID_VALUE
    };
    let shown = if text.is_empty() {
        value.kind_name().to_string()
    } else {
        format!("`{text}`")
    };
    let mut message = format!(
        "{shown} is not a valid `{field}`: Claude Code ignores it{}. Valid values: {}.",
        if field == "color" {
            " without a word"
        } else {
            ""
        },
        list(values)
    );
    if field == "permissionMode" && matches!(text, "ignore" | "delegate") {
        message.push_str(
            " (`ignore` and `delegate` were documented once and are no longer accepted.)",
        );
    }
    if field == "color" && text == "magenta" {
        message.push_str(
            " (`magenta` appears in some plugin docs but not in Claude Code's color map.)",
        );
    }
    out.push(offer_closest(
        diag(code, value.range(), message),
        text,
        values,
        value,
    ));
}

fn model(value: &Node, out: &mut Vec<Diagnostic>) {
    let m = &catalog().models;
    let Some(text) = value.as_str() else {
        out.push(diag(
            codes::INVALID_MODEL,
            value.range(),
            format!(
                "`model` is {}; write a model alias such as `sonnet`, or `inherit`.",
                value.kind_name()
            ),
        ));
        return;
    };
    let lower = text.to_ascii_lowercase();
    let message = if lower == "default" {
        "`default` is not a model for agents: Claude Code sends the word `default` to the API \
         and the agent fails to start. Remove the line or write `inherit`."
            .to_string()
    } else {
        format!(
            "`{text}` is not a Claude model: Claude Code passes it to the API unchanged when the \
             agent starts, and the request fails. Use an alias ({}), `inherit`, or a full ID \
             such as `claude-sonnet-4-6`.",
            list(&m.aliases)
        )
    };
    let guess = suggest::closest(&lower, m.aliases.iter().map(String::as_str)).or_else(|| {
        m.aliases
            .iter()
            .map(String::as_str)
            .find(|a| lower.contains(a))
    });
    let mut d = diag(codes::INVALID_MODEL, value.range(), message);
    if let Some(g) = guess {
        d = d.with_fix(format!("Change to `{g}`"), replace(value.range(), g), true);
    } else if lower == "default" {
        d = d.with_fix(
            "Change to `inherit`",
            replace(value.range(), "inherit"),
            true,
        );
    }
    out.push(d);
}

fn boolean(field: &str, value: &Node, out: &mut Vec<Diagnostic>) {
    let text = value.as_scalar().map_or("", |s| &*s.text);
    let mut d = diag(
        codes::INVALID_VALUE,
        value.range(),
        format!(
            "`{field}` takes only `true` or `false` (agents do not accept yes/no/on/off): this value is ignored."
        ),
    );
    let fixed = match text.to_ascii_lowercase().as_str() {
        "yes" | "on" | "y" | "1" | "\"true\"" | "true" => Some("true"),
        "no" | "off" | "n" | "0" | "false" => Some("false"),
        _ => None,
    };
    if let Some(f) = fixed {
        d = d.with_fix(format!("Change to `{f}`"), replace(value.range(), f), true);
    }
    out.push(d);
}

fn positive_int(field: &str, value: &Node, out: &mut Vec<Diagnostic>) {
    out.push(diag(
        codes::INVALID_VALUE,
        value.range(),
        format!("`{field}` must be a positive whole number: this value is ignored."),
    ));
}

fn effort(values: &[String], value: &Node, out: &mut Vec<Diagnostic>) {
    let text = value.as_scalar().map_or("", |s| &*s.text);
    let d = diag(
        codes::INVALID_VALUE,
        value.range(),
        format!(
            "`{}` is not a valid `effort`: Claude Code ignores it. Valid values: {} or an integer.",
            if text.is_empty() {
                value.kind_name()
            } else {
                text
            },
            list(values)
        ),
    );
    out.push(offer_closest(d, text, values, value));
}

fn string(field: &str, value: &Node, out: &mut Vec<Diagnostic>) {
    out.push(diag(
        codes::INVALID_VALUE,
        value.range(),
        format!("`{field}` should be a string, not {}.", value.kind_name()),
    ));
}

/// Add a fix changing the value to the closest valid one, if any is close.
fn offer_closest(d: Diagnostic, text: &str, values: &[String], value: &Node) -> Diagnostic {
    match suggest::closest(text, values.iter().map(String::as_str)) {
        Some(best) => d.with_fix(
            format!("Change to `{best}`"),
            replace(value.range(), best),
            true,
        ),
        None => d,
    }
}
