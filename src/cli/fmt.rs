//! `clause fmt [--check] [PATH...]`: lay policy files out canonically.
//!
//! Rewrites each `.clause` file (a directory: every `.clause` file beneath it) in place, or
//! with `--check` lists the files that would change and exits 1. A file that does not parse
//! is reported (exit 2) and left untouched.

use super::args::FmtArgs;
use super::policy::io_error;
use super::{output, Exit};
use clause::diagnostic::Diagnostic;
use clause::source::SourceMap;
use std::path::{Path, PathBuf};

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let hidden = p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden && (p.is_dir() || p.extension().is_some_and(|e| e == "clause")) {
                collect(&p, out)?;
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

pub fn run(args: FmtArgs) -> Exit {
    let mut sources = SourceMap::new();
    let roots = if args.paths.is_empty() { vec![PathBuf::from("policies")] } else { args.paths.clone() };
    let mut files = Vec::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for root in &roots {
        if let Err(e) = collect(root, &mut files) {
            errors.push(io_error(root, &e));
        }
    }
    let mut changed = Vec::new();
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                errors.push(io_error(file, &e));
                continue;
            }
        };
        let id = sources.add(file.display().to_string(), text.clone());
        match clause::format::format_source(id, &text) {
            Err(d) => errors.extend(d),
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                changed.push(file.display().to_string());
                if !args.check {
                    if let Err(e) = std::fs::write(file, formatted) {
                        errors.push(io_error(file, &e));
                    }
                }
            }
        }
    }
    output::eprint_diagnostics(&sources, &errors, args.color);
    for file in &changed {
        output::print(&format!("{}{file}\n", if args.check { "would reformat " } else { "formatted " }));
    }
    if !errors.is_empty() {
        Exit::Invalid
    } else if args.check && !changed.is_empty() {
        Exit::Failing
    } else {
        Exit::Ok
    }
}
