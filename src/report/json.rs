//! The JSON report (`--format json`), documented in `docs/output.md`. Stable: fields are
//! only added, and any incompatible change bumps [`FORMAT_VERSION`](super::FORMAT_VERSION).

use super::{gate::FailOn, AsOf, Run, SubjectReport, Summary, FORMAT_VERSION};
use crate::check::program::Bilingual;
use crate::eval::Verdict;
use crate::source::SourceMap;
use crate::syntax::ast::SeverityLevel;
use serde_json::{json, Value};

pub fn severity(s: SeverityLevel) -> &'static str {
    match s {
        SeverityLevel::Error => "error",
        SeverityLevel::Warning => "warning",
        SeverityLevel::Info => "info",
    }
}

fn bilingual(b: &Bilingual) -> Value {
    json!({ "en": b.en, "zh": b.zh })
}

/// The counts of a summary object (the run's, or one subject's without `waived` and `in_baseline`).
pub fn summary(s: &Summary, failing: usize) -> Value {
    json!({
        "satisfied": s.satisfied,
        "violated": s.violated,
        "not_applicable": s.not_applicable,
        "undetermined": s.undetermined,
        "failing": failing,
    })
}

pub fn verdict(v: &Verdict, sources: &SourceMap) -> Value {
    let findings: Vec<Value> = v
        .findings
        .iter()
        .map(|f| {
            json!({
                "message": bilingual(&f.message),
                "path": f.path,
                "value": f.value,
                "location": f.loc.map(|l| json!({ "file": sources.name(l.file), "line": l.line, "column": l.column })),
            })
        })
        .collect();
    json!({
        "rule": v.rule,
        "regulation": v.regulation,
        "article": v.article,
        "paragraph": v.paragraph,
        "item": v.item,
        "citation": { "en": v.citation.en, "zh": v.citation.zh },
        "provenance": v.provenance.map(|p| p.as_str()),
        "title": bilingual(&v.title),
        "severity": severity(v.severity),
        "outcome": v.outcome.as_str(),
        "reason": v.reason.as_ref().map(|r| json!({ "kind": r.kind.as_str(), "message": bilingual(&r.message) })),
        "findings": findings,
        "missing": v.missing,
        "waiver": v.waiver.as_ref().map(|w| json!({
            "rule": w.rule,
            "subject": w.subject,
            "reason": w.reason,
            "approved_by": w.approved_by,
            "ticket": w.ticket,
            "expires": w.expires.to_string(),
        })),
    })
}

/// One subject's part of the report: its identity, its summary and its results (all of
/// them, or with `run.only_failures` those that fail the gate). Also one line of `jsonl`.
pub fn subject(run: &Run<'_>, s: &SubjectReport, fail_on: &FailOn) -> Value {
    let failing = s.verdicts.iter().filter(|v| fail_on.fails(v)).count();
    let mut sum = summary(&Summary::of(&s.verdicts), failing);
    if let Some(map) = sum.as_object_mut() {
        map.insert("waived".into(), s.verdicts.iter().filter(|v| v.waiver.is_some()).count().into());
        map.insert("in_baseline".into(), s.verdicts.iter().filter(|v| v.in_baseline).count().into());
    }
    json!({
        "subject": { "id": s.id, "kind": s.kind, "files": s.files },
        "summary": sum,
        "results": s.verdicts.iter().filter(|v| !v.in_baseline && (!run.only_failures || fail_on.fails(v))).map(|v| {
            let mut value = verdict(v, run.sources);
            if let (Some(e), Some(map)) = (s.explanation(v.rule_index), value.as_object_mut()) {
                map.insert("explanation".into(), super::explain::json(run.sources, e)["steps"].clone());
            }
            value
        }).collect::<Vec<_>>(),
    })
}

pub fn render(run: &Run<'_>, fail_on: &FailOn, warnings: &[Value]) -> Value {
    let regulations: Vec<Value> = run
        .regulations
        .iter()
        .filter_map(|&i| run.program.regulations.get(i))
        .map(|r| {
            json!({
                "id": r.id,
                "title": bilingual(&r.title),
                "version": r.version,
                "in_force": { "from": r.in_force_from.to_string(), "until": r.in_force_until.map(|d| d.to_string()) },
                "digest": run.policy.digest,
            })
        })
        .collect();
    let mut total = Summary::default();
    let mut total_failing = 0;
    let subjects: Vec<Value> = run
        .subjects
        .iter()
        .map(|s| {
            for v in &s.verdicts {
                total.add(v.outcome);
            }
            total_failing += s.verdicts.iter().filter(|v| fail_on.fails(v)).count();
            subject(run, s, fail_on)
        })
        .collect();
    let (as_of, as_of_source) = match run.as_of {
        AsOf::None => (None, "none"),
        AsOf::Given(d) => (Some(d.to_string()), "given"),
        AsOf::Today(d) => (Some(d.to_string()), "today"),
    };
    json!({
        "format_version": FORMAT_VERSION,
        "clause_version": env!("CARGO_PKG_VERSION"),
        "policy": { "source": run.policy.source, "digest": run.policy.digest },
        "regulations": regulations,
        "as_of": as_of,
        "as_of_source": as_of_source,
        "warnings": warnings,
        "summary": summary(&total, total_failing),
        "subjects": subjects,
    })
}

/// The JSON error object printed on stdout when a run fails with exit code 2.
pub fn error(diagnostics: Vec<Value>) -> Value {
    json!({
        "format_version": FORMAT_VERSION,
        "clause_version": env!("CARGO_PKG_VERSION"),
        "error": {
            "message": "invalid input: no report was produced",
            "diagnostics": diagnostics,
        },
    })
}
