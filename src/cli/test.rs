//! `clause test`: run policy test cases.
//!
//! Each PATH is a policy directory (its `*.clause` files, with cases in its `tests/`), a
//! case file, or a directory of case files (checked against `--policy` or the bundled
//! policy). Without PATH, every policy directory under `policies/` is tested. Exit 0 when
//! every case passes (and coverage reaches `--min-coverage`), 1 when one fails, 2 when a
//! policy or a case file is invalid.

use super::args::{Format, TestArgs};
use super::policy::{self, io_error};
use super::{output, Exit};
use clause::check::Program;
use clause::diagnostic::Diagnostic;
use clause::eval::{Outcome, Verdict};
use clause::facts::{self, cases, Format as FactsFormat, LoadOptions};
use clause::source::{FileId, SourceMap};
use clause::testing::{run_case, Coverage, Mismatch};
use serde_json::json;
use std::path::{Path, PathBuf};

/// A policy and the case files to run against it.
struct Suite {
    policy: Option<PathBuf>,
    cases: Vec<PathBuf>,
}

fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, &e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

fn has_clause_files(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|rd| rd.flatten().any(|e| e.path().extension().is_some_and(|x| x == "clause")))
}

fn suites(args: &TestArgs) -> Result<Vec<Suite>, Diagnostic> {
    let explicit = args.policy.policy.clone();
    let paths = policy::paths_or_policy_dirs(&args.paths)?;
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() && has_clause_files(&path) {
            let cases = yaml_files(&path.join("tests")).unwrap_or_default();
            out.push(Suite { policy: Some(path), cases });
        } else if path.is_dir() {
            out.push(Suite { policy: explicit.clone(), cases: yaml_files(&path)? });
        } else if path.exists() {
            out.push(Suite { policy: explicit.clone(), cases: vec![path] });
        } else {
            return Err(io_error(&path, &std::io::Error::from(std::io::ErrorKind::NotFound)));
        }
    }
    Ok(out)
}

/// The outcome of one case.
struct CaseResult<'p> {
    file: String,
    line: u32,
    name: String,
    mismatches: Vec<Mismatch>,
    verdicts: Vec<Verdict<'p>>,
}

pub fn run(args: TestArgs) -> Exit {
    let mut sources = SourceMap::new();
    let suites = match suites(&args) {
        Ok(s) => s,
        Err(d) => {
            output::eprint_diagnostics(&sources, &[d], args.color);
            return Exit::Invalid;
        }
    };
    let mut results = Vec::new();
    let mut coverage_lines = Vec::new();
    let mut invalid = Vec::new();
    let mut covered_pairs = 0usize;
    let mut total_pairs = 0usize;
    // Every suite's policy is loaded first: the results borrow from their programs.
    let mut loaded = Vec::new();
    for suite in &suites {
        match policy::load(suite.policy.as_deref(), &mut sources) {
            Ok(l) => loaded.push((suite, l)),
            Err(d) => invalid.extend(d),
        }
    }
    for (suite, loaded) in &loaded {
        let program = &loaded.checked.program;
        let mut coverage = Coverage::default();
        for case_path in &suite.cases {
            match run_file(program, case_path, &args, &mut sources, &mut coverage) {
                Ok(mut r) => results.append(&mut r),
                Err(d) => invalid.extend(d),
            }
        }
        let (covered, total, lines) = coverage_report(program, &coverage);
        covered_pairs += covered;
        total_pairs += total;
        coverage_lines.extend(lines);
    }
    if !invalid.is_empty() {
        output::eprint_diagnostics(&sources, &invalid, args.color);
        if args.format == Format::Json {
            output::print_json(&clause::report::json::error(output::json_diagnostics(&sources, &invalid)));
        }
        return Exit::Invalid;
    }
    let failed = results.iter().filter(|r| !r.mismatches.is_empty()).count();
    let percent = if total_pairs == 0 { 100.0 } else { covered_pairs as f64 * 100.0 / total_pairs as f64 };
    let below = args.min_coverage.is_some_and(|min| percent + 1e-9 < min);
    match args.format {
        Format::Json => output::print_json(&json!({
            "format_version": clause::report::FORMAT_VERSION,
            "clause_version": env!("CARGO_PKG_VERSION"),
            "cases": results.iter().map(|r| json!({
                "file": r.file,
                "line": r.line,
                "name": r.name,
                "passed": r.mismatches.is_empty(),
                "failures": r.mismatches.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "summary": { "passed": results.len() - failed, "failed": failed },
            "coverage": { "percent": percent, "covered": covered_pairs, "total": total_pairs },
        })),
        Format::Text => output::print(&text_report(&results, &args, percent, &coverage_lines)),
    }
    if failed > 0 || below {
        if below {
            eprintln!(
                "coverage {percent:.1}% is below the minimum {:.1}%",
                args.min_coverage.unwrap_or_default()
            );
        }
        Exit::Failing
    } else {
        Exit::Ok
    }
}

/// A test case's subject: its fixture files (relative to the case file `path`, read as
/// `id`) merged, its inline facts laid over them, its identity settled.
pub fn case_facts(
    program: &Program,
    case: &cases::Case,
    path: &Path,
    id: FileId,
    sources: &mut SourceMap,
) -> Result<clause::value::Facts, Vec<Diagnostic>> {
    let options = LoadOptions::default();
    let mut bundle = facts::Bundle::empty(&program.schema);
    let mut first_file = id;
    for (rel, _) in &case.facts_files {
        let fixture = path.parent().unwrap_or(Path::new(".")).join(rel);
        let fid = read(&fixture, sources)?;
        first_file = fid;
        let fixture_text = sources.text(fid).to_string();
        let loaded = facts::parse(&program.schema, fid, &fixture_text, FactsFormat::Yaml, &options);
        let Some(b) = loaded.bundle else { return Err(loaded.diagnostics) };
        let conflicts = facts::merge(&mut bundle, b, &program.schema, sources);
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
    }
    if let Some(inline) = &case.facts {
        facts::overlay(&mut bundle, inline.clone(), &program.schema);
    }
    facts::finish(&program.schema, bundle, sources, first_file)
}

pub fn read(path: &Path, sources: &mut SourceMap) -> Result<FileId, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| vec![io_error(path, &e)])?;
    Ok(sources.add(path.display().to_string(), text))
}

fn run_file<'p>(
    program: &'p Program,
    path: &Path,
    args: &TestArgs,
    sources: &mut SourceMap,
    coverage: &mut Coverage,
) -> Result<Vec<CaseResult<'p>>, Vec<Diagnostic>> {
    let options = LoadOptions::default();
    let id = read(path, sources)?;
    let text = sources.text(id).to_string();
    let parsed = cases::parse_cases(&program.schema, id, &text, &options);
    let Some(case_file) = parsed.cases else { return Err(parsed.diagnostics) };
    let mut results = Vec::new();
    for case in &case_file.cases {
        let file = path.display().to_string();
        if let Some(filter) = &args.filter {
            if !case.name.contains(filter.as_str()) && !file.contains(filter.as_str()) {
                continue;
            }
        }
        let subject = case_facts(program, case, path, id, sources)?;
        let run = run_case(program, case, &subject);
        coverage.record(case, &run);
        results.push(CaseResult {
            file,
            line: case.line,
            name: case.name.clone(),
            mismatches: run.mismatches,
            verdicts: run.verdicts,
        });
    }
    Ok(results)
}

/// Rule × {satisfied, violated} pairs covered, of all; one line per article (the outcomes
/// its rules were seen to reach, and how many rules are covered), then one per rule.
fn coverage_report(program: &Program, coverage: &Coverage) -> (usize, usize, Vec<String>) {
    let wanted = [Outcome::Satisfied, Outcome::Violated];
    let seen = |id: &str, o: Outcome| coverage.seen.contains(&(id.to_string(), o));
    let total = program.rules.len() * wanted.len();
    let mut covered = 0;
    let mut lines = Vec::new();
    let mut articles: Vec<(String, u32)> = Vec::new();
    for rule in &program.rules {
        let reg = program.regulations.get(rule.regulation).map_or("", |r| r.id.as_str()).to_string();
        if !articles.contains(&(reg.clone(), rule.article)) {
            articles.push((reg, rule.article));
        }
    }
    articles.sort();
    for (reg, article) in &articles {
        let rules: Vec<_> = program
            .rules
            .iter()
            .filter(|r| {
                r.article == *article && program.regulations.get(r.regulation).is_some_and(|g| &g.id == reg)
            })
            .collect();
        let full = rules.iter().filter(|r| wanted.iter().all(|o| seen(&r.qualified_id, *o))).count();
        let outcomes: Vec<&str> = Outcome::ALL
            .iter()
            .filter(|o| rules.iter().any(|r| seen(&r.qualified_id, **o)))
            .map(|o| o.as_str())
            .collect();
        lines.push(format!(
            "  {reg} Art. {article}: {full}/{} rules covered; outcomes seen: {}",
            rules.len(),
            if outcomes.is_empty() { "none".to_string() } else { outcomes.join(", ") }
        ));
        for rule in rules {
            let rule_seen: Vec<&str> =
                Outcome::ALL.iter().filter(|o| seen(&rule.qualified_id, **o)).map(|o| o.as_str()).collect();
            let missing: Vec<&str> =
                wanted.iter().filter(|o| !seen(&rule.qualified_id, **o)).map(|o| o.as_str()).collect();
            covered += wanted.len() - missing.len();
            let status = if missing.is_empty() { "covered" } else { "NOT COVERED" };
            lines.push(format!(
                "    {status:<11} {} ({}) seen: {}{}",
                rule.qualified_id,
                rule.citation.en,
                if rule_seen.is_empty() { "nothing".to_string() } else { rule_seen.join(", ") },
                if missing.is_empty() { String::new() } else { format!("; missing: {}", missing.join(", ")) }
            ));
        }
    }
    (covered, total, lines)
}

fn text_report(results: &[CaseResult], args: &TestArgs, percent: f64, coverage: &[String]) -> String {
    let mut out = String::new();
    for r in results {
        let status = if r.mismatches.is_empty() { "ok  " } else { "FAIL" };
        out.push_str(&format!("{status} {}:{}  {}\n", r.file, r.line, r.name));
        for m in &r.mismatches {
            out.push_str(&format!("     {}\n", describe(m, &r.verdicts)));
        }
    }
    if args.coverage {
        out.push_str(&format!("\ncoverage of rule × {{satisfied, violated}}: {percent:.1}%\n"));
        for line in coverage {
            out.push_str(line);
            out.push('\n');
        }
    }
    let failed = results.iter().filter(|r| !r.mismatches.is_empty()).count();
    out.push_str(&format!("\n{} passed, {failed} failed\n", results.len() - failed));
    out
}

/// Expected and actual side by side, with the rule, its citation and the facts involved.
fn describe(m: &Mismatch, verdicts: &[Verdict]) -> String {
    match m {
        Mismatch::Outcome { key, expected, actual, .. } => {
            let mut s = format!("{key}: expected {expected:<14} actual {}", actual.as_str());
            if let Some(v) = verdicts.iter().find(|v| v.rule == key) {
                s.push_str(&format!("  [{}]", v.citation.en));
                if let Some(reason) = &v.reason {
                    s.push_str(&format!("\n       reason: {}", reason.message.en.as_deref().unwrap_or("")));
                }
                for f in &v.findings {
                    let at = f.path.as_deref().unwrap_or("");
                    let value = f.value.as_ref().map(|v| format!(" = {v}")).unwrap_or_default();
                    s.push_str(&format!(
                        "\n       finding: {} (at `{at}`{value})",
                        f.message.en.as_deref().unwrap_or("")
                    ));
                }
            }
            s
        }
        other => other.to_string(),
    }
}
