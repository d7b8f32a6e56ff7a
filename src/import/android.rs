//! Android: `AndroidManifest.xml` source files, merged for permissions as Android's manifest
//! merger merges them, or a merged manifest from a build, read as is.
//!
//! **Which file is which.** The manifests are given in merge priority order, highest first:
//! the app's own manifest (a build variant's before `src/main`'s, as Gradle orders them), then
//! its libraries' in the order of the app's dependencies. The first is the app's: its
//! `<manifest package>` is the package id (kept as written, `${applicationId}` included; a
//! library's package is never the app's) and its `<manifest>` element is the platform's
//! span. A manifest whose path contains `/build/intermediates/merged_manifest` or
//! `merged_manifests/` is a build's merged manifest: given with source manifests, it is used
//! alone and the sources are ignored (W0501); two of them are an error (E0506), since they are
//! two builds. A manifest given alone is read as is, whichever it is.
//!
//! **What is read.** `uses-permission` and `uses-permission-sdk-23` (by `android:name`, as
//! written: `android.permission.CAMERA`, `${applicationId}.permission.C2D_MESSAGE`), `uses-feature`
//! names (into `features`; `android:required` is not kept, and a `glEsVersion`-only element
//! is no feature), `<queries>` children as `queries:package:NAME`, `queries:intent:ACTION`
//! (`queries:intent` for an intent without action) and `queries:provider:AUTHORITIES`, and
//! the app's name from `<application android:label>` when it is a literal (a `@string/…`
//! reference or a `${…}` placeholder is left out). `maxSdkVersion` and `minSdkVersion` limit
//! when a permission is requested, not whether it is declared: such a permission is
//! reported like any other, and the limits are not recorded. Resource references in
//! attributes the importer does not report (`android:required="@bool/…"`) are not resolved
//! and never an error. Comments are not elements, so commented-out permissions are ignored.
//! Attributes are matched by namespace, not prefix (a decoded binary manifest may bind the
//! Android namespace to any prefix).
//!
//! **The merge** follows the manifest merger's rules for these elements
//! (<https://developer.android.com/build/manage-manifests>): lower-priority manifests are
//! merged one by one into the result so far. An element is identified by its kind and
//! identifier; a twin already in the result wins (the app's declaration over a library's),
//! so each identifier is reported **once per kind**, with the span of its highest-priority
//! declaration, and in the order it enters the merged manifest (the app's elements in document
//! order, then each library's new ones). `tools:node="remove"` declares nothing and removes
//! its lower-priority twins; `tools:node="removeAll"` on an element without a name
//! (`<uses-permission tools:node="removeAll"/>`) removes every lower-priority element of its
//! kind; on `<queries>`, `remove`, `removeAll` and `replace` drop lower-priority queries
//! (`remove` and `removeAll` its own too). `tools:selector="PACKAGE"` limits a marker to the
//! library manifest with that `package`. `replace`, `merge`, `merge-only-attributes` and
//! `strict` differ only in attributes, so the element is declared. A marker that removes
//! nothing from the lower-priority manifests given is a warning (W0503), as in the merger (not
//! when no manifest below it is given: it is then about libraries not given). The same element
//! twice in one manifest is a warning too (W0502; the first counts), except intents: two
//! intents for one action with different data are normal, and one identifier stands for both.
//!
//! # Diagnostic codes
//!
//! | code  | meaning |
//! |-------|---------|
//! | E0501 | a manifest that is not well-formed XML (at the line and column the XML parser reports) |
//! | E0502 | a manifest whose root element is not `<manifest>` |
//! | E0503 | a `uses-permission`, `uses-permission-sdk-23`, `uses-feature` or `<queries>` `package` without `android:name`, or a `<queries>` `provider` without `android:authorities` |
//! | E0504 | an unknown `tools:node` value on an element the importer reads |
//! | E0505 | `tools:node="removeAll"` on an element that names what it removes |
//! | E0506 | several merged manifests given: they are several builds |
//! | W0501 | a merged manifest given with source manifests: the sources are ignored (warning) |
//! | W0502 | the same element twice in one manifest: the first counts (warning) |
//! | W0503 | `tools:node="remove"` or `removeAll` that removes nothing from the lower-priority manifests given (warning) |
//! | W0504 | `uses-permission`, `uses-feature` or `queries` that is not a direct child of `<manifest>`: Android ignores it (warning) |

mod manifest;

use crate::diagnostic::Diagnostic;
use crate::import::{Artefact, Imported, ImportedApp, Located, Platform, PlatformPermission};
use crate::source::Span;
use manifest::{Kind, Manifest, NodeOp};
use std::collections::HashMap;

const ANDROID_NS: &str = "http://schemas.android.com/apk/res/android";
const TOOLS_NS: &str = "http://schemas.android.com/tools";

/// Reads an app's manifests, highest merge priority first (see the module documentation).
/// No manifests: nothing read, no diagnostics.
pub fn import(manifests: &[Artefact]) -> Imported {
    let mut diagnostics = Vec::new();
    let Some((chosen, ignored)) = choose(manifests, &mut diagnostics) else {
        return Imported { app: None, diagnostics };
    };
    let mut read = Vec::new();
    for artefact in &chosen {
        if let Some(manifest) = manifest::read(artefact, &mut diagnostics) {
            read.push((*artefact, manifest));
        }
    }
    if let (false, Some((merged, manifest))) = (ignored.is_empty(), read.first()) {
        diagnostics.insert(0, sources_ignored(merged, manifest, &ignored));
    }
    let complete = read.len() == chosen.len() && !read.is_empty();
    let app =
        (complete && !crate::diagnostic::has_errors(&diagnostics)).then(|| merge(&read, &mut diagnostics));
    Imported { app, diagnostics }
}

/// A build's merged manifest, recognised by its path.
pub fn is_merged_manifest(name: &str) -> bool {
    let name = format!("/{}", name.replace('\\', "/"));
    name.contains("/build/intermediates/merged_manifest") || name.contains("merged_manifests/")
}

/// The manifests to merge: all of them, or a merged manifest alone (with the names of the
/// source manifests it makes redundant).
fn choose<'a>(
    manifests: &[Artefact<'a>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Vec<Artefact<'a>>, Vec<&'a str>)> {
    if manifests.is_empty() {
        return None;
    }
    let merged: Vec<&Artefact> = manifests.iter().filter(|a| is_merged_manifest(a.name)).collect();
    match merged.as_slice() {
        [] => Some((manifests.to_vec(), Vec::new())),
        [one] => {
            let ignored = manifests.iter().filter(|a| !is_merged_manifest(a.name)).map(|a| a.name).collect();
            Some((vec![**one], ignored))
        }
        [first, rest @ ..] => {
            let mut error = Diagnostic::error("E0506", "several merged manifests given")
                .at(root_guess(rest[0]), "a second merged manifest")
                .also(root_guess(first), "the first")
                .help("each merged manifest is one build (a variant): import one at a time");
            for other in &rest[1..] {
                error = error.also(root_guess(other), "another");
            }
            diagnostics.push(error);
            None
        }
    }
}

/// Where a manifest's `<manifest` start tag probably is, for a label on a file not parsed.
fn root_guess(artefact: &Artefact) -> Span {
    match artefact.text.find("<manifest") {
        Some(start) => Span::new(artefact.file, start, start + "<manifest".len()),
        None => Span::new(artefact.file, 0, 0),
    }
}

fn sources_ignored(merged: &Artefact, manifest: &Manifest, ignored: &[&str]) -> Diagnostic {
    let mut warning = Diagnostic::warning(
        "W0501",
        format!("the merged manifest `{}` is used alone: the source manifests are ignored", merged.name),
    )
    .at(manifest.root_tag, "a build's merged manifest already holds every source manifest")
    .help("give either a build's merged manifest or the source manifests");
    for name in ignored {
        warning = warning.note(format!("ignored: `{name}`"));
    }
    warning
}

/// One element of the merged result.
struct Entry {
    kind: Kind,
    id: String,
    span: Span,
    tag: Span,
    op: NodeOp,
    selector: Option<String>,
    /// The priority of the manifest it comes from (0: the app's).
    from: usize,
    /// A removing marker that removed something.
    used: bool,
}

/// A keyless removing marker in the result.
struct WipeEntry {
    wipe: manifest::Wipe,
    from: usize,
    used: bool,
}

/// Whether a marker with this selector applies to a lower-priority manifest's element.
fn applies(selector: &Option<String>, lower: &Manifest) -> bool {
    match selector {
        None => true,
        Some(selector) => lower.package.as_ref().is_some_and(|p| &p.value == selector),
    }
}

/// Merges the manifests (highest priority first) into the app.
fn merge(manifests: &[(Artefact, Manifest)], diagnostics: &mut Vec<Diagnostic>) -> ImportedApp {
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_key: HashMap<(Kind, String), Vec<usize>> = HashMap::new();
    let mut wipes: Vec<WipeEntry> = Vec::new();
    for (priority, (_, lower)) in manifests.iter().enumerate() {
        let mut own: HashMap<(Kind, &str), Span> = HashMap::new();
        let before = entries.len();
        for decl in &lower.decls {
            if let Some(first) = own.get(&(decl.kind, decl.id.as_str())) {
                // Intents have no identity in the merger: two intents for one action (with
                // different data) are normal, and one identifier stands for both.
                if decl.kind != Kind::QueryIntent {
                    diagnostics.push(duplicate(decl, *first));
                }
                continue;
            }
            own.insert((decl.kind, decl.id.as_str()), decl.tag);
            // Twins already in the result come from higher-priority manifests: compare only
            // with those, not with this manifest's own earlier elements.
            let key = (decl.kind, decl.id.clone());
            let twins: Vec<usize> = by_key
                .get(&key)
                .map(|v| v.iter().copied().filter(|i| *i < before).collect())
                .unwrap_or_default();
            if let Some(w) = wipes
                .iter_mut()
                .find(|w| w.wipe.kinds.contains(&decl.kind) && applies(&w.wipe.selector, lower))
            {
                w.used = true;
                continue;
            }
            if let Some(i) = twins
                .iter()
                .copied()
                .find(|i| entries[*i].op == NodeOp::Remove && applies(&entries[*i].selector, lower))
            {
                entries[i].used = true;
                continue;
            }
            if twins.iter().any(|i| entries[*i].op == NodeOp::Declare) {
                continue;
            }
            by_key.entry(key).or_default().push(entries.len());
            entries.push(Entry {
                kind: decl.kind,
                id: decl.id.clone(),
                span: decl.span,
                tag: decl.tag,
                op: decl.op,
                selector: decl.selector.clone(),
                from: priority,
                used: false,
            });
        }
        wipes.extend(lower.wipes.iter().map(|w| WipeEntry { wipe: w.clone(), from: priority, used: false }));
    }
    unused_markers(&entries, &wipes, manifests.len(), diagnostics);

    let (_, app) = &manifests[0];
    let mut imported = ImportedApp {
        platform: Some(Located::new(Platform::Android, app.root)),
        package_id: app.package.clone(),
        name: label(manifests),
        ..ImportedApp::default()
    };
    for entry in entries.into_iter().filter(|e| e.op == NodeOp::Declare) {
        match entry.kind {
            Kind::Feature => imported.features.push(Located::new(entry.id, entry.span)),
            Kind::Permission
            | Kind::PermissionSdk23
            | Kind::QueryPackage
            | Kind::QueryIntent
            | Kind::QueryProvider => imported.permissions.push(PlatformPermission {
                id: entry.id,
                span: entry.span,
                purposes: Vec::new(),
            }),
        }
    }
    imported
}

/// The app's name: the highest-priority `<application android:label>`, when it is a literal.
fn label(manifests: &[(Artefact, Manifest)]) -> Option<Located<String>> {
    let label = manifests.iter().find_map(|(_, m)| m.label.clone())?;
    let value = label.value.trim();
    let literal =
        !value.is_empty() && !value.starts_with('@') && !value.starts_with('?') && !value.contains("${");
    literal.then_some(label)
}

fn duplicate(decl: &manifest::Decl, first: Span) -> Diagnostic {
    Diagnostic::warning("W0502", format!("`<{}>` `{}` declared twice", decl.kind.element(), decl.id))
        .at(decl.tag, "declared again here")
        .also(first, "first declared here")
        .help("remove one of them: the first declaration counts")
}

/// W0503 for removing markers that removed nothing, in manifests that have lower-priority
/// manifests below them (the last one's markers are about libraries not given).
fn unused_markers(entries: &[Entry], wipes: &[WipeEntry], count: usize, diagnostics: &mut Vec<Diagnostic>) {
    let below = |from: usize| from + 1 < count;
    let removes = entries.iter().filter(|e| e.op == NodeOp::Remove && !e.used && below(e.from));
    for entry in removes {
        diagnostics.push(
            Diagnostic::warning(
                "W0503",
                format!(
                    "`tools:node=\"remove\"` removes no `<{}>` `{}` from the library manifests given",
                    entry.kind.element(),
                    entry.id
                ),
            )
            .at(entry.tag, "nothing to remove")
            .note("it may remove one from a library whose manifest was not given"),
        );
    }
    for wipe in wipes.iter().filter(|w| !w.used && below(w.from)) {
        let elements: Vec<String> = wipe.wipe.kinds.iter().map(|k| format!("`<{}>`", k.element())).collect();
        diagnostics.push(
            Diagnostic::warning(
                "W0503",
                format!(
                    "`tools:node=\"{}\"` removes no {} from the library manifests given",
                    wipe.wipe.marker,
                    elements.join(", ")
                ),
            )
            .at(wipe.wipe.span, "nothing to remove")
            .note("it may remove some from a library whose manifest was not given"),
        );
    }
}
