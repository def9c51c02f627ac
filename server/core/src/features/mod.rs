//! What the editor features ask of one analysed file, as plain data with
//! byte ranges: completion, hover, fixes, outline and structure, navigation.

pub mod complete;
pub mod fix;
pub mod host_tokens;
pub mod hover;
pub mod listing;
pub mod memory_tokens;
pub mod mentions;
pub mod navigate;
pub mod outline;
pub mod outline_scan;
pub mod skill_tokens;
pub mod slash;
pub mod structure;
pub mod targets;
pub mod tokens;
