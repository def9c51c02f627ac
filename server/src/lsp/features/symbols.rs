//! Outline and structure: `documentSymbol`, `foldingRange`, `selectionRange`.

use tower_lsp_server::ls_types::{DocumentSymbol, FoldingRange, Position, SelectionRange};

use super::View;

pub fn document_symbols(view: &View) -> Vec<DocumentSymbol> {
    let _ = view;
    Vec::new()
}

pub fn folding_ranges(view: &View) -> Vec<FoldingRange> {
    let _ = view;
    Vec::new()
}

pub fn selection_ranges(view: &View, positions: &[Position]) -> Vec<SelectionRange> {
    let _ = (view, positions);
    Vec::new()
}
