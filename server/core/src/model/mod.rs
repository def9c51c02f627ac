//! The parsed entries of a front matter, built once per file and read by
//! every rule and feature: tool entries ([`ToolRef`]), list entries, and
//! what the agent is spawned with ([`spawn`]).

mod lists;
mod spawn;
mod tool_ref;

pub use lists::list_entries;
pub use spawn::{Spawn, spawn_of};
pub use tool_ref::{ToolRef, tool_entries};
