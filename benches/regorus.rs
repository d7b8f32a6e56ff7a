//! Issue 6's comparison (d): regorus 0.14 evaluating a Rego encoding of the twelve rules
//! (`benches/rego/cac12.rego`) on the same generated corpus as `benches/eval.rs`
//! (`cargo bench --bench regorus`).
//!
//! Before timing anything, `main` checks that regorus's interpreter, its RVM bytecode and
//! clause give the same violation set for every subject of the corpus, and stops if they do
//! not (`benches/support/agreement.rs`, which `tests/regorus_agreement.rs` shares). The groups, all per pass of [`LINES`] subjects on one thread:
//!
//! - `convert`: `regorus::Value::from_json_str` on each line, the input conversion alone;
//! - `interpreter`: conversion, then `Engine::set_input` and `eval_rule` (engine reused);
//! - `rvm`: conversion, then `RegoVM::set_input` and `execute` (VM and program reused);
//! - `clause_12`: clause loading the line and evaluating the same twelve rules, as in
//!   `eval`'s `parse_eval_12`, for the side-by-side figure.
//!
//! The time to compile the Rego (interpreter set-up, and the RVM program) is printed once.

/// The allocator of the `clause` binary, so that the benches measure what ships; regorus, in
/// the same process, gets the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/agreement.rs"]
mod agreement;
#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/pack.rs"]
mod pack;

use agreement::{engine, input, rvm_program, vm, Judges, Tally, ENTRY};
use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use pack::{as_of, parse, PROGRAM, TWELVE, TWELVE_INDICES};
use std::sync::LazyLock;
use std::time::Instant;

const LINES: u64 = 2000;
const SEED: u64 = 1;

static CORPUS: LazyLock<Vec<String>> = LazyLock::new(|| corpus::corpus(SEED, LINES));

/// Identical violation sets from clause, the interpreter and the RVM on every line
/// (`tests/regorus_agreement.rs` checks the same on other seeds under `cargo test`).
fn check_agreement() {
    let mut judges = Judges::new();
    let mut tally = Tally::default();
    for (i, line) in CORPUS.iter().enumerate() {
        tally.add(&format!("line {}", i + 1), &judges.judge(i, line));
    }
    tally.assert_agreement();
    let violations = tally.violations();
    assert!(violations > 0, "the corpus must violate some of the twelve rules");
    eprintln!(
        "agreement: clause, the regorus interpreter and its RVM give the same violation sets on all {LINES} subjects ({violations} violations of the {} rules)",
        TWELVE.len()
    );
}

fn main() {
    let started = Instant::now();
    let _ = black_box(engine());
    let interpreter_setup = started.elapsed();
    let started = Instant::now();
    let _ = black_box(rvm_program());
    let rvm_compile = started.elapsed();
    eprintln!(
        "compile: interpreter add_policy {:.2} ms; RVM program (parse + compile_with_entrypoint + compile_from_policy) {:.2} ms",
        interpreter_setup.as_secs_f64() * 1e3,
        rvm_compile.as_secs_f64() * 1e3
    );
    let _ = (PROGRAM.rules.len(), TWELVE_INDICES.len());
    check_agreement();
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn convert(b: Bencher) {
    b.counter(ItemsCount::new(LINES)).bench(|| {
        for line in CORPUS.iter() {
            black_box(input(black_box(line)));
        }
    });
}

#[divan::bench(sample_count = 10)]
fn interpreter(b: Bencher) {
    let mut engine = engine();
    b.counter(ItemsCount::new(LINES)).bench_local(|| {
        for line in CORPUS.iter() {
            engine.set_input(input(black_box(line)));
            black_box(engine.eval_rule(ENTRY.to_string()).ok());
        }
    });
}

#[divan::bench(sample_count = 10)]
fn rvm(b: Bencher) {
    let mut vm = vm();
    b.counter(ItemsCount::new(LINES)).bench_local(|| {
        for line in CORPUS.iter() {
            vm.set_input(input(black_box(line)));
            black_box(vm.execute().ok());
        }
    });
}

#[divan::bench(sample_count = 10)]
fn clause_12(b: Bencher) {
    b.counter(ItemsCount::new(LINES)).bench(|| {
        for (i, line) in CORPUS.iter().enumerate() {
            if let Some(facts) = parse(i, black_box(line)) {
                black_box(clause::eval::evaluate_rules(&PROGRAM, &TWELVE_INDICES, &facts, as_of()));
            }
        }
    });
}
