//! The JUnit XML report (`--format junit`), in the dialect Jenkins, GitLab and GitHub test
//! reporters read: a `<testsuite>` per subject and regulation, named `subject / regulation`,
//! a `<testcase>` per rule (classname `regulation.ArtN`).
//!
//! One suite per subject and regulation rather than one per regulation holding every subject:
//! a suite's counts come before its cases, so a suite per regulation could not be written until
//! the last subject of a catalogue had been read, while these are written subject by subject.
//! The readers show suites as the top level (GitLab's and GitHub's test reporters list them with
//! their counts; Jenkins groups the cases by classname, which names the regulation and
//! article), so each regulation's passes and failures for each subject are one row; a
//! regulation not in force is a suite of skipped cases.
//!
//! A rule that fails the gate ([`FailOn::fails`]) is a `<failure>` whose `type` is its outcome
//! and whose text carries the citation (English and Chinese) and every finding (message, fact
//! path, value, `file:line:col`) or the missing facts; a `not_applicable` rule is `<skipped>`;
//! anything else passes, and a violation that does not fail the gate (a warning rule under the
//! default gate) is reported in the passing case's `<system-out>`. Only a catalogue line that
//! could not be loaded is an `<error>` ([`invalid_line`]): elsewhere a run that cannot evaluate
//! produces no report. With
//! `run.only_failures` only the failing cases are written; the counts, like every summary,
//! still count every result.
//!
//! Written by hand rather than with `quick-junit`: that crate builds the whole report in memory
//! before serialising it, while this writer is made of a header, one piece per subject and a
//! footer so that a catalogue can be streamed subject by subject; and the XML needed is a few
//! elements and one escaping function.

use super::{gate::FailOn, AsOf, Run, SubjectReport};
use crate::check::program::Bilingual;
use crate::eval::{Finding, Outcome, Verdict};
use crate::source::SourceMap;
use std::fmt::Write as _;

/// The counts on `<testsuites>` (and, per subject, on `<testsuite>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Test cases: one per rule per subject.
    pub tests: usize,
    /// Verdicts that fail the gate.
    pub failures: usize,
    /// Not-applicable verdicts that do not fail the gate.
    pub skipped: usize,
}

impl Counts {
    pub fn of_subject(subject: &SubjectReport, fail_on: &FailOn) -> Counts {
        Counts::of(subject.verdicts.iter(), fail_on)
    }

    fn of<'a, 'p: 'a>(verdicts: impl Iterator<Item = &'a Verdict<'p>>, fail_on: &FailOn) -> Counts {
        let mut c = Counts::default();
        for v in verdicts {
            c.tests += 1;
            match case_kind(v, fail_on) {
                Case::Failure => c.failures += 1,
                Case::Skipped => c.skipped += 1,
                Case::Pass => {}
            }
        }
        c
    }

    pub fn of_run(run: &Run<'_>, fail_on: &FailOn) -> Counts {
        run.subjects.iter().map(|s| Counts::of_subject(s, fail_on)).fold(Counts::default(), |a, b| Counts {
            tests: a.tests + b.tests,
            failures: a.failures + b.failures,
            skipped: a.skipped + b.skipped,
        })
    }
}

enum Case {
    Failure,
    Skipped,
    Pass,
}

fn case_kind(v: &Verdict, fail_on: &FailOn) -> Case {
    if fail_on.fails(v) {
        Case::Failure
    } else if v.outcome == Outcome::NotApplicable {
        Case::Skipped
    } else {
        Case::Pass
    }
}

/// The whole report, with the run's counts on `<testsuites>`.
pub fn render(run: &Run<'_>, fail_on: &FailOn) -> String {
    let mut out = header(Some(Counts::of_run(run, fail_on)));
    for s in &run.subjects {
        out.push_str(&subject(run, s, fail_on));
    }
    out.push_str(&footer());
    out
}

/// The XML declaration and the opening `<testsuites>`, with the run's counts when they are
/// known before the first subject. A streamed catalogue writes none: they are optional on
/// `<testsuites>` (Jenkins' and Ant's schema), and readers (Jenkins, GitLab) count the test
/// cases themselves; each `<testsuite>` carries its own counts.
pub fn header(totals: Option<Counts>) -> String {
    let counts = totals.map_or_else(String::new, |t| {
        format!(" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\"", t.tests, t.failures, t.skipped)
    });
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"clause\"{counts}>\n")
}

/// A catalogue line that could not be loaded, as a `<testsuite>` with one `<error>`: the run
/// could not evaluate that subject, which JUnit readers show as an error, not a failure.
pub fn invalid_line(file: &str, line: usize, message: &str) -> String {
    let name = format!("{file}:{line}");
    format!(
        "  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase classname=\"catalogue\" name=\"{}\" file=\"{}\">\n      <error message=\"{}\" type=\"invalid\"/>\n    </testcase>\n  </testsuite>\n",
        attr(&name),
        attr(&name),
        attr(file),
        attr(message)
    )
}

pub fn footer() -> String {
    "</testsuites>\n".to_string()
}

/// One subject's `<testsuite>`s, one per regulation evaluated.
pub fn subject(run: &Run<'_>, subject: &SubjectReport, fail_on: &FailOn) -> String {
    let mut out = String::new();
    for (index, reg) in run.evaluated() {
        let of_regulation =
            |v: &&Verdict| run.program.rules.get(v.rule_index).is_some_and(|r| r.regulation == index);
        let counts = Counts::of(subject.verdicts.iter().filter(of_regulation), fail_on);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            attr(&format!("{} / {}", subject.id, reg.id)),
            counts.tests,
            counts.failures,
            counts.skipped
        );
        out.push_str("    <properties>\n");
        let mut property = |name: &str, value: &str| {
            let _ = writeln!(out, "      <property name=\"{}\" value=\"{}\"/>", attr(name), attr(value));
        };
        property("subject.id", &subject.id);
        property("subject.kind", &subject.kind);
        for file in &subject.files {
            property("subject.file", file);
        }
        let as_of = match run.as_of {
            AsOf::None => "none".to_string(),
            AsOf::Given(d) => d.to_string(),
            AsOf::Today(d) => format!("{d} (today)"),
        };
        property("as_of", &as_of);
        property("regulation", &reg.id);
        for title in [&reg.title.en, &reg.title.zh].into_iter().flatten() {
            property("regulation.title", title);
        }
        let in_force = match run.in_force(reg) {
            Some(true) => "true",
            Some(false) => "false",
            None => "none",
        };
        property("regulation.in_force_on_as_of", in_force);
        property("policy.source", &run.policy.source);
        property("policy.digest", &run.policy.digest);
        if !run.policy.packs.is_empty() {
            property("policy.packs", &run.policy.packs_text());
        }
        out.push_str("    </properties>\n");
        for v in
            subject.verdicts.iter().filter(of_regulation).filter(|v| !run.only_failures || fail_on.fails(v))
        {
            testcase(&mut out, run.sources, subject, v, fail_on);
        }
        out.push_str("  </testsuite>\n");
    }
    out
}

fn testcase(out: &mut String, sources: &SourceMap, subject: &SubjectReport, v: &Verdict, fail_on: &FailOn) {
    // The facts file: where the first finding was read, else the subject's first file (or its
    // catalogue).
    let file = v
        .findings
        .iter()
        .find_map(|f| f.loc.map(|l| sources.name(l.file)))
        .or(subject.files.first().map(|f| super::sarif::catalogue_line(f).0));
    let file = file.map(|f| format!(" file=\"{}\"", attr(f))).unwrap_or_default();
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\"{file}",
        attr(&format!("{}.Art{}", v.regulation, v.article)),
        attr(v.rule)
    );
    match case_kind(v, fail_on) {
        Case::Failure => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                attr(&short_message(v)),
                v.outcome.as_str(),
                text(&details(v, sources))
            );
        }
        Case::Skipped => {
            let reason = v.reason.as_ref().map(|r| pick(&r.message)).unwrap_or_default();
            let _ = writeln!(out, ">\n      <skipped message=\"{}\"/>\n    </testcase>", attr(reason));
        }
        Case::Pass if v.outcome == Outcome::Satisfied => out.push_str("/>\n"),
        Case::Pass => {
            // Not satisfied, yet not failing: a warning rule under the default gate.
            let _ = writeln!(
                out,
                ">\n      <system-out>{}</system-out>\n    </testcase>",
                text(&details(v, sources))
            );
        }
    }
}

fn pick(b: &Bilingual) -> &str {
    b.en.as_deref().or(b.zh.as_deref()).unwrap_or("")
}

/// The `message` attribute: one line naming the outcome and the first finding.
fn short_message(v: &Verdict) -> String {
    let first = match v.findings.first() {
        Some(f) => pick(&f.message).to_string(),
        None if !v.missing.is_empty() => format!("facts missing: {}", v.missing.join(", ")),
        None => v.reason.as_ref().map(|r| pick(&r.message).to_string()).unwrap_or_default(),
    };
    let more = match v.findings.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let citation = &v.citation.en;
    if first.is_empty() {
        format!("{} ({citation})", v.outcome.as_str())
    } else {
        format!("{} ({citation}): {first}{more}", v.outcome.as_str())
    }
}

/// The body of a `<failure>` or `<system-out>`: citation, title, findings or missing facts.
fn details(v: &Verdict, sources: &SourceMap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {} ({})", v.rule, v.outcome.as_str(), super::json::severity(v.severity));
    let _ = writeln!(out, "citation: {} / {}", v.citation.en, v.citation.zh);
    for title in [&v.title.en, &v.title.zh].into_iter().flatten() {
        let _ = writeln!(out, "{title}");
    }
    for f in &v.findings {
        finding(&mut out, f, sources);
    }
    if !v.missing.is_empty() {
        let _ = writeln!(out, "facts missing: {}", v.missing.join(", "));
    }
    if let Some(r) = &v.reason {
        for message in [&r.message.en, &r.message.zh].into_iter().flatten() {
            let _ = writeln!(out, "{message}");
        }
    }
    out
}

fn finding(out: &mut String, f: &Finding, sources: &SourceMap) {
    let mut messages = [&f.message.en, &f.message.zh].into_iter().flatten();
    let _ = writeln!(out, "- {}", messages.next().map_or("", String::as_str));
    for other in messages {
        let _ = writeln!(out, "  {other}");
    }
    let mut at = Vec::new();
    if let Some(p) = &f.path {
        at.push(format!("at {p}"));
    }
    if let Some(value) = &f.value {
        at.push(format!("value {value}"));
    }
    if let Some(loc) = f.loc {
        at.push(format!("{}:{}:{}", sources.name(loc.file), loc.line, loc.column));
    }
    if !at.is_empty() {
        let _ = writeln!(out, "  {}", at.join("  "));
    }
}

/// Whether XML 1.0 allows the character at all (`Char` production); the others are dropped.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes character data.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// Escapes an attribute value (to be written between double quotes). Tabs and line breaks
/// are written as character references, which attribute normalisation keeps.
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A bare CR would be read back as LF (end-of-line handling).
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips() {
        assert_eq!(text("a<b & \"c\" 'd' >\u{1}\u{FFFE}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;");
        assert_eq!(attr("x\ny\tz\r"), "x&#10;y&#9;z&#13;");
        assert_eq!(text("x\ny"), "x\ny");
        assert_eq!(text("第七条 😀"), "第七条 😀");
    }
}
