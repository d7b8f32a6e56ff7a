//! `clause test`: run policy test cases.
//!
//! Each PATH is a policy directory (its `*.clause` files, with cases in its `tests/`), a
//! case file, or a directory of case files (checked against `--policy` or the bundled
//! policy). Without PATH, every policy directory under `policies/` is tested. Exit 0 when
//! every case passes (and coverage reaches `--min-coverage`), 1 when one fails, 2 when a
//! policy or a case file is invalid.

use super::args::{Format, PolicyArgs, TestArgs};
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

/// A pack selection and the case files to run against it.
struct Suite {
    policy: PolicyArgs,
    /// Case files named on the command line; `None`: the `tests/` of every pack selected.
    cases: Option<Vec<PathBuf>>,
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

/// A pack directory, a directory of packs, or a policy directory written before packs.
fn is_policy_dir(dir: &Path) -> bool {
    let has = |d: &Path, pred: &dyn Fn(&Path) -> bool| {
        std::fs::read_dir(d).is_ok_and(|rd| rd.flatten().any(|e| pred(&e.path())))
    };
    dir.join("pack.clause").is_file()
        || has(dir, &|p| p.extension().is_some_and(|x| x == "clause"))
        || has(dir, &|p| p.is_dir() && p.join("pack.clause").is_file())
}

/// The pack a case file or directory lies in: the nearest directory above it with a manifest.
fn enclosing_pack(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.ancestors().skip(1).find(|d| d.join("pack.clause").is_file()).map(|d| {
        // Keep the path as the user wrote it where it is relative, for messages.
        let depth = absolute.strip_prefix(d).map_or(0, |rest| rest.components().count());
        let mut up = path.to_path_buf();
        for _ in 0..depth {
            up = up.parent().map_or_else(
                || PathBuf::from(".."),
                |p| if p.as_os_str().is_empty() { PathBuf::from(".") } else { p.to_path_buf() },
            );
        }
        up
    })
}

/// Whether one of the `--policy` paths is `pack` or the directory of packs it is in.
fn covers(policies: &[String], pack: &Path) -> bool {
    let pack = std::fs::canonicalize(pack).ok();
    policies
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .any(|p| pack.as_ref().is_some_and(|pack| *pack == p || pack.parent() == Some(p.as_path())))
}

fn suites(args: &TestArgs) -> Result<Vec<Suite>, Diagnostic> {
    if args.paths.is_empty() {
        return Ok(vec![Suite { policy: args.policy.clone(), cases: None }]);
    }
    let with_policy = |policy: Vec<String>| PolicyArgs { policy, regulation: args.policy.regulation.clone() };
    let mut out: Vec<Suite> = Vec::new();
    for path in &args.paths {
        if !path.exists() {
            return Err(io_error(path, &std::io::Error::from(std::io::ErrorKind::NotFound)));
        }
        if path.is_dir() && is_policy_dir(path) {
            let mut policy = vec![path.display().to_string()];
            policy.extend(args.policy.policy.iter().cloned());
            out.push(Suite { policy: with_policy(policy), cases: None });
            continue;
        }
        let cases = if path.is_dir() { yaml_files(path)? } else { vec![path.clone()] };
        // A case is run against the pack it lies in, with the packs `--policy` adds (unless
        // those already hold it: the pack itself or the directory of packs it is in).
        let policy = match enclosing_pack(path) {
            Some(pack) if !covers(&args.policy.policy, &pack) => {
                let mut policy = vec![pack.display().to_string()];
                policy.extend(args.policy.policy.iter().cloned());
                with_policy(policy)
            }
            _ => args.policy.clone(),
        };
        match out.iter_mut().find(|s| s.policy.policy == policy.policy && s.cases.is_some()) {
            Some(Suite { cases: Some(existing), .. }) => existing.extend(cases),
            _ => out.push(Suite { policy, cases: Some(cases) }),
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
    let mut per_regulation = Vec::new();
    // Every suite's packs are loaded first: the results borrow from their programs.
    let mut loaded = Vec::new();
    for suite in &suites {
        match policy::load(&suite.policy, &mut sources) {
            Ok(l) => loaded.push((suite, l)),
            Err(d) => invalid.extend(d),
        }
    }
    for (suite, loaded) in &loaded {
        let program = &loaded.checked.program;
        let mut coverage = Coverage::default();
        // The cases given, or each selected pack's `tests/`, checked to stay inside the pack.
        let case_files: Vec<(PathBuf, Option<PathBuf>)> = match &suite.cases {
            Some(files) => files.iter().map(|f| (f.clone(), enclosing_pack(f))).collect(),
            None => loaded
                .pack_dirs()
                .into_iter()
                .flat_map(|(_, dir)| {
                    yaml_files(&dir.join("tests"))
                        .unwrap_or_default()
                        .into_iter()
                        .map(move |f| (f, Some(dir.clone())))
                })
                .collect(),
        };
        for (case_path, pack_dir) in &case_files {
            match run_file(program, case_path, pack_dir.as_deref(), &args, &mut sources, &mut coverage) {
                Ok(mut r) => results.append(&mut r),
                Err(d) => invalid.extend(d),
            }
        }
        let (covered, total, lines, regs) = coverage_report(program, &loaded.own_regulations(), &coverage);
        covered_pairs += covered;
        total_pairs += total;
        coverage_lines.extend(lines);
        per_regulation.extend(regs);
    }
    if !invalid.is_empty() {
        output::eprint_diagnostics(&sources, &invalid, args.color);
        if args.format == Format::Json {
            output::print_json(&clause::report::json::error(output::json_diagnostics(&sources, &invalid)));
        }
        return Exit::Invalid;
    }
    let failed = results.iter().filter(|r| !r.mismatches.is_empty()).count();
    let percent = percent_of(covered_pairs, total_pairs);
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
            "coverage": {
                "percent": percent,
                "covered": covered_pairs,
                "total": total_pairs,
                "regulations": per_regulation.iter().map(|(id, covered, total)| json!({
                    "id": id,
                    "percent": percent_of(*covered, *total),
                    "covered": covered,
                    "total": total,
                })).collect::<Vec<_>>(),
            },
        })),
        Format::Text => {
            output::print(&text_report(&results, &args, percent, &per_regulation, &coverage_lines))
        }
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

fn percent_of(covered: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / total as f64
    }
}

/// A test case's subject: its fixture files (relative to the case file `path`, read as
/// `id`) merged, its inline facts laid over them, its identity settled. Facts are read
/// strictly: a key the schema does not have is an error (E0413), so a typo cannot leave a
/// fixture's value in place and pass. With `pack`, a fixture outside the pack's directory is
/// an error (E0428): a pack's tests travel with it.
pub fn case_facts(
    program: &Program,
    case: &cases::Case,
    path: &Path,
    id: FileId,
    pack: Option<&Path>,
    sources: &mut SourceMap,
) -> Result<clause::value::Facts, Vec<Diagnostic>> {
    let options = LoadOptions { strict: true, ..LoadOptions::default() };
    let mut bundle = facts::Bundle::empty(&program.schema);
    let mut first_file = id;
    for (rel, span) in &case.facts_files {
        let fixture = path.parent().unwrap_or(Path::new(".")).join(rel);
        if let Some(pack) = pack {
            let inside = std::path::absolute(&fixture)
                .ok()
                .map(|f| normalise(&f))
                .zip(std::path::absolute(pack).ok().map(|p| normalise(&p)))
                .is_some_and(|(f, p)| f.starts_with(p));
            if !inside {
                return Err(vec![Diagnostic::error(
                    "E0428",
                    format!("the fixture `{rel}` lies outside the pack `{}`", pack.display()),
                )
                .at(*span, "outside the pack")
                .help("a pack's tests refer only to files inside the pack, so a copy of the pack passes its own tests; copy the fixture into the pack's `tests/fixtures/`")]);
            }
        }
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

/// `a/./b/../c` → `a/c`, without touching the file system (the fixture may not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn run_file<'p>(
    program: &'p Program,
    path: &Path,
    pack: Option<&Path>,
    args: &TestArgs,
    sources: &mut SourceMap,
    coverage: &mut Coverage,
) -> Result<Vec<CaseResult<'p>>, Vec<Diagnostic>> {
    let options = LoadOptions { strict: true, ..LoadOptions::default() };
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
        let subject = case_facts(program, case, path, id, pack, sources)?;
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

/// Rule × {satisfied, violated} pairs covered, of the rules of `regulations` (those of the
/// packs under test, not of their dependencies); one line per article (the outcomes its
/// rules were seen to reach, and how many rules are covered), then one per rule; and the
/// pairs per regulation.
type RegulationCoverage = (String, usize, usize);
fn coverage_report(
    program: &Program,
    regulations: &[usize],
    coverage: &Coverage,
) -> (usize, usize, Vec<String>, Vec<RegulationCoverage>) {
    let wanted = [Outcome::Satisfied, Outcome::Violated];
    let seen = |id: &str, o: Outcome| coverage.seen.contains(&(id.to_string(), o));
    let rules_under_test: Vec<&clause::check::program::RuleDef> =
        program.rules.iter().filter(|r| regulations.contains(&r.regulation)).collect();
    let total = rules_under_test.len() * wanted.len();
    let mut per_regulation: Vec<RegulationCoverage> = regulations
        .iter()
        .filter_map(|&i| program.regulations.get(i))
        .map(|r| {
            let rules = rules_under_test
                .iter()
                .filter(|d| program.regulations.get(d.regulation).is_some_and(|g| g.id == r.id));
            let (mut covered, mut total) = (0, 0);
            for rule in rules {
                total += wanted.len();
                covered += wanted.iter().filter(|o| seen(&rule.qualified_id, **o)).count();
            }
            (r.id.clone(), covered, total)
        })
        .collect();
    per_regulation.sort();
    let mut covered = 0;
    let mut lines = Vec::new();
    let mut articles: Vec<(String, u32)> = Vec::new();
    for rule in &rules_under_test {
        let reg = program.regulations.get(rule.regulation).map_or("", |r| r.id.as_str()).to_string();
        if !articles.contains(&(reg.clone(), rule.article)) {
            articles.push((reg, rule.article));
        }
    }
    articles.sort();
    for (reg, article) in &articles {
        let rules: Vec<_> = rules_under_test
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
    (covered, total, lines, per_regulation)
}

fn text_report(
    results: &[CaseResult],
    args: &TestArgs,
    percent: f64,
    per_regulation: &[RegulationCoverage],
    coverage: &[String],
) -> String {
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
        if per_regulation.len() > 1 {
            for (id, covered, total) in per_regulation {
                out.push_str(&format!("  {id}: {:.1}% ({covered}/{total})\n", percent_of(*covered, *total)));
            }
        }
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
