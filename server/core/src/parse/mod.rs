//! Reading a file the way Claude Code does: where the front matter is
//! ([`split`]), strict YAML with byte spans ([`yaml`]), what Claude Code's
//! parser reads beyond it ([`lax`]), its lenient retry ([`retry`]), all
//! together ([`frontmatter`]); and a line scan for broken YAML ([`lines`]).

pub mod chunks;
pub mod frontmatter;
pub mod lax;
pub mod lines;
pub mod retry;
pub mod split;
pub mod yaml;
