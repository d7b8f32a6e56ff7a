//! The `clause` command line. All I/O lives here and in `cli/`; the library stays pure.
#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
