//! `clause lint [PATH...]`: warnings about policies that check but are probably wrong.
//!
//! Each PATH is a policy directory (default: every directory under `policies/`); its test
//! cases (`tests/*.yaml`) tell which rules are tested. Exit 0 with no warnings, 1 with
//! warnings, 2 when a policy does not check.

use super::args::{Format, LintArgs};
use super::policy::{paths_or_policy_dirs, read_policy_files};
use super::{output, Exit};
use clause::facts::{cases, LoadOptions};
use clause::lint::{lint, Context};
use clause::source::SourceMap;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The rule ids a policy's test cases name.
fn tested_rules(
    dir: &Path,
    schema: &clause::schema::Schema,
    sources: &mut SourceMap,
) -> Option<BTreeSet<String>> {
    let tests = dir.join("tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&tests)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    let mut tested = BTreeSet::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let id = sources.add(file.display().to_string(), text.clone());
        if let Some(case_file) = cases::parse_cases(schema, id, &text, &LoadOptions::default()).cases {
            for case in &case_file.cases {
                tested.extend(case.expect.iter().map(|e| e.key.trim().to_string()));
                tested.extend(case.findings.iter().map(|f| f.rule.clone()));
            }
        }
    }
    Some(tested)
}

pub fn run(args: LintArgs) -> Exit {
    let mut sources = SourceMap::new();
    let dirs = match paths_or_policy_dirs(&args.paths) {
        Ok(d) => d,
        Err(d) => {
            output::eprint_diagnostics(&sources, &[d], args.color);
            return Exit::Invalid;
        }
    };
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for dir in &dirs {
        let files = match read_policy_files(dir) {
            Ok(f) => f,
            Err(d) => {
                errors.extend(d);
                continue;
            }
        };
        let parsed = match clause::parse_all(&mut sources, &files) {
            Ok(p) => p,
            Err(d) => {
                errors.extend(d);
                continue;
            }
        };
        match clause::check::check(&parsed) {
            Err(d) => errors.extend(d),
            Ok(checked) => {
                warnings.extend(checked.warnings.iter().cloned());
                let context =
                    Context { tested_rules: tested_rules(dir, &checked.program.schema, &mut sources) };
                warnings.extend(lint(&parsed, &checked.program, &context));
            }
        }
    }
    if !errors.is_empty() {
        output::eprint_diagnostics(&sources, &errors, args.color);
        if args.format == Format::Json {
            output::print_json(&clause::report::json::error(output::json_diagnostics(&sources, &errors)));
        }
        return Exit::Invalid;
    }
    match args.format {
        Format::Json => output::print_json(&serde_json::json!({
            "format_version": clause::report::FORMAT_VERSION,
            "clause_version": env!("CARGO_PKG_VERSION"),
            "warnings": output::json_diagnostics(&sources, &warnings),
        })),
        Format::Text => {
            output::eprint_diagnostics(&sources, &warnings, args.color);
            let n = warnings.len();
            output::print(&format!("{n} warning{}\n", if n == 1 { "" } else { "s" }));
        }
    }
    if warnings.is_empty() {
        Exit::Ok
    } else {
        Exit::Failing
    }
}
