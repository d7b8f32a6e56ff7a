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
//! - `parse_eval_12`: the same, then `eval::evaluate_rule` on only the twelve rules of the
//!   issue's comparison (see [`TWELVE`]);
//! - `eval_full` and `eval_12`: evaluation alone, over facts parsed beforehand.
//!
//! Results and the machine are in `docs/performance.md`.

#[path = "support/corpus.rs"]
mod corpus;

use clause::check::Program;
use clause::facts::{self, Format, LoadOptions};
use clause::source::SourceMap;
use clause::time::Date;
use clause::value::Facts;
use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use std::sync::LazyLock;

/// Subjects per pass: enough for the mix of apps, stores, violations and gaps to settle.
const LINES: u64 = 2000;
const SEED: u64 = 1;

/// The twelve rules of the regorus comparison in issue 6, mapped to the pack's rule ids.
pub const TWELVE: [&str; 12] = [
    "cac-2016/required-licences-held", // 5 licences held for the services offered
    "cac-2016/registered-users-real-name-verified", // 7(1) real-name verification
    "cac-2016/disclosure-states-purpose-method-scope", // 7(2) purposes, methods and scope stated
    "cac-2016/personal-information-collected-with-consent", // 7(2) consent recorded
    "cac-2016/content-review-mechanism-in-place", // 7(3) review mechanism
    "cac-2016/content-disposals-recorded-and-reported", // 7(3) records kept and reports made
    "cac-2016/no-named-sensitive-function-without-notice-and-consent", // 7(4) not on by default
    "cac-2016/no-unrelated-function",  // 7(4) no unrelated function
    "cac-2016/no-unrelated-bundled-install", // 7(4) no unrelated bundled app
    "cac-2016/no-confirmed-ip-infringement", // 7(5) no infringement finding
    "cac-2016/user-logs-kept-60-days", // 7(6) logs kept ≥ 60 days
    "cac-2016/app-complaint-entry-provided", // 10 complaint entry
];

static PROGRAM: LazyLock<Program> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/cac-2016");
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "clause"))
                .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut sources = SourceMap::new();
    match clause::compile(&mut sources, &files) {
        Ok(checked) => checked.program,
        Err(errors) => panic!("the cac-2016 pack does not compile: {errors:?}"),
    }
});

static CORPUS: LazyLock<Vec<String>> = LazyLock::new(|| corpus::corpus(SEED, LINES));

static TWELVE_INDICES: LazyLock<Vec<usize>> = LazyLock::new(|| {
    TWELVE
        .iter()
        .map(|id| {
            PROGRAM
                .rules
                .iter()
                .position(|r| r.qualified_id == *id)
                .unwrap_or_else(|| panic!("no rule `{id}` in the pack"))
        })
        .collect()
});

static PARSED: LazyLock<Vec<Facts>> =
    LazyLock::new(|| CORPUS.iter().enumerate().filter_map(|(i, line)| parse(i, line)).collect());

fn as_of() -> Option<Date> {
    Date::from_ymd(2020, 6, 1)
}

/// What `clause check --catalog` does to load one line.
fn parse(index: usize, text: &str) -> Option<Facts> {
    let mut sources = SourceMap::new();
    let offset = u32::try_from(index).unwrap_or(u32::MAX);
    let id = sources.add_with_line_offset("<bench>", text, offset);
    let options = LoadOptions { line_offset: offset, ..LoadOptions::default() };
    let parsed = facts::parse(&PROGRAM.schema, id, text, Format::Json, &options);
    facts::finish(&PROGRAM.schema, parsed.bundle?, &sources, id).ok()
}

fn main() {
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
                for &rule in TWELVE_INDICES.iter() {
                    black_box(clause::eval::evaluate_rule(&PROGRAM, rule, &facts, as_of()));
                }
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
            for &rule in TWELVE_INDICES.iter() {
                black_box(clause::eval::evaluate_rule(&PROGRAM, rule, black_box(facts), as_of()));
            }
        }
    });
}
