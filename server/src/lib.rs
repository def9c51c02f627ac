//! agentls: a language server and linter for AI agent markdown files.
//!
//! Layers, from the inside out:
//! - [`catalog`]: what Claude Code knows (fields, values, tools), embedded data.
//! - [`analysis`]: the pure core. Text and a path in; a model of the file and
//!   diagnostics out, all positions as byte offsets. No protocol types.
//! - [`lsp`]: the language server (documents, position encodings, capabilities).
//! - [`cli`]: `agentls check` and argument handling.
//! - [`config`]: finding and reading a project's `agentls.toml`.
//! - [`host`]: what both take from the machine (home, cores).

pub mod cli;
pub mod config;
pub mod discover;
pub mod host;
pub mod imports;
pub mod lsp;
