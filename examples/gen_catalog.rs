//! Streams a deterministic catalogue of realistic cac-2016 subject bundles, one JSON object
//! per line, to standard output:
//!
//! ```sh
//! cargo run --release --example gen_catalog -- --lines 100000 --seed 1 > catalogue.jsonl
//! cargo run --release --example gen_catalog -- --lines 4000000 | clause check --as-of 2020-06-01 --format jsonl --only-failures --catalog -
//! ```
//!
//! The same `--seed` gives the same bytes on every machine. Memory stays constant whatever
//! `--lines` is. The mix of subjects is described in `benches/support/corpus.rs`, which the
//! benches share, and in `docs/performance.md`.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::Write;

fn main() {
    let mut lines: u64 = 1000;
    let mut seed: u64 = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = |v: Option<String>| -> u64 {
            match v.as_deref().map(str::parse) {
                Some(Ok(n)) => n,
                _ => usage(&format!("`{arg}` needs a non-negative integer")),
            }
        };
        match arg.as_str() {
            "--lines" | "-n" => lines = value(args.next()),
            "--seed" | "-s" => seed = value(args.next()),
            "--help" | "-h" => usage(""),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut line = String::with_capacity(8192);
    for i in 0..lines {
        line.clear();
        corpus::bundle(seed, i, &mut line);
        line.push('\n');
        if out.write_all(line.as_bytes()).is_err() {
            // A closed pipe (e.g. `| head`) ends the run quietly.
            return;
        }
    }
    let _ = out.flush();
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("gen_catalog: {problem}");
    }
    eprintln!("usage: gen_catalog [--lines N] [--seed S]   (JSON Lines on stdout)");
    std::process::exit(if problem.is_empty() { 0 } else { 2 });
}
