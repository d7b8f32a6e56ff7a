//! The pack selection of every command: `--policy` (repeatable), `@bundled` / `@ID`, the
//! bundled packs by default, and `--regulation`. Reads the packs' files; the library
//! (`clause::pack`) resolves dependencies and checks them.

use super::args::PolicyArgs;
use clause::check::Program;
use clause::diagnostic::{did_you_mean, Diagnostic};
use clause::engine::Engine;
use clause::pack::{self, PackInfo, PackSource};
use clause::source::SourceMap;
use std::path::{Path, PathBuf};

pub struct Loaded {
    pub checked: clause::check::Checked,
    /// `bundled`, or the `--policy` values given, comma-separated.
    pub source: String,
    pub digest: String,
    /// Every pack loaded, in load order.
    pub packs: Vec<PackInfo>,
    /// The regulations selected (`--regulation`, else all), by index in the program.
    pub regulations: Vec<usize>,
    /// The parsed files, each with its pack's index in `packs`.
    pub files: Vec<(usize, clause::syntax::ast::File)>,
}

impl Loaded {
    pub fn program(&self) -> &Program {
        &self.checked.program
    }

    /// The regulations selected that the packs asked for declare (not those of packs loaded
    /// only as dependencies): what `test` covers and `lint` and `doc` speak about.
    pub fn own_regulations(&self) -> Vec<usize> {
        let program = self.program();
        self.regulations
            .iter()
            .copied()
            .filter(|&i| {
                program
                    .regulations
                    .get(i)
                    .is_some_and(|r| self.packs.iter().any(|p| p.id == r.pack && !p.dependency))
            })
            .collect()
    }

    /// The packs asked for (not only required), with a directory on disk; a bundled pack's
    /// directory (`policies/ID`) counts when it is there under the working directory.
    pub fn pack_dirs(&self) -> Vec<(String, PathBuf)> {
        self.packs
            .iter()
            .filter(|p| !p.dependency)
            .filter_map(|p| p.dir.as_ref().map(|d| (p.id.clone(), PathBuf::from(d))))
            .filter(|(_, d)| d.is_dir())
            .collect()
    }

    /// The packs asked for whose directory is not on disk (bundled packs outside the repository).
    pub fn packs_without_dir(&self) -> Vec<String> {
        let on_disk = self.pack_dirs();
        self.packs
            .iter()
            .filter(|p| !p.dependency && !on_disk.iter().any(|(id, _)| *id == p.id))
            .map(|p| p.origin.clone())
            .collect()
    }
}

/// Reads and checks the selected packs. On failure the diagnostics refer to files in `sources`.
pub fn load(args: &PolicyArgs, sources: &mut SourceMap) -> Result<Loaded, Vec<Diagnostic>> {
    let bundled = pack::bundled();
    let mut requested = Vec::new();
    let mut errors = Vec::new();
    if args.policy.is_empty() {
        requested.extend(bundled.iter().cloned());
    }
    for spec in &args.policy {
        match spec.as_str() {
            "@bundled" => requested.extend(bundled.iter().cloned()),
            s if s.starts_with('@') => {
                let id = &s[1..];
                match bundled.iter().find(|b| b.origin == format!("bundled:{id}")) {
                    Some(b) => requested.push(b.clone()),
                    None => {
                        errors.push(Diagnostic::error("E0004", format!("no bundled pack `{id}`")).with_help(
                            did_you_mean(id, bundled.iter().map(|b| &b.origin["bundled:".len()..])).or_else(
                                || {
                                    Some(format!(
                                        "the bundled packs are {}",
                                        bundled
                                            .iter()
                                            .map(|b| format!("`@{}`", &b.origin["bundled:".len()..]))
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    ))
                                },
                            ),
                        ))
                    }
                }
            }
            path => match read_packs(Path::new(path)) {
                Ok(mut packs) => requested.append(&mut packs),
                Err(mut e) => errors.append(&mut e),
            },
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // `@bundled` twice, or with the default, is one load of each.
    let mut unique: Vec<PackSource> = Vec::new();
    for r in requested {
        if !(r.origin.starts_with("bundled:") && unique.iter().any(|u| u.origin == r.origin)) {
            unique.push(r);
        }
    }
    let engine = Engine::new(sources, unique, &bundled)?;
    let regulations = engine.select(&args.regulation, None).map_err(|d| vec![d])?.regulations;
    let loaded = engine.into_loaded();
    let source = if args.policy.is_empty() { "bundled".to_string() } else { args.policy.join(", ") };
    Ok(Loaded {
        checked: loaded.checked,
        source,
        digest: loaded.digest,
        packs: loaded.packs,
        regulations,
        files: loaded.files,
    })
}

/// The packs at a path: a `.clause` file (a pack of one file), a pack directory (it holds a
/// `pack.clause`), a directory of pack directories, or a directory of `.clause` files without
/// a manifest (a policy written before packs).
pub fn read_packs(path: &Path) -> Result<Vec<PackSource>, Vec<Diagnostic>> {
    if !path.exists() {
        return Err(vec![io_error(path, &std::io::Error::from(std::io::ErrorKind::NotFound))]);
    }
    if !path.is_dir() {
        return Ok(vec![PackSource {
            origin: path.display().to_string(),
            files: read_files(&[path.to_path_buf()])?,
            dir: None,
        }]);
    }
    if !path.join("pack.clause").is_file() {
        let mut subdirs: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| vec![io_error(path, &e)])?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir() && p.join("pack.clause").is_file())
            .collect();
        subdirs.sort();
        if !subdirs.is_empty() {
            let mut out = Vec::new();
            for dir in subdirs {
                out.extend(read_packs(&dir)?);
            }
            return Ok(out);
        }
    }
    let mut paths = Vec::new();
    collect(path, path, &mut paths).map_err(|e| vec![io_error(path, &e)])?;
    paths.sort();
    if paths.is_empty() {
        return Err(vec![Diagnostic::error("E0001", format!("no `.clause` files in `{}`", path.display()))
            .help("a pack is a directory of `.clause` files with a `pack.clause` manifest; a directory of packs holds one such directory per pack")]);
    }
    Ok(vec![PackSource {
        origin: path.display().to_string(),
        files: read_files(&paths)?,
        dir: Some(path.display().to_string()),
    }])
}

fn read_files(paths: &[PathBuf]) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::read(p) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((p.display().to_string(), text)),
                Err(_) => {
                    errors.push(Diagnostic::error("E0002", format!("`{}` is not valid UTF-8", p.display())))
                }
            },
            Err(e) => errors.push(io_error(p, &e)),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// A pack's `.clause` files, below its directory but not inside a nested pack.
fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            if path != root && path.join("pack.clause").is_file() {
                continue;
            }
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "clause") {
            out.push(path);
        }
    }
    Ok(())
}

pub fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Diagnostic::error("E0001", format!("cannot read `{}`: {what}", path.display()))
}
