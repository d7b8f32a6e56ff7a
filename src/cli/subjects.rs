//! Reading subjects: each positional argument is one subject — a facts file, a platform
//! artefact, or a directory whose `*.yaml`, `*.yml` and `*.json` files and platform
//! artefacts (`AndroidManifest.xml`, `*.apk`, `Info.plist`, `PrivacyInfo.xcprivacy`,
//! `module.json5`, a mini-program's `app.json`; not recursive, hidden files ignored) are
//! deep-merged into one bundle. Artefacts are imported as `clause import` would, and their
//! facts keep the artefact's positions.

use super::artefacts;
use super::policy::io_error;
use clause::diagnostic::{has_errors, Diagnostic};
use clause::facts::{self, Format, LoadOptions};
use clause::import::{emit, Kind};
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
    let (files, found) = match facts_files(path) {
        Ok(files) => files,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let mut bundle: Option<facts::Bundle> = None;
    let mut first_file: Option<FileId> = None;
    let mut failed = false;
    let mut parsed_files = Vec::new();
    if !found.is_empty() {
        match import_artefacts(&found, schema, options, sources, diagnostics) {
            Some(parsed) => parsed_files.push(parsed),
            None => failed = true,
        }
    }
    for file in &files {
        match read_and_parse(file, schema, options, sources, diagnostics) {
            Some(parsed) => parsed_files.push(parsed),
            None => failed = true,
        }
    }
    // Imported facts first: a capability the manifest declares keeps the manifest's position
    // when a facts file adds to it, however the files are named.
    parsed_files.sort_by_key(|(_, p)| p.bundle.as_ref().is_none_or(|b| b.provenance.is_empty()));
    for (id, mut parsed) in parsed_files {
        if let Some(bundle) = &mut parsed.bundle {
            if !bundle.provenance.is_empty() {
                let dir = Path::new(sources.name(id)).parent().map(Path::to_path_buf).unwrap_or_default();
                let mut resolve = |name: &str| artefact_file(&dir, name, sources);
                parsed.diagnostics.extend(facts::relocate(bundle, schema, &mut resolve));
            }
        }
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
    let mut names: Vec<String> = Vec::new();
    for (kind, path) in &found {
        names.push(path.display().to_string());
        // Localised strings and string resources read with the artefact are files of the subject too.
        names.extend(artefacts::companions(*kind, path).iter().map(|c| c.display().to_string()));
    }
    names.extend(files.iter().map(|f| f.display().to_string()));
    match facts::finish(schema, bundle, sources, first_file) {
        Ok(facts) => Some(Subject { facts, files: names }),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    }
}

fn has_errors_in(d: &[Diagnostic]) -> bool {
    has_errors(d)
}

type Found = Vec<(Kind, PathBuf)>;

/// The facts files and the platform artefacts of a subject argument.
fn facts_files(path: &Path) -> Result<(Vec<PathBuf>, Found), Diagnostic> {
    if path.as_os_str() == "-" {
        return Err(Diagnostic::error("E0003", "reading facts from standard input is not supported")
            .help("write the facts to a `.yaml` or `.json` file and pass its path"));
    }
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if !meta.is_dir() {
        if let Some(kind) = artefacts::recognise(path) {
            return Ok((Vec::new(), vec![(kind, path.to_path_buf())]));
        }
        if Format::from_path(&path.to_string_lossy()).is_none() {
            return Err(Diagnostic::error("E0003", format!("`{}` is not a facts file", path.display()))
                .help("facts files end in `.yaml`, `.yml` or `.json`; a directory of them is one subject"));
        }
        return Ok((vec![path.to_path_buf()], Vec::new()));
    }
    let mut files = Vec::new();
    let mut found = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| io_error(path, &e))? {
        let p = entry.map_err(|e| io_error(path, &e))?.path();
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if name.starts_with('.') || p.is_dir() {
            continue;
        }
        if let Some(kind) = artefacts::recognise(&p) {
            found.push((kind, p));
        } else if Format::from_path(&name).is_some() {
            files.push(p);
        }
    }
    files.sort();
    found.sort_by_key(|a| artefact_order(&a.1));
    artefacts::one_platform(&found)?;
    if files.is_empty() && found.is_empty() {
        return Err(Diagnostic::error(
            "E0003",
            format!("the directory `{}` holds no facts files", path.display()),
        )
        .help(
            "a directory subject is the `*.yaml`, `*.yml` and `*.json` files and the platform artefacts \
             directly inside it",
        ));
    }
    Ok((files, found))
}

/// The app's own manifest first (Android's merger gives it priority), then by name.
fn artefact_order(path: &Path) -> (bool, PathBuf) {
    (path.file_name().is_none_or(|n| n != "AndroidManifest.xml"), path.to_path_buf())
}

/// Imports a subject's artefacts into a facts bundle, through the same YAML and `sources:`
/// that `clause import` writes, so both paths give the same facts and positions.
fn import_artefacts(
    found: &Found,
    schema: &Schema,
    options: &LoadOptions,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(FileId, facts::Parsed)> {
    let (kind, first) = found.first()?;
    let paths: Vec<PathBuf> = found.iter().map(|(_, p)| p.clone()).collect();
    let app = artefacts::import(*kind, &paths, sources, diagnostics)?;
    let emitted = emit::to_facts(&app, sources, "", &|name| name.to_string());
    diagnostics.extend(emitted.diagnostics);
    let name = format!("{} (imported)", artefacts::display_name(first));
    let id = sources.add(name, emitted.yaml.clone());
    let parsed = facts::parse(schema, id, &emitted.yaml, Format::Yaml, options);
    Some((id, parsed))
}

/// `facts/../AndroidManifest.xml` → `AndroidManifest.xml`, without touching the disk.
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// The file a `sources:` entry names, relative to the facts file's directory: already read
/// (an artefact of this subject), or read now to show its lines; an unreadable one is kept by
/// name, with no text.
fn artefact_file(dir: &Path, name: &str, sources: &mut SourceMap) -> FileId {
    if let Some(id) = sources.find(name) {
        return id;
    }
    let (file, inner) = name.split_once("!/").map_or((name, None), |(f, i)| (f, Some(i)));
    let path = lexically_normal(&dir.join(file));
    let shown = match inner {
        Some(inner) => format!("{}!/{inner}", artefacts::display_name(&path)),
        None => artefacts::display_name(&path),
    };
    if let Some(id) = sources.find(&shown) {
        return id;
    }
    let text = match inner {
        Some(_) => std::fs::read(&path)
            .ok()
            .and_then(|bytes| clause::import::apk::manifest_text(FileId(u32::MAX), &bytes).ok()),
        None => std::fs::read(&path)
            .ok()
            .filter(|b| b.len() <= 16 * 1024 * 1024)
            .map(|b| String::from_utf8_lossy(&b).into_owned()),
    };
    sources.add(shown, text.unwrap_or_default())
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
