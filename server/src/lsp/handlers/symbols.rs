//! Outline and structure: `documentSymbol`, `foldingRange`, `selectionRange`.
//! The shapes come from `analysis::structure` (byte ranges); this module
//! only converts them to positions and lines.

use tower_lsp_server::ls_types::{
    DocumentSymbol, FoldingRange, FoldingRangeKind, Position, SelectionRange, SymbolKind,
};

use super::View;
use agentls_core::structure::{self, FoldKind, Symbol};

/// At most this many symbols per document: a huge file (tens of thousands
/// of headings or keys) would otherwise cost a reply of tens of megabytes.
pub const MAX_SYMBOLS: usize = 5_000;

/// At most this many folding ranges when the client sets no lower limit.
pub const MAX_FOLDS: usize = 5_000;

pub fn document_symbols(view: &View) -> Vec<DocumentSymbol> {
    let mut symbols = structure::symbols(view.text, view.analysis, view.sections);
    keep_shallowest(&mut symbols, MAX_SYMBOLS);
    symbols.iter().map(|s| symbol(view, s)).collect()
}

/// Cut `symbols` to at most `max`, keeping whole levels of the tree from
/// the top down (an outline without its deepest levels is still a map of
/// the file), then as much of the next level as fits, in file order.
fn keep_shallowest(symbols: &mut Vec<Symbol>, max: usize) {
    let mut per_level: Vec<usize> = Vec::new();
    let mut level: Vec<&Symbol> = symbols.iter().collect();
    while !level.is_empty() {
        per_level.push(level.len());
        level = level.iter().flat_map(|s| s.children.iter()).collect();
    }
    let mut total = 0;
    let depth = per_level
        .iter()
        .take_while(|n| {
            total += **n;
            total <= max
        })
        .count();
    if depth == per_level.len() {
        return;
    }
    let whole: usize = per_level[..depth].iter().sum();
    cut_below(symbols, depth, &mut (max - whole));
}

/// Keep `depth` levels below `symbols` whole; on the level after, keep
/// entries while `room` lasts; nothing deeper.
fn cut_below(symbols: &mut Vec<Symbol>, depth: usize, room: &mut usize) {
    if depth == 0 {
        let keep = symbols.len().min(*room);
        *room -= keep;
        symbols.truncate(keep);
        symbols.iter_mut().for_each(|s| s.children = Vec::new());
        return;
    }
    for s in symbols {
        cut_below(&mut s.children, depth - 1, room);
    }
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

/// Folding ranges, at most `limit` (the client's `rangeLimit`, else
/// [`MAX_FOLDS`]); the first ones in the file are kept.
pub fn folding_ranges(view: &View, limit: Option<usize>) -> Vec<FoldingRange> {
    let limit = limit.unwrap_or(MAX_FOLDS).min(MAX_FOLDS);
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
        .take(limit)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(children: usize, grandchildren: usize) -> Vec<Symbol> {
        let leaf = |i: usize| Symbol {
            name: format!("s{i}"),
            detail: None,
            kind: structure::SymbolKind::Heading,
            range: i..i + 1,
            selection: i..i + 1,
            children: Vec::new(),
        };
        (0..children)
            .map(|i| Symbol {
                children: (0..grandchildren).map(leaf).collect(),
                ..leaf(i)
            })
            .collect()
    }

    fn count(symbols: &[Symbol]) -> usize {
        symbols.iter().map(|s| 1 + count(&s.children)).sum()
    }

    #[test]
    fn a_small_outline_is_kept_whole() {
        let mut symbols = tree(10, 10);
        keep_shallowest(&mut symbols, 110);
        assert_eq!(count(&symbols), 110);
    }

    #[test]
    fn a_large_outline_loses_its_deepest_level_first() {
        let mut symbols = tree(10, 10);
        keep_shallowest(&mut symbols, 109);
        assert_eq!(count(&symbols), 109);
        // The level that does not fit is kept in file order: the last
        // parent loses its last child.
        assert_eq!(symbols[8].children.len(), 10);
        assert_eq!(symbols[9].children.len(), 9);
        let mut symbols = tree(10, 10);
        keep_shallowest(&mut symbols, 15);
        assert_eq!(count(&symbols), 15);
        assert_eq!(symbols[0].children.len(), 5);
        assert!(symbols[1].children.is_empty());
        let mut symbols = tree(30, 0);
        keep_shallowest(&mut symbols, 20);
        assert_eq!(count(&symbols), 20);
        assert_eq!(symbols[19].name, "s19");
    }
}
