//! agentls-core: the pure analysis core of agentls.
//!
//! Text and a path in; a model of the file and its diagnostics out, every
//! position a byte offset. The core does no I/O and knows no protocol: the
//! LSP, async and rope crates are not among its dependencies, so a protocol
//! type here is a compile error.
//!
//! The facade: [`classify`] says what a path is, [`analyze`] reads a file
//! into an [`Analysis`] (its kind, verdict, front matter, parsed entries and
//! diagnostics), and the feature modules answer the editor's questions about
//! an analysed file ([`hover`], [`complete`], [`fix`], [`structure`],
//! [`navigate`], [`targets`], [`tokens`]); [`workspace`] judges files
//! together. [`catalog`] and [`codes`] are the data behind it all. Parsing,
//! the rules and the model's internals are private.

mod analysis;
pub mod catalog;
pub mod codes;
pub mod convert;
mod diagnostic;
mod features;
mod hash;
pub mod imports;
pub mod kind;
mod model;
mod parse;
pub mod policy;
pub mod portability;
mod rules;
mod suggest;
#[cfg(test)]
mod testing;
mod text;
pub mod workspace;

pub use analysis::{Analysis, LoadedAgent, Verdict, analyze, analyze_as, decode_bytes};
pub use diagnostic::{Diagnostic, Edit, Elsewhere, Fix, Related, Severity};
pub use features::{
    complete, fix, host_tokens, hover, listing, memory_tokens, mentions, navigate, outline,
    outline_scan, skill_tokens, slash, structure, targets, tokens,
};
pub use kind::overrides::{KindOverrides, classify_with};
pub use kind::{FileKind, HostFile, classify};
pub use model::{Spawn, ToolRef};
pub use parse::frontmatter::{FrontMatter, Syntax};
pub use parse::split::Parts;
pub use parse::yaml;
