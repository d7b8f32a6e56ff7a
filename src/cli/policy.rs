//! Loading the policy: the bundled pack or `--policy PATH`, parsed and checked.

use clause::check::Checked;
use clause::diagnostic::Diagnostic;
use clause::source::SourceMap;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

pub struct Loaded {
    pub checked: Checked,
    pub source: String,
    pub digest: String,
}

/// Reads and checks the policy. On failure the diagnostics refer to files in `sources`.
pub fn load(path: Option<&Path>, sources: &mut SourceMap) -> Result<Loaded, Vec<Diagnostic>> {
    let (files, source) = match path {
        None => (
            bundled::BUNDLED.iter().map(|(n, t)| ((*n).to_string(), (*t).to_string())).collect(),
            "bundled".to_string(),
        ),
        Some(p) => (read_policy_files(p)?, p.display().to_string()),
    };
    let digest = digest(&files);
    let checked = clause::compile(sources, &files)?;
    Ok(Loaded { checked, source, digest })
}

/// `sha256:` over each file's name and contents, in name order.
fn digest(files: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort();
    let mut hasher = Sha256::new();
    for (name, text) in sorted {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let bytes = hasher.finalize();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

pub(super) fn read_policy_files(path: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut paths = Vec::new();
    if path.is_dir() {
        collect(path, &mut paths).map_err(|e| vec![io_error(path, &e)])?;
        paths.sort();
        if paths.is_empty() {
            return Err(vec![Diagnostic::error(
                "E0001",
                format!("no `.clause` files in `{}`", path.display()),
            )
            .help("a policy is a directory of `.clause` files, or one `.clause` file")]);
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::read(&p) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((p.display().to_string(), text)),
                Err(_) => {
                    errors.push(Diagnostic::error("E0002", format!("`{}` is not valid UTF-8", p.display())))
                }
            },
            Err(e) => errors.push(io_error(&p, &e)),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "clause") {
            out.push(path);
        }
    }
    Ok(())
}

/// The paths given, or else every policy directory under `policies/`, sorted.
pub fn paths_or_policy_dirs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    if !paths.is_empty() {
        return Ok(paths.to_vec());
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("policies")
        .map_err(|e| io_error(Path::new("policies"), &e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs)
}

pub fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Diagnostic::error("E0001", format!("cannot read `{}`: {what}", path.display()))
}
