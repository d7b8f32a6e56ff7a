//! HarmonyOS importer: `module.json5` permissions, their reasons resolved through the module's
//! string resources, and the bundle name from `AppScope/app.json5`.
//!
//! Artefacts are recognised by path: `…/module.json5` (one per module: entry and feature HAPs
//! declare permissions for the whole app, so several are read in turn), `…/app.json5` (the
//! `AppScope` file: `app.bundleName` is the package id, `app.label` the name when it is a
//! literal), and `…/resources/<qualifier>/element/string.json`. A `string.json` belongs to the
//! module whose directory holds its `resources/` (`entry/src/main/module.json5` owns
//! `entry/src/main/resources/base/element/string.json`), or to `AppScope` beside `app.json5`,
//! whose strings every module can use. A `reason` written `$string:NAME` is resolved to one
//! purpose per qualifier that defines `NAME`: `base` first, then `zh_CN`, then the others in
//! name order, the module's own strings before the app's. A reference nothing defines is kept
//! as written. `usedScene` says when and where a permission is used; it is checked for shape
//! but not imported. A duplicate key is a warning; the platform's tooling reads the last one,
//! and so do we. JSON5 syntax errors are `E0550` (see `json5.rs`).
//!
//! # Diagnostic codes
//!
//! | code  | meaning |
//! |-------|---------|
//! | E0551 | no `module.json5` among the HarmonyOS artefacts |
//! | E0552 | a `module.json5` without a `module` object |
//! | E0553 | `module.requestPermissions` is not an array |
//! | E0554 | a `requestPermissions` entry is not an object |
//! | E0555 | a `requestPermissions` entry without a `name`, or with one that is not a non-empty string |
//! | E0556 | a permission's `reason` is not a string |
//! | E0557 | a `string.json` not of the form `{"string": [{"name": …, "value": …}]}` |
//! | E0558 | an `app.json5` without an `app` object, or whose `bundleName` or `label` is not a string |
//! | W0550 | the same key twice in one object of a HarmonyOS file (the last one is used) |
//! | W0551 | `$string:` reasons left as written: no `string.json` of the module was given |
//! | W0552 | a `$string:` reason that no `string.json` given defines (kept as written) |
//! | W0553 | a `usedScene` of an unexpected shape: not an object, `abilities` not a list of names, or `when` neither `inuse` nor `always` |
//! | W0554 | an artefact that is not a HarmonyOS file this importer reads, or a `string.json` outside every module given (skipped) |
//! | W0555 | the same string resource name twice in one `string.json` (the first is used) |
//! | W0556 | more than one `app.json5` (the first is used) |

use super::json5::{self, Document, Node};
use super::{Artefact, Imported, ImportedApp, Located, Platform, PlatformPermission};
use crate::diagnostic::{did_you_mean, has_errors, Diagnostic};
use crate::source::{FileId, Span};
use std::collections::HashMap;

/// Reads one HarmonyOS app's artefacts.
pub fn import(files: &[Artefact]) -> Imported {
    let mut diagnostics = Vec::new();
    let mut modules = Vec::new();
    let mut apps = Vec::new();
    let mut tables: Vec<Strings> = Vec::new();
    // Roots with a `string.json` that could not be read: their references are not warned
    // about, the file's error says enough.
    let mut broken: Vec<&str> = Vec::new();
    for artefact in files {
        match role(artefact.name) {
            Role::Module(root) => {
                if let Some(doc) = parse(artefact, &mut diagnostics) {
                    modules.push((artefact, root, doc));
                }
            }
            Role::App(root) => {
                if let Some(doc) = parse(artefact, &mut diagnostics) {
                    apps.push((artefact, root, doc));
                }
            }
            Role::Strings { root, qualifier } => {
                match parse(artefact, &mut diagnostics)
                    .and_then(|doc| strings(artefact, root, qualifier, &doc, &mut diagnostics))
                {
                    Some(table) => tables.push(table),
                    None => broken.push(root),
                }
            }
            Role::Other => diagnostics.push(
                Diagnostic::warning(
                    "W0554",
                    format!("`{}` is not a HarmonyOS file this importer reads", artefact.name),
                )
                .at(start_of(artefact.file), "skipped")
                .help(
                    "give `module.json5`, `AppScope/app.json5` and `resources/*/element/string.json` files",
                ),
            ),
        }
    }
    if !files.iter().any(|a| matches!(role(a.name), Role::Module(_))) {
        diagnostics.push(
            Diagnostic::error("E0551", "no `module.json5` among the HarmonyOS artefacts")
                .help("give each module's `src/main/module.json5`, where `requestPermissions` is declared"),
        );
    }
    tables.sort_by(|a, b| qualifier_rank(a.qualifier).cmp(&qualifier_rank(b.qualifier)));

    let mut app = ImportedApp::default();
    let app_root = apps.first().map(|(_, root, _)| *root);
    if let Some((_, _, doc)) = apps.first() {
        read_app(doc, &mut app, &mut diagnostics);
    }
    for (artefact, _, _) in apps.iter().skip(1) {
        diagnostics.push(
            Diagnostic::warning("W0556", "more than one `app.json5`")
                .at(start_of(artefact.file), "skipped")
                .note(format!("the first one given, `{}`, is used", apps[0].0.name)),
        );
    }
    for table in &tables {
        let owned = modules.iter().any(|(_, root, _)| *root == table.root) || app_root == Some(table.root);
        if !owned {
            diagnostics.push(
                Diagnostic::warning("W0554", format!("`{}` is outside every module given", table.name))
                    .at(start_of(table.file), "skipped")
                    .help(format!(
                        "string resources are matched to the `module.json5` of the same directory: `{}module.json5`",
                        table.root
                    )),
            );
        }
    }
    for (artefact, root, doc) in &modules {
        let resources: Vec<&Strings> = tables
            .iter()
            .filter(|t| t.root == *root)
            .chain(tables.iter().filter(|t| Some(t.root) == app_root && t.root != *root))
            .collect();
        let incomplete = broken.iter().any(|b| b == root || Some(*b) == app_root);
        read_module(artefact, doc, &resources, incomplete, &mut app, &mut diagnostics);
    }
    let app = if has_errors(&diagnostics) { None } else { Some(app) };
    Imported { app, diagnostics }
}

/// What an artefact is, by its path; roots keep their trailing `/` (or are empty).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role<'a> {
    Module(&'a str),
    App(&'a str),
    Strings { root: &'a str, qualifier: &'a str },
    Other,
}

fn role(name: &str) -> Role<'_> {
    let mut name = name;
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    let dir_of = |file: &str| name.strip_suffix(file).filter(|d| d.is_empty() || d.ends_with('/'));
    if let Some(root) = dir_of("module.json5") {
        return Role::Module(root);
    }
    if let Some(root) = dir_of("app.json5") {
        return Role::App(root);
    }
    if let Some(dir) = dir_of("element/string.json") {
        let dir = dir.trim_end_matches('/');
        let (resources, qualifier) = dir.rsplit_once('/').unwrap_or(("", dir));
        let root = if resources == "resources" {
            Some("")
        } else {
            resources.strip_suffix("/resources").map(|r| &name[..r.len() + 1])
        };
        if let Some(root) = root.filter(|_| !qualifier.is_empty()) {
            return Role::Strings { root, qualifier };
        }
    }
    Role::Other
}

/// `base`, then `zh_CN`, then the other qualifiers by name.
fn qualifier_rank(qualifier: &str) -> (u8, &str) {
    match qualifier {
        "base" => (0, ""),
        "zh_CN" => (1, ""),
        other => (2, other),
    }
}

fn start_of(file: FileId) -> Span {
    Span::new(file, 0, 0)
}

/// Parses a file, reporting its syntax error or its duplicate keys.
fn parse(artefact: &Artefact, diagnostics: &mut Vec<Diagnostic>) -> Option<Document> {
    match json5::parse(artefact.file, artefact.text) {
        Ok(doc) => {
            diagnostics.extend(doc.duplicates.iter().map(|d| json5::duplicate_warning("W0550", d)));
            Some(doc)
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// One `string.json`: resource name → value.
struct Strings<'a> {
    name: &'a str,
    file: FileId,
    root: &'a str,
    qualifier: &'a str,
    values: HashMap<String, Located<String>>,
}

fn strings<'a>(
    artefact: &Artefact<'a>,
    root: &'a str,
    qualifier: &'a str,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Strings<'a>> {
    let shape = |span: Span, label: String| {
        Diagnostic::error("E0557", "a `string.json` of the wrong shape")
            .at(span, label)
            .help("string resources are written `{\"string\": [{\"name\": \"reason\", \"value\": \"…\"}]}`")
    };
    let Some(list) = doc.root.member("string") else {
        let found = if doc.root.is_object() {
            "no `string` list".to_string()
        } else {
            doc.root.describe().to_string()
        };
        diagnostics
            .push(shape(doc.root.span, format!("expected an object with a `string` list, found {found}")));
        return None;
    };
    let Some(entries) = list.value.as_array() else {
        diagnostics.push(shape(list.value.span, format!("expected a list, found {}", list.value.describe())));
        return None;
    };
    let mut values: HashMap<String, Located<String>> = HashMap::new();
    let mut firsts: HashMap<String, Span> = HashMap::new();
    let mut ok = true;
    for entry in entries {
        let name = entry.member("name").and_then(|m| m.value.as_str().map(|s| (s, m.value.span)));
        let value = entry.member("value").and_then(|m| m.value.as_str().map(|s| (s, m.value.span)));
        let (Some((name, name_span)), Some((value, value_span))) = (name, value) else {
            diagnostics.push(shape(entry.span, "expected `{\"name\": \"…\", \"value\": \"…\"}`".to_string()));
            ok = false;
            continue;
        };
        if let Some(first) = firsts.get(name) {
            diagnostics.push(
                Diagnostic::warning("W0555", format!("the string resource `{name}` is defined twice"))
                    .at(name_span, "ignored")
                    .also(*first, "this definition is used"),
            );
            continue;
        }
        firsts.insert(name.to_string(), name_span);
        values.insert(name.to_string(), Located::new(value.to_string(), value_span));
    }
    ok.then_some(Strings { name: artefact.name, file: artefact.file, root, qualifier, values })
}

fn read_app(doc: &Document, app: &mut ImportedApp, diagnostics: &mut Vec<Diagnostic>) {
    let error = |span: Span, label: String| {
        Diagnostic::error("E0558", "an `app.json5` of the wrong shape")
            .at(span, label)
            .help("`AppScope/app.json5` is written `{\"app\": {\"bundleName\": \"com.example.app\", …}}`")
    };
    let Some(section) = doc.root.member("app").map(|m| &m.value).filter(|v| v.is_object()) else {
        diagnostics.push(error(doc.root.span, "expected an object with an `app` object".to_string()));
        return;
    };
    for (key, slot) in [("bundleName", &mut app.package_id), ("label", &mut app.name)] {
        let Some(member) = section.member(key) else { continue };
        match member.value.as_str() {
            Some("") => {}
            // A `$string:` label is a resource reference, not the name.
            Some(value) if key == "label" && value.starts_with('$') => {}
            Some(value) => *slot = Some(Located::new(value.to_string(), member.value.span)),
            None => diagnostics.push(error(
                member.value.span,
                format!("expected a string, found {}", member.value.describe()),
            )),
        }
    }
}

fn read_module(
    artefact: &Artefact,
    doc: &Document,
    resources: &[&Strings],
    incomplete: bool,
    app: &mut ImportedApp,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(module) = doc.root.member("module").filter(|m| m.value.is_object()) else {
        let span = doc.root.member("module").map_or(doc.root.span, |m| m.value.span);
        diagnostics.push(
            Diagnostic::error("E0552", "a `module.json5` without a `module` object")
                .at(span, "expected `{\"module\": {…}}`"),
        );
        return;
    };
    if app.platform.is_none() {
        app.platform = Some(Located::new(Platform::HarmonyOs, module.key_span));
    }
    let Some(requests) = module.value.member("requestPermissions") else { return };
    let Some(entries) = requests.value.as_array() else {
        diagnostics.push(Diagnostic::error("E0553", "`requestPermissions` is not an array").at(
            requests.value.span,
            format!("expected a list of permissions, found {}", requests.value.describe()),
        ));
        return;
    };
    let mut unresolved_without_strings = Vec::new();
    for entry in entries {
        if !entry.is_object() {
            diagnostics.push(Diagnostic::error("E0554", "a `requestPermissions` entry is not an object").at(
                entry.span,
                format!("expected `{{\"name\": \"ohos.permission.…\"}}`, found {}", entry.describe()),
            ));
            continue;
        }
        let Some(name) = entry.member("name") else {
            diagnostics.push(
                Diagnostic::error("E0555", "a requested permission without a `name`")
                    .at(entry.span, "no `name`")
                    .help("write the permission's full name: `\"name\": \"ohos.permission.CAMERA\"`"),
            );
            continue;
        };
        let id = match name.value.as_str() {
            Some(id) if !id.trim().is_empty() => id,
            _ => {
                let found =
                    if name.value.as_str().is_some() { "an empty string" } else { name.value.describe() };
                diagnostics.push(
                    Diagnostic::error("E0555", "a requested permission's `name` is not a permission name")
                        .at(
                            name.value.span,
                            format!("expected a name such as `ohos.permission.CAMERA`, found {found}"),
                        ),
                );
                continue;
            }
        };
        let purposes = match entry.member("reason") {
            None => Vec::new(),
            Some(reason) => match reason.value.as_str() {
                None => {
                    diagnostics.push(
                        Diagnostic::error("E0556", "a permission's `reason` is not a string").at(
                            reason.value.span,
                            format!("expected a string, found {}", reason.value.describe()),
                        ),
                    );
                    continue;
                }
                Some(text) => {
                    let mut quiet = Vec::new();
                    let warnings = if incomplete { &mut quiet } else { &mut *diagnostics };
                    resolve(text, reason.value.span, resources, &mut unresolved_without_strings, warnings)
                }
            },
        };
        if let Some(scene) = entry.member("usedScene") {
            check_scene(&scene.value, diagnostics);
        }
        app.permissions.push(PlatformPermission { id: id.to_string(), span: name.span(), purposes });
    }
    if let Some(first) = unresolved_without_strings.first().filter(|_| !incomplete) {
        let n = unresolved_without_strings.len();
        let root = match role(artefact.name) {
            Role::Module(root) => root,
            _ => "",
        };
        diagnostics.push(
            Diagnostic::warning(
                "W0551",
                format!("{n} `$string:` reason{} left as written", if n == 1 { "" } else { "s" }),
            )
            .at(*first, "not resolved: no string resources of this module were given")
            .help(format!("give `{root}resources/base/element/string.json` (and the other qualifiers') too")),
        );
    }
}

/// A reason's purposes: the literal, or every qualifier's value of a `$string:` reference.
fn resolve(
    text: &str,
    span: Span,
    resources: &[&Strings],
    unresolved_without_strings: &mut Vec<Span>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Located<String>> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let as_written = vec![Located::new(text.to_string(), span)];
    let Some(key) = text.strip_prefix("$string:") else { return as_written };
    if resources.is_empty() {
        unresolved_without_strings.push(span);
        return as_written;
    }
    // One purpose per qualifier; the module's own strings come first in `resources`, so they
    // win over the app's for the same qualifier.
    let mut found: Vec<(&Strings, &Located<String>)> = Vec::new();
    for table in resources {
        if let Some(value) = table.values.get(key) {
            if !found.iter().any(|(t, _)| t.qualifier == table.qualifier) {
                found.push((table, value));
            }
        }
    }
    found.sort_by_key(|(t, _)| qualifier_rank(t.qualifier));
    let purposes: Vec<Located<String>> = found.into_iter().map(|(_, v)| v.clone()).collect();
    if purposes.is_empty() {
        let names = resources.iter().flat_map(|t| t.values.keys().map(String::as_str));
        diagnostics.push(
            Diagnostic::warning("W0552", format!("the string resource `{key}` is not defined"))
                .at(span, "kept as written")
                .note(format!(
                    "looked in {}",
                    resources.iter().map(|t| format!("`{}`", t.name)).collect::<Vec<_>>().join(", ")
                ))
                .with_help(did_you_mean(key, names)),
        );
        return as_written;
    }
    purposes
}

/// `usedScene` is not imported, but a malformed one is worth a word.
fn check_scene(scene: &Node, diagnostics: &mut Vec<Diagnostic>) {
    let mut warn = |span: Span, label: String| {
        diagnostics.push(
            Diagnostic::warning("W0553", "a `usedScene` of an unexpected shape")
                .at(span, label)
                .help("write `\"usedScene\": {\"abilities\": [\"EntryAbility\"], \"when\": \"inuse\"}`"),
        );
    };
    if !scene.is_object() {
        warn(scene.span, format!("expected an object, found {}", scene.describe()));
        return;
    }
    if let Some(abilities) = scene.member("abilities") {
        match abilities.value.as_array() {
            Some(names) => {
                if let Some(bad) = names.iter().find(|n| n.as_str().is_none()) {
                    warn(bad.span, format!("expected an ability's name, found {}", bad.describe()));
                }
            }
            None => warn(
                abilities.value.span,
                format!("expected a list of ability names, found {}", abilities.value.describe()),
            ),
        }
    }
    if let Some(when) = scene.member("when") {
        if !matches!(when.value.as_str(), Some("inuse" | "always")) {
            warn(when.value.span, "expected `inuse` or `always`".to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_come_from_paths() {
        assert_eq!(role("entry/src/main/module.json5"), Role::Module("entry/src/main/"));
        assert_eq!(role("./module.json5"), Role::Module(""));
        assert_eq!(role("AppScope/app.json5"), Role::App("AppScope/"));
        assert_eq!(
            role("entry/src/main/resources/zh_CN/element/string.json"),
            Role::Strings { root: "entry/src/main/", qualifier: "zh_CN" }
        );
        assert_eq!(role("resources/base/element/string.json"), Role::Strings { root: "", qualifier: "base" });
        assert_eq!(role("element/string.json"), Role::Other);
        assert_eq!(role("x/notresources/base/element/string.json"), Role::Other);
        assert_eq!(role("mymodule.json5"), Role::Other);
        assert_eq!(role("build.gradle"), Role::Other);
    }
}
