//! The JSON report (`--format json`), documented in `docs/output.md`. Stable: fields are
//! only added, and any incompatible change bumps [`FORMAT_VERSION`](super::FORMAT_VERSION).
//!
//! A subject's part (one line of `jsonl`, streamed for every subject of a catalogue) is
//! serialised straight from the verdicts by [`SubjectJson`], without building a
//! `serde_json::Value` tree first; [`subject`] gives the same as a value for the writers that
//! need one. Both write the fields in the same order.
//!
//! Everything is grouped by regulation as well as counted in total: the run's `regulations`
//! carry their summaries, and each subject its `regulations` with theirs. JSON Lines frames the
//! subjects' lines with a [`lines_header`] (what the JSON report begins with) and a
//! [`lines_footer`] (the counts, known at the end), so that a catalogue streams it too.

use super::{gate::FailOn, AsOf, ByRegulation, Run, SubjectReport, Summary, Tally, FORMAT_VERSION};
use crate::check::program::Bilingual;
use crate::eval::Verdict;
use crate::source::SourceMap;
use crate::syntax::ast::SeverityLevel;
use serde::ser::{Serialize, SerializeMap, Serializer};
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

/// The run's regulations (`regulations[]`): what each is, whether it is in force on the as-of
/// date, how many rules it has, and, when `counts` are given, its summary over every subject.
pub fn regulations(run: &Run<'_>, counts: Option<&ByRegulation>) -> Value {
    run.evaluated()
        .map(|(index, r)| {
            let mut entry = json!({
                "id": r.id,
                "title": bilingual(&r.title),
                "version": run.program.regulation_version(r),
                "pack": r.pack,
                "in_force_from": r.in_force_from.to_string(),
                "in_force_until": r.in_force_until.map(|d| d.to_string()),
                "in_force_on_as_of": run.in_force(r),
                "digest": run.policy.digest,
                "rules": run.rules_of(index),
            });
            if let (Some(counts), Some(map)) = (counts, entry.as_object_mut()) {
                let t = counts.get(index);
                map.insert("summary".into(), summary(&t.summary, t.failing));
            }
            entry
        })
        .collect()
}

/// The run's identity, as the JSON report begins: versions, policy, regulations, as-of date.
fn identity(run: &Run<'_>, regulations: Value) -> Value {
    let (as_of, as_of_source) = match run.as_of {
        AsOf::None => (None, "none"),
        AsOf::Given(d) => (Some(d.to_string()), "given"),
        AsOf::Today(d) => (Some(d.to_string()), "today"),
    };
    json!({
        "format_version": FORMAT_VERSION,
        "clause_version": env!("CARGO_PKG_VERSION"),
        "policy": run.policy.json(),
        "regulations": regulations,
        "as_of": as_of,
        "as_of_source": as_of_source,
    })
}

/// The whole JSON Lines report (`--format jsonl`): a [`lines_header`], a [`subject_line`] per
/// subject, a [`lines_footer`].
pub fn lines(run: &Run<'_>, fail_on: &FailOn) -> String {
    let mut out = lines_header(run).into_bytes();
    let mut counts = ByRegulation::default();
    for s in &run.subjects {
        subject_line(run, s, fail_on, &mut out);
        counts.merge(&ByRegulation::of(run.program, &s.verdicts, fail_on));
    }
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push_str(&lines_footer(run, run.subjects.len(), &counts, None));
    text
}

/// The first line of JSON Lines: `{"header": …}` with the fields the JSON report begins with
/// (the regulations without their counts, which are in the footer).
pub fn lines_header(run: &Run<'_>) -> String {
    let header = json!({ "header": identity(run, regulations(run, None)) });
    serde_json::to_string(&header).unwrap_or_default() + "\n"
}

/// The last line of JSON Lines: `{"footer": …}` with the number of subjects, the run's summary
/// and each regulation's; from a catalogue, the lines that could not be loaded too.
pub fn lines_footer(
    run: &Run<'_>,
    subjects: usize,
    counts: &ByRegulation,
    invalid_lines: Option<usize>,
) -> String {
    let total = counts.total();
    let per_regulation: Vec<Value> = run
        .evaluated()
        .map(|(index, r)| {
            let t = counts.get(index);
            json!({ "id": r.id, "summary": summary(&t.summary, t.failing) })
        })
        .collect();
    let mut footer = json!({
        "subjects": subjects,
        "summary": summary(&total.summary, total.failing),
        "regulations": per_regulation,
    });
    if let (Some(n), Some(map)) = (invalid_lines, footer.as_object_mut()) {
        map.insert("invalid_lines".into(), n.into());
    }
    serde_json::to_string(&json!({ "footer": footer })).unwrap_or_default() + "\n"
}

/// One result of the report.
pub fn verdict(v: &Verdict, sources: &SourceMap) -> Value {
    serde_json::to_value(VerdictJson { v, sources, explanation: None }).unwrap_or(Value::Null)
}

/// One subject's part of the report: its identity, its summary and its results (all of
/// them, or with `run.only_failures` those that fail the gate). Also one line of `jsonl`.
pub fn subject(run: &Run<'_>, s: &SubjectReport, fail_on: &FailOn) -> Value {
    serde_json::to_value(SubjectJson::new(run, s, fail_on)).unwrap_or(Value::Null)
}

/// One line of `jsonl` appended to `out` (with its line break): what
/// `serde_json::to_string(&subject(run, s, fail_on))` gives, byte for byte, at a fraction of
/// the cost.
pub fn subject_line(run: &Run<'_>, s: &SubjectReport, fail_on: &FailOn, out: &mut Vec<u8>) {
    if serde_json::to_writer(&mut *out, &SubjectJson::new(run, s, fail_on)).is_ok() {
        out.push(b'\n');
    }
}

/// A subject's part of the report, serialised as [`subject`] describes without an intermediate
/// `Value`: `serde_json::to_string(&SubjectJson::new(…))` or `to_writer`.
pub struct SubjectJson<'r> {
    run: &'r Run<'r>,
    subject: &'r SubjectReport<'r>,
    fail_on: &'r FailOn,
}

impl<'r> SubjectJson<'r> {
    pub fn new(run: &'r Run<'r>, subject: &'r SubjectReport, fail_on: &'r FailOn) -> SubjectJson<'r> {
        SubjectJson { run, subject, fail_on }
    }
}

impl Serialize for SubjectJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (s, fail_on, sources) = (self.subject, self.fail_on, self.run.sources);
        let counts = ByRegulation::of(self.run.program, &s.verdicts, fail_on);
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("subject", &Identity { id: &s.id, kind: &s.kind, files: &s.files })?;
        map.serialize_entry("summary", &SubjectSummary(counts.total()))?;
        let per_regulation = self
            .run
            .evaluated()
            .map(|(index, r)| RegulationSummary { id: &r.id, summary: SubjectSummary(counts.get(index)) });
        map.serialize_entry("regulations", &Seq(std::cell::Cell::new(Some(per_regulation))))?;
        let only_failures = self.run.only_failures;
        let results = s
            .verdicts
            .iter()
            .filter(|v| !v.in_baseline && (!only_failures || fail_on.fails(v)))
            .map(|v| VerdictJson { v, sources, explanation: s.explanation(v.rule_index) });
        map.serialize_entry("results", &Seq(std::cell::Cell::new(Some(results))))?;
        map.end()
    }
}

/// An iterator serialised as a JSON array (once).
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => serializer.collect_seq(items),
            None => serializer.collect_seq(std::iter::empty::<T>()),
        }
    }
}

#[derive(serde::Serialize)]
struct Identity<'a> {
    id: &'a str,
    kind: &'a str,
    files: &'a [String],
}

/// A subject's summary, or one regulation's part of it: the counts and `failing`, `waived`,
/// `in_baseline`.
struct SubjectSummary(Tally);

impl Serialize for SubjectSummary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (c, t) = (&self.0.summary, &self.0);
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry("satisfied", &c.satisfied)?;
        map.serialize_entry("violated", &c.violated)?;
        map.serialize_entry("not_applicable", &c.not_applicable)?;
        map.serialize_entry("undetermined", &c.undetermined)?;
        map.serialize_entry("failing", &t.failing)?;
        map.serialize_entry("waived", &t.waived)?;
        map.serialize_entry("in_baseline", &t.in_baseline)?;
        map.end()
    }
}

/// One entry of a subject's `regulations`.
#[derive(serde::Serialize)]
struct RegulationSummary<'a> {
    id: &'a str,
    summary: SubjectSummary,
}

#[derive(serde::Serialize)]
struct Text<'a> {
    en: &'a Option<String>,
    zh: &'a Option<String>,
}

impl<'a> From<&'a Bilingual> for Text<'a> {
    fn from(b: &'a Bilingual) -> Text<'a> {
        Text { en: &b.en, zh: &b.zh }
    }
}

struct VerdictJson<'a> {
    v: &'a Verdict<'a>,
    sources: &'a SourceMap,
    explanation: Option<&'a crate::eval::trace::Explanation<'a>>,
}

impl Serialize for VerdictJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Citation<'a> {
            en: &'a str,
            zh: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Reason<'a> {
            kind: &'static str,
            message: Text<'a>,
        }
        #[derive(serde::Serialize)]
        struct Location<'a> {
            file: &'a str,
            line: u32,
            column: u32,
        }
        #[derive(serde::Serialize)]
        struct Finding<'a> {
            message: Text<'a>,
            path: &'a Option<String>,
            value: &'a Option<Value>,
            location: Option<Location<'a>>,
        }
        #[derive(serde::Serialize)]
        struct Waiver<'a> {
            rule: &'a str,
            subject: &'a Option<String>,
            reason: &'a str,
            approved_by: &'a Option<String>,
            ticket: &'a Option<String>,
            expires: String,
        }
        let (v, sources) = (self.v, self.sources);
        let findings = v.findings.iter().map(|f| Finding {
            message: (&f.message).into(),
            path: &f.path,
            value: &f.value,
            location: f.loc.map(|l| Location { file: sources.name(l.file), line: l.line, column: l.column }),
        });
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("rule", &v.rule)?;
        map.serialize_entry("regulation", &v.regulation)?;
        map.serialize_entry("article", &v.article)?;
        map.serialize_entry("paragraph", &v.paragraph)?;
        map.serialize_entry("item", &v.item)?;
        map.serialize_entry("citation", &Citation { en: &v.citation.en, zh: &v.citation.zh })?;
        map.serialize_entry("provenance", &v.provenance.map(|p| p.as_str()))?;
        map.serialize_entry("title", &Text::from(v.title))?;
        map.serialize_entry("severity", severity(v.severity))?;
        map.serialize_entry("outcome", v.outcome.as_str())?;
        let reason =
            v.reason.as_ref().map(|r| Reason { kind: r.kind.as_str(), message: (&*r.message).into() });
        map.serialize_entry("reason", &reason)?;
        map.serialize_entry("findings", &Seq(std::cell::Cell::new(Some(findings))))?;
        map.serialize_entry("missing", &v.missing)?;
        let waiver = v.waiver.as_ref().map(|w| Waiver {
            rule: &w.rule,
            subject: &w.subject,
            reason: &w.reason,
            approved_by: &w.approved_by,
            ticket: &w.ticket,
            expires: w.expires.to_string(),
        });
        map.serialize_entry("waiver", &waiver)?;
        if let Some(e) = self.explanation {
            map.serialize_entry("explanation", &super::explain::json(sources, e)["steps"])?;
        }
        map.end()
    }
}

pub fn render(run: &Run<'_>, fail_on: &FailOn, warnings: &[Value]) -> Value {
    let mut counts = ByRegulation::default();
    let subjects: Vec<Value> = run
        .subjects
        .iter()
        .map(|s| {
            counts.merge(&ByRegulation::of(run.program, &s.verdicts, fail_on));
            subject(run, s, fail_on)
        })
        .collect();
    let total = counts.total();
    let mut doc = identity(run, regulations(run, Some(&counts)));
    if let Some(map) = doc.as_object_mut() {
        map.insert("warnings".into(), Value::Array(warnings.to_vec()));
        map.insert("summary".into(), summary(&total.summary, total.failing));
        map.insert("subjects".into(), Value::Array(subjects));
    }
    doc
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
