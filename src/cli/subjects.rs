//! Reading subjects: each positional argument is one subject — a facts file, or a
//! directory whose `*.yaml`, `*.yml` and `*.json` files (not recursive, hidden files
//! ignored) are deep-merged into one bundle.

use super::policy::io_error;
use clause::diagnostic::{has_errors, Diagnostic};
use clause::facts::{self, Format, LoadOptions};
use clause::schema::Schema;
use clause::source::{FileId, SourceMap, Span};
use clause::value::Facts;
use std::io::Read;
use std::path::{Path, PathBuf};

pub struct Subject {
    pub facts: Facts,
    pub files: Vec<String>,
}

/// Loads one subject. Warnings are appended to `diagnostics`; `None` when it has errors.
pub fn load(
    path: &Path,
    schema: &Schema,
    options: &LoadOptions,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Subject> {
    let files = match facts_files(path) {
        Ok(files) => files,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let mut bundle: Option<facts::Bundle> = None;
    let mut first_file: Option<FileId> = None;
    let mut failed = false;
    for file in &files {
        let Some((id, parsed)) = read_and_parse(file, schema, options, sources, diagnostics) else {
            failed = true;
            continue;
        };
        first_file.get_or_insert(id);
        let has_errors = has_errors(&parsed.diagnostics);
        diagnostics.extend(parsed.diagnostics);
        match (parsed.bundle, &mut bundle) {
            (Some(b), None) if !has_errors => bundle = Some(b),
            (Some(b), Some(base)) if !has_errors => {
                let conflicts = facts::merge(base, b, schema, sources);
                failed |= has_errors_in(&conflicts);
                diagnostics.extend(conflicts);
            }
            _ => failed = true,
        }
    }
    if failed {
        return None;
    }
    let (bundle, first_file) = (bundle?, first_file?);
    match facts::finish(schema, bundle, sources, first_file) {
        Ok(facts) => Some(Subject { facts, files: files.iter().map(|f| f.display().to_string()).collect() }),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    }
}

fn has_errors_in(d: &[Diagnostic]) -> bool {
    has_errors(d)
}

/// The facts files of a subject argument.
fn facts_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if path.as_os_str() == "-" {
        return Err(Diagnostic::error("E0003", "reading facts from standard input is not supported")
            .help("write the facts to a `.yaml` or `.json` file and pass its path"));
    }
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if !meta.is_dir() {
        if Format::from_path(&path.to_string_lossy()).is_none() {
            return Err(Diagnostic::error("E0003", format!("`{}` is not a facts file", path.display()))
                .help("facts files end in `.yaml`, `.yml` or `.json`; a directory of them is one subject"));
        }
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| io_error(path, &e))? {
        let p = entry.map_err(|e| io_error(path, &e))?.path();
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if name.starts_with('.') || p.is_dir() {
            continue;
        }
        if Format::from_path(&name).is_some() {
            files.push(p);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::error(
            "E0003",
            format!("the directory `{}` holds no facts files", path.display()),
        )
        .help("a directory subject is the `*.yaml`, `*.yml` and `*.json` files directly inside it"));
    }
    Ok(files)
}

fn read_and_parse(
    path: &Path,
    schema: &Schema,
    options: &LoadOptions,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(FileId, facts::Parsed)> {
    let name = path.display().to_string();
    let max = options.limits.max_bytes;
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(max as u64 + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        diagnostics.push(io_error(path, &e));
        return None;
    }
    if bytes.len() > max {
        // Never read a huge file whole: report it from what was read.
        let id = sources.add(name, String::new());
        diagnostics.push(
            Diagnostic::error("E0401", "the facts file is too large")
                .at(Span::new(id, 0, 0), format!("this file is larger than {max} bytes"))
                .help(format!("facts files may be at most {max} bytes; split the facts into several files")),
        );
        return None;
    }
    let format = Format::from_path(&name).unwrap_or(Format::Yaml);
    let text = match facts::decode_utf8(&bytes) {
        Ok(text) => text.to_string(),
        Err(problem) => {
            let id = sources.add(name, String::from_utf8_lossy(&bytes).into_owned());
            diagnostics.push(problem.to_diagnostic(id));
            return None;
        }
    };
    // A NUL byte is reported by the loader; the copy kept for rendering diagnostics shows a
    // space in its place (same byte length, so every span still fits).
    let shown = if text.contains('\0') { text.replace('\0', " ") } else { text.clone() };
    let id = sources.add(name, shown);
    let parsed = facts::parse(schema, id, &text, format, options);
    Some((id, parsed))
}
