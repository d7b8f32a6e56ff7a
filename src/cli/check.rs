//! `clause check`: evaluate subjects against the policy.

use super::args::{CheckArgs, Lang, ReportFormat};
use super::{catalog, config, output, policy, subjects, Exit};
use clause::diagnostic::{has_errors, Diagnostic};
use clause::eval;
use clause::facts::LoadOptions;
use clause::report::{self, gate::FailOn, AsOf, PolicyInfo, Run, SubjectReport};
use clause::source::SourceMap;
use clause::syntax::ast;
use clause::time::Date;
use clause::waivers::{self, WaiverSet};

/// Reports invalid input: diagnostics on stderr, and under a JSON format an error object on
/// stdout (never half a report).
pub(super) fn invalid(args: &CheckArgs, sources: &SourceMap, diagnostics: &[Diagnostic]) -> Exit {
    output::eprint_diagnostics(sources, diagnostics, args.color);
    if matches!(args.format, ReportFormat::Json | ReportFormat::Jsonl | ReportFormat::Sarif) {
        output::print_json(&report::json::error(output::json_diagnostics(sources, diagnostics)));
    }
    Exit::Invalid
}

fn usage(message: String, help: Option<String>) -> Diagnostic {
    Diagnostic::error("E0004", message).with_help(help)
}

/// Today's date (UTC), for `--as-of today`.
fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Date::EPOCH.add_days(i64::try_from(secs / 86_400).ok()?)
}

pub(super) fn parse_as_of(text: Option<&str>) -> Result<AsOf, Diagnostic> {
    match text {
        None => Ok(AsOf::None),
        Some("today") => today()
            .map(AsOf::Today)
            .ok_or_else(|| usage("cannot read today's date from the system clock".into(), None)),
        Some(t) => Date::parse(t).map(AsOf::Given).ok_or_else(|| {
            usage(
                format!("`{t}` is not a valid date for `--as-of`"),
                Some("write the date as `YYYY-MM-DD`, e.g. `--as-of 2020-06-01`, or `--as-of today`".into()),
            )
        }),
    }
}

pub fn run(mut args: CheckArgs) -> Exit {
    let mut sources = SourceMap::new();
    let config_warnings = match config::apply(&mut args) {
        Ok(warnings) => warnings,
        Err(d) => return invalid(&args, &sources, &[d]),
    };
    let as_of = match parse_as_of(args.as_of.as_deref()) {
        Ok(a) => a,
        Err(d) => return invalid(&args, &sources, &[d]),
    };
    let fail_on = match FailOn::parse(args.fail_on.as_deref().unwrap_or("error:violated+undetermined")) {
        Ok(f) => f,
        Err(e) => return invalid(
            &args,
            &sources,
            &[usage(
                format!("invalid `--fail-on`: {e}"),
                Some(
                    "e.g. `--fail-on error:violated+undetermined`, `--fail-on warning`, `--fail-on never`"
                        .into(),
                ),
            )],
        ),
    };
    let loaded = match policy::load(&args.policy, &mut sources) {
        Ok(l) => l,
        Err(d) => return invalid(&args, &sources, &d),
    };
    let program = &loaded.checked.program;
    let mut diagnostics = config_warnings;
    diagnostics.extend(loaded.checked.warnings.iter().cloned());

    let regulations = loaded.regulations.clone();

    if as_of == AsOf::None {
        let windows: Vec<String> = regulations
            .iter()
            .filter_map(|&i| program.regulations.get(i))
            .map(|r| match r.in_force_until {
                Some(u) => format!("`{}` is in force from {} until {u} (exclusive)", r.id, r.in_force_from),
                None => format!("`{}` is in force from {}", r.id, r.in_force_from),
            })
            .collect();
        diagnostics.push(
            Diagnostic::warning("W0001", "no `--as-of` date given: regulations are evaluated as written")
                .note(windows.join("; "))
                .help("pass `--as-of YYYY-MM-DD` (or `--as-of today`) to apply the law in force on that day; deadline rules are undetermined without it"),
        );
    }
    match expand_globs(&args.subjects) {
        Ok(expanded) => args.subjects = expanded,
        Err(d) => return invalid(&args, &sources, &[d]),
    }
    let mut seen = std::collections::HashSet::new();
    for path in &args.subjects {
        if !seen.insert(path) {
            diagnostics.push(Diagnostic::warning(
                "W0002",
                format!("`{}` is given twice: it is checked twice", path.display()),
            ));
        }
    }

    let waivers = match load_waivers(&args, &mut sources) {
        Ok(w) => w,
        Err(d) => return invalid(&args, &sources, &d),
    };
    let baseline = match &args.baseline {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Err(e) => return invalid(&args, &sources, &[policy::io_error(path, &e)]),
            Ok(text) => match clause::baseline::Baseline::parse(&text) {
                Ok(b) => Some(b),
                Err(d) => return invalid(&args, &sources, &[d]),
            },
        },
    };
    if let Some(catalog) = &args.catalog {
        return run_catalog(
            baseline,
            &args,
            catalog,
            &sources,
            &diagnostics,
            program,
            &loaded,
            regulations,
            as_of,
            fail_on,
            waivers,
        );
    }
    let options = LoadOptions { strict: args.strict, ..LoadOptions::default() };
    let mut loaded_subjects = Vec::new();
    for path in &args.subjects {
        if let Some(s) = subjects::load(path, &program.schema, &options, &mut sources, &mut diagnostics) {
            loaded_subjects.push(s);
        }
    }
    if has_errors(&diagnostics) || loaded_subjects.len() != args.subjects.len() {
        return invalid(&args, &sources, &diagnostics);
    }

    let order = rules_of(program, &regulations);
    let mut waivers = waivers;
    let mut reports: Vec<SubjectReport> = Vec::new();
    for s in loaded_subjects {
        let mut verdicts = eval::evaluate_rules(program, &order, &s.facts, as_of.date());
        if let Some(w) = waivers.as_mut() {
            w.mark(&s.facts.subject.id, &mut verdicts);
        }
        if let Some(b) = &baseline {
            b.mark(&s.facts.subject.id, &mut verdicts);
        }
        // `--explain`: re-evaluate the failing rules with tracing on.
        let explanations = if args.explain {
            verdicts
                .iter()
                .filter(|v| fail_on.fails(v))
                .map(|v| eval::explain_rule(program, v.rule_index, &s.facts, as_of.date()))
                .collect()
        } else {
            Vec::new()
        };
        let kind = program
            .schema
            .subjects
            .get(s.facts.subject.kind.0 as usize)
            .map_or_else(String::new, |k| k.name.clone());
        reports.push(SubjectReport {
            id: s.facts.subject.id.clone(),
            kind,
            files: s.files,
            verdicts,
            explanations,
        });
    }
    if let Some(w) = &waivers {
        let ids: Vec<&str> = program.rules.iter().map(|r| r.qualified_id.as_str()).collect();
        diagnostics.extend(w.finish(&ids));
    }
    let failing = reports.iter().flat_map(|r| &r.verdicts).any(|v| fail_on.fails(v));
    let run = Run {
        program,
        sources: &sources,
        policy: policy_info(&loaded, &args),
        regulations,
        as_of,
        subjects: reports,
        only_failures: args.only_failures,
    };
    let lang = if args.lang == Lang::Zh { ast::Lang::Zh } else { ast::Lang::En };
    let warnings = output::json_diagnostics(&sources, &diagnostics);
    // Files first: a report that cannot be written is an error (exit 2), never a silent loss.
    let mut write_errors = Vec::new();
    for spec in &args.output {
        let text = render(spec.format, &run, &fail_on, lang, false, &warnings);
        if let Err(e) = std::fs::write(&spec.path, text) {
            write_errors.push(Diagnostic::error(
                "E0001",
                format!("cannot write the {:?} report to `{}`: {e}", spec.format, spec.path.display()),
            ));
        }
    }
    if args.format == ReportFormat::Text {
        output::eprint_diagnostics(&sources, &diagnostics, args.color);
    }
    output::print(&render(args.format, &run, &fail_on, lang, output::stdout_color(args.color), &warnings));
    if !write_errors.is_empty() {
        output::eprint_diagnostics(&sources, &write_errors, args.color);
        return Exit::Invalid;
    }
    if failing {
        Exit::Failing
    } else {
        Exit::Ok
    }
}

/// One report in one format.
fn render(
    format: ReportFormat,
    run: &Run<'_>,
    fail_on: &FailOn,
    lang: ast::Lang,
    color: bool,
    warnings: &[serde_json::Value],
) -> String {
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    match format {
        ReportFormat::Text => report::text::render(run, fail_on, lang, color),
        ReportFormat::Json => pretty(&report::json::render(run, fail_on, warnings)),
        ReportFormat::Jsonl => report::json::lines(run, fail_on),
        ReportFormat::Sarif => pretty(&report::sarif::render(run, fail_on)),
        ReportFormat::Junit => report::junit::render(run, fail_on),
        ReportFormat::Github => report::github::render(run, fail_on),
        ReportFormat::Markdown => report::markdown::render(run, fail_on),
    }
}

#[allow(clippy::too_many_arguments)]
fn run_catalog(
    baseline: Option<clause::baseline::Baseline>,
    args: &CheckArgs,
    catalog: &str,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    program: &clause::check::Program,
    loaded: &policy::Loaded,
    regulations: Vec<usize>,
    as_of: AsOf,
    fail_on: FailOn,
    waivers: Option<WaiverSet>,
) -> Exit {
    // Everything that can make the run invalid before it starts is checked before any report
    // is begun, so an invalid run writes an error object, never half a report.
    let catalogue = match catalog::open(catalog) {
        Ok(c) => c,
        Err(d) => return invalid(args, sources, &[d]),
    };
    let stdout = std::io::BufWriter::new(std::io::stdout());
    let mut outputs = vec![catalog::writer::Output::new(
        args.format,
        output::stdout_color(args.color),
        None,
        Box::new(stdout),
    )];
    for spec in &args.output {
        match std::fs::File::create(&spec.path) {
            Ok(f) => outputs.push(catalog::writer::Output::new(
                spec.format,
                false,
                Some(spec.path.clone()),
                Box::new(std::io::BufWriter::new(f)),
            )),
            Err(e) => return invalid(args, sources, &[policy::io_error(&spec.path, &e)]),
        }
    }
    output::eprint_diagnostics(sources, diagnostics, args.color);
    let setup = catalog::Setup {
        program,
        sources,
        policy: policy_info(loaded, args),
        rules: rules_of(program, &regulations),
        regulations,
        as_of,
        fail_on,
        baseline,
    };
    catalog::run(&setup, args, catalogue, &mut outputs, waivers, diagnostics.to_vec())
}

/// The rules of the regulations evaluated, in the order of the law.
fn rules_of(program: &clause::check::Program, regulations: &[usize]) -> Vec<usize> {
    clause::engine::rules_of(program, regulations)
}

/// `--waivers FILE`, judged against `--today` (default: the system's date).
/// What the reports say of the policy: where it came from, its digest, its documentation site.
fn policy_info(loaded: &policy::Loaded, args: &CheckArgs) -> PolicyInfo {
    PolicyInfo {
        source: loaded.source.clone(),
        digest: loaded.digest.clone(),
        doc_url: args.doc_url.clone(),
        packs: loaded.packs.iter().map(|p| (p.id.clone(), p.version.clone())).collect(),
    }
}

fn load_waivers(args: &CheckArgs, sources: &mut SourceMap) -> Result<Option<WaiverSet>, Vec<Diagnostic>> {
    let Some(path) = &args.waivers else {
        if args.today.is_some() {
            return Err(vec![usage("`--today` only matters with `--waivers`".into(), None)]);
        }
        return Ok(None);
    };
    let today = match args.today.as_deref() {
        None => today()
            .ok_or_else(|| vec![usage("cannot read today's date from the system clock".into(), None)])?,
        Some(t) => Date::parse(t).ok_or_else(|| {
            vec![usage(
                format!("`{t}` is not a valid date for `--today`"),
                Some("write it as `YYYY-MM-DD`".into()),
            )]
        })?,
    };
    let text = std::fs::read_to_string(path).map_err(|e| vec![policy::io_error(path, &e)])?;
    let id = sources.add(path.display().to_string(), text.clone());
    Ok(Some(WaiverSet::new(waivers::parse(id, &text)?, today)))
}

/// Subjects given as glob patterns (quoted, so the shell left them alone) become the paths
/// they match, in sorted order; a pattern that matches nothing is an error.
fn expand_globs(subjects: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    let mut out = Vec::new();
    for path in subjects {
        let text = path.to_string_lossy();
        if path.exists() || !text.contains(['*', '?', '[']) {
            out.push(path.clone());
            continue;
        }
        let pattern =
            glob::glob(&text).map_err(|e| usage(format!("`{text}` is not a valid glob: {e}"), None))?;
        let mut matched: Vec<std::path::PathBuf> = pattern.filter_map(Result::ok).collect();
        if matched.is_empty() {
            return Err(Diagnostic::error(
                "E0003",
                format!("the pattern `{text}` matches no facts file or directory"),
            ));
        }
        matched.sort();
        out.extend(matched);
    }
    Ok(out)
}
