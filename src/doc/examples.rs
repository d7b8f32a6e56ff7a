//! Worked examples from the policy's own test cases: for each rule, a case that expects it
//! satisfied and one that expects it violated (the first of each, in file and line order),
//! re-evaluated with tracing so the page can show the facts that decided them. A case whose
//! outcome no longer matches what it expects is not used: `clause test` reports it.

use crate::check::program::{Bilingual, Program};
use crate::eval::trace::{Explanation, TraceNode};
use crate::eval::{explain_rule, Outcome};
use crate::facts::cases::Case;
use crate::syntax::ast::Lang;
use crate::time::Date;
use crate::value::Facts;
use std::collections::BTreeMap;

/// A policy test case and its subject's facts (fixtures merged, inline facts laid over),
/// loaded by the caller.
#[derive(Debug, Clone)]
pub struct CaseInput {
    /// The case file, as the site names it: `tests/art-07-6-logs.yaml`.
    pub file: String,
    pub case: Case,
    pub facts: Facts,
}

/// One case, decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub file: String,
    pub line: u32,
    pub name: String,
    pub as_of: Option<Date>,
    pub outcome: Outcome,
    /// Concrete fact paths read while deciding, with their values (as the explanation
    /// writes them), in the order read.
    pub facts: Vec<(String, String)>,
    /// Facts read beyond those kept in `facts`.
    pub more_facts: usize,
    /// For a violation: each finding's message and the fact path it names.
    pub findings: Vec<(Bilingual, Option<String>)>,
}

/// What the test cases say about one rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleCases {
    /// How many cases expect an outcome of this rule, by the outcome expected.
    pub expected: BTreeMap<Outcome, usize>,
    pub passing: Option<Example>,
    pub failing: Option<Example>,
}

impl RuleCases {
    pub fn total(&self) -> usize {
        self.expected.values().sum()
    }
}

/// The cases of every rule that has any, by qualified rule id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Examples {
    pub rules: BTreeMap<String, RuleCases>,
}

/// How many deciding facts an example lists.
const MAX_FACTS: usize = 10;

impl Examples {
    pub fn build(program: &Program, inputs: &[CaseInput]) -> Examples {
        let index: BTreeMap<&str, usize> =
            program.rules.iter().enumerate().map(|(i, r)| (r.qualified_id.as_str(), i)).collect();
        let mut order: Vec<&CaseInput> = inputs.iter().collect();
        order.sort_by(|a, b| (&a.file, a.case.line).cmp(&(&b.file, b.case.line)));
        let mut examples = Examples::default();
        for input in order {
            for expectation in &input.case.expect {
                let key = expectation.key.trim();
                let (Some(&rule), Some(expected)) = (index.get(key), Outcome::parse(&expectation.outcome))
                else {
                    continue;
                };
                let entry = examples.rules.entry(key.to_string()).or_default();
                *entry.expected.entry(expected).or_default() += 1;
                let slot = match expected {
                    Outcome::Satisfied => &mut entry.passing,
                    Outcome::Violated => &mut entry.failing,
                    Outcome::NotApplicable | Outcome::Undetermined => continue,
                };
                if slot.is_none() {
                    let as_of = input.case.as_of.map(|(d, _)| d);
                    let explanation = explain_rule(program, rule, &input.facts, as_of);
                    if explanation.verdict.outcome == expected {
                        *slot = Some(example(input, as_of, &explanation));
                    }
                }
            }
        }
        examples
    }
}

fn example(input: &CaseInput, as_of: Option<Date>, e: &Explanation) -> Example {
    let finding_paths: Vec<&str> = e.verdict.findings.iter().filter_map(|f| f.path.as_deref()).collect();
    let mut read: Vec<(String, String)> = Vec::new();
    for step in &e.steps {
        let wanted = match step.label.as_str() {
            "when" | "require" => true,
            label => match label.strip_prefix("element ") {
                // A violation is decided by its failing elements; a pass by all of them.
                Some(element) => finding_paths.is_empty() || finding_paths.contains(&element),
                None => false,
            },
        };
        if wanted {
            for node in &step.nodes {
                facts_of(node, &mut read);
            }
        }
    }
    // A list whose elements are shown is left out: its elements say more.
    let listed: Vec<String> = read.iter().map(|(p, _)| p.clone()).collect();
    read.retain(|(p, _)| {
        !listed
            .iter()
            .any(|o| o.len() > p.len() && o.starts_with(p.as_str()) && o[p.len()..].starts_with('['))
    });
    let more_facts = read.len().saturating_sub(MAX_FACTS);
    read.truncate(MAX_FACTS);
    Example {
        file: input.file.clone(),
        line: input.case.line,
        name: input.case.name.clone(),
        as_of,
        outcome: e.verdict.outcome,
        facts: read,
        more_facts,
        findings: e.verdict.findings.iter().map(|f| (f.message.clone(), f.path.clone())).collect(),
    }
}

/// The facts a trace read, depth first: nodes that read a fact and found a value that is not
/// a whole record.
fn facts_of(node: &TraceNode, out: &mut Vec<(String, String)>) {
    if let Some(path) = &node.path {
        let whole_record = node.result == "(a record)";
        if !whole_record && !out.iter().any(|(p, _)| p == path) {
            out.push((path.clone(), node.result.clone()));
        }
    }
    for child in &node.children {
        facts_of(child, out);
    }
}

/// A value as the explanation wrote it, in the page's language.
pub fn value(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    match text {
        "true" => "是".to_string(),
        "false" => "否".to_string(),
        "unknown" => "未知".to_string(),
        "none" => "无".to_string(),
        other => {
            let days = other.strip_suffix(" days").or_else(|| other.strip_suffix(" day"));
            match days.and_then(|d| d.parse::<i64>().ok()) {
                Some(n) => crate::time::days_zh(n),
                None => other.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_chinese() {
        assert_eq!(value("true", Lang::Zh), "是");
        assert_eq!(value("60 days", Lang::Zh), "六十日");
        assert_eq!(value("1 day", Lang::Zh), "一日");
        assert_eq!(value("camera", Lang::Zh), "camera");
        assert_eq!(value("60 days", Lang::En), "60 days");
    }
}
