//! `clause import KIND FILE... [--out FILE]`: facts read from platform artefacts, printed (or
//! written) as a facts YAML file whose `sources:` keeps each fact's artefact position.

use super::args::{ImportArgs, ImportKind};
use super::artefacts;
use super::{output, Exit};
use clause::diagnostic::{has_errors, Diagnostic};
use clause::import::{emit, Kind};
use clause::source::SourceMap;
use std::path::{Component, Path, PathBuf};

pub fn run(args: ImportArgs) -> Exit {
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let kind = match args.kind {
        ImportKind::Android => Kind::Android,
        ImportKind::Apk => Kind::Apk,
        ImportKind::Ios => Kind::Ios,
        ImportKind::Harmonyos => Kind::HarmonyOs,
        ImportKind::Miniprogram => Kind::MiniProgram,
    };
    let imported = artefacts::import(kind, &args.files, &mut sources, &mut diagnostics);
    let Some(app) = imported.filter(|_| !has_errors(&diagnostics)) else {
        output::eprint_diagnostics(&sources, &diagnostics, args.color);
        return Exit::Invalid;
    };
    if app.platform.is_none() {
        diagnostics.push(
            Diagnostic::error(
                "E0581",
                format!("no {} artefact among the files given", artefacts::kind_name(kind)),
            )
            .help(what_kind_reads(kind)),
        );
        output::eprint_diagnostics(&sources, &diagnostics, args.color);
        return Exit::Invalid;
    }
    // `sources:` names artefacts relative to where the facts file is read from.
    let base = args.out.as_deref().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
    let relative = |name: &str| -> String {
        // An APK's manifest is named `app.apk!/AndroidManifest.xml`: relativise the APK path.
        let (file, inner) = name.split_once("!/").map_or((name, None), |(f, i)| (f, Some(i)));
        let path = relative_to(Path::new(file), &base);
        let path = artefacts::display_name(&path);
        match inner {
            Some(inner) => format!("{path}!/{inner}"),
            None => path,
        }
    };
    let inputs: Vec<String> = args.files.iter().map(|f| artefacts::display_name(f)).collect();
    let header = format!(
        "Facts imported by `clause import {}` from:\n{}\n\
         Edit the artefacts and import again rather than editing this file; write what no\n\
         artefact can say (consent, licences, logs) in a facts file beside it.",
        artefacts::kind_name(kind),
        inputs.iter().map(|i| format!("  {i}")).collect::<Vec<_>>().join("\n")
    );
    let emitted = emit::to_facts(&app, &sources, &header, &relative);
    diagnostics.extend(emitted.diagnostics);
    output::eprint_diagnostics(&sources, &diagnostics, args.color);
    match &args.out {
        Some(out) => {
            if let Err(e) = std::fs::write(out, &emitted.yaml) {
                let d = super::policy::io_error(out, &e);
                output::eprint_diagnostics(&sources, &[d], args.color);
                return Exit::Invalid;
            }
        }
        None => print!("{}", emitted.yaml),
    }
    Exit::Ok
}

fn what_kind_reads(kind: Kind) -> &'static str {
    match kind {
        Kind::Android => "`android` reads AndroidManifest.xml files: the app's first, then its libraries'",
        Kind::Apk => "`apk` reads the binary AndroidManifest.xml inside an .apk",
        Kind::Ios => "`ios` reads Info.plist, *.lproj/InfoPlist.strings and PrivacyInfo.xcprivacy files",
        Kind::HarmonyOs => {
            "`harmonyos` reads module.json5 (and app.json5), with resources/*/element/string.json"
        }
        Kind::MiniProgram => "`miniprogram` reads a WeChat mini-program's app.json (and project.config.json)",
    }
}

/// `path` relative to `base` (both relative to the working directory, or both absolute);
/// as given when that cannot be worked out.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    if base.as_os_str().is_empty() {
        return path.to_path_buf();
    }
    let (Ok(path_abs), Ok(base_abs)) = (std::path::absolute(path), std::path::absolute(base)) else {
        return path.to_path_buf();
    };
    let path_parts: Vec<Component> = path_abs.components().filter(|c| *c != Component::CurDir).collect();
    let base_parts: Vec<Component> = base_abs.components().filter(|c| *c != Component::CurDir).collect();
    let common = path_parts.iter().zip(&base_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path_abs;
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part.as_os_str());
    }
    out
}
