//! The language server: documents, position encodings, capabilities.

/// Serve LSP over stdin/stdout until the client exits. Returns the exit code.
pub fn run_stdio() -> i32 {
    0
}
