//! The Claude Code catalog. (Filled in by the core.)
