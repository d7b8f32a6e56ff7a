//! The CLI: arguments (clap), reading files, printing, exit codes. One file per subcommand.
//!
//! Exit codes (documented in `docs/output.md`, frozen once published):
//! **0** nothing failing; **1** a failing outcome (by default an `error`-severity rule that
//! is violated or undetermined; see `--fail-on`); **2** invalid input or usage (policy
//! errors, facts errors, unreadable files). When both happen, 2 wins.

mod args;
mod artefacts;
mod catalog;
mod check;
mod config;
mod doc;
mod explain;
mod fmt;
mod import;
mod lint;
mod output;
mod packs;
mod policy;
mod schema;
mod subjects;
mod test;
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

/// Whether the raw arguments ask for `--format json`, even when clap rejects them.
fn wants_json(args: impl Iterator<Item = String>) -> bool {
    let args: Vec<String> = args.collect();
    args.windows(2).any(|w| w[0] == "--format" && w[1] == "json") || args.iter().any(|a| a == "--format=json")
}

pub fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr.
            let _ = e.print();
            if !e.use_stderr() {
                return Exit::Ok.into();
            }
            // A JSON consumer gets a JSON error object on stdout, as for any invalid run.
            if wants_json(std::env::args()) {
                let message = e.kind().to_string();
                output::print_json(&clause::report::json::error(vec![serde_json::json!({
                    "severity": "error",
                    "code": "E0004",
                    "message": format!("invalid command line: {message}"),
                })]));
            }
            return Exit::Invalid.into();
        }
    };
    let exit = match cli.command {
        args::Command::Check(a) => check::run(a),
        args::Command::Validate(a) => validate::run(a),
        args::Command::Schema(a) => schema::run(a),
        args::Command::Test(a) => test::run(a),
        args::Command::Explain(a) => explain::run(a),
        args::Command::Fmt(a) => fmt::run(a),
        args::Command::Lint(a) => lint::run(a),
        args::Command::Import(a) => import::run(a),
        args::Command::Doc(a) => doc::run(a),
        args::Command::Packs(a) => packs::run(a),
    };
    exit.into()
}
