//! The parsed entries of a front matter, built once per file and read by
//! every rule and feature: tool entries ([`ToolRef`]) and list entries.

mod lists;
mod tool_ref;

pub use lists::list_entries;
pub use tool_ref::{ToolRef, tool_entries};
