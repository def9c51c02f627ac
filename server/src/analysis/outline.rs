//! Body structure (headings and sections) from the tree-sitter-md block tree.
