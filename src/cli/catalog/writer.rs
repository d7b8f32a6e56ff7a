//! The report writers of a catalogue run: one per output (standard output and each
//! `--output`), fed the run's header, then each subject in input order, then the footer.
//!
//! Work is split so that the costly part runs on every core: [`piece`] renders one subject
//! for one format on a worker, and [`Output`] adds what depends on order (separators, the
//! GitHub annotation limits, the Markdown size budget) on the main thread. The JSON documents
//! (`json`, `sarif`) are written as serde_json pretty-prints them whole: the text before and
//! after the streamed array comes from a skeleton document printed with a marker in the
//! array's place, and each item is printed alone and indented to its depth, so a catalogue
//! gives byte for byte the `results` and `subjects` entries of a run over the same files.
//! Nothing here grows with the number of lines, except the counts.

use super::super::args::ReportFormat;
use clause::report::{gate::FailOn, json, junit, sarif, text};
use clause::report::{github::Annotations, markdown::Comment, ByRegulation, Run, SubjectReport, Summary};
use clause::syntax::ast;
use serde_json::Value;
use std::io::Write;

/// Stands in a skeleton document for the array that is streamed.
const HOLE: &str = "\u{1}clause:streamed\u{1}";
/// Invalid lines listed one by one in a SARIF log; the rest are counted.
const SARIF_INVALID_LISTED: usize = 100;

/// What one subject's piece needs to know of its output.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub format: ReportFormat,
    pub color: bool,
    /// Indentation of a streamed array's items (`json`, `sarif`).
    indent: usize,
}

/// The run's counts, for the footers.
#[derive(Debug, Default)]
pub struct Totals {
    pub subjects: usize,
    pub summary: Summary,
    pub failing: usize,
    pub invalid: usize,
    /// Per regulation, worked out at the end from the counts per rule.
    pub regulations: ByRegulation,
}

enum State {
    /// Pieces written as they come (text, jsonl, junit).
    Plain,
    /// Items of a JSON array, with `,` between them.
    Array {
        first: bool,
    },
    Github(Annotations),
    Markdown(Box<Comment>),
}

/// One report being written.
pub struct Output {
    pub spec: Spec,
    /// Where it goes: `None` for standard output, else the `--output` path (for errors).
    pub path: Option<std::path::PathBuf>,
    sink: Box<dyn Write>,
    state: State,
    /// Invalid lines listed in a SARIF log's invocation, and how many more there were.
    sarif_invalid: Vec<(usize, String)>,
    /// The first error writing it; the run then exits 2.
    pub error: Option<std::io::Error>,
}

/// One subject's part of a report in one format, rendered on a worker. Empty for the formats
/// written in order on the main thread (`github`, `markdown`).
pub fn piece(
    spec: Spec,
    run: &Run<'_>,
    subject: &SubjectReport,
    fail_on: &FailOn,
    lang: ast::Lang,
) -> String {
    match spec.format {
        ReportFormat::Text => text::subject(run, subject, fail_on, lang, spec.color),
        ReportFormat::Jsonl => {
            let mut out = Vec::new();
            json::subject_line(run, subject, fail_on, &mut out);
            String::from_utf8(out).unwrap_or_default()
        }
        ReportFormat::Json => indented(&json::subject(run, subject, fail_on), spec.indent),
        ReportFormat::Sarif => sarif::results(run, subject, fail_on)
            .iter()
            .map(|r| indented(r, spec.indent))
            .collect::<Vec<_>>()
            .join(",\n"),
        ReportFormat::Junit => junit::subject(run, subject, fail_on),
        ReportFormat::Github | ReportFormat::Markdown => String::new(),
    }
}

/// Whether the format needs each subject on the main thread, in order.
pub fn in_order(format: ReportFormat) -> bool {
    matches!(format, ReportFormat::Github | ReportFormat::Markdown)
}

/// A value as `serde_json::to_string_pretty` prints it at `indent` spaces of depth. JSON
/// strings hold no raw line breaks, so every line of the text is a line of the layout.
fn indented(value: &Value, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let pad = " ".repeat(indent);
    let mut out = String::with_capacity(text.len() + indent * 64);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&pad);
        out.push_str(line);
    }
    out
}

/// A skeleton document pretty-printed and cut at its [`HOLE`]: the text before it, the text
/// after it, and the indentation of the line that holds it.
fn split(skeleton: &Value) -> (String, String, usize) {
    let text = serde_json::to_string_pretty(skeleton).unwrap_or_default();
    let hole = serde_json::to_string(HOLE).unwrap_or_default();
    let (before, after) = text.split_once(&hole).unwrap_or((&text, ""));
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let indent = before[line_start..].len() - before[line_start..].trim_start().len();
    (before.to_string(), after.to_string(), indent)
}

/// The JSON report of a catalogue: the run's fields, then `subjects` (streamed), then
/// `regulations` (with their counts), `warnings`, `summary` and `invalid_lines`, which are
/// known only at the end.
fn json_skeleton(run: &Run<'_>, fail_on: &FailOn, tail: Vec<(&str, Value)>) -> Value {
    let mut doc = json::render(run, fail_on, &[]);
    if let Some(map) = doc.as_object_mut() {
        for key in ["regulations", "warnings", "summary", "subjects"] {
            map.shift_remove(key);
        }
        map.insert("subjects".into(), Value::String(HOLE.into()));
        for (key, value) in tail {
            map.insert(key.into(), value);
        }
    }
    doc
}

/// The SARIF log of a catalogue, its results streamed; `invocation` when lines were invalid.
fn sarif_skeleton(run: &Run<'_>, fail_on: &FailOn, invocation: Option<Value>) -> Value {
    let mut log = sarif::render(run, fail_on);
    if let Some(sarif_run) = log.pointer_mut("/runs/0").and_then(Value::as_object_mut) {
        sarif_run.insert("results".into(), Value::String(HOLE.into()));
        if let Some(i) = invocation {
            sarif_run.insert("invocations".into(), Value::Array(vec![i]));
        }
    }
    log
}

impl Output {
    pub fn new(
        format: ReportFormat,
        color: bool,
        path: Option<std::path::PathBuf>,
        sink: Box<dyn Write>,
    ) -> Output {
        Output {
            spec: Spec { format, color, indent: 0 },
            path,
            sink,
            state: State::Plain,
            sarif_invalid: Vec::new(),
            error: None,
        }
    }

    fn write(&mut self, text: &str) {
        if self.error.is_none() && !text.is_empty() {
            if let Err(e) = self.sink.write_all(text.as_bytes()) {
                self.error = Some(e);
            }
        }
    }

    /// The report's opening, before any subject. `run` has no subjects.
    pub fn header(&mut self, run: &Run<'_>, fail_on: &FailOn, lang: ast::Lang) {
        let text = match self.spec.format {
            ReportFormat::Text => text::header(run, lang, self.spec.color),
            ReportFormat::Json | ReportFormat::Sarif => {
                let skeleton = if self.spec.format == ReportFormat::Json {
                    json_skeleton(run, fail_on, Vec::new())
                } else {
                    sarif_skeleton(run, fail_on, None)
                };
                let (before, _, indent) = split(&skeleton);
                self.spec.indent = indent + 2;
                self.state = State::Array { first: true };
                before + "["
            }
            ReportFormat::Junit => junit::header(None),
            ReportFormat::Github => {
                self.state = State::Github(Annotations::default());
                String::new()
            }
            ReportFormat::Markdown => {
                self.state = State::Markdown(Box::new(Comment::new(run)));
                String::new()
            }
            ReportFormat::Jsonl => json::lines_header(run),
        };
        self.write(&text);
    }

    /// One subject, in input order: its `piece`, or for the ordered formats the subject itself
    /// (`kept` holds its run, with the line's sources).
    pub fn subject(&mut self, piece: &str, kept: Option<&Run<'_>>, fail_on: &FailOn) {
        let text = match &mut self.state {
            State::Array { first } => {
                if piece.is_empty() {
                    return;
                }
                let sep = if *first { "\n" } else { ",\n" };
                *first = false;
                format!("{sep}{piece}")
            }
            State::Github(annotations) => kept
                .map(|run| run.subjects.iter().map(|s| annotations.subject(run, s, fail_on)).collect())
                .unwrap_or_default(),
            State::Markdown(comment) => {
                if let Some(run) = kept {
                    for s in &run.subjects {
                        comment.subject(run, s, fail_on);
                    }
                }
                return;
            }
            State::Plain => {
                self.write(piece);
                return;
            }
        };
        self.write(&text);
    }

    /// A line of the catalogue that could not be loaded, in input order: `message` is its
    /// first error. Text and JSON Lines leave it to stderr, the JSON report counts it.
    pub fn invalid_line(&mut self, catalogue: &str, line: usize, message: &str) {
        let text = match (&mut self.state, self.spec.format) {
            (_, ReportFormat::Junit) => junit::invalid_line(catalogue, line, message),
            (State::Github(annotations), _) => annotations.invalid_line(catalogue, line, message),
            (State::Markdown(comment), _) => {
                comment.invalid_line();
                return;
            }
            (_, ReportFormat::Sarif) => {
                if self.sarif_invalid.len() < SARIF_INVALID_LISTED {
                    self.sarif_invalid.push((line, message.to_string()));
                }
                return;
            }
            _ => return,
        };
        self.write(&text);
    }

    /// The report's end, and a flush. `run` has no subjects; `warnings` are the run's
    /// diagnostics that did not stop it, as JSON.
    #[allow(clippy::too_many_arguments)]
    pub fn footer(
        &mut self,
        run: &Run<'_>,
        fail_on: &FailOn,
        lang: ast::Lang,
        catalogue: &str,
        totals: &Totals,
        warnings: &[Value],
    ) {
        let close = |state: &State, indent: usize| match state {
            State::Array { first: false } => format!("\n{}]", " ".repeat(indent.saturating_sub(2))),
            _ => "]".to_string(),
        };
        let text = match self.spec.format {
            ReportFormat::Text => text::footer(run, totals.subjects, &totals.regulations, lang),
            ReportFormat::Json => {
                let tail = vec![
                    ("regulations", json::regulations(run, Some(&totals.regulations))),
                    ("warnings", Value::Array(warnings.to_vec())),
                    ("summary", json::summary(&totals.summary, totals.failing)),
                    ("invalid_lines", totals.invalid.into()),
                ];
                let (_, after, _) = split(&json_skeleton(run, fail_on, tail));
                close(&self.state, self.spec.indent) + &after + "\n"
            }
            ReportFormat::Sarif => {
                let more = totals.invalid.saturating_sub(self.sarif_invalid.len());
                let invocation =
                    (totals.invalid > 0).then(|| sarif::invocation(catalogue, &self.sarif_invalid, more));
                let (_, after, _) = split(&sarif_skeleton(run, fail_on, invocation));
                close(&self.state, self.spec.indent) + &after + "\n"
            }
            ReportFormat::Junit => junit::footer(),
            ReportFormat::Github => match &self.state {
                State::Github(a) => a.footer(run),
                _ => String::new(),
            },
            ReportFormat::Markdown => match &self.state {
                State::Markdown(c) => c.finish(),
                _ => String::new(),
            },
            ReportFormat::Jsonl => {
                json::lines_footer(run, totals.subjects, &totals.regulations, Some(totals.invalid))
            }
        };
        self.write(&text);
        if let Err(e) = self.sink.flush() {
            self.error.get_or_insert(e);
        }
    }
}
