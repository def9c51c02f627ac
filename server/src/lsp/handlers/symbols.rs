//! Outline and structure: `documentSymbol`, `foldingRange`, `selectionRange`.
//! The shapes come from `analysis::structure` (byte ranges); this module
//! only converts them to positions and lines.

use tower_lsp_server::ls_types::{
    DocumentSymbol, FoldingRange, FoldingRangeKind, Position, SelectionRange, SymbolKind,
};

use super::View;
use agentls_core::structure::{self, FoldKind, Symbol};

pub fn document_symbols(view: &View) -> Vec<DocumentSymbol> {
    structure::symbols(view.text, view.analysis, view.sections)
        .iter()
        .map(|s| symbol(view, s))
        .collect()
}

fn symbol(view: &View, s: &Symbol) -> DocumentSymbol {
    let kind = match s.kind {
        structure::SymbolKind::FrontMatter => SymbolKind::NAMESPACE,
        structure::SymbolKind::Field => SymbolKind::PROPERTY,
        structure::SymbolKind::Example => SymbolKind::EVENT,
        structure::SymbolKind::Heading => SymbolKind::STRING,
    };
    let children: Vec<_> = s.children.iter().map(|c| symbol(view, c)).collect();
    #[allow(deprecated)] // `deprecated` is a required field of the struct.
    DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind,
        tags: None,
        deprecated: None,
        range: view.range(&s.range),
        selection_range: view.range(&s.selection),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn folding_ranges(view: &View) -> Vec<FoldingRange> {
    structure::folds(view.text, view.analysis, view.sections)
        .into_iter()
        .filter_map(|f| {
            let start = view.position(f.range.start).line;
            // The line of the last byte, so a span ending in a line break
            // does not claim the next line.
            let end = view.position(f.range.end.saturating_sub(1)).line;
            (end > start).then(|| FoldingRange {
                start_line: start,
                end_line: end,
                kind: match f.kind {
                    FoldKind::Region => Some(FoldingRangeKind::Region),
                    FoldKind::Section => None,
                },
                ..FoldingRange::default()
            })
        })
        .collect()
}

pub fn selection_ranges(view: &View, positions: &[Position]) -> Vec<SelectionRange> {
    positions
        .iter()
        .map(|p| {
            let offset = view.offset(*p);
            let chain = structure::selection_chain(view.text, view.analysis, view.sections, offset);
            // Built from the outside in, so each level can own its parent.
            let mut node: Option<SelectionRange> = None;
            for r in chain.iter().rev() {
                node = Some(SelectionRange {
                    range: view.range(r),
                    parent: node.map(Box::new),
                });
            }
            // The chain always holds the whole document; never answer nothing
            // for a position (the reply must match `positions` one to one).
            node.unwrap_or_else(|| SelectionRange {
                range: tower_lsp_server::ls_types::Range::new(*p, *p),
                parent: None,
            })
        })
        .collect()
}
