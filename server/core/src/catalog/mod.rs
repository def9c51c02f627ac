//! The Claude Code catalog: fields, values, tools and their history.
//!
//! The data lives in `server/core/catalog/claude-code.toml`, embedded at
//! build time and parsed once on first use, so a new Claude Code release is
//! a data change, not a code change. [`value`] holds the one answer to "is
//! this value valid for this field".

mod convert;
mod copilot;
mod data;
mod host_files;
mod memory;
mod skills;
mod value;

pub use convert::{ConvertCatalog, ModelFamily, ToolRow, convert_catalog};
pub use copilot::{CopilotCatalog, CopilotField, CopilotKind, CopilotType, copilot_catalog};
pub use data::{
    Agents, Catalog, Field, FieldKind, Hooks, Meta, Models, Spawn, Tool, ToolStatus, catalog,
};
pub use host_files::{
    HostFileKey, HostFileKeys, HostFilesCatalog, gemini_tool_known, host_files_catalog,
};
pub use memory::{MemoryCatalog, MemoryField, MemoryKind, MemoryType, memory_catalog};
pub use skills::{Applies, SkillCatalog, SkillField, SkillType, skill_catalog};
pub use value::ScalarValue;
