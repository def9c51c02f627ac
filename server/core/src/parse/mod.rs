//! Reading a file the way Claude Code does: where the front matter is
//! ([`split`]), strict YAML with byte spans ([`yaml`]), Claude Code's lenient
//! retry ([`retry`]) and the two together ([`frontmatter`]).

pub mod frontmatter;
pub mod lines;
pub mod retry;
pub mod split;
pub mod yaml;
