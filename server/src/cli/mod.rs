//! Command line: `agentls [lsp]`, `agentls check`, `--version`, `--help`.

pub fn main() -> i32 {
    0
}
