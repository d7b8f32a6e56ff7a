//! The CLI: arguments (clap), reading files, printing, exit codes. One file per subcommand.
//!
//! Exit codes (documented in `docs/output.md`, frozen once published):
//! **0** nothing failing; **1** a failing outcome (by default an `error`-severity rule that
//! is violated or undetermined; see `--fail-on`); **2** invalid input or usage (policy
//! errors, facts errors, unreadable files). When both happen, 2 wins.

mod args;
mod check;
mod output;
mod policy;
mod schema;
mod subjects;
mod validate;

use clap::Parser;
use std::process::ExitCode;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Failing = 1,
    Invalid = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

pub fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr.
            let _ = e.print();
            return if e.use_stderr() { Exit::Invalid.into() } else { Exit::Ok.into() };
        }
    };
    let exit = match cli.command {
        args::Command::Check(a) => check::run(a),
        args::Command::Validate(a) => validate::run(a),
        args::Command::Schema(a) => schema::run(a),
    };
    exit.into()
}
