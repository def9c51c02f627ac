//! `@path` imports of memory and rules: Claude Code inlines the file a
//! `@path/to/file` mention names (relative to the importing file's folder,
//! `~/` the home folder, or absolute), outside code spans and fenced code
//! blocks. Here they are only found and resolved ([`find`]); whether the
//! files exist is the caller's to look up ([`disk`]: the core reads no disk).

mod disk;
mod find;

pub use disk::{Lookup, MAX_HOPS, findings};
pub use find::{Import, imports, resolve};
