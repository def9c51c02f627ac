//! Command line: `agentls [lsp]`, `agentls check`, `--version`, `--help`.

mod args;
mod check;
mod fix;
mod lines;
mod render;
mod report;
mod walk;
mod workspace;

use std::io::Write;

use args::{Command, USAGE, UsageError};

pub fn main() -> i32 {
    match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Lsp) => crate::lsp::run_stdio(),
        Ok(Command::Check { format, paths, fix }) => check::main(format, &paths, fix),
        // `let _ =`: a closed stdout is not worth a panic.
        Ok(Command::Help) => {
            let _ = write!(std::io::stdout(), "{USAGE}");
            0
        }
        Ok(Command::Version) => {
            let _ = writeln!(std::io::stdout(), "agentls {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Err(UsageError(message)) => {
            let _ = writeln!(
                std::io::stderr(),
                "agentls: {message}\nTry `agentls --help` for usage."
            );
            2
        }
    }
}
