//! Platform artefacts on disk: recognising them among a subject's files, reading them and
//! their companions (localised strings, string resources), and running the importer.
//!
//! A subject is **one build of one app on one platform**: an Android app and its iOS
//! version have different package ids, permissions and purpose strings, so they are two
//! subjects, each a directory of its own. A directory holding artefacts of two platforms is
//! an error (`E0580`); facts common to both (developer records, licences) are written once
//! and linked or copied into each directory.

use super::policy::io_error;
use clause::diagnostic::{has_errors, Diagnostic};
use clause::import::{self, Artefact, Imported, ImportedApp, Kind};
use clause::source::{FileId, SourceMap, Span};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest artefact read: a text manifest is small, an APK may not be.
const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;
const MAX_APK_BYTES: u64 = 1024 * 1024 * 1024;

/// The kind of a file in a subject directory, by name and, where a name is ambiguous,
/// content; `None` for facts files and everything else.
pub fn recognise(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_string_lossy().to_string();
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".apk") {
        return Some(Kind::Apk);
    }
    if name == "AndroidManifest.xml" {
        return Some(Kind::Android);
    }
    if name == "Info.plist" || name.ends_with("-Info.plist") || name == "PrivacyInfo.xcprivacy" {
        return Some(Kind::Ios);
    }
    if name == "module.json5" || name == "app.json5" {
        return Some(Kind::HarmonyOs);
    }
    // `app.json` is also a fine name for a facts file: a mini-program's has `pages`.
    if name == "app.json" && is_miniprogram_app_json(path) {
        return Some(Kind::MiniProgram);
    }
    None
}

fn is_miniprogram_app_json(path: &Path) -> bool {
    let Ok(bytes) = read_limited(path, MAX_TEXT_BYTES) else { return false };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else { return false };
    value.get("pages").is_some_and(serde_json::Value::is_array)
        && !["app", "privacy", "developer", "store", "subject"].iter().any(|k| value.get(k).is_some())
}

pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Android => "android",
        Kind::Apk => "apk",
        Kind::Ios => "ios",
        Kind::HarmonyOs => "harmonyos",
        Kind::MiniProgram => "miniprogram",
    }
}

/// The platform an artefact kind describes (an APK is an Android build).
fn platform_of(kind: Kind) -> import::Platform {
    match kind {
        Kind::Android | Kind::Apk => import::Platform::Android,
        Kind::Ios => import::Platform::Ios,
        Kind::HarmonyOs => import::Platform::HarmonyOs,
        Kind::MiniProgram => import::Platform::MiniProgram,
    }
}

/// `E0580` when the artefacts of one subject are of two platforms.
pub fn one_platform(found: &[(Kind, PathBuf)]) -> Result<(), Diagnostic> {
    let Some((first_kind, first)) = found.first() else { return Ok(()) };
    let Some((kind, other)) = found.iter().find(|(k, _)| platform_of(*k) != platform_of(*first_kind)) else {
        return Ok(());
    };
    Err(Diagnostic::error(
        "E0580",
        format!(
            "one subject holds artefacts of two platforms: `{}` ({}) and `{}` ({})",
            first.display(),
            kind_name(*first_kind),
            other.display(),
            kind_name(*kind)
        ),
    )
    .help(
        "a subject is one build on one platform; give each platform's artefacts a directory of its own, \
         with a copy of (or a link to) the facts files they share",
    ))
}

/// Reads the artefacts of one kind (plus their companions) and runs its importer. The files
/// are added to `sources`; diagnostics (warnings too) go to `diagnostics`. `None` when
/// something could not be read or the importer reported an error.
pub fn import(
    kind: Kind,
    paths: &[PathBuf],
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ImportedApp> {
    let mut files: Vec<(String, FileId, String)> = Vec::new();
    let mut failed = false;
    let mut all_paths: Vec<PathBuf> = paths.to_vec();
    for path in paths {
        for companion in companions(kind, path) {
            if !all_paths.contains(&companion) {
                all_paths.push(companion);
            }
        }
    }
    // iOS files may be binary property lists or UTF-16 strings files: kept as bytes here.
    let mut binary: Vec<(String, FileId, Vec<u8>)> = Vec::new();
    for path in &all_paths {
        let name = display_name(path);
        let max = if kind == Kind::Apk { MAX_APK_BYTES } else { MAX_TEXT_BYTES };
        let bytes = match read_limited(path, max) {
            Ok(bytes) => bytes,
            Err(e) => {
                diagnostics.push(io_error(path, &e));
                failed = true;
                continue;
            }
        };
        let text = match kind {
            Kind::Apk => {
                let apk = sources.add(name.clone(), String::new());
                let inner = format!("{name}!/AndroidManifest.xml");
                import::apk::manifest_text(apk, &bytes).map(|text| (inner, text))
            }
            Kind::Ios if import::ios::is_binary_plist(&bytes) => {
                let id = sources.add(name.clone(), String::new());
                binary.push((name, id, bytes));
                continue;
            }
            Kind::Ios => import::ios::decode_strings(&bytes).map(|text| (name.clone(), text)).map_err(|e| {
                let id = sources.add(name.clone(), String::from_utf8_lossy(&bytes).into_owned());
                e.to_diagnostic(id)
            }),
            _ => match clause::facts::decode_utf8(&bytes) {
                Ok(text) => Ok((name.clone(), text.to_string())),
                Err(problem) => {
                    let id = sources.add(name.clone(), String::from_utf8_lossy(&bytes).into_owned());
                    let at = Span::new(id, problem.byte_offset, problem.byte_offset + 1);
                    Err(Diagnostic::error("E0582", format!("`{name}` is not valid UTF-8"))
                        .at(at, "this byte is not UTF-8")
                        .note(format!("at line {}, column {}", problem.line, problem.column))
                        .help("platform text files (manifests, module.json5, app.json) are UTF-8"))
                }
            },
        };
        match text {
            Ok((name, text)) => {
                let id = sources.add(name.clone(), text.clone());
                files.push((name, id, text));
            }
            Err(d) => {
                diagnostics.push(d);
                failed = true;
            }
        }
    }
    if failed {
        return None;
    }
    let artefacts: Vec<Artefact> =
        files.iter().map(|(name, file, text)| Artefact { name, file: *file, text }).collect();
    let Imported { app, diagnostics: found } = match kind {
        Kind::Android | Kind::Apk => import::android::import(&artefacts),
        Kind::Ios => {
            use import::ios::{Content, Input};
            let mut inputs: Vec<Input> = artefacts
                .iter()
                .map(|a| Input { name: a.name, file: a.file, content: Content::Text(a.text) })
                .collect();
            inputs.extend(binary.iter().map(|(name, file, bytes)| Input {
                name,
                file: *file,
                content: Content::Binary(bytes),
            }));
            import::ios::import_inputs(&inputs)
        }
        Kind::HarmonyOs => import::harmonyos::import(&artefacts),
        Kind::MiniProgram => import::miniprogram::import(&artefacts),
    };
    let failed = has_errors(&found);
    diagnostics.extend(found);
    if failed {
        None
    } else {
        app
    }
}

/// Files read with an artefact when they exist: an Info.plist's localised purpose strings,
/// a module.json5's string resources.
pub fn companions(kind: Kind, path: &Path) -> Vec<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let mut out = Vec::new();
    match kind {
        Kind::Ios if path.extension().is_some_and(|e| e == "plist") => {
            for lproj in sorted_dirs(dir).into_iter().filter(|d| d.extension().is_some_and(|e| e == "lproj"))
            {
                let strings = lproj.join("InfoPlist.strings");
                if strings.is_file() {
                    out.push(strings);
                }
            }
        }
        // A module's strings are under its own directory, the app's under AppScope's.
        Kind::HarmonyOs if path.file_name().is_some_and(|n| n == "module.json5" || n == "app.json5") => {
            for locale in sorted_dirs(&dir.join("resources")) {
                let strings = locale.join("element").join("string.json");
                if strings.is_file() {
                    out.push(strings);
                }
            }
        }
        _ => {}
    }
    out.into_iter().map(|p| strip_dot(&p)).collect()
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

fn strip_dot(path: &Path) -> PathBuf {
    path.strip_prefix(".").map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

pub fn display_name(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

fn read_limited(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::other(format!("larger than {max} bytes")));
    }
    Ok(bytes)
}
