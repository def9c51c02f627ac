//! `textDocument/documentColor` and `colorPresentation` for `color:`.
//!
//! Claude Code knows exactly 8 color names; the catalog gives each a hex
//! approximating how terminals draw it. The picker can only ever produce one
//! of those names, so a presentation is the names, nearest first.

use tower_lsp_server::ls_types::{
    Color, ColorInformation, ColorPresentation, ColorPresentationParams, TextEdit,
};

use super::View;
use agentls_core::catalog::catalog;
use agentls_core::tokens;

pub fn document_colors(view: &View) -> Vec<ColorInformation> {
    // Claude Code's color names: not another host's.
    if matches!(view.kind, agentls_core::FileKind::Host(_)) {
        return Vec::new();
    }
    let Some((range, hex)) = tokens::color(view.text) else {
        return Vec::new();
    };
    let Some(color) = rgb(hex) else {
        return Vec::new();
    };
    vec![ColorInformation {
        range: view.range(&range),
        color,
    }]
}

pub fn color_presentations(
    view: &View,
    params: &ColorPresentationParams,
) -> Vec<ColorPresentation> {
    let _ = view;
    let picked = &params.color;
    let mut named: Vec<(f32, &String)> = catalog()
        .colors
        .iter()
        .filter_map(|(name, hex)| rgb(hex).map(|c| (distance(&c, picked), name)))
        .collect();
    named.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    named
        .into_iter()
        .map(|(_, name)| ColorPresentation {
            label: name.clone(),
            text_edit: Some(TextEdit {
                range: params.range,
                new_text: name.clone(),
            }),
            additional_text_edits: None,
        })
        .collect()
}

/// `#rrggbb` as an LSP color.
fn rgb(hex: &str) -> Option<Color> {
    let h = hex.strip_prefix('#').filter(|h| h.len() == 6)?;
    let channel = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .map(|v| f32::from(v) / 255.0)
    };
    Some(Color {
        red: channel(0)?,
        green: channel(2)?,
        blue: channel(4)?,
        alpha: 1.0,
    })
}

/// Squared distance in RGB, weighted roughly as the eye sees ("redmean"
/// lite): good enough to rank 8 very different colors.
fn distance(a: &Color, b: &Color) -> f32 {
    let (dr, dg, db) = (a.red - b.red, a.green - b.green, a.blue - b.blue);
    2.0 * dr * dr + 4.0 * dg * dg + 3.0 * db * db
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_parses() {
        let c = rgb("#ff8000").unwrap();
        assert_eq!((c.red, c.blue), (1.0, 0.0));
        assert!((c.green - 128.0 / 255.0).abs() < 1e-6);
        assert!(rgb("#fff").is_none() && rgb("zz").is_none());
    }
}
