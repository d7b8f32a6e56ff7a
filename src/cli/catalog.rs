//! `clause check --catalog FILE|-`: a whole catalogue, one subject bundle (JSON) per line.
//!
//! Streamed: lines are read in chunks (into one buffer each), each chunk is evaluated and
//! rendered on every core (rayon) while the next one is read, and written in input order, so at
//! most two chunks are held and memory stays flat whatever the number of lines. Each line gets
//! its own source map, at its line offset, so diagnostics and fact positions name the
//! catalogue's own line. A bad line is reported with its line number and the others go on; the
//! run then exits 2. Every report format streams, to standard output and to each `--output` at
//! once (`writer.rs`); a progress display runs on a terminal (`progress.rs`).

mod progress;
pub mod writer;

use super::args::{CheckArgs, Lang};
use super::Exit;
use clause::check::Program;
use clause::diagnostic::render::{to_text, Style};
use clause::diagnostic::{has_errors, Diagnostic};
use clause::eval::{self, Outcome};
use clause::facts::{self, Format, LoadOptions};
use clause::report::{gate::FailOn, AsOf, PolicyInfo, Run, SubjectReport, Summary, Tally};
use clause::source::SourceMap;
use clause::syntax::ast;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::BufRead;
use writer::{Output, Spec};

/// Lines evaluated together; large enough to keep every core busy, small enough to keep
/// memory flat. Each line's rendered reports are held until its chunk is written, so with
/// several outputs the chunk is smaller (a line's SARIF and pretty JSON run to tens of KB).
const CHUNK: usize = 1024;
const MIN_CHUNK: usize = 128;
/// Bytes read from the catalogue at a time: one system call per few hundred lines.
const READ_BUFFER: usize = 1 << 20;
/// The longest line kept: the facts loader's own limit on a subject's text.
const MAX_LINE: usize = facts::Limits::DEFAULT_MAX_BYTES;

/// What the catalogue run shares with every line.
pub struct Setup<'a> {
    pub program: &'a Program,
    /// The run's sources (the policy, the waivers file), for diagnostics about them.
    pub sources: &'a SourceMap,
    pub policy: PolicyInfo,
    pub regulations: Vec<usize>,
    /// The rules of those regulations, in the order of the law: worked out once, not per line.
    pub rules: Vec<usize>,
    pub as_of: AsOf,
    pub fail_on: FailOn,
    /// `--baseline`: failures already known are not new.
    pub baseline: Option<clause::baseline::Baseline>,
}

/// One line's outcome: its rendered reports, or its diagnostics.
struct LineResult<'p> {
    /// Waivers this line's verdicts matched, recorded in input order.
    waivers_used: Vec<usize>,
    /// One piece per output, in the order of the outputs.
    pieces: Vec<String>,
    /// The subject and the line's sources, kept for the outputs written in order.
    kept: Option<(SourceMap, SubjectReport<'p>)>,
    /// Rule index, outcome and whether it fails the gate, for the summary.
    verdicts: Vec<(usize, Outcome, bool)>,
    /// Rendered errors, and the first error's `code: message` for the reports.
    diagnostics: Option<(String, String)>,
    warnings: Option<String>,
}

fn run_for<'a>(
    setup: &'a Setup<'a>,
    sources: &'a SourceMap,
    subjects: Vec<SubjectReport<'a>>,
    only_failures: bool,
) -> Run<'a> {
    Run {
        program: setup.program,
        sources,
        policy: setup.policy.clone(),
        regulations: setup.regulations.clone(),
        as_of: setup.as_of,
        subjects,
        only_failures,
    }
}

fn lang(args: &CheckArgs) -> ast::Lang {
    if args.lang == Lang::Zh {
        ast::Lang::Zh
    } else {
        ast::Lang::En
    }
}

fn one_line<'a>(
    setup: &'a Setup<'a>,
    args: &CheckArgs,
    specs: &[Spec],
    name: &str,
    number: usize,
    text: &str,
    waivers: Option<&clause::waivers::WaiverSet>,
) -> LineResult<'a> {
    let mut sources = SourceMap::new();
    let offset = u32::try_from(number.saturating_sub(1)).unwrap_or(u32::MAX);
    let id = sources.add_with_line_offset(name, text, offset);
    let text = sources.text(id);
    let options = LoadOptions { strict: args.strict, line_offset: offset, ..LoadOptions::default() };
    let parsed = facts::parse(&setup.program.schema, id, text, Format::Json, &options);
    let mut diagnostics = parsed.diagnostics;
    let facts = parsed.bundle.filter(|_| !has_errors(&diagnostics)).and_then(|bundle| {
        match facts::finish(&setup.program.schema, bundle, &sources, id) {
            Ok(f) => Some(f),
            Err(d) => {
                diagnostics.extend(d);
                None
            }
        }
    });
    let render = |d: &[Diagnostic]| (!d.is_empty()).then(|| to_text(&sources, d, Style::Plain));
    let Some(facts) = facts else {
        let first = diagnostics.iter().find(|d| d.is_error()).map(|d| format!("{}: {}", d.code, d.message));
        return LineResult {
            waivers_used: Vec::new(),
            pieces: Vec::new(),
            kept: None,
            verdicts: Vec::new(),
            diagnostics: render(&diagnostics).map(|text| (text, first.unwrap_or_default())),
            warnings: None,
        };
    };
    let mut verdicts = eval::evaluate_rules(setup.program, &setup.rules, &facts, setup.as_of.date());
    let waivers_used = waivers.map_or_else(Vec::new, |w| w.apply(&facts.subject.id, &mut verdicts));
    if let Some(b) = &setup.baseline {
        b.mark(&facts.subject.id, &mut verdicts);
    }
    let explanations = if args.explain {
        verdicts
            .iter()
            .filter(|v| setup.fail_on.fails(v))
            .map(|v| eval::explain_rule(setup.program, v.rule_index, &facts, setup.as_of.date()))
            .collect()
    } else {
        Vec::new()
    };
    let stats = verdicts.iter().map(|v| (v.rule_index, v.outcome, setup.fail_on.fails(v))).collect();
    let kind = setup
        .program
        .schema
        .subjects
        .get(facts.subject.kind.0 as usize)
        .map_or_else(String::new, |k| k.name.clone());
    let subject = SubjectReport {
        id: facts.subject.id.clone(),
        kind,
        files: vec![format!("{name}:{number}")],
        verdicts,
        explanations,
    };
    let warnings = render(&diagnostics);
    // The subject is written beside the run rather than in it, so that it keeps the program's
    // lifetime rather than the line's sources'.
    let pieces = {
        let run = run_for(setup, &sources, Vec::new(), args.only_failures);
        specs.iter().map(|spec| writer::piece(*spec, &run, &subject, &setup.fail_on, lang(args))).collect()
    };
    let keep = specs.iter().any(|spec| writer::in_order(spec.format));
    let kept = keep.then_some((sources, subject));
    LineResult { waivers_used, pieces, kept, verdicts: stats, diagnostics: None, warnings }
}

/// The catalogue, opened: its reader, its name in reports, its size when it is a file.
pub struct Catalogue {
    reader: Box<dyn BufRead + Send>,
    name: String,
    size: Option<u64>,
}

/// Opens the catalogue (`-` is standard input) before any report is begun, so that a missing
/// file is invalid input like any other.
pub fn open(catalog: &str) -> Result<Catalogue, Diagnostic> {
    if catalog == "-" {
        let reader = Box::new(std::io::BufReader::with_capacity(READ_BUFFER, std::io::stdin()));
        return Ok(Catalogue { reader, name: "<stdin>".into(), size: None });
    }
    let path = std::path::Path::new(catalog);
    let file = std::fs::File::open(path).map_err(|e| super::policy::io_error(path, &e))?;
    let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
    Ok(Catalogue {
        reader: Box::new(std::io::BufReader::with_capacity(READ_BUFFER, file)),
        name: catalog.to_string(),
        size,
    })
}

/// Runs the catalogue into `outputs` (standard output and every `--output` file); `warnings`
/// are the run's diagnostics so far (policy, as-of), for the JSON report.
pub fn run(
    setup: &Setup<'_>,
    args: &CheckArgs,
    catalogue: Catalogue,
    outputs: &mut [Output],
    mut waivers: Option<clause::waivers::WaiverSet>,
    mut warnings: Vec<Diagnostic>,
) -> Exit {
    let Catalogue { reader, name, size } = catalogue;
    let lang = lang(args);
    let empty = SourceMap::new();
    let bare = run_for(setup, &empty, Vec::new(), args.only_failures);
    for out in outputs.iter_mut() {
        out.header(&bare, &setup.fail_on, lang);
    }
    let chunk_size = (CHUNK / outputs.len().max(1)).max(MIN_CHUNK);
    let mut totals = writer::Totals::default();
    // Outcomes and failures per rule, summed by regulation and by article at the end: an index
    // per verdict, not a map lookup.
    let mut per_rule = vec![Tally::default(); setup.program.rules.len()];
    let show = !args.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let progress = progress::Progress::new(show, size);
    let mut bytes = 0u64;
    let mut lines = LineReader { reader, number: 0, line: Vec::new(), done: false };
    let mut batch = lines.batch(chunk_size);
    loop {
        let Batch { text, lines: chunk, unreadable, bytes: read } = batch;
        bytes += read;
        for (number, code, message) in unreadable {
            progress.suspend(|| eprintln!("error[{code}]: {name}:{number}: {message}"));
            totals.invalid += 1;
            for out in outputs.iter_mut() {
                out.invalid_line(&name, number, &format!("{code}: {message}"));
            }
        }
        if chunk.is_empty() {
            break;
        }
        let specs: Vec<Spec> = outputs.iter().map(|o| o.spec).collect();
        // The next chunk is read while this one is evaluated: reading on its own would leave
        // the other cores idle.
        let (results, next): (Vec<LineResult>, Batch) = rayon::join(
            || {
                chunk
                    .par_iter()
                    .map(|&(number, start, end)| {
                        let line = text.get(start..end).unwrap_or_default();
                        one_line(setup, args, &specs, &name, number, line, waivers.as_ref())
                    })
                    .collect()
            },
            || lines.batch(chunk_size),
        );
        batch = next;
        for ((number, ..), result) in chunk.iter().zip(results) {
            if let Some(w) = waivers.as_mut() {
                w.record(&result.waivers_used);
            }
            if let Some(w) = &result.warnings {
                progress.suspend(|| eprint!("{w}"));
            }
            if let Some((text, first)) = result.diagnostics {
                progress.suspend(|| eprint!("{text}"));
                totals.invalid += 1;
                for out in outputs.iter_mut() {
                    out.invalid_line(&name, *number, &first);
                }
                continue;
            }
            totals.subjects += 1;
            for &(rule, outcome, fails) in &result.verdicts {
                totals.summary.add(outcome);
                if let Some(t) = per_rule.get_mut(rule) {
                    t.summary.add(outcome);
                    t.failing += usize::from(fails);
                }
                totals.failing += usize::from(fails);
            }
            let (kept_sources, kept_subject) = result.kept.map_or((None, None), |(a, b)| (Some(a), Some(b)));
            let kept = kept_sources
                .as_ref()
                .zip(kept_subject)
                .map(|(sources, subject)| run_for(setup, sources, vec![subject], args.only_failures));
            for (out, piece) in outputs.iter_mut().zip(&result.pieces) {
                out.subject(piece, kept.as_ref(), &setup.fail_on);
            }
        }
        progress.update(bytes, totals.subjects, totals.invalid, totals.failing);
    }
    progress.finish();
    if let Some(w) = &waivers {
        let ids: Vec<&str> = setup.program.rules.iter().map(|r| r.qualified_id.as_str()).collect();
        let finished = w.finish(&ids);
        if !finished.is_empty() {
            eprint!("{}", to_text(setup.sources, &finished, Style::Plain));
        }
        warnings.extend(finished);
    }
    for (rule, counts) in setup.program.rules.iter().zip(&per_rule) {
        totals.regulations.add(rule.regulation, counts);
    }
    let warnings = super::output::json_diagnostics(setup.sources, &warnings);
    let mut unwritten = Vec::new();
    for out in outputs.iter_mut() {
        out.footer(&bare, &setup.fail_on, lang, &name, &totals, &warnings);
        if let (Some(e), Some(path)) = (&out.error, &out.path) {
            unwritten.push(Diagnostic::error(
                "E0001",
                format!("cannot write the {:?} report to `{}`: {e}", out.spec.format, path.display())
                    .to_lowercase(),
            ));
        }
    }
    if !unwritten.is_empty() {
        eprint!("{}", to_text(setup.sources, &unwritten, Style::Plain));
    }
    // The run's summary, for people watching a long run: on stderr, so stdout stays a report.
    let s = &totals.summary;
    let mut summary = format!(
        "{} subjects ({} invalid) in {:.1} s: {} satisfied, {} violated, {} not applicable, {} undetermined; {} failing\n",
        totals.subjects,
        totals.invalid,
        progress.elapsed().as_secs_f64(),
        s.satisfied,
        s.violated,
        s.not_applicable,
        s.undetermined,
        totals.failing
    );
    // Per regulation evaluated, in the run's order, its counts, then its articles'.
    let mut per_article: BTreeMap<(usize, u32), Summary> = BTreeMap::new();
    for (rule, counts) in setup.program.rules.iter().zip(&per_rule) {
        if counts.summary != Summary::default() {
            per_article.entry((rule.regulation, rule.article)).or_default().merge(&counts.summary);
        }
    }
    for &index in &setup.regulations {
        let Some(regulation) = setup.program.regulations.get(index) else { continue };
        let Tally { summary: s, failing, .. } = totals.regulations.get(index);
        summary.push_str(&format!(
            "  {}: {} satisfied, {} violated, {} not applicable, {} undetermined; {failing} failing\n",
            regulation.id, s.satisfied, s.violated, s.not_applicable, s.undetermined
        ));
        for ((_, article), s) in per_article.range((index, 0)..=(index, u32::MAX)) {
            summary.push_str(&format!(
                "    {} Art. {article}: {} satisfied, {} violated, {} not applicable, {} undetermined\n",
                regulation.id, s.satisfied, s.violated, s.not_applicable, s.undetermined
            ));
        }
    }
    eprint!("{summary}");
    if totals.invalid > 0 || !unwritten.is_empty() {
        Exit::Invalid
    } else if totals.failing > 0 {
        Exit::Failing
    } else {
        Exit::Ok
    }
}

/// Lines read from the catalogue for one chunk: their text in one buffer, so that reading
/// makes no allocation per line (and no line is freed by a thread other than the one that
/// made it, which the allocator pays for).
struct Batch {
    text: String,
    /// Line number, start and end in `text` of each non-blank line (without its line break).
    lines: Vec<(usize, usize, usize)>,
    /// Lines that could not be read (not UTF-8, too long, an I/O error): number, code, message.
    unreadable: Vec<(usize, &'static str, String)>,
    bytes: u64,
}

/// The catalogue's lines, read a chunk at a time.
struct LineReader {
    reader: Box<dyn BufRead + Send>,
    /// Lines read so far.
    number: usize,
    line: Vec<u8>,
    /// An I/O error ends the reading (retrying could fail for ever); the end of input too.
    done: bool,
}

impl LineReader {
    fn batch(&mut self, size: usize) -> Batch {
        let mut batch = Batch {
            // Room for lines of about 4 KB (catalogue lines are ~3 KB); it grows for longer ones.
            text: String::with_capacity(size * 4096),
            lines: Vec::with_capacity(size),
            unreadable: Vec::new(),
            bytes: 0,
        };
        while !self.done && batch.lines.len() < size {
            self.line.clear();
            match read_line(&mut *self.reader, &mut self.line, MAX_LINE) {
                Ok(0) => self.done = true,
                Ok(read) if read > MAX_LINE + 2 => {
                    // Not kept: a line this long is no subject, and holding it could exhaust
                    // memory. (Up to the limit and its line break, `facts::parse` says E0401.)
                    self.number += 1;
                    let message =
                        format!("the line is {read} bytes, more than the {MAX_LINE} a subject may be");
                    batch.unreadable.push((self.number, "E0401", message));
                }
                Ok(_) => {
                    self.number += 1;
                    // As `BufRead::lines`: without the line break, `\n` or `\r\n`.
                    if self.line.last() == Some(&b'\n') {
                        self.line.pop();
                        if self.line.last() == Some(&b'\r') {
                            self.line.pop();
                        }
                    }
                    let Ok(line) = std::str::from_utf8(&self.line) else {
                        let message = "cannot read the line: stream did not contain valid UTF-8".to_string();
                        batch.unreadable.push((self.number, "E0402", message));
                        continue;
                    };
                    // The line and its line break; a CRLF break counts one byte short.
                    batch.bytes += line.len() as u64 + 1;
                    if !line.trim().is_empty() {
                        let start = batch.text.len();
                        batch.text.push_str(line);
                        batch.lines.push((self.number, start, batch.text.len()));
                    }
                }
                Err(e) => {
                    self.number += 1;
                    batch.unreadable.push((self.number, "E0402", format!("cannot read the line: {e}")));
                    self.done = true;
                }
            }
        }
        batch
    }
}

/// `BufRead::read_until(b'\n', line)`, with a SIMD search for the line break, keeping at most
/// `max + 2` bytes of the line (the rest is read and dropped); returns the bytes read.
fn read_line(reader: &mut dyn BufRead, line: &mut Vec<u8>, max: usize) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(read);
        }
        let end = memchr::memchr(b'\n', buf).map(|i| i + 1);
        let used = end.unwrap_or(buf.len());
        let room = (max + 2).saturating_sub(line.len()).min(used);
        line.extend_from_slice(buf.get(..room).unwrap_or_default());
        reader.consume(used);
        read += used;
        if end.is_some() {
            return Ok(read);
        }
    }
}
