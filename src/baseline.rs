//! Baselines: a previous JSON report, so a run shows only the failures that are new.
//!
//! A failure is identified by the subject's id, the rule and the fact paths its findings name
//! (not by line numbers, which move with every edit). A current failure with the same
//! identity in the baseline is marked `in_baseline`: it is left out of the lists and does not
//! fail the run.

use crate::diagnostic::Diagnostic;
use crate::eval::{Outcome, Verdict};
use std::collections::BTreeSet;

/// (subject id, rule id, finding paths sorted)
type Key = (String, String, Vec<String>);

#[derive(Debug, Default)]
pub struct Baseline {
    failures: BTreeSet<Key>,
}

fn is_failure(outcome: &str) -> bool {
    outcome == Outcome::Violated.as_str() || outcome == Outcome::Undetermined.as_str()
}

impl Baseline {
    /// Reads a JSON report written by `clause check --format json` (or `jsonl`: one subject per
    /// line, and a header and a footer line, which are skipped).
    pub fn parse(text: &str) -> Result<Baseline, Diagnostic> {
        let bad = |why: String| {
            Diagnostic::error("E0006", format!("the baseline is not a clause JSON report: {why}"))
                .help("write one with `clause check --format json --output json=baseline.json …`")
        };
        let subjects: Vec<serde_json::Value> = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(report) => report
                .get("subjects")
                .and_then(|s| s.as_array())
                .cloned()
                .ok_or_else(|| bad("it has no `subjects`".into()))?,
            // JSON Lines: one subject object per line, between a header and a footer line.
            Err(_) => text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str::<serde_json::Value>(l).map_err(|e| bad(e.to_string())))
                .filter(|line| {
                    !line.as_ref().is_ok_and(|l| l.get("header").is_some() || l.get("footer").is_some())
                })
                .collect::<Result<_, _>>()?,
        };
        let mut failures = BTreeSet::new();
        for s in &subjects {
            let id = s["subject"]["id"].as_str().unwrap_or_default().to_string();
            for r in s["results"].as_array().into_iter().flatten() {
                if !r["outcome"].as_str().is_some_and(is_failure) {
                    continue;
                }
                let mut paths: Vec<String> = r["findings"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| f["path"].as_str().map(str::to_string))
                    .collect();
                paths.sort();
                failures.insert((id.clone(), r["rule"].as_str().unwrap_or_default().to_string(), paths));
            }
        }
        Ok(Baseline { failures })
    }

    /// Marks the verdicts whose failure was already in the baseline.
    pub fn mark(&self, subject: &str, verdicts: &mut [Verdict]) {
        for v in verdicts.iter_mut() {
            if !is_failure(v.outcome.as_str()) {
                continue;
            }
            let mut paths: Vec<String> = v.findings.iter().filter_map(|f| f.path.clone()).collect();
            paths.sort();
            v.in_baseline = self.failures.contains(&(subject.to_string(), v.rule.to_string(), paths));
        }
    }

    pub fn len(&self) -> usize {
        self.failures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }
}
