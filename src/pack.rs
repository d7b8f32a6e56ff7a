//! Packs: the unit a policy is shipped, loaded and versioned in.
//!
//! A pack is a set of `.clause` files (on disk, a directory) with one manifest, a `pack`
//! declaration conventionally in `pack.clause`: its id, the version of the encoding and the
//! packs it depends on. The bundled fact model is the pack `base`; each regulation is a pack
//! that requires it. [`load`] takes the packs asked for and the packs available to resolve
//! dependencies from (the bundled ones, usually), as texts, orders them so that every pack
//! comes after its dependencies, and checks them together over one fact schema. It reads no
//! file: the front ends hand it the texts.
//!
//! Codes: E0232 (a pack's manifest is missing, repeated or names the same pack twice),
//! E0233 (a dependency found nowhere, or a cycle), E0234 (one pack id loaded from two places).

use crate::check::{self, Checked, PackMap};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap};
use crate::syntax::ast;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

mod bundled_files {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// One pack's files as texts, and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackSource {
    /// Where the pack came from, for messages and reports: a directory, or `bundled:ID`.
    pub origin: String,
    /// `(name, text)` of each `.clause` file; names are shown in diagnostics.
    pub files: Vec<(String, String)>,
    /// The directory the pack's test cases are in, when it is on disk (`DIR/tests`).
    pub dir: Option<String>,
}

/// What the report and the other commands say about a loaded pack.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackInfo {
    pub id: String,
    /// The version of the encoding, from the manifest.
    pub version: Option<String>,
    pub requires: Vec<String>,
    pub origin: String,
    /// Loaded only because another pack requires it.
    pub dependency: bool,
    /// The pack's directory on disk, if any.
    #[serde(skip)]
    pub dir: Option<String>,
    /// The names of its files.
    #[serde(skip)]
    pub files: Vec<String>,
}

/// The checked program of the packs loaded, with what was loaded.
#[derive(Debug)]
pub struct Loaded {
    pub checked: Checked,
    /// In load order: every pack after the packs it requires.
    pub packs: Vec<PackInfo>,
    /// `sha256:` over every file's name and contents, in load order (audit evidence of
    /// exactly which rules were applied).
    pub digest: String,
    /// The parsed files, in load order, each with the index of its pack in `packs` (for the
    /// linter and the formatter, which work on the syntax).
    pub files: Vec<(usize, ast::File)>,
}

/// The packs built into clause (`policies/*`), one source per pack directory.
pub fn bundled() -> Vec<PackSource> {
    let mut packs: Vec<PackSource> = Vec::new();
    for (path, text) in bundled_files::BUNDLED {
        // `policies/ID/…`: the second component names the pack directory.
        let dir = path.split('/').nth(1).unwrap_or("bundled");
        let origin = format!("bundled:{dir}");
        let index = match packs.iter().position(|p| p.origin == origin) {
            Some(i) => i,
            None => {
                packs.push(PackSource {
                    origin: origin.clone(),
                    files: Vec::new(),
                    dir: Some(format!("policies/{dir}")),
                });
                packs.len() - 1
            }
        };
        packs[index].files.push(((*path).to_string(), (*text).to_string()));
    }
    packs
}

/// A pack parsed, with its manifest read.
struct Parsed {
    id: String,
    manifest: Option<ast::PackDecl>,
    source: PackSource,
    files: Vec<ast::File>,
    file_ids: Vec<FileId>,
    dependency: bool,
}

/// Loads the packs `requested` and the packs they require, found among `requested` first and
/// then in `available`; checks them together. Diagnostics refer to files added to `sources`.
pub fn load(
    sources: &mut SourceMap,
    requested: Vec<PackSource>,
    available: &[PackSource],
) -> Result<Loaded, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut parsed: Vec<Parsed> = Vec::new();
    for source in requested {
        if let Some(p) = parse_pack(sources, source, false, &mut errors, &mut warnings) {
            if let Some(first) = parsed.iter().find(|q| q.id == p.id) {
                errors.push(twice(&p, first));
                continue;
            }
            parsed.push(p);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // Resolve dependencies from the available packs, by their manifests' ids.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut available_ids: Vec<String> = Vec::new();
    for (i, source) in available.iter().enumerate() {
        // Reading an id needs a parse; `sources` only gets the packs actually used.
        let mut scratch = SourceMap::new();
        if let Some(p) = parse_pack(&mut scratch, source.clone(), true, &mut Vec::new(), &mut Vec::new()) {
            index.entry(p.id.clone()).or_insert(i);
            available_ids.push(p.id);
        }
    }
    let mut next = 0;
    while next < parsed.len() {
        let requires: Vec<ast::Name> =
            parsed[next].manifest.as_ref().map(|m| m.requires.clone()).unwrap_or_default();
        for name in requires {
            if parsed.iter().any(|p| p.id == name.text) {
                continue;
            }
            match index.get(&name.text).and_then(|i| available.get(*i)) {
                Some(source) => {
                    if let Some(p) = parse_pack(sources, source.clone(), true, &mut errors, &mut warnings) {
                        parsed.push(p);
                    }
                }
                None => errors.push(missing_dependency(&parsed[next].id, &name, &available_ids)),
            }
        }
        next += 1;
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let order = load_order(&parsed)?;
    let ids: Vec<(String, Vec<usize>)> = order
        .iter()
        .map(|&i| {
            let deps = requires_of(&parsed[i])
                .iter()
                .filter_map(|r| order.iter().position(|&j| parsed[j].id == *r))
                .collect();
            (parsed[i].id.clone(), deps)
        })
        .collect();
    let mut map = PackMap::new(&ids);
    let mut files = Vec::new();
    let mut infos = Vec::new();
    let mut hasher = Sha256::new();
    for (position, &i) in order.iter().enumerate() {
        let p = &parsed[i];
        for file in &p.file_ids {
            map.assign(*file, position);
        }
        for (name, text) in &p.source.files {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
        }
        infos.push(PackInfo {
            id: p.id.clone(),
            version: p.manifest.as_ref().and_then(|m| m.version.as_ref()).map(|v| v.value.clone()),
            requires: requires_of(p),
            origin: p.source.origin.clone(),
            dependency: p.dependency,
            dir: p.source.dir.clone(),
            files: p.source.files.iter().map(|(n, _)| n.clone()).collect(),
        });
    }
    let mut tagged = Vec::new();
    for (position, &i) in order.iter().enumerate() {
        files.extend(parsed[i].files.iter().cloned());
        tagged.extend(parsed[i].files.iter().cloned().map(|f| (position, f)));
    }
    let digest =
        format!("sha256:{}", hasher.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>());
    let mut checked = check::check_packs(&files, &map)?;
    checked.program.packs = infos.iter().map(|p| (p.id.clone(), p.version.clone())).collect();
    checked.warnings.splice(0..0, warnings);
    Ok(Loaded { checked, packs: infos, digest, files: tagged })
}

fn requires_of(p: &Parsed) -> Vec<String> {
    p.manifest.as_ref().map(|m| m.requires.iter().map(|n| n.text.clone()).collect()).unwrap_or_default()
}

/// Parses a pack's files and reads its manifest. A pack without one (a policy written before
/// packs) is named after its origin and depends on nothing, with a warning.
fn parse_pack(
    sources: &mut SourceMap,
    source: PackSource,
    dependency: bool,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Parsed> {
    let mut files = Vec::new();
    let mut file_ids = Vec::new();
    let mut failed = false;
    for (name, text) in &source.files {
        let id = sources.add(name.clone(), text.clone());
        file_ids.push(id);
        match crate::syntax::parse(id, text) {
            Ok(file) => files.push(file),
            Err(e) => {
                errors.extend(e);
                failed = true;
            }
        }
    }
    if failed {
        return None;
    }
    let manifests: Vec<&ast::PackDecl> = files
        .iter()
        .flat_map(|f| f.items.iter())
        .filter_map(|i| if let ast::Item::Pack(p) = i { Some(p) } else { None })
        .collect();
    let manifest = match manifests.as_slice() {
        [] => None,
        [one] => Some((*one).clone()),
        [first, second, ..] => {
            errors.push(
                Diagnostic::error("E0232", format!("the pack `{}` has two manifests", source.origin))
                    .at(second.id.span, "a second `pack` declaration")
                    .also(first.id.span, "the first")
                    .help("a pack has one `pack` declaration, conventionally in `pack.clause`; a directory of packs holds each in a directory of its own"),
            );
            return None;
        }
    };
    if let Some(m) = &manifest {
        let mut seen: Vec<&ast::Name> = Vec::new();
        for r in &m.requires {
            if r.text == m.id.text {
                errors.push(
                    Diagnostic::error("E0233", format!("the pack `{}` requires itself", m.id.text))
                        .at(r.span, "here"),
                );
            } else if let Some(first) = seen.iter().find(|n| n.text == r.text) {
                errors.push(
                    Diagnostic::error("E0232", format!("the pack `{}` is required twice", r.text))
                        .at(r.span, "again here")
                        .also(first.span, "first here"),
                );
            }
            seen.push(r);
        }
    }
    let id = match &manifest {
        Some(m) => m.id.text.clone(),
        None => {
            let id = default_id(&source.origin);
            // A single file is a quick policy, not a pack to ship: only directories are told.
            if source.dir.is_some() && !dependency {
                warnings.push(
                    Diagnostic::warning("W0005", format!("`{}` has no pack manifest; it is loaded as pack `{id}`, which depends on nothing", source.origin))
                        .help(format!("add a `pack.clause` with `pack {id} {{ version \"1.0.0\" }}` (and `requires base` to build on the bundled fact model); see docs/language.md#packs")),
                );
            }
            id
        }
    };
    Some(Parsed { id, manifest, source, files, file_ids, dependency })
}

/// A pack id from a path: its last component, as an id may be written.
fn default_id(origin: &str) -> String {
    let last = origin.trim_end_matches('/').rsplit(['/', '\\', ':']).next().unwrap_or(origin);
    let stem = last.strip_suffix(".clause").unwrap_or(last);
    let id: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    let id = id.trim_matches('-').to_string();
    if id.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        id
    } else {
        format!("policy-{id}")
    }
}

/// Every pack after the packs it requires; ties in the order given. A cycle is E0228.
fn load_order(parsed: &[Parsed]) -> Result<Vec<usize>, Vec<Diagnostic>> {
    let mut order: Vec<usize> = Vec::new();
    let mut state = vec![0u8; parsed.len()]; // 0 new, 1 on the path, 2 done
    fn visit(
        i: usize,
        parsed: &[Parsed],
        state: &mut [u8],
        order: &mut Vec<usize>,
        path: &mut Vec<usize>,
    ) -> Result<(), Diagnostic> {
        match state[i] {
            2 => return Ok(()),
            1 => {
                let start = path.iter().position(|&p| p == i).unwrap_or(0);
                let cycle: Vec<&str> =
                    path[start..].iter().chain([&i]).map(|&p| parsed[p].id.as_str()).collect();
                let mut d = Diagnostic::error(
                    "E0233",
                    format!("packs require each other in a cycle: {}", cycle.join(" → ")),
                );
                if let Some(m) = &parsed[i].manifest {
                    d = d.at(m.id.span, "this pack is in the cycle");
                }
                return Err(d.help("a pack may build only on packs that do not build on it"));
            }
            _ => {}
        }
        state[i] = 1;
        path.push(i);
        for r in requires_of(&parsed[i]) {
            if let Some(j) = parsed.iter().position(|p| p.id == r) {
                visit(j, parsed, state, order, path)?;
            }
        }
        path.pop();
        state[i] = 2;
        order.push(i);
        Ok(())
    }
    for i in 0..parsed.len() {
        visit(i, parsed, &mut state, &mut order, &mut Vec::new()).map_err(|d| vec![d])?;
    }
    Ok(order)
}

fn twice(again: &Parsed, first: &Parsed) -> Diagnostic {
    let version = |p: &Parsed| {
        p.manifest
            .as_ref()
            .and_then(|m| m.version.as_ref())
            .map_or("no version".to_string(), |v| format!("version {}", v.value))
    };
    let mut d = Diagnostic::error(
        "E0234",
        format!(
            "the pack `{}` is loaded twice: from `{}` ({}) and from `{}` ({})",
            again.id,
            first.source.origin,
            version(first),
            again.source.origin,
            version(again)
        ),
    );
    if let (Some(a), Some(b)) = (&again.manifest, &first.manifest) {
        d = d.at(a.id.span, "loaded again here").also(b.id.span, "first loaded here");
    }
    d.help("load one version of a pack; to replace a bundled pack, give only your copy with `--policy`")
}

fn missing_dependency(pack: &str, name: &ast::Name, available: &[String]) -> Diagnostic {
    // `cac-2022` for `cac-2016` is another law, not a typo: only names that differ in more
    // than their digits are suggested.
    let letters = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    let candidates = available.iter().map(String::as_str).filter(|a| letters(a) != letters(&name.text));
    let help = crate::diagnostic::did_you_mean(&name.text, candidates).unwrap_or_else(|| {
        if available.is_empty() {
            "give the pack with another `--policy`".to_string()
        } else {
            format!(
                "give it with another `--policy`; the bundled packs are {}",
                available.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
            )
        }
    });
    Diagnostic::error(
        "E0233",
        format!("the pack `{pack}` requires `{}`, which is neither given nor bundled", name.text),
    )
    .at(name.span, "not found")
    .help(help)
}
