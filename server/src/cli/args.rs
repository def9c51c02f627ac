//! Hand-written argument parsing: the grammar is tiny, and a parser crate
//! would cost more compile time than these lines.

use std::ffi::OsString;
use std::path::PathBuf;

use super::render::Format;
use agentls_core::convert::Host;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Serve LSP over stdio (`agentls`, `agentls lsp`, `--stdio`).
    Lsp,
    Check(CheckOptions),
    Convert(ConvertOptions),
    /// `agentls explain CODE`: the code or its name, as typed.
    Explain(String),
    Version,
    Help,
}

/// The options of `agentls check`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    pub format: Format,
    pub paths: Vec<PathBuf>,
    /// Apply every preferred fix to the files before reporting.
    pub fix: bool,
    /// Only the summary line (text, github), nothing when all is clean.
    pub quiet: bool,
    /// Exit 0 even when findings are errors; usage and I/O failures stay 2.
    pub exit_zero: bool,
    /// Read one file from stdin, judged as if it were at this path.
    pub stdin_filename: Option<PathBuf>,
    /// Use this configuration file for every file, instead of each file's
    /// nearest `agentls.toml`.
    pub config: Option<PathBuf>,
    /// Read no configuration file at all (the defaults).
    pub isolated: bool,
    /// Ignore `agentls-ignore` comments (audits): every finding is shown.
    pub no_inline_ignores: bool,
}

/// The options of `agentls convert`.
#[derive(Debug, PartialEq, Eq)]
pub struct ConvertOptions {
    pub to: Host,
    pub files: Vec<PathBuf>,
    /// Write each converted file at its place instead of printing it.
    pub write: bool,
    /// With `write`: replace a file already there.
    pub force: bool,
}

/// A usage error: the message goes to stderr with a hint; exit code 2.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

pub const USAGE: &str = "\
agentls: language server and linter for AI agent markdown files

Usage:
  agentls [lsp] [--stdio]            serve the Language Server Protocol over stdio
  agentls check [OPTIONS] [PATH...]  check agent files and print findings
  agentls check --fix [PATH...]      apply the safe fixes, then print what remains
  agentls explain CODE               what a diagnostic code (AG015) or name
                                     (unknown-key) means, with an example and fix
  agentls convert --to HOST FILE...  an agent file written as another host's agent
                                     (HOST: claude-code, copilot, opencode, gemini)

Check:
  PATH is a directory or a file. Below a directory, only files with a kind are
  checked: agents, skills, commands, memory, rules, output styles and other
  hosts' files, by their folders or the configuration's [kinds]; other
  markdown (README.md, docs/) is left out and not counted. Without PATH, the
  current directory is searched: `check` and `check .` check the same files.
  A file named as PATH is checked whatever its name (as an agent if nothing
  gives it a kind), unless [kinds] makes it `none` or `exclude` matches it.

Options:
  --format <text|json|github|sarif>
                               output format of `check` (default: text);
                               sarif is SARIF 2.1.0 for code-scanning tools
  --quiet, -q                  text and github: print only the summary line,
                               and nothing at all when no file has a finding
  --exit-zero                  exit 0 even if a finding is an error (usage
                               errors and unreadable files still exit 2)
  --stdin-filename <PATH>      check the text on stdin as if it were the file
                               PATH (its place decides its kind; PATH is not
                               read); no other PATH may be given
  --config <PATH>              use this agentls.toml for every file, instead of
                               each file's nearest one (looked for from the
                               file's folder up to the repository's root)
  --isolated                   read no agentls.toml: every rule at its default
  --no-inline-ignores          disregard `agentls-ignore` comments in files (for
                               audits): every finding is shown, none is unused
  --fix                        rewrite each file with every preferred fix applied
                               (repeated until nothing changes); the number of
                               fixes per file goes to stderr, the remaining
                               findings are printed as usual
  -h, --help                   print this help
  -V, --version                print the version

Convert:
  Prints each converted FILE after a `==> PATH` line naming where HOST reads
  it (relative to the project: the folder holding .claude, .github, .opencode
  or .gemini). Tools, models and colors go through HOST's names; whatever
  HOST cannot hold is listed in a comment in the new front matter.
  --write                      write each file at that place instead (the
                               folders are made; an existing file is kept)
  --force                      with --write: replace an existing file

Exit status: 0 no errors, 1 some finding is an error or a file does not load,
2 usage error or a file could not be read.
";

/// Parse the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    // The first argument picks the command (or is a global flag); no argument
    // at all means "serve LSP", which is how editors start us.
    let Some(arg) = args.next() else {
        return Ok(Command::Lsp);
    };
    match arg.to_str() {
        Some("-h" | "--help" | "help") => Ok(Command::Help),
        Some("-V" | "--version") => Ok(Command::Version),
        Some("check") => parse_check(args),
        Some("explain") => parse_explain(args),
        Some("convert") => parse_convert(args),
        Some("lsp") => parse_lsp(args),
        // `agentls --stdio ...`: the flags themselves are parsed as lsp's.
        Some(opt) if opt == "--stdio" || is_client_flag(opt) => {
            parse_lsp(std::iter::once(arg.clone()).chain(args))
        }
        Some(opt) if opt.starts_with('-') => Err(unknown_option(opt)),
        _ => Err(UsageError(format!(
            "unknown command `{}`",
            arg.to_string_lossy()
        ))),
    }
}

/// Flags editors append when they spawn a server (vscode-languageclient adds
/// `--clientProcessId=N`); accepted and ignored so the server still starts.
fn is_client_flag(arg: &str) -> bool {
    arg.starts_with("--clientProcessId")
}

fn parse_lsp(args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    for arg in args {
        match arg.to_str() {
            Some("--stdio") => {}
            Some("-h" | "--help") => return Ok(Command::Help),
            Some("-V" | "--version") => return Ok(Command::Version),
            Some(opt) if is_client_flag(opt) => {}
            _ => return Err(unknown_option(&arg.to_string_lossy())),
        }
    }
    Ok(Command::Lsp)
}

fn parse_check(args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut o = CheckOptions::default();
    let mut args = args.peekable();
    let mut only_paths = false;
    while let Some(arg) = args.next() {
        let Some(s) = arg
            .to_str()
            .filter(|s| !only_paths && s.starts_with('-') && *s != "-")
        else {
            // Paths need not be UTF-8; keep the OsString as it is.
            o.paths.push(PathBuf::from(arg));
            continue;
        };
        match s {
            "--" => only_paths = true,
            "--fix" => o.fix = true,
            "--quiet" | "-q" => o.quiet = true,
            "--exit-zero" => o.exit_zero = true,
            "--no-inline-ignores" => o.no_inline_ignores = true,
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--format" | "-f" => {
                let value = args.next().ok_or_else(|| {
                    UsageError(format!("`{s}` needs a value: text, json, github or sarif"))
                })?;
                o.format = parse_format(&value.to_string_lossy())?;
            }
            "--stdin-filename" => {
                let value = args.next().ok_or_else(|| {
                    UsageError(
                        "`--stdin-filename` needs the path the text on stdin stands for".into(),
                    )
                })?;
                o.stdin_filename = Some(PathBuf::from(value));
            }
            "--config" => {
                let value = args.next().ok_or_else(|| {
                    UsageError("`--config` needs the path of an agentls.toml".into())
                })?;
                o.config = Some(PathBuf::from(value));
            }
            "--isolated" => o.isolated = true,
            _ => {
                if let Some(value) = s.strip_prefix("--format=") {
                    o.format = parse_format(value)?;
                } else if let Some(value) = s.strip_prefix("--stdin-filename=") {
                    o.stdin_filename = Some(PathBuf::from(value));
                } else if let Some(value) = s.strip_prefix("--config=") {
                    o.config = Some(PathBuf::from(value));
                } else {
                    return Err(unknown_option(s));
                }
            }
        }
    }
    if o.isolated && o.config.is_some() {
        return Err(UsageError(
            "`--isolated` reads no configuration: remove `--config` or `--isolated`".into(),
        ));
    }
    if o.stdin_filename.is_some() {
        // One text, one place: paths or --fix would have nothing to act on.
        if !o.paths.is_empty() {
            return Err(UsageError(
                "`--stdin-filename` checks stdin only: remove the other paths".into(),
            ));
        }
        if o.fix {
            return Err(UsageError(
                "`--fix` rewrites files and cannot rewrite stdin: drop `--fix` or check the file itself".into(),
            ));
        }
        if o.stdin_filename
            .as_ref()
            .is_some_and(|p| p.as_os_str().is_empty())
        {
            return Err(UsageError(
                "`--stdin-filename` needs a non-empty path".into(),
            ));
        }
    }
    Ok(Command::Check(o))
}

fn parse_convert(args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let hosts = || {
        Host::ALL
            .iter()
            .map(|h| h.id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let host = |v: &str| {
        Host::parse(v)
            .ok_or_else(|| UsageError(format!("unknown host `{v}` (expected {})", hosts())))
    };
    let (mut to, mut files, mut write, mut force) = (None, Vec::new(), false, false);
    let mut args = args.peekable();
    let mut only_paths = false;
    while let Some(arg) = args.next() {
        let Some(s) = arg
            .to_str()
            .filter(|s| !only_paths && s.starts_with('-') && *s != "-")
        else {
            files.push(PathBuf::from(arg));
            continue;
        };
        match s {
            "--" => only_paths = true,
            "--write" => write = true,
            "--force" => force = true,
            "-h" | "--help" => return Ok(Command::Help),
            "--to" => {
                let value = args
                    .next()
                    .ok_or_else(|| UsageError(format!("`--to` needs a host: {}", hosts())))?;
                to = Some(host(&value.to_string_lossy())?);
            }
            _ => match s.strip_prefix("--to=") {
                Some(value) => to = Some(host(value)?),
                None => return Err(unknown_option(s)),
            },
        }
    }
    let to = to.ok_or_else(|| {
        UsageError(format!(
            "`convert` needs `--to HOST` ({}) and the files to convert",
            hosts()
        ))
    })?;
    if files.is_empty() {
        return Err(UsageError(
            "`convert` needs the agent files to convert".into(),
        ));
    }
    if force && !write {
        return Err(UsageError(
            "`--force` only applies with `--write`: add `--write` or drop `--force`".into(),
        ));
    }
    Ok(Command::Convert(ConvertOptions {
        to,
        files,
        write,
        force,
    }))
}

fn parse_explain(mut args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let (Some(code), None) = (args.next(), args.next()) else {
        return Err(UsageError(
            "`explain` takes one code or name, e.g. `agentls explain AG015` or `agentls explain unknown-key`".into(),
        ));
    };
    match code.to_str() {
        Some("-h" | "--help") => Ok(Command::Help),
        Some(code) => Ok(Command::Explain(code.to_owned())),
        None => Err(UsageError("the code to explain is not valid UTF-8".into())),
    }
}

fn parse_format(value: &str) -> Result<Format, UsageError> {
    match value {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        "github" => Ok(Format::Github),
        "sarif" => Ok(Format::Sarif),
        other => Err(UsageError(format!(
            "unknown format `{other}` (expected text, json, github or sarif)"
        ))),
    }
}

fn unknown_option(opt: &str) -> UsageError {
    UsageError(format!("unknown option `{opt}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn lsp_forms() {
        for args in [&[][..], &["lsp"], &["--stdio"], &["lsp", "--stdio"]] {
            assert_eq!(parse_strs(args), Ok(Command::Lsp), "{args:?}");
        }
        assert_eq!(
            parse_strs(&["--stdio", "--clientProcessId=42"]),
            Ok(Command::Lsp)
        );
    }

    #[test]
    fn check_options_and_paths() {
        assert_eq!(
            parse_strs(&["check", "--format", "json", "a", "--", "--b"]),
            Ok(Command::Check(CheckOptions {
                format: Format::Json,
                paths: vec!["a".into(), "--b".into()],
                ..CheckOptions::default()
            }))
        );
        assert_eq!(
            parse_strs(&["check", "--format=github"]),
            Ok(Command::Check(CheckOptions {
                format: Format::Github,
                ..CheckOptions::default()
            }))
        );
        assert_eq!(
            parse_strs(&["check", "--fix", "a"]),
            Ok(Command::Check(CheckOptions {
                paths: vec!["a".into()],
                fix: true,
                ..CheckOptions::default()
            }))
        );
        assert_eq!(
            parse_strs(&[
                "check",
                "-q",
                "--exit-zero",
                "--no-inline-ignores",
                "--format=sarif",
                "--stdin-filename",
                "x/a.md"
            ]),
            Ok(Command::Check(CheckOptions {
                format: Format::Sarif,
                quiet: true,
                exit_zero: true,
                no_inline_ignores: true,
                stdin_filename: Some("x/a.md".into()),
                ..CheckOptions::default()
            }))
        );
        assert_eq!(
            parse_strs(&["explain", "AG015"]),
            Ok(Command::Explain("AG015".into()))
        );
    }

    #[test]
    fn usage_errors() {
        assert!(parse_strs(&["--bogus"]).is_err());
        assert!(parse_strs(&["check", "--bogus"]).is_err());
        assert!(parse_strs(&["check", "--format"]).is_err());
        assert!(parse_strs(&["check", "--format", "xml"]).is_err());
        assert!(parse_strs(&["frobnicate"]).is_err());
        assert!(parse_strs(&["lsp", "extra"]).is_err());
        assert!(parse_strs(&["check", "--stdin-filename"]).is_err());
        assert!(parse_strs(&["check", "--stdin-filename", "a.md", "b.md"]).is_err());
        assert!(parse_strs(&["check", "--stdin-filename", "a.md", "--fix"]).is_err());
        assert!(parse_strs(&["explain"]).is_err());
        assert!(parse_strs(&["convert", "a.md"]).is_err());
        assert!(parse_strs(&["convert", "--to", "vim", "a.md"]).is_err());
        assert!(parse_strs(&["convert", "--to", "copilot"]).is_err());
        assert!(parse_strs(&["convert", "--to", "copilot", "--force", "a.md"]).is_err());
        assert!(parse_strs(&["explain", "AG001", "AG002"]).is_err());
    }

    #[test]
    fn convert_options() {
        assert_eq!(
            parse_strs(&[
                "convert",
                "--to=gemini",
                "--write",
                "--force",
                "a.md",
                "b.md"
            ]),
            Ok(Command::Convert(ConvertOptions {
                to: Host::Gemini,
                files: vec!["a.md".into(), "b.md".into()],
                write: true,
                force: true,
            }))
        );
    }

    #[test]
    fn help_and_version_win() {
        assert_eq!(parse_strs(&["-V"]), Ok(Command::Version));
        assert_eq!(parse_strs(&["check", "--help"]), Ok(Command::Help));
    }
}
