//! Issue 6's comparison (d) asks that clause and regorus find the same violations: for one
//! subject bundle, clause's outcome for each of the twelve rules, the violation sets of
//! regorus's interpreter and of its RVM bytecode on `benches/rego/cac12.rego`, and where they
//! differ, rule by rule.
//!
//! Shared through `#[path]` by `benches/regorus.rs` (which checks its corpus before timing) and
//! `tests/regorus_agreement.rs` (the same check under `cargo test`, on several seeds and on
//! hand-written edge cases). The includer declares `benches/support/pack.rs` as `mod pack` at
//! its crate root.

// Each includer uses a different part of this module.
#![allow(dead_code)]

use crate::pack::{as_of, parse, PROGRAM, TWELVE, TWELVE_INDICES};
use clause::eval::Outcome;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::Program as RvmProgram;
use regorus::rvm::vm::RegoVM;
use regorus::{Engine, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

pub const POLICY: &str = include_str!("../rego/cac12.rego");
pub const ENTRY: &str = "data.cac.violations";

/// The interpreter with the twelve rules loaded.
pub fn engine() -> Engine {
    let mut engine = Engine::new();
    if let Err(e) = engine.add_policy("cac12.rego".to_string(), POLICY.to_string()) {
        panic!("cac12.rego does not load: {e}");
    }
    engine
}

/// The twelve rules compiled to RVM bytecode, from [`ENTRY`].
pub fn rvm_program() -> Arc<RvmProgram> {
    let mut engine = engine();
    let entry: regorus::Rc<str> = ENTRY.into();
    let compiled = engine.compile_with_entrypoint(&entry).unwrap_or_else(|e| panic!("compile: {e}"));
    Compiler::compile_from_policy(&compiled, &[ENTRY]).unwrap_or_else(|e| panic!("RVM compile: {e}"))
}

pub fn vm() -> RegoVM {
    let mut vm = RegoVM::new();
    vm.load_program(rvm_program());
    vm
}

pub fn input(line: &str) -> Value {
    Value::from_json_str(line).unwrap_or_else(|e| panic!("input: {e}"))
}

/// A violations set as rule ids with the `cac-2016/` prefix (an undefined set is empty).
pub fn ids(value: &Value) -> BTreeSet<String> {
    if *value == Value::Undefined {
        return BTreeSet::new();
    }
    let json = value.to_json_str().unwrap_or_else(|e| panic!("output: {e}"));
    let list: Vec<String> = serde_json::from_str(&json).unwrap_or_else(|e| panic!("output {json}: {e}"));
    list.into_iter().map(|id| format!("cac-2016/{id}")).collect()
}

/// clause's outcome for each of the twelve rules, in [`TWELVE`]'s order, loading the line as
/// `clause check --catalog` does.
pub fn clause_outcomes(index: usize, line: &str) -> [Outcome; 12] {
    let Some(facts) = parse(index, line) else { panic!("line {} does not load in clause", index + 1) };
    let mut outcomes = [Outcome::Satisfied; 12];
    for (slot, &rule) in outcomes.iter_mut().zip(TWELVE_INDICES.iter()) {
        *slot = clause::eval::evaluate_rule(&PROGRAM, rule, &facts, as_of()).outcome;
    }
    outcomes
}

fn violated(outcomes: &[Outcome; 12]) -> BTreeSet<String> {
    TWELVE
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| **o == Outcome::Violated)
        .map(|(id, _)| id.to_string())
        .collect()
}

/// The subject's own id (`app.package_id` or `store.id`), to name it in a difference.
fn subject_id(input: &Value) -> String {
    for (kind, key) in [("app", "package_id"), ("store", "id")] {
        if let Ok(id) = input[kind][key].as_string() {
            return id.to_string();
        }
    }
    "no id".to_string()
}

/// One subject judged three ways.
pub struct Judgement {
    /// `app.package_id` or `store.id`.
    pub subject: String,
    /// In [`TWELVE`]'s order.
    pub clause: [Outcome; 12],
    pub interpreter: BTreeSet<String>,
    pub rvm: BTreeSet<String>,
}

impl Judgement {
    pub fn clause_violations(&self) -> BTreeSet<String> {
        violated(&self.clause)
    }

    /// Whether clause's outcome for `rule` (an id of [`TWELVE`]) is `outcome`.
    pub fn clause_says(&self, rule: &str, outcome: Outcome) -> bool {
        TWELVE.iter().position(|id| *id == rule).is_some_and(|i| self.clause[i] == outcome)
    }

    /// One line per rule on which the three differ: the rule, then who says what. Empty when
    /// they agree.
    pub fn differences(&self) -> Vec<String> {
        let clause = self.clause_violations();
        let mut rules: BTreeSet<&String> = clause.union(&self.interpreter).collect();
        rules.extend(self.rvm.iter());
        let says = |set: &BTreeSet<String>, rule: &String| {
            if set.contains(rule) {
                "violated"
            } else {
                "not violated"
            }
        };
        rules
            .into_iter()
            .filter(|rule| {
                let c = clause.contains(*rule);
                c != self.interpreter.contains(*rule) || c != self.rvm.contains(*rule)
            })
            .map(|rule| {
                let clause_says = match TWELVE.iter().position(|id| id == rule) {
                    Some(i) => self.clause[i].as_str().to_string(),
                    None => "not one of the twelve rules".to_string(),
                };
                format!(
                    "{rule}: clause {clause_says}, interpreter {}, RVM {}",
                    says(&self.interpreter, rule),
                    says(&self.rvm, rule)
                )
            })
            .collect()
    }
}

/// The interpreter and the VM, built once and reused across subjects as in the bench.
pub struct Judges {
    engine: Engine,
    vm: RegoVM,
}

impl Judges {
    pub fn new() -> Judges {
        Judges { engine: engine(), vm: vm() }
    }

    /// Line `index` (0-based, as clause's catalogue counts it) judged by clause and both regorus
    /// modes.
    pub fn judge(&mut self, index: usize, line: &str) -> Judgement {
        let input = input(line);
        self.engine.set_input(input.clone());
        let interpreted = self.engine.eval_rule(ENTRY.to_string()).unwrap_or_else(|e| panic!("eval: {e}"));
        self.vm.set_input(input.clone());
        let executed = self.vm.execute().unwrap_or_else(|e| panic!("execute: {e}"));
        Judgement {
            subject: subject_id(&input),
            clause: clause_outcomes(index, line),
            interpreter: ids(&interpreted),
            rvm: ids(&executed),
        }
    }
}

/// Agreement over many subjects: how often clause gave each outcome to each rule, and every
/// difference, named by subject.
#[derive(Default)]
pub struct Tally {
    pub subjects: usize,
    /// `[rule][outcome]`, rules in [`TWELVE`]'s order, outcomes in [`Outcome::ALL`]'s.
    pub outcomes: [[usize; 4]; 12],
    /// `<label> (<subject id>): <rule>: clause …, interpreter …, RVM …`
    pub differences: Vec<String>,
}

impl Tally {
    /// Counts `judgement`, labelled `label` (say `seed 2 line 17`) in its differences.
    pub fn add(&mut self, label: &str, judgement: &Judgement) {
        self.subjects += 1;
        for (counts, outcome) in self.outcomes.iter_mut().zip(judgement.clause) {
            if let Some(k) = Outcome::ALL.iter().position(|o| *o == outcome) {
                counts[k] += 1;
            }
        }
        for difference in judgement.differences() {
            self.differences.push(format!("{label} ({}): {difference}", judgement.subject));
        }
    }

    pub fn violations(&self) -> usize {
        self.outcomes.iter().map(|counts| counts[violated_slot()]).sum()
    }

    /// The rules these subjects never found violated, or never found not violated: on them the
    /// agreement proves nothing, since a rule that always (or never) fires would pass.
    pub fn unexercised(&self) -> Vec<String> {
        TWELVE
            .iter()
            .zip(&self.outcomes)
            .filter_map(|(rule, counts)| {
                let violated = counts[violated_slot()];
                let other = self.subjects - violated;
                (violated == 0 || other == 0)
                    .then(|| format!("{rule}: violated {violated} times, not violated {other} times"))
            })
            .collect()
    }

    /// A table of clause's outcomes per rule.
    pub fn table(&self) -> String {
        let mut out = format!("{:<64}", "rule");
        for outcome in Outcome::ALL {
            let _ = write!(out, " {:>13}", outcome.as_str());
        }
        for (rule, counts) in TWELVE.iter().zip(&self.outcomes) {
            let _ = write!(out, "\n{rule:<64}");
            for n in counts {
                let _ = write!(out, " {n:>13}");
            }
        }
        out
    }

    /// Panics with every difference (the first hundred) when the three disagree anywhere.
    pub fn assert_agreement(&self) {
        if self.differences.is_empty() {
            return;
        }
        let shown: Vec<&str> = self.differences.iter().take(100).map(String::as_str).collect();
        panic!(
            "clause and regorus differ on {} rule verdicts of {} subjects:\n{}{}",
            self.differences.len(),
            self.subjects,
            shown.join("\n"),
            if self.differences.len() > shown.len() { "\n…" } else { "" }
        );
    }
}

fn violated_slot() -> usize {
    Outcome::ALL.iter().position(|o| *o == Outcome::Violated).unwrap_or(1)
}
