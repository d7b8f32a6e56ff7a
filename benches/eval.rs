//! Throughput of the evaluation pipeline on a generated catalogue (`cargo bench --bench eval`).
//!
//! Every bench processes the same in-memory corpus of [`LINES`] subject bundles, generated
//! by `benches/support/corpus.rs` (the code behind `cargo run --example gen_catalog`), one
//! subject at a time as `clause check --catalog` does on each core; divan reports the time
//! per corpus pass and the subjects per second. Divide the median by [`LINES`] for µs per
//! subject. The groups:
//!
//! - `parse`: `facts::parse` + `facts::finish` per line (with the line's `SourceMap`), the
//!   floor under everything else;
//! - `parse_eval_full`: the same, then `eval::evaluate` on the whole cac-2016 pack;
//! - `parse_eval_12`: the same, then `eval::evaluate_rules` on only the twelve rules of the
//!   issue's comparison (`TWELVE` in `benches/support/pack.rs`);
//! - `eval_full` and `eval_12`: evaluation alone, over facts parsed beforehand.
//!
//! Results and the machine are in `docs/performance.md`.

/// The allocator of the `clause` binary, so that the benches measure what ships; regorus, in
/// the same process, gets the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/pack.rs"]
mod pack;

use clause::value::Facts;
use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use pack::{as_of, parse, PROGRAM, TWELVE_INDICES};
use std::sync::LazyLock;

/// Subjects per pass: enough for the mix of apps, stores, violations and gaps to settle.
const LINES: u64 = 2000;
const SEED: u64 = 1;

static CORPUS: LazyLock<Vec<String>> = LazyLock::new(|| corpus::corpus(SEED, LINES));

static PARSED: LazyLock<Vec<Facts>> =
    LazyLock::new(|| CORPUS.iter().enumerate().filter_map(|(i, line)| parse(i, line)).collect());

fn main() {
    let started = std::time::Instant::now();
    let rules = PROGRAM.rules.len();
    eprintln!(
        "compile: the cac-2016 pack ({rules} rules) parsed and checked in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    // Build the shared data outside the timings, and check that every line loads.
    let loaded = PARSED.len();
    assert_eq!(loaded as u64, LINES, "every generated line must load");
    let _ = TWELVE_INDICES.len();
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn parse_only(b: Bencher) {
    b.counter(ItemsCount::new(LINES)).bench(|| {
        for (i, line) in CORPUS.iter().enumerate() {
            black_box(parse(i, black_box(line)));
        }
    });
}

#[divan::bench(sample_count = 20)]
fn parse_eval_full(b: Bencher) {
    b.counter(ItemsCount::new(LINES)).bench(|| {
        for (i, line) in CORPUS.iter().enumerate() {
            if let Some(facts) = parse(i, black_box(line)) {
                black_box(clause::eval::evaluate(&PROGRAM, &facts, as_of()));
            }
        }
    });
}

#[divan::bench(sample_count = 20)]
fn parse_eval_12(b: Bencher) {
    b.counter(ItemsCount::new(LINES)).bench(|| {
        for (i, line) in CORPUS.iter().enumerate() {
            if let Some(facts) = parse(i, black_box(line)) {
                black_box(clause::eval::evaluate_rules(&PROGRAM, &TWELVE_INDICES, &facts, as_of()));
            }
        }
    });
}

#[divan::bench(sample_count = 20)]
fn eval_full(b: Bencher) {
    b.counter(ItemsCount::new(LINES)).bench(|| {
        for facts in PARSED.iter() {
            black_box(clause::eval::evaluate(&PROGRAM, black_box(facts), as_of()));
        }
    });
}

#[divan::bench(sample_count = 20)]
fn eval_12(b: Bencher) {
    b.counter(ItemsCount::new(LINES)).bench(|| {
        for facts in PARSED.iter() {
            black_box(clause::eval::evaluate_rules(&PROGRAM, &TWELVE_INDICES, black_box(facts), as_of()));
        }
    });
}
