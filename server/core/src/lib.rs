//! agentls-core: the pure analysis core of agentls.
//!
//! Text and a path in; a model of the file and its diagnostics out, every
//! position a byte offset. The core does no I/O and knows no protocol: the
//! LSP, async and rope crates are not among its dependencies.

mod analysis;
pub mod catalog;
pub mod codes;
mod diagnostic;
mod features;
mod parse;
mod rules;
mod suggest;
mod text;
pub mod workspace;

pub use analysis::{Analysis, LoadedAgent, Verdict, analyze, decode_bytes, is_agent_path};
pub use diagnostic::{Diagnostic, Edit, Elsewhere, Fix, Related, Severity};
pub use features::{complete, fix, hover, mentions, navigate, outline, structure, targets};
pub use parse::frontmatter::{FrontMatter, Syntax};
pub use parse::split::Parts;
pub use parse::yaml;
