//! `clause lint [PATH...]`: warnings about policies that check but are probably wrong.
//!
//! Lints the packs selected (`--policy`, or PATH as another `--policy`; default: the bundled
//! packs), not the packs they only require; `--regulation` keeps the warnings inside the
//! regulations named. The cases in each selected pack's `tests/` tell which rules are tested:
//! a pack without a `tests/` has no tested rule. Exit 0 with no warnings, 1 with warnings, 2
//! when a pack does not check.

use super::args::{Format, LintArgs};
use super::{output, policy, Exit};
use clause::facts::{cases, LoadOptions};
use clause::lint::{lint, Context};
use clause::source::SourceMap;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// With `--regulation`, only the warnings inside the regulations selected (and those outside
/// any regulation, about the pack's shared declarations).
fn lint_in_selection(
    d: &clause::diagnostic::Diagnostic,
    files: &[clause::syntax::ast::File],
    selected: &[&str],
) -> bool {
    let Some(span) = d.primary_span() else { return true };
    for file in files {
        for item in &file.items {
            if let clause::syntax::ast::Item::Regulation(r) = item {
                if r.span.file == span.file && r.span.start <= span.start && span.end <= r.span.end {
                    return selected.contains(&r.id.text.as_str());
                }
            }
        }
    }
    true
}

/// The rule ids a policy's test cases name; `None` without a `tests/` directory.
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
    let mut selection = args.policy.clone();
    selection.policy.extend(args.paths.iter().map(|p| p.display().to_string()));
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    match policy::load(&selection, &mut sources) {
        Err(d) => errors.extend(d),
        Ok(loaded) => {
            warnings.extend(loaded.checked.warnings.iter().cloned());
            // The packs asked for are linted; the packs they only require are not.
            let own: Vec<clause::syntax::ast::File> = loaded
                .files
                .iter()
                .filter(|(pack, _)| loaded.packs.get(*pack).is_some_and(|p| !p.dependency))
                .map(|(_, f)| f.clone())
                .collect();
            // Every selected pack's cases count: a pack may test rules through another's fixtures.
            let mut tested: Option<BTreeSet<String>> = None;
            for (_, dir) in loaded.pack_dirs() {
                let found = tested_rules(&dir, &loaded.checked.program.schema, &mut sources);
                tested.get_or_insert_with(BTreeSet::new).extend(found.unwrap_or_default());
            }
            let missing = loaded.packs_without_dir();
            if !missing.is_empty() {
                eprintln!(
                    "note: the test cases of {} are not on disk here; untested rules (W0301) are not looked for in them",
                    missing.join(", ")
                );
            }
            let context = Context { tested_rules: tested };
            let program = &loaded.checked.program;
            let selected: Vec<&str> = loaded
                .regulations
                .iter()
                .filter_map(|&i| program.regulations.get(i))
                .map(|r| r.id.as_str())
                .collect();
            warnings.extend(
                lint(&own, program, &context).into_iter().filter(|d| lint_in_selection(d, &own, &selected)),
            );
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
