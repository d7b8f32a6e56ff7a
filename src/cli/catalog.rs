//! `clause check --catalog FILE|-`: a whole catalogue, one subject bundle (JSON) per line.
//!
//! Streamed: lines are read in chunks, each chunk is evaluated on every core (rayon) and
//! written in input order before the next is read, so memory stays flat whatever the number
//! of lines. Each line gets its own source map, at its line offset, so diagnostics and fact
//! positions name the catalogue's own line. A bad line is reported with its line number and
//! the others go on; the run then exits 2. Text and JSON Lines stream; document formats
//! (`json`) need the whole run and are refused here.

use super::args::{CheckArgs, Lang, ReportFormat};
use super::{output, Exit};
use clause::check::Program;
use clause::diagnostic::render::{to_text, Style};
use clause::diagnostic::{has_errors, Diagnostic};
use clause::eval::{self, Outcome};
use clause::facts::{self, Format, LoadOptions};
use clause::report::{self, gate::FailOn, AsOf, PolicyInfo, Run, SubjectReport, Summary};
use clause::source::SourceMap;
use clause::syntax::ast;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};

/// Lines evaluated together; large enough to keep every core busy, small enough to keep
/// memory flat.
const CHUNK: usize = 1024;

/// What the catalogue run shares with every line.
pub struct Setup<'a> {
    pub program: &'a Program,
    /// The run's sources (the policy, the waivers file), for diagnostics about them.
    pub sources: &'a SourceMap,
    pub policy: PolicyInfo,
    pub regulations: Vec<usize>,
    pub as_of: AsOf,
    pub fail_on: FailOn,
    /// `--baseline`: failures already known are not new.
    pub baseline: Option<clause::baseline::Baseline>,
}

/// One line's outcome: its rendered reports, or its rendered diagnostics.
struct LineResult {
    /// Waivers this line's verdicts matched, recorded in input order.
    waivers_used: Vec<usize>,
    reports: Vec<String>,
    verdicts: Vec<(String, u32, Outcome, bool)>,
    diagnostics: Option<String>,
    warnings: Option<String>,
}

fn run_for<'a>(
    setup: &'a Setup<'a>,
    sources: &'a SourceMap,
    subjects: Vec<SubjectReport>,
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

fn render_subject(
    format: ReportFormat,
    run: &Run<'_>,
    fail_on: &FailOn,
    lang: ast::Lang,
    color: bool,
) -> String {
    match format {
        ReportFormat::Text => {
            run.subjects.iter().map(|s| report::text::subject(run, s, fail_on, lang, color)).collect()
        }
        // Only text and JSON Lines reach here (the others are refused for catalogues).
        _ => run
            .subjects
            .iter()
            .map(|s| {
                serde_json::to_string(&report::json::subject(run, s, fail_on)).unwrap_or_default() + "\n"
            })
            .collect(),
    }
}

fn one_line(
    setup: &Setup<'_>,
    args: &CheckArgs,
    formats: &[(ReportFormat, bool)],
    name: &str,
    number: usize,
    text: &str,
    waivers: Option<&clause::waivers::WaiverSet>,
) -> LineResult {
    let mut sources = SourceMap::new();
    let offset = u32::try_from(number.saturating_sub(1)).unwrap_or(u32::MAX);
    let id = sources.add_with_line_offset(name, text, offset);
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
        return LineResult {
            waivers_used: Vec::new(),
            reports: Vec::new(),
            verdicts: Vec::new(),
            diagnostics: render(&diagnostics),
            warnings: None,
        };
    };
    let order = eval::rule_order(setup.program);
    let mut verdicts: Vec<_> = order
        .iter()
        .filter(|&&i| setup.regulations.contains(&setup.program.rules[i].regulation))
        .map(|&i| eval::evaluate_rule(setup.program, i, &facts, setup.as_of.date()))
        .collect();
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
    let stats = verdicts
        .iter()
        .map(|v| (v.regulation.clone(), v.article, v.outcome, setup.fail_on.fails(v)))
        .collect();
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
    let run = run_for(setup, &sources, vec![subject], args.only_failures);
    let lang = if args.lang == Lang::Zh { ast::Lang::Zh } else { ast::Lang::En };
    let reports =
        formats.iter().map(|(f, color)| render_subject(*f, &run, &setup.fail_on, lang, *color)).collect();
    LineResult { waivers_used, reports, verdicts: stats, diagnostics: None, warnings: render(&diagnostics) }
}

/// Runs the catalogue; `sinks` are standard output and every `--output` file, in that order.
pub fn run(
    setup: &Setup<'_>,
    args: &CheckArgs,
    catalog: &str,
    sinks: &mut [(ReportFormat, bool, Box<dyn Write>)],
    mut waivers: Option<clause::waivers::WaiverSet>,
) -> Exit {
    let started = std::time::Instant::now();
    let reader: Box<dyn BufRead> = if catalog == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(catalog) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                let d = super::policy::io_error(std::path::Path::new(catalog), &e);
                output::eprint_diagnostics(&SourceMap::new(), &[d], args.color);
                return Exit::Invalid;
            }
        }
    };
    let name = if catalog == "-" { "<stdin>".to_string() } else { catalog.to_string() };
    let formats: Vec<(ReportFormat, bool)> = sinks.iter().map(|(f, c, _)| (*f, *c)).collect();
    let lang = if args.lang == Lang::Zh { ast::Lang::Zh } else { ast::Lang::En };
    let empty = SourceMap::new();
    let header = run_for(setup, &empty, Vec::new(), args.only_failures);
    for (format, color, sink) in sinks.iter_mut() {
        if *format == ReportFormat::Text {
            let _ = sink.write_all(report::text::header(&header, lang, *color).as_bytes());
        }
    }
    let (mut subjects, mut bad, mut failing) = (0usize, 0usize, 0usize);
    let mut total = Summary::default();
    let mut per_article: BTreeMap<(String, u32), Summary> = BTreeMap::new();
    // A running count on a terminal, redrawn once per chunk; none when piped or `--quiet`.
    let progress = !args.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut lines = reader.lines().enumerate();
    loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        for (index, line) in lines.by_ref() {
            match line {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => chunk.push((index + 1, text)),
                Err(e) => {
                    eprintln!("error[E0402]: {name}:{}: cannot read the line: {e}", index + 1);
                    bad += 1;
                }
            }
            if chunk.len() == CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<LineResult> = chunk
            .par_iter()
            .map(|(number, text)| one_line(setup, args, &formats, &name, *number, text, waivers.as_ref()))
            .collect();
        for result in results {
            if let Some(w) = waivers.as_mut() {
                w.record(&result.waivers_used);
            }
            if let Some(w) = &result.warnings {
                eprint!("{w}");
            }
            if let Some(d) = result.diagnostics {
                eprint!("{d}");
                bad += 1;
                continue;
            }
            subjects += 1;
            for (regulation, article, outcome, fails) in &result.verdicts {
                total.add(*outcome);
                per_article.entry((regulation.clone(), *article)).or_default().add(*outcome);
                failing += usize::from(*fails);
            }
            for ((_, _, sink), text) in sinks.iter_mut().zip(&result.reports) {
                let _ = sink.write_all(text.as_bytes());
            }
        }
        if progress {
            let rate = subjects as f64 / started.elapsed().as_secs_f64().max(1e-3);
            eprint!("\r\x1b[2K{subjects} subjects checked ({bad} invalid, {failing} failing results) · {rate:.0}/s");
        }
    }
    if progress {
        eprint!("\r\x1b[2K");
    }
    for (format, _, sink) in sinks.iter_mut() {
        if *format == ReportFormat::Text {
            let _ = sink.write_all(report::text::footer(subjects, &total, failing, lang).as_bytes());
        }
        let _ = sink.flush();
    }
    if let Some(w) = &waivers {
        let ids: Vec<&str> = setup.program.rules.iter().map(|r| r.qualified_id.as_str()).collect();
        let warnings = w.finish(&ids);
        if !warnings.is_empty() {
            eprint!("{}", to_text(setup.sources, &warnings, Style::Plain));
        }
    }
    // The run's summary, for people watching a long run: on stderr, so stdout stays a report.
    let mut summary = format!(
        "{subjects} subjects ({bad} invalid) in {:.1} s: {} satisfied, {} violated, {} not applicable, {} undetermined; {failing} failing\n",
        started.elapsed().as_secs_f64(),
        total.satisfied,
        total.violated,
        total.not_applicable,
        total.undetermined
    );
    for ((regulation, article), s) in &per_article {
        summary.push_str(&format!(
            "  {regulation} Art. {article}: {} satisfied, {} violated, {} not applicable, {} undetermined\n",
            s.satisfied, s.violated, s.not_applicable, s.undetermined
        ));
    }
    eprint!("{summary}");
    if bad > 0 {
        Exit::Invalid
    } else if failing > 0 {
        Exit::Failing
    } else {
        Exit::Ok
    }
}
