//! `textDocument/documentColor` and `colorPresentation` for `color:`.

use tower_lsp_server::ls_types::{ColorInformation, ColorPresentation, ColorPresentationParams};

use super::View;

pub fn document_colors(view: &View) -> Vec<ColorInformation> {
    let _ = view;
    Vec::new()
}

pub fn color_presentations(
    view: &View,
    params: &ColorPresentationParams,
) -> Vec<ColorPresentation> {
    let _ = (view, params);
    Vec::new()
}
