//! `clause doc [--policy PATH] --out DIR [--check]`: the policy's documentation site.
//!
//! Loads the packs selected and their test cases (each selected pack's `tests/*.yaml`; for a
//! bundled pack, `policies/<pack>/tests/` under the working directory, when it is there), asks the
//! library for the site's files and writes them under DIR, leaving files that are already
//! identical untouched. With `--check`, writes nothing: lists the files of DIR that differ
//! from the site, are missing or are extra, and exits 1 if there are any (0 when DIR is the
//! site byte for byte, 2 on an invalid policy or test case or an unreadable file).

use super::args::DocArgs;
use super::policy::{self, io_error};
use super::{output, test, Exit};
use clause::check::Program;
use clause::diagnostic::Diagnostic;
use clause::doc::CaseInput;
use clause::facts::{cases, LoadOptions};
use clause::source::SourceMap;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn run(args: DocArgs) -> Exit {
    let mut sources = SourceMap::new();
    let loaded = match policy::load(&args.policy, &mut sources) {
        Ok(l) => l,
        Err(d) => {
            output::eprint_diagnostics(&sources, &d, args.color);
            return Exit::Invalid;
        }
    };
    let program = &loaded.checked.program;
    let dirs: Vec<PathBuf> =
        loaded.pack_dirs().into_iter().map(|(_, d)| d.join("tests")).filter(|d| d.is_dir()).collect();
    let mut inputs = Vec::new();
    for dir in &dirs {
        match load_cases(program, dir, &mut sources) {
            Ok(mut found) => inputs.append(&mut found),
            Err(d) => {
                output::eprint_diagnostics(&sources, &d, args.color);
                return Exit::Invalid;
            }
        }
    }
    if inputs.is_empty() {
        let looked: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        eprintln!(
            "note: no policy test cases found (looked in {}); the pages have no worked examples",
            if looked.is_empty() { "no directory".to_string() } else { looked.join(", ") }
        );
    }
    let files = clause::doc::site_of(program, &inputs, &loaded.regulations);
    if args.check {
        check(&args.out, &files, args.color)
    } else {
        write(&args.out, &files, args.color)
    }
}

/// Every case of `dir/*.yaml` with its subject's facts, as `clause test` loads them. Cases
/// are named by their file relative to the policy directory (`tests/x.yaml`), so the site
/// does not depend on where the policy is.
fn load_cases(
    program: &Program,
    dir: &Path,
    sources: &mut SourceMap,
) -> Result<Vec<CaseInput>, Vec<Diagnostic>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| vec![io_error(dir, &e)])?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    let options = LoadOptions::default();
    let mut out = Vec::new();
    for path in files {
        let id = test::read(&path, sources)?;
        let text = sources.text(id).to_string();
        let parsed = cases::parse_cases(&program.schema, id, &text, &options);
        let Some(case_file) = parsed.cases else { return Err(parsed.diagnostics) };
        let label = format!("tests/{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
        for case in case_file.cases {
            let subject = test::case_facts(program, &case, &path, id, dir.parent(), sources)?;
            out.push(CaseInput { file: label.clone(), case, facts: subject });
        }
    }
    Ok(out)
}

fn write(out: &Path, files: &[(String, Vec<u8>)], color: super::args::Color) -> Exit {
    let mut errors = Vec::new();
    let mut written = 0usize;
    for (relative, bytes) in files {
        let path = out.join(relative);
        if std::fs::read(&path).is_ok_and(|existing| existing == *bytes) {
            continue;
        }
        let result = match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent).and_then(|()| std::fs::write(&path, bytes)),
            None => std::fs::write(&path, bytes),
        };
        match result {
            Ok(()) => written += 1,
            Err(e) => errors.push(io_error(&path, &e)),
        }
    }
    if !errors.is_empty() {
        output::eprint_diagnostics(&SourceMap::new(), &errors, color);
        return Exit::Invalid;
    }
    let extra = extra_files(out, files).unwrap_or_default();
    for e in &extra {
        eprintln!("note: `{e}` is not part of the site; remove it if it is left over from an earlier one");
    }
    eprintln!(
        "{} files in {} ({written} written, {} unchanged)",
        files.len(),
        out.display(),
        files.len() - written
    );
    Exit::Ok
}

fn check(out: &Path, files: &[(String, Vec<u8>)], color: super::args::Color) -> Exit {
    let mut lines = Vec::new();
    for (relative, bytes) in files {
        match std::fs::read(out.join(relative)) {
            Ok(existing) if existing == *bytes => {}
            Ok(_) => lines.push(format!("differs: {relative}")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => lines.push(format!("missing: {relative}")),
            Err(e) => {
                output::eprint_diagnostics(&SourceMap::new(), &[io_error(&out.join(relative), &e)], color);
                return Exit::Invalid;
            }
        }
    }
    match extra_files(out, files) {
        Ok(extra) => lines.extend(extra.into_iter().map(|e| format!("extra: {e}"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            output::eprint_diagnostics(&SourceMap::new(), &[io_error(out, &e)], color);
            return Exit::Invalid;
        }
    }
    if lines.is_empty() {
        return Exit::Ok;
    }
    let mut text = lines.join("\n");
    text.push('\n');
    output::print(&text);
    eprintln!(
        "{} is out of date with the policy ({} files); regenerate it with `clause doc --out {}`",
        out.display(),
        lines.len(),
        out.display()
    );
    Exit::Failing
}

/// Files under `out` that the site does not have, as `/`-separated relative paths, sorted.
fn extra_files(out: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<String>> {
    let expected: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut found = Vec::new();
    walk(out, out, &mut found)?;
    found.retain(|f| !expected.contains(f.as_str()));
    found.sort();
    Ok(found)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let parts: Vec<String> =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}
