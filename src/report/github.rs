//! GitHub Actions workflow annotations (`--format github`): one `::error`, `::warning` or
//! `::notice` line (by the rule's severity) per verdict that fails the gate, pointing at the
//! facts file, line and column of its first finding and listing every finding (its title names
//! the regulation in the citation); then a summary `::notice`, with a line per regulation when
//! there are several. One per result rather than per finding, so the few annotations GitHub shows
//! cover as many failing rules as they can.
//!
//! GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per
//! job); the rest are dropped silently. So at most [`PER_LEVEL`] annotations of each level are
//! written — notices keep two places for this writer's own summaries — and when more failures
//! exist a `::notice` says how many were left out and where the full report is. Limits as
//! documented in actions/toolkit, docs/problem-matchers.md ("Limitations"). The writer is a
//! state machine over subjects in order ([`Annotations`]), so a catalogue streams through it
//! in flat memory; a catalogue line that cannot be loaded is an `::error` within the same limit.
//!
//! Escaping as in actions/toolkit, packages/core/src/command.ts: `%`, CR and LF are
//! percent-encoded in the message; a property value also has `:` and `,` encoded. Each
//! annotation is therefore one line, whatever the facts contain.

use super::{gate::FailOn, ByRegulation, Run, SubjectReport, Summary, Tally};
use crate::check::program::Bilingual;
use crate::eval::Verdict;
use crate::syntax::ast::SeverityLevel;
use std::fmt::Write as _;

/// The annotations of one level GitHub shows per step.
pub const PER_LEVEL: usize = 10;
/// Notices kept for the writer's own: the "more failures" notice and the final summary.
const OWN_NOTICES: usize = 2;

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The whole output.
pub fn render(run: &Run<'_>, fail_on: &FailOn) -> String {
    let mut writer = Annotations::default();
    let mut out = String::new();
    for subject in &run.subjects {
        out.push_str(&writer.subject(run, subject, fail_on));
    }
    out.push_str(&writer.footer(run));
    out
}

/// The streaming writer: feed it subjects in order, then take the footer.
#[derive(Debug, Default)]
pub struct Annotations {
    /// Annotations written, per level: error, warning, notice.
    written: [usize; 3],
    /// Annotations left out over the limits, per level.
    left_out: [usize; 3],
    subjects: usize,
    total: Summary,
    failing: usize,
    /// The counts per regulation, for the summary notice.
    by_regulation: ByRegulation,
    /// Catalogue lines that could not be loaded, and how many of them were not annotated.
    invalid: usize,
    invalid_left_out: usize,
}

fn level(s: SeverityLevel) -> (usize, &'static str) {
    match s {
        SeverityLevel::Error => (0, "error"),
        SeverityLevel::Warning => (1, "warning"),
        SeverityLevel::Info => (2, "notice"),
    }
}

fn limit(level: usize) -> usize {
    if level == 2 {
        PER_LEVEL - OWN_NOTICES
    } else {
        PER_LEVEL
    }
}

fn pick(b: &Bilingual) -> &str {
    b.en.as_deref().or(b.zh.as_deref()).unwrap_or("")
}

impl Annotations {
    /// The annotations for one subject's failing verdicts.
    pub fn subject(&mut self, run: &Run<'_>, subject: &SubjectReport, fail_on: &FailOn) -> String {
        let mut out = String::new();
        self.subjects += 1;
        self.by_regulation.merge(&ByRegulation::of(run.program, &subject.verdicts, fail_on));
        for v in &subject.verdicts {
            self.total.add(v.outcome);
            if !fail_on.fails(v) {
                continue;
            }
            self.failing += 1;
            let (index, command) = level(v.severity);
            if self.written[index] >= limit(index) {
                self.left_out[index] += 1;
                continue;
            }
            self.written[index] += 1;
            let a = annotation(run, subject, v);
            let mut props = Vec::new();
            if let Some(file) = &a.file {
                props.push(format!("file={}", escape_property(file)));
            }
            if let Some(line) = a.line {
                props.push(format!("line={line}"));
            }
            if let Some(col) = a.col {
                props.push(format!("col={col}"));
            }
            let title = format!("{} ({}): {}", v.citation.en, v.outcome.as_str(), v.rule);
            props.push(format!("title={}", escape_property(&title)));
            let _ = writeln!(out, "::{command} {}::{}", props.join(","), escape_data(&a.message));
        }
        out
    }

    /// A catalogue line that could not be loaded: an `::error` at the line (within the limit
    /// of errors), counted in the summary.
    pub fn invalid_line(&mut self, file: &str, line: usize, message: &str) -> String {
        self.invalid += 1;
        if self.written[0] >= limit(0) {
            self.invalid_left_out += 1;
            return String::new();
        }
        self.written[0] += 1;
        format!(
            "::error file={},line={line},title=clause%3A invalid catalogue line::{}\n",
            escape_property(file),
            escape_data(message)
        )
    }

    /// The "more failures" notice, if any were left out, and the summary notice (with several
    /// regulations, a line for each: whether it is in force, its counts).
    pub fn footer(&self, run: &Run<'_>) -> String {
        let mut out = String::new();
        let left_out: usize = self.left_out.iter().sum();
        if left_out > 0 || self.invalid_left_out > 0 {
            let levels: Vec<String> = ["error", "warning", "notice"]
                .iter()
                .zip(self.left_out)
                .filter(|(_, n)| *n > 0)
                .map(|(name, n)| format!("{n} {name}"))
                .collect();
            let what = match (left_out, self.invalid_left_out) {
                (n, 0) => format!("{n} more failing results were not annotated ({})", levels.join(", ")),
                (0, k) => format!("{k} more invalid catalogue lines were not annotated"),
                (n, k) => format!(
                    "{n} more failing results ({}) and {k} more invalid catalogue lines were not annotated",
                    levels.join(", ")
                ),
            };
            let message = format!(
                "clause: {what}: GitHub shows at most {PER_LEVEL} annotations of each level per step. See the full report: clause check --format json, sarif or junit (or several at once with --output FORMAT=FILE).",
            );
            let _ =
                writeln!(out, "::notice title=clause%3A annotations truncated::{}", escape_data(&message));
        }
        let s = &self.total;
        let mut message = format!(
            "clause: {} subject{}: {} satisfied, {} violated, {} not applicable, {} undetermined; {} failing",
            self.subjects,
            if self.subjects == 1 { "" } else { "s" },
            s.satisfied,
            s.violated,
            s.not_applicable,
            s.undetermined,
            self.failing
        );
        if self.invalid > 0 {
            message.push_str(&format!(
                "; {} catalogue line{} could not be read",
                self.invalid,
                if self.invalid == 1 { "" } else { "s" }
            ));
        }
        if run.regulations.len() > 1 {
            for (index, reg) in run.evaluated() {
                let Tally { summary: s, failing, .. } = self.by_regulation.get(index);
                let status = super::text::status(run, reg, crate::syntax::ast::Lang::En);
                message.push_str(&format!(
                    "\n{} ({status}): {} satisfied, {} violated, {} not applicable, {} undetermined; {failing} failing",
                    reg.id, s.satisfied, s.violated, s.not_applicable, s.undetermined
                ));
            }
        }
        let _ = writeln!(out, "::notice title=clause summary::{}", escape_data(&message));
        out
    }
}

/// A failing result's annotation: at its first finding's fact (else at the subject's first
/// file), with every finding — and, past the first, where each is — in the message.
fn annotation(run: &Run<'_>, subject: &SubjectReport, v: &Verdict) -> Annotation {
    let mut lines = Vec::new();
    for (i, f) in v.findings.iter().enumerate() {
        let mut line = pick(&f.message).to_string();
        if let Some(p) = &f.path {
            line.push_str(&format!(" (at {p}"));
            if let Some(value) = &f.value {
                line.push_str(&format!(" = {value}"));
            }
            line.push(')');
        }
        if let (true, Some(loc)) = (i > 0, f.loc) {
            line.push_str(&format!(" {}:{}:{}", run.sources.name(loc.file), loc.line, loc.column));
        }
        lines.push(line);
    }
    if v.findings.is_empty() {
        let title = pick(v.title);
        lines.push(match &v.reason {
            _ if !v.missing.is_empty() => format!("{title}: facts missing: {}", v.missing.join(", ")),
            Some(r) => format!("{title}: {}", pick(&r.message)),
            None => title.to_string(),
        });
    }
    lines.push(format!("{} / {}; subject {} ({})", v.citation.en, v.citation.zh, subject.id, subject.kind));
    let at = v.findings.iter().find_map(|f| f.loc);
    // Without a located finding: the subject's first file, or its line of a catalogue.
    let fallback = subject.files.first().map(|f| super::sarif::catalogue_line(f));
    Annotation {
        file: at
            .map(|l| run.sources.name(l.file).to_string())
            .or_else(|| fallback.map(|(f, _)| f.to_string())),
        line: at.map(|l| l.line).or_else(|| fallback.and_then(|(_, line)| line)),
        col: at.map(|l| l.column),
        message: lines.join("\n"),
    }
}

struct Annotation {
    file: Option<String>,
    line: Option<u32>,
    col: Option<u32>,
    message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\nd"), "50%25 a%3Ab%2Cc%0Ad");
    }
}
