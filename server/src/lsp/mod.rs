//! The language server: documents, position encodings, capabilities.
