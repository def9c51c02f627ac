//! Command line: `agentls [lsp]`, `agentls check`, `agentls explain`, `agentls convert`,
//! `--version`, `--help`.

mod args;
mod check;
mod convert;
mod explain;
mod fix;
mod host_workspace;
mod lines;
mod policies;
mod render;
mod report;
mod walk;
mod workspace;

use std::io::Write;

use args::{Command, USAGE, UsageError};

pub fn main() -> i32 {
    match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Lsp) => crate::lsp::run_stdio(),
        Ok(Command::Check(options)) => check::main(&options),
        Ok(Command::Explain(code)) => explain::main(&code),
        Ok(Command::Convert(options)) => convert::main(&options),
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
