//! Issue 6's comparison (d): regorus 0.14 evaluating a Rego encoding of the twelve rules
//! (`benches/rego/cac12.rego`) on the same generated corpus as `benches/eval.rs`
//! (`cargo bench --bench regorus`).
//!
//! Before timing anything, `main` checks that regorus's interpreter, its RVM bytecode and
//! clause give the same violation set for every subject of the corpus, and stops if they do
//! not. The groups, all per pass of [`LINES`] subjects on one thread:
//!
//! - `convert`: `regorus::Value::from_json_str` on each line, the input conversion alone;
//! - `interpreter`: conversion, then `Engine::set_input` and `eval_rule` (engine reused);
//! - `rvm`: conversion, then `RegoVM::set_input` and `execute` (VM and program reused);
//! - `clause_12`: clause loading the line and evaluating the same twelve rules, as in
//!   `eval`'s `parse_eval_12`, for the side-by-side figure.
//!
//! The time to compile the Rego (interpreter set-up, and the RVM program) is printed once.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/pack.rs"]
mod pack;

use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use pack::{as_of, parse, PROGRAM, TWELVE, TWELVE_INDICES};
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::Program as RvmProgram;
use regorus::rvm::vm::RegoVM;
use regorus::{Engine, Value};
use std::collections::BTreeSet;
use std::sync::{Arc, LazyLock};
use std::time::Instant;

const LINES: u64 = 2000;
const SEED: u64 = 1;
const POLICY: &str = include_str!("rego/cac12.rego");
const ENTRY: &str = "data.cac.violations";

static CORPUS: LazyLock<Vec<String>> = LazyLock::new(|| corpus::corpus(SEED, LINES));

fn engine() -> Engine {
    let mut engine = Engine::new();
    if let Err(e) = engine.add_policy("cac12.rego".to_string(), POLICY.to_string()) {
        panic!("cac12.rego does not load: {e}");
    }
    engine
}

fn rvm_program() -> Arc<RvmProgram> {
    let mut engine = engine();
    let entry: regorus::Rc<str> = ENTRY.into();
    let compiled = engine.compile_with_entrypoint(&entry).unwrap_or_else(|e| panic!("compile: {e}"));
    Compiler::compile_from_policy(&compiled, &[ENTRY]).unwrap_or_else(|e| panic!("RVM compile: {e}"))
}

fn vm() -> RegoVM {
    let mut vm = RegoVM::new();
    vm.load_program(rvm_program());
    vm
}

fn input(line: &str) -> Value {
    Value::from_json_str(line).unwrap_or_else(|e| panic!("input: {e}"))
}

/// A violations set as rule ids with the `cac-2016/` prefix (an undefined set is empty).
fn ids(value: &Value) -> BTreeSet<String> {
    if *value == Value::Undefined {
        return BTreeSet::new();
    }
    let json = value.to_json_str().unwrap_or_else(|e| panic!("output: {e}"));
    let list: Vec<String> = serde_json::from_str(&json).unwrap_or_else(|e| panic!("output {json}: {e}"));
    list.into_iter().map(|id| format!("cac-2016/{id}")).collect()
}

fn clause_ids(index: usize, line: &str) -> BTreeSet<String> {
    let Some(facts) = parse(index, line) else { panic!("line {index} does not load") };
    TWELVE_INDICES
        .iter()
        .map(|&rule| clause::eval::evaluate_rule(&PROGRAM, rule, &facts, as_of()))
        .filter(|v| v.outcome == clause::eval::Outcome::Violated)
        .map(|v| v.rule)
        .collect()
}

/// Identical violation sets from clause, the interpreter and the RVM on every line.
fn check_agreement() {
    let mut engine = engine();
    let mut vm = vm();
    let mut violations = 0usize;
    for (i, line) in CORPUS.iter().enumerate() {
        let expected = clause_ids(i, line);
        engine.set_input(input(line));
        let interpreted = ids(&engine.eval_rule(ENTRY.to_string()).unwrap_or_else(|e| panic!("eval: {e}")));
        vm.set_input(input(line));
        let bytecode = ids(&vm.execute().unwrap_or_else(|e| panic!("execute: {e}")));
        assert_eq!(interpreted, expected, "interpreter and clause differ on line {}", i + 1);
        assert_eq!(bytecode, expected, "RVM and clause differ on line {}", i + 1);
        violations += expected.len();
    }
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
                for &rule in TWELVE_INDICES.iter() {
                    black_box(clause::eval::evaluate_rule(&PROGRAM, rule, &facts, as_of()));
                }
            }
        }
    });
}
