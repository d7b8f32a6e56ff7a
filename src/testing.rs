//! Policy test cases: compare the verdicts for a case's facts with what the case expects.
//!
//! The case files are parsed by [`facts::cases`](crate::facts::cases); the caller loads the
//! fixture files a case names (the library does no I/O) and hands over the subject's
//! [`Facts`]. Used by `clause test` (and so by `cargo test` over the bundled pack).

use crate::check::Program;
use crate::diagnostic::suggest;
use crate::eval::{self, Outcome, Verdict};
use crate::facts::cases::Case;
use crate::report::combine;
use crate::value::Facts;
use std::collections::BTreeSet;

/// One way a case's expectation was not met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// A rule or article ended in another outcome than expected.
    Outcome { key: String, expected: String, actual: Outcome, detail: String },
    /// The case names a rule or article the policy does not have.
    UnknownKey { key: String, suggestion: Option<String> },
    /// The findings' fact paths differ from the expected set.
    Findings { rule: String, expected: Vec<String>, actual: Vec<String> },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Outcome { key, expected, actual, detail } => {
                write!(f, "{key}: expected {expected}, got {}{detail}", actual.as_str())
            }
            Mismatch::UnknownKey { key, suggestion } => {
                write!(f, "{key}: no such rule or article")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Mismatch::Findings { rule, expected, actual } => {
                write!(f, "{rule}: expected findings at {expected:?}, got {actual:?}")
            }
        }
    }
}

/// The verdicts of a case, with what went wrong.
pub struct CaseRun<'p> {
    pub verdicts: Vec<Verdict<'p>>,
    pub mismatches: Vec<Mismatch>,
}

fn describe(v: &Verdict) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &v.reason {
        parts.push(r.message.en.clone().unwrap_or_default());
    }
    for f in &v.findings {
        parts.push(format!(
            "{} at {}",
            f.message.en.clone().unwrap_or_default(),
            f.path.clone().unwrap_or_default()
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

pub fn run_case<'p>(program: &'p Program, case: &Case, facts: &Facts) -> CaseRun<'p> {
    let as_of = case.as_of.map(|(d, _)| d);
    let verdicts = eval::evaluate(program, facts, as_of);
    let mut mismatches = Vec::new();
    for expectation in &case.expect {
        let key = expectation.key.trim();
        let selected: Vec<&Verdict> = if let Some(n) = key.strip_prefix("article ") {
            let number: Option<u32> = n.trim().parse().ok();
            verdicts.iter().filter(|v| Some(v.article) == number).collect()
        } else {
            verdicts.iter().filter(|v| v.rule == key).collect()
        };
        if selected.is_empty() {
            let suggestion = suggest(key, verdicts.iter().map(|v| v.rule)).map(str::to_string);
            mismatches.push(Mismatch::UnknownKey { key: key.to_string(), suggestion });
            continue;
        }
        let actual = combine(selected.iter().map(|v| v.outcome));
        if actual.as_str() != expectation.outcome {
            let detail = if selected.len() == 1 { describe(selected[0]) } else { String::new() };
            mismatches.push(Mismatch::Outcome {
                key: key.to_string(),
                expected: expectation.outcome.clone(),
                actual,
                detail,
            });
        }
    }
    for expected in &case.findings {
        let Some(v) = verdicts.iter().find(|v| v.rule == expected.rule) else {
            let suggestion = suggest(&expected.rule, verdicts.iter().map(|v| v.rule)).map(str::to_string);
            mismatches.push(Mismatch::UnknownKey { key: expected.rule.clone(), suggestion });
            continue;
        };
        let want: BTreeSet<String> = expected.paths.iter().map(|(p, _)| p.clone()).collect();
        let got: BTreeSet<String> = v.findings.iter().filter_map(|f| f.path.clone()).collect();
        if want != got {
            mismatches.push(Mismatch::Findings {
                rule: expected.rule.clone(),
                expected: want.into_iter().collect(),
                actual: got.into_iter().collect(),
            });
        }
    }
    CaseRun { verdicts, mismatches }
}

/// Which outcomes each rule was seen to reach across a set of cases, by expectation:
/// a rule counts as covered for an outcome when a case expects it by rule id and gets it.
#[derive(Debug, Default)]
pub struct Coverage {
    pub seen: BTreeSet<(String, Outcome)>,
}

impl Coverage {
    pub fn record(&mut self, case: &Case, run: &CaseRun) {
        for expectation in &case.expect {
            if let Some(v) = run.verdicts.iter().find(|v| v.rule == expectation.key.trim()) {
                if v.outcome.as_str() == expectation.outcome {
                    self.seen.insert((v.rule.to_string(), v.outcome));
                }
            }
        }
    }

    /// Rules not covered for `outcome`.
    pub fn missing(&self, program: &Program, outcome: Outcome) -> Vec<String> {
        program
            .rules
            .iter()
            .filter(|r| !self.seen.contains(&(r.qualified_id.clone(), outcome)))
            .map(|r| r.qualified_id.clone())
            .collect()
    }
}
