//! The Markdown report (`--format markdown`): a pull-request comment. A heading, a one-line
//! verdict (with several regulations, a table of them: whether each is in force, its counts),
//! then per subject and per regulation a table of the rules that are not satisfied (rule,
//! citation, severity, outcome, message, location) and a collapsed `<details>` table of the
//! satisfied and not-applicable rules (compliance evidence). A regulation not in force on the
//! as-of date, or none of whose rules applies to the subject, is one line.
//!
//! GitHub refuses a comment body longer than 65,536 characters, so the comment is kept under
//! [`LIMIT`], counted in UTF-16 code units (never fewer than characters, so the bound holds
//! however the characters are counted). Whole rows are left out, never part of one; evidence
//! rows stop at three quarters of the budget so failures of later subjects keep their room; and a last line
//! says how many rows were left out and where the full report is. With `run.only_failures`
//! the tables hold only the failing rules and there is no evidence; the counts still count
//! every result.
//!
//! The verdict line at the top counts every subject, so [`Comment`] keeps the body it has
//! written and puts the heading above it in [`Comment::finish`]; a fixed room is kept for the
//! verdict line from the start, so the rows chosen do not depend on whether the subjects came
//! all at once ([`render`]) or streamed from a catalogue. What it keeps is bounded by
//! [`LIMIT`], so a catalogue of any length streams in flat memory.

use super::{gate::FailOn, AsOf, ByRegulation, Run, SubjectReport, Summary, Tally};
use crate::check::program::{Bilingual, RegulationInfo};
use crate::eval::{Outcome, Verdict};
use crate::source::SourceMap;
use crate::syntax::ast::Lang;
use std::fmt::Write as _;

/// GitHub's limit on a comment body, in characters; the comment stays strictly below it.
pub const LIMIT: usize = 65_536;
/// Room kept for the truncation note.
const NOTE_ROOM: usize = 600;
/// Room kept for the verdict line, whose counts are known only at the end: its words and
/// seven counts of up to twenty digits each, and the note on invalid catalogue lines.
const VERDICT_ROOM: usize = 400;
/// Evidence rows stop once the comment reaches this size, keeping a quarter of the budget for
/// the failures of the subjects that follow.
const EVIDENCE_LIMIT: usize = LIMIT / 4 * 3;
/// Longest text of one table cell piece, in characters, before escaping.
const MAX_CELL: usize = 300;
/// Findings shown in one row; the rest are counted.
const MAX_FINDINGS: usize = 5;
/// The table of regulations after the verdict line, when there are several.
const REGULATIONS_HEADER: &str = "| Regulation | Status | Failing | Satisfied | Violated | Not applicable | Undetermined |\n| --- | --- | --- | --- | --- | --- | --- |\n";

/// The counts the verdict line shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub summary: Summary,
    /// Verdicts that fail the gate.
    pub failing: usize,
    pub subjects: usize,
    /// Subjects with at least one failing verdict.
    pub failing_subjects: usize,
}

impl Totals {
    pub fn add(&mut self, subject: &SubjectReport, fail_on: &FailOn) {
        self.subjects += 1;
        let mut failing = 0;
        for v in &subject.verdicts {
            self.summary.add(v.outcome);
            failing += usize::from(fail_on.fails(v));
        }
        self.failing += failing;
        self.failing_subjects += usize::from(failing > 0);
    }
}

/// The whole comment.
pub fn render(run: &Run<'_>, fail_on: &FailOn) -> String {
    let mut comment = Comment::new(run);
    for subject in &run.subjects {
        comment.subject(run, subject, fail_on);
    }
    comment.finish()
}

/// The writer: [`Comment::new`], then [`Comment::subject`] for each subject in order, then
/// [`Comment::finish`]. It keeps the size budget across subjects and the counts of the verdict
/// line.
#[derive(Debug)]
pub struct Comment {
    /// The heading line, before the verdict.
    title: String,
    /// The policy line, after the verdict.
    policy: String,
    /// With several regulations, the start of each one's row in the table after the verdict
    /// line (id, title, status), by index into the program's regulations; its counts are known
    /// at the end.
    regulation_rows: Vec<(usize, String)>,
    by_regulation: ByRegulation,
    /// Subjects' headings, tables and evidence written so far (at most [`LIMIT`] in size).
    body: String,
    /// Size of everything written or reserved: title, verdict room, policy line, body.
    used: usize,
    totals: Totals,
    /// Catalogue lines that could not be loaded.
    invalid: usize,
    /// No more failure rows fit: everything after is counted, not written.
    full: bool,
    /// No more evidence rows fit.
    evidence_full: bool,
    left_failing: usize,
    left_evidence: usize,
    left_subjects: usize,
}

fn size(s: &str) -> usize {
    s.encode_utf16().count()
}

impl Comment {
    pub fn new(run: &Run<'_>) -> Comment {
        let regulations: Vec<&str> = run
            .regulations
            .iter()
            .filter_map(|&i| run.program.regulations.get(i))
            .map(|r| r.id.as_str())
            .collect();
        let as_of = match run.as_of {
            AsOf::None => "no as-of date (regulations evaluated as written)".to_string(),
            AsOf::Given(d) => format!("as of {d}"),
            AsOf::Today(d) => format!("as of {d} (today)"),
        };
        let title = format!("## clause: {} {as_of}\n\n", escape(&regulations.join(", ")));
        let policy = format!("Policy {} {}.\n", escape(&run.policy.source), code(&run.policy.digest));
        let regulation_rows: Vec<(usize, String)> = if run.regulations.len() > 1 {
            run.evaluated()
                .map(|(index, r)| {
                    let title = pick(&r.title);
                    let name = if title.is_empty() {
                        code(&r.id)
                    } else {
                        format!("{} {}", code(&r.id), escape(title))
                    };
                    (index, format!("| {name} | {} |", escape(&super::text::status(run, r, Lang::En))))
                })
                .collect()
        } else {
            Vec::new()
        };
        // Each row's counts: five of up to twenty digits, with their separators and the line
        // break (16); and the blank line after the table.
        let rows_room = if regulation_rows.is_empty() {
            0
        } else {
            size(REGULATIONS_HEADER)
                + regulation_rows.iter().map(|(_, row)| size(row) + 5 * 20 + 16).sum::<usize>()
                + 1
        };
        Comment {
            used: size(&title) + VERDICT_ROOM + rows_room + size(&policy),
            title,
            policy,
            regulation_rows,
            by_regulation: ByRegulation::default(),
            body: String::new(),
            totals: Totals::default(),
            invalid: 0,
            full: false,
            evidence_full: false,
            left_failing: 0,
            left_evidence: 0,
            left_subjects: 0,
        }
    }

    fn fits(&self, text: &str, limit: usize) -> bool {
        self.used + size(text) + NOTE_ROOM < limit.min(LIMIT)
    }

    fn push(&mut self, text: &str) {
        self.used += size(text);
        self.body.push_str(text);
    }

    /// A catalogue line that could not be loaded: counted in the verdict line.
    pub fn invalid_line(&mut self) {
        self.invalid += 1;
    }

    /// The verdict line, from the counts of every subject.
    fn verdict(&self) -> String {
        let totals = &self.totals;
        let s = &totals.summary;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let counts = format!(
            "{} satisfied, {} violated, {} not applicable, {} undetermined",
            s.satisfied, s.violated, s.not_applicable, s.undetermined
        );
        let invalid = if self.invalid == 0 {
            String::new()
        } else {
            format!("; **{}** could not be read (see the run's log)", plural(self.invalid, "catalogue line"))
        };
        if totals.failing == 0 && self.invalid == 0 {
            format!(
                "✅ **Passed**: no failing rules in {}; {counts}.\n\n",
                plural(totals.subjects, "subject")
            )
        } else if totals.failing == 0 {
            format!(
                "❌ **Invalid input**: no failing rules in {}; {counts}{invalid}.\n\n",
                plural(totals.subjects, "subject")
            )
        } else {
            format!(
                "❌ **Failed**: {} in {} of {}; {counts}{invalid}.\n\n",
                plural(totals.failing, "failing rule"),
                totals.failing_subjects,
                plural(totals.subjects, "subject")
            )
        }
    }

    /// The comment: heading, verdict, policy, the subjects written, the truncation note.
    pub fn finish(&self) -> String {
        let mut out = String::with_capacity(self.used + NOTE_ROOM);
        out.push_str(&self.title);
        out.push_str(&self.verdict());
        if !self.regulation_rows.is_empty() {
            out.push_str(REGULATIONS_HEADER);
            for (index, row) in &self.regulation_rows {
                let Tally { summary: s, failing, .. } = self.by_regulation.get(*index);
                let _ = writeln!(
                    out,
                    "{row} {failing} | {} | {} | {} | {} |",
                    s.satisfied, s.violated, s.not_applicable, s.undetermined
                );
            }
            out.push('\n');
        }
        out.push_str(&self.policy);
        out.push_str(&self.body);
        out.push_str(&self.footer());
        out
    }

    /// One subject: its heading, then per regulation a heading, its table of unsatisfied rules
    /// and its evidence (or one line, for a regulation not in force or none of whose rules
    /// applies). Once the comment is full, subjects are only counted.
    pub fn subject(&mut self, run: &Run<'_>, subject: &SubjectReport, fail_on: &FailOn) {
        self.totals.add(subject, fail_on);
        let counts = ByRegulation::of(run.program, &subject.verdicts, fail_on);
        self.by_regulation.merge(&counts);
        let groups: Vec<Group> =
            run.evaluated().map(|(index, reg)| group(run, subject, fail_on, index, reg, &counts)).collect();
        if self.full {
            self.left_subjects += 1;
            self.leave(&groups);
            return;
        }
        let total = counts.total();
        let (failing, sum) = (total.failing, total.summary);
        let mark = if failing > 0 { "❌" } else { "✅" };
        let mut heading =
            format!("\n### {mark} {} ({}): {failing} failing", escape(&subject.id), escape(&subject.kind));
        counts_words(&mut heading, &sum);
        let files: Vec<String> = subject.files.iter().map(|f| escape(f)).collect();
        let _ = write!(heading, "\n\nFacts: {}\n", files.join(", "));
        let first = groups.first().map_or(String::new(), |g| g.opening(run.sources, subject, fail_on));
        if !self.fits(&format!("{heading}{first}"), LIMIT) {
            self.full = true;
            self.left_subjects += 1;
            self.leave(&groups);
            return;
        }
        self.push(&heading);
        for (i, g) in groups.iter().enumerate() {
            if !self.group(g, run.sources, subject, fail_on) {
                self.leave(groups.get(i + 1..).unwrap_or_default());
                return;
            }
        }
    }

    /// Counts the rows of groups left out.
    fn leave(&mut self, groups: &[Group]) {
        for g in groups.iter().filter(|g| !g.one_line) {
            self.left_failing += g.failing_rows.len();
            self.left_evidence += g.evidence_rows.len();
        }
    }

    /// One regulation's part of a subject; false once the comment is full (this group's rows
    /// left out are counted).
    fn group(&mut self, g: &Group, sources: &SourceMap, subject: &SubjectReport, fail_on: &FailOn) -> bool {
        if g.one_line {
            let opening = g.opening(sources, subject, fail_on);
            if !self.fits(&opening, LIMIT) {
                self.full = true;
                return false;
            }
            self.push(&opening);
            return true;
        }
        let rows: Vec<String> =
            g.failing_rows.iter().map(|v| failing_row(v, fail_on, sources, subject)).collect();
        let heading = &g.heading;
        let first = rows.first().map_or(String::new(), |r| format!("{TABLE_HEADER}{r}"));
        if !self.fits(&format!("{heading}{first}"), LIMIT) {
            self.full = true;
            self.left_failing += rows.len();
            self.left_evidence += g.evidence_rows.len();
            return false;
        }
        self.push(heading);
        if !rows.is_empty() {
            self.push(TABLE_HEADER);
        }
        for (i, row) in rows.iter().enumerate() {
            if !self.fits(row, LIMIT) {
                self.full = true;
                self.left_failing += rows.len() - i;
                self.left_evidence += g.evidence_rows.len();
                return false;
            }
            self.push(row);
        }
        self.evidence(&g.evidence_rows, &g.tally.summary);
        true
    }

    fn evidence(&mut self, verdicts: &[&Verdict], sum: &Summary) {
        if verdicts.is_empty() {
            return;
        }
        if self.evidence_full {
            self.left_evidence += verdicts.len();
            return;
        }
        let rows: Vec<String> = verdicts.iter().map(|v| evidence_row(v)).collect();
        let open = format!(
            "\n<details>\n<summary>Compliance evidence: {} satisfied, {} not applicable</summary>\n\n| Rule | Citation | Outcome | Note |\n| --- | --- | --- | --- |\n",
            sum.satisfied, sum.not_applicable
        );
        let close = "\n</details>\n";
        let first = rows.first().map_or("", String::as_str);
        if !self.fits(&format!("{open}{first}{close}"), EVIDENCE_LIMIT) {
            self.evidence_full = true;
            self.left_evidence += rows.len();
            return;
        }
        self.push(&open);
        for (i, row) in rows.iter().enumerate() {
            if !self.fits(&format!("{row}{close}"), EVIDENCE_LIMIT) {
                self.evidence_full = true;
                self.left_evidence += rows.len() - i;
                break;
            }
            self.push(row);
        }
        self.push(close);
    }

    /// The truncation note, if anything was left out.
    fn footer(&self) -> String {
        let left = self.left_failing + self.left_evidence;
        if left == 0 {
            return String::new();
        }
        let mut note = format!(
            "\n---\n⚠️ **Truncated**: {} table row{} left out ({} of unsatisfied rules, {} of compliance evidence",
            thousands(left),
            if left == 1 { " was" } else { "s were" },
            thousands(self.left_failing),
            thousands(self.left_evidence)
        );
        if self.left_subjects > 0 {
            let _ = write!(
                note,
                "; {} subject{} not shown",
                thousands(self.left_subjects),
                if self.left_subjects == 1 { "" } else { "s" }
            );
        }
        let _ = writeln!(
            note,
            ") to keep this comment under {} characters. See the full report: `clause check --format json` or `--format sarif`.",
            thousands(LIMIT)
        );
        note
    }
}

/// The table of a regulation's unsatisfied rules begins so.
const TABLE_HEADER: &str =
    "\n| Rule | Citation | Severity | Outcome | Message | Location |\n| --- | --- | --- | --- | --- | --- |\n";

/// ` · 6 satisfied · 10 violated`: the counts that are not zero.
fn counts_words(out: &mut String, sum: &Summary) {
    for (n, word) in [
        (sum.satisfied, "satisfied"),
        (sum.violated, "violated"),
        (sum.not_applicable, "not applicable"),
        (sum.undetermined, "undetermined"),
    ] {
        if n > 0 {
            let _ = write!(out, " · {n} {word}");
        }
    }
}

/// One regulation's part of a subject's section.
struct Group<'v, 'p> {
    /// `#### cac-2016 — in force on 2020-06-01`, with several regulations its counts too; for a
    /// regulation shown as one line, why nothing is listed.
    heading: String,
    one_line: bool,
    failing_rows: Vec<&'v Verdict<'p>>,
    evidence_rows: Vec<&'v Verdict<'p>>,
    tally: Tally,
}

impl Group<'_, '_> {
    /// What the group begins with: its one line, or its heading and first row.
    fn opening(&self, sources: &SourceMap, subject: &SubjectReport, fail_on: &FailOn) -> String {
        match self.failing_rows.first().filter(|_| !self.one_line) {
            Some(v) => format!("{}{TABLE_HEADER}{}", self.heading, failing_row(v, fail_on, sources, subject)),
            None => self.heading.clone(),
        }
    }
}

fn group<'v, 'p>(
    run: &Run<'_>,
    subject: &'v SubjectReport<'p>,
    fail_on: &FailOn,
    index: usize,
    reg: &RegulationInfo,
    counts: &ByRegulation,
) -> Group<'v, 'p> {
    let tally = counts.get(index);
    let status = escape(&super::text::status(run, reg, Lang::En));
    let mut heading = format!("\n#### {} — {status}", code(&reg.id));
    if run.one_line(reg, &tally) {
        let note = escape(&super::text::one_line_note(run, index, subject, &tally, Lang::En));
        heading.push_str(&note);
        heading.push('\n');
        return Group { heading, one_line: true, failing_rows: Vec::new(), evidence_rows: Vec::new(), tally };
    }
    if run.regulations.len() > 1 {
        let _ = write!(heading, ": {} failing", tally.failing);
        counts_words(&mut heading, &tally.summary);
    }
    heading.push('\n');
    let of_regulation =
        |v: &&Verdict| run.program.rules.get(v.rule_index).is_some_and(|r| r.regulation == index);
    let (failing_rows, evidence_rows): (Vec<&Verdict>, Vec<&Verdict>) =
        subject.verdicts.iter().filter(of_regulation).partition(|v| {
            fail_on.fails(v) || matches!(v.outcome, Outcome::Violated | Outcome::Undetermined)
        });
    let (failing_rows, evidence_rows) = if run.only_failures {
        (failing_rows.into_iter().filter(|v| fail_on.fails(v)).collect(), Vec::new())
    } else {
        (failing_rows, evidence_rows)
    };
    Group { heading, one_line: false, failing_rows, evidence_rows, tally }
}

/// `65536` → `65,536`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn pick(b: &Bilingual) -> &str {
    b.en.as_deref().or(b.zh.as_deref()).unwrap_or("")
}

/// A rule id or digest in a code span, when it holds nothing a code span in a table cell cannot
/// (ids are checked identifiers, so this is the usual case); escaped text otherwise.
fn code(s: &str) -> String {
    if !s.is_empty()
        && s.chars().count() <= MAX_CELL
        && !s.chars().any(|c| matches!(c, '`' | '|') || c.is_control())
    {
        format!("`{s}`")
    } else {
        escape(s)
    }
}

/// Escapes text for a table cell or a heading: at most [`MAX_CELL`] characters (cut at a
/// character boundary, with `…`), Markdown's inline punctuation and the table's `|` escaped
/// with a backslash, HTML's `<`, `>`, `&` as entities, line breaks as `<br>`, other control
/// characters dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    for c in chars.by_ref().take(MAX_CELL) {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

fn citation(v: &Verdict) -> String {
    format!("{}<br>{}", escape(&v.citation.en), escape(&v.citation.zh))
}

fn failing_row(v: &Verdict, fail_on: &FailOn, sources: &SourceMap, subject: &SubjectReport) -> String {
    let mark = if fail_on.fails(v) { "❌" } else { "⚠️" };
    let outcome = format!("{mark} {}", v.outcome.as_str().replace('_', " "));
    let mut messages = Vec::new();
    let mut locations = Vec::new();
    for f in v.findings.iter().take(MAX_FINDINGS) {
        let mut m = escape(pick(&f.message));
        if let Some(p) = &f.path {
            let _ = write!(m, " (at {})", escape(p));
        }
        messages.push(m);
        if let Some(loc) = f.loc {
            locations.push(escape(&format!("{}:{}:{}", sources.name(loc.file), loc.line, loc.column)));
        }
    }
    if v.findings.len() > MAX_FINDINGS {
        messages.push(format!("… and {} more", v.findings.len() - MAX_FINDINGS));
    }
    if messages.is_empty() {
        let mut m = escape(pick(v.title));
        if !v.missing.is_empty() {
            let _ = write!(m, "<br>facts missing: {}", escape(&v.missing.join(", ")));
        } else if let Some(r) = &v.reason {
            let _ = write!(m, "<br>{}", escape(pick(&r.message)));
        }
        messages.push(m);
    }
    if locations.is_empty() {
        locations.extend(subject.files.first().map(|f| escape(f)));
    }
    format!(
        "| {} | {} | {} | {outcome} | {} | {} |\n",
        code(v.rule),
        citation(v),
        super::json::severity(v.severity),
        messages.join("<br>"),
        locations.join("<br>")
    )
}

fn evidence_row(v: &Verdict) -> String {
    let (outcome, note) = match v.outcome {
        Outcome::Satisfied => ("✅ satisfied", pick(v.title)),
        _ => ("➖ not applicable", v.reason.as_ref().map_or("", |r| pick(&r.message))),
    };
    format!("| {} | {} | {outcome} | {} |\n", code(v.rule), escape(&v.citation.en), escape(note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cells() {
        assert_eq!(escape("a|b\nc <d> & *e*"), "a\\|b<br>c &lt;d&gt; &amp; \\*e\\*");
        let long = "第".repeat(MAX_CELL + 5);
        let cut = escape(&long);
        assert_eq!(cut.chars().count(), MAX_CELL + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(code("cac-2016/x"), "`cac-2016/x`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(thousands(65_536), "65,536");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
