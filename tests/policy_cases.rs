//! Runs the bundled policies' test cases (`policies/*/tests/*.yaml`) through the same code
//! `clause test` will use, and checks that every rule is tested both `satisfied` and
//! `violated`.

use clause::diagnostic::render::{to_text, Style};
use clause::eval::Outcome;
use clause::facts::{self, cases, Format, LoadOptions};
use clause::source::SourceMap;
use clause::testing::{run_case, Coverage};
use std::path::{Path, PathBuf};

fn policy_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("policies")
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == ext)).collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn bundled_policy_cases_pass_and_cover_every_rule() {
    let mut total = 0;
    let mut failures = Vec::new();
    for dir in policy_dirs() {
        let mut sources = SourceMap::new();
        let files: Vec<(String, String)> =
            files_with(&dir, "clause").iter().map(|p| (p.display().to_string(), read(p))).collect();
        let checked = clause::compile(&mut sources, &files).unwrap_or_else(|d| {
            panic!("{} does not check:\n{}", dir.display(), to_text(&sources, &d, Style::Plain))
        });
        let program = &checked.program;
        let options = LoadOptions::default();
        let mut coverage = Coverage::default();
        let case_dir = dir.join("tests");
        let case_files = files_with(&case_dir, "yaml");
        assert!(!case_files.is_empty(), "{} has no test cases", dir.display());
        for case_path in case_files {
            let text = read(&case_path);
            let id = sources.add(case_path.display().to_string(), text.clone());
            let parsed = cases::parse_cases(&program.schema, id, &text, &options);
            let Some(case_file) = parsed.cases else {
                panic!("{}", to_text(&sources, &parsed.diagnostics, Style::Plain));
            };
            for case in &case_file.cases {
                total += 1;
                let mut bundle = facts::Bundle::empty(&program.schema);
                let mut first_file = id;
                for (rel, _) in &case.facts_files {
                    let path = case_path.parent().unwrap_or(Path::new(".")).join(rel);
                    let fixture = read(&path);
                    let fid = sources.add(path.display().to_string(), fixture.clone());
                    first_file = fid;
                    let loaded = facts::parse(&program.schema, fid, &fixture, Format::Yaml, &options);
                    let b = loaded.bundle.unwrap_or_else(|| {
                        panic!("{}", to_text(&sources, &loaded.diagnostics, Style::Plain))
                    });
                    let conflicts = facts::merge(&mut bundle, b, &program.schema, &sources);
                    assert!(conflicts.is_empty(), "{}", to_text(&sources, &conflicts, Style::Plain));
                }
                if let Some(inline) = &case.facts {
                    facts::overlay(&mut bundle, inline.clone(), &program.schema);
                }
                let subject = match facts::finish(&program.schema, bundle, &sources, first_file) {
                    Ok(f) => f,
                    Err(d) => {
                        failures.push(format!(
                            "{}:{} {}: {}",
                            case_path.display(),
                            case.line,
                            case.name,
                            to_text(&sources, &d, Style::Plain)
                        ));
                        continue;
                    }
                };
                let run = run_case(program, case, &subject);
                coverage.record(case, &run);
                for m in &run.mismatches {
                    failures.push(format!("{}:{} {}: {m}", case_path.display(), case.line, case.name));
                }
            }
        }
        for outcome in [Outcome::Satisfied, Outcome::Violated] {
            for rule in coverage.missing(program, outcome) {
                failures.push(format!(
                    "{}: rule {rule} has no passing case expecting `{}`",
                    dir.display(),
                    outcome.as_str()
                ));
            }
        }
    }
    assert!(total > 0, "no policy test cases found");
    assert!(failures.is_empty(), "{} problem(s) in {total} cases:\n{}", failures.len(), failures.join("\n"));
}
