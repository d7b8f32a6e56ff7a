//! WeChat mini-program importer: `app.json` permission scopes, private location APIs and
//! background modes, and the AppID and project name from `project.config.json`.
//!
//! Artefacts are recognised by file name. From `app.json`:
//! - `permission`: each scope as written (`scope.userLocation`), its `desc` the purpose the
//!   user is shown;
//! - `requiredPrivateInfos`: each location API as written (`getLocation`); WeChat refuses to
//!   build an app that declares the fuzzy (`getFuzzyLocation`) and a precise one together;
//! - `requiredBackgroundModes`: `requiredBackgroundModes:MODE` (`…:location`, `…:audio`).
//!
//! Nothing else in `app.json` grants a device capability (`plugins`, `embeddedAppIdList` and
//! `__usePrivacyCheck__` do not), so the rest is not read. `project.config.json` gives `appid`
//! (the package id; the devtools' placeholder `touristappid` is left out) and `projectname`
//! (the name, which the devtools write URL-encoded when it is not ASCII);
//! `project.private.config.json`, when given, wins for both, as it does in the devtools.
//! WeChat reads `app.json` as strict JSON: it is read here with the JSON5 reader, so a comment
//! or a trailing comma is a warning, not an error; a duplicate key is a warning and the last
//! one is used. JSON syntax errors are `E0550` (see `json5.rs`).
//!
//! # Diagnostic codes
//!
//! | code  | meaning |
//! |-------|---------|
//! | E0570 | no `app.json` among the mini-program artefacts |
//! | E0571 | the top level of `app.json` or a project config file is not an object |
//! | E0572 | `permission` is not an object, or a scope in it is not an object |
//! | E0573 | a permission scope's `desc` is not a string |
//! | E0574 | `requiredPrivateInfos` is not a list of API names |
//! | E0575 | `requiredBackgroundModes` is not a list of mode names |
//! | E0576 | a project config's `appid` or `projectname` is not a string |
//! | W0570 | the same key twice in one object of a mini-program file (the last one is used) |
//! | W0571 | a permission scope without a `desc`, or with an empty one: the user is shown no purpose |
//! | W0572 | a value WeChat does not accept: an unknown `requiredPrivateInfos` API or background mode (kept as written), fuzzy and precise location APIs declared together, or the placeholder AppID `touristappid` (left out) |
//! | W0573 | an artefact that is not a mini-program file this importer reads, or a second `app.json` or project config (skipped) |
//! | W0574 | `app.json` uses JSON5 syntax (a comment, single quotes, a trailing comma, …), which WeChat rejects |

use super::json5::{self, Document, Member, Node};
use super::{Artefact, Imported, ImportedApp, Located, Platform, PlatformPermission};
use crate::diagnostic::{did_you_mean, has_errors, Diagnostic};
use crate::source::{FileId, Span};
use std::collections::HashMap;

/// The location APIs `requiredPrivateInfos` may list (WeChat's announcement of 2022-07-14,
/// table 1): the fuzzy one first, then the four precise ones it excludes, then the pickers.
const PRIVATE_INFOS: &[&str] = &[
    "getFuzzyLocation",
    "getLocation",
    "onLocationChange",
    "startLocationUpdate",
    "startLocationUpdateBackground",
    "chooseAddress",
    "choosePoi",
    "chooseLocation",
];
const FUZZY: &str = "getFuzzyLocation";
const PRECISE: &[&str] =
    &["getLocation", "onLocationChange", "startLocationUpdate", "startLocationUpdateBackground"];
const BACKGROUND_MODES: &[&str] = &["audio", "location"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    App,
    Project,
    PrivateProject,
    Other,
}

fn role(name: &str) -> Role {
    match name.rsplit('/').next().unwrap_or(name) {
        "app.json" => Role::App,
        "project.config.json" => Role::Project,
        "project.private.config.json" => Role::PrivateProject,
        _ => Role::Other,
    }
}

/// Reads one mini-program's artefacts.
pub fn import(files: &[Artefact]) -> Imported {
    let mut diagnostics = Vec::new();
    let mut firsts: Vec<(Role, &Artefact)> = Vec::new();
    let mut docs: Vec<(Role, &Artefact, Document)> = Vec::new();
    for artefact in files {
        let role = role(artefact.name);
        if role == Role::Other {
            diagnostics.push(
                Diagnostic::warning(
                    "W0573",
                    format!("`{}` is not a mini-program file this importer reads", artefact.name),
                )
                .at(Span::new(artefact.file, 0, 0), "skipped")
                .help("give `app.json`, and `project.config.json` for the AppID"),
            );
            continue;
        }
        if let Some((_, first)) = firsts.iter().find(|(r, _)| *r == role) {
            diagnostics.push(
                Diagnostic::warning("W0573", format!("a second `{}`", file_name(artefact.name)))
                    .at(Span::new(artefact.file, 0, 0), "skipped")
                    .note(format!("the first one given, `{}`, is used", first.name)),
            );
            continue;
        }
        firsts.push((role, artefact));
        match json5::parse(artefact.file, artefact.text) {
            Ok(doc) => {
                diagnostics.extend(doc.duplicates.iter().map(|d| json5::duplicate_warning("W0570", d)));
                docs.push((role, artefact, doc));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if !firsts.iter().any(|(r, _)| *r == Role::App) {
        diagnostics.push(Diagnostic::error("E0570", "no `app.json` among the mini-program artefacts").help(
            "give the mini-program's `app.json` (under `miniprogramRoot`, when project.config.json sets one)",
        ));
    }
    let mut app = ImportedApp::default();
    // The private project config is read last, so that its values win.
    for wanted in [Role::App, Role::Project, Role::PrivateProject] {
        for (role, artefact, doc) in docs.iter().filter(|(r, _, _)| *r == wanted) {
            if !doc.root.is_object() {
                diagnostics.push(
                    Diagnostic::error(
                        "E0571",
                        format!("the top level of `{}` is not an object", file_name(artefact.name)),
                    )
                    .at(doc.root.span, format!("expected an object, found {}", doc.root.describe())),
                );
                continue;
            }
            match role {
                Role::App => read_app(artefact.file, doc, &mut app, &mut diagnostics),
                _ => read_project(doc, &mut app, &mut diagnostics),
            }
        }
    }
    // Sections are read one by one; the app lists its declarations in the file's order.
    app.permissions.sort_by_key(|p| (p.span.file, p.span.start));
    let app = if has_errors(&diagnostics) { None } else { Some(app) };
    Imported { app, diagnostics }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The members of an object, without those a later member of the same key overrides.
fn effective(node: &Node) -> impl Iterator<Item = &Member> {
    let members = node.members();
    let last: HashMap<&str, usize> = members.iter().enumerate().map(|(i, m)| (m.key.as_str(), i)).collect();
    members.iter().enumerate().filter(move |(i, m)| last.get(m.key.as_str()) == Some(i)).map(|(_, m)| m)
}

fn read_app(file: FileId, doc: &Document, app: &mut ImportedApp, diagnostics: &mut Vec<Diagnostic>) {
    let root = &doc.root;
    app.platform = Some(Located::new(
        Platform::MiniProgram,
        Span::new(file, root.span.start as usize, root.span.start as usize + 1),
    ));
    if let Some((span, what)) = doc.extension {
        diagnostics.push(
            Diagnostic::warning("W0574", format!("`app.json` uses {what}, which JSON does not allow"))
                .at(span, "WeChat reads `app.json` as strict JSON")
                .note("the rest of the file is still read"),
        );
    }
    if let Some(permission) = root.member("permission") {
        read_scopes(&permission.value, app, diagnostics);
    }
    if let Some(infos) = root.member("requiredPrivateInfos") {
        read_private_infos(&infos.value, app, diagnostics);
    }
    if let Some(modes) = root.member("requiredBackgroundModes") {
        let Some(names) =
            names(&modes.value, "E0575", "`requiredBackgroundModes`", "a background mode", diagnostics)
        else {
            return;
        };
        for (mode, span) in names {
            if !BACKGROUND_MODES.contains(&mode) {
                diagnostics.push(
                    Diagnostic::warning("W0572", format!("`{mode}` is not a background mode WeChat knows"))
                        .at(span, "kept as written")
                        .note("WeChat documents `audio` and `location`")
                        .with_help(did_you_mean(mode, BACKGROUND_MODES.iter().copied())),
                );
            }
            app.permissions.push(PlatformPermission {
                id: format!("requiredBackgroundModes:{mode}"),
                span,
                purposes: Vec::new(),
            });
        }
    }
}

fn read_scopes(permission: &Node, app: &mut ImportedApp, diagnostics: &mut Vec<Diagnostic>) {
    if !permission.is_object() {
        diagnostics.push(Diagnostic::error("E0572", "`permission` is not an object").at(
            permission.span,
            format!(
                "expected `{{\"scope.userLocation\": {{\"desc\": \"…\"}}}}`, found {}",
                permission.describe()
            ),
        ));
        return;
    }
    for scope in effective(permission) {
        if !scope.value.is_object() {
            diagnostics.push(
                Diagnostic::error("E0572", format!("the permission scope `{}` is not an object", scope.key))
                    .at(
                        scope.value.span,
                        format!("expected `{{\"desc\": \"…\"}}`, found {}", scope.value.describe()),
                    ),
            );
            continue;
        }
        let mut purposes = Vec::new();
        match scope.value.member("desc") {
            Some(desc) => match desc.value.as_str() {
                Some(text) if !text.trim().is_empty() => {
                    purposes.push(Located::new(text.to_string(), desc.value.span))
                }
                Some(_) => diagnostics.push(no_desc(&scope.key, desc.value.span, "this `desc` is empty")),
                None => {
                    diagnostics.push(
                        Diagnostic::error("E0573", format!("the `desc` of `{}` is not a string", scope.key))
                            .at(
                                desc.value.span,
                                format!(
                                    "expected the purpose shown to the user, found {}",
                                    desc.value.describe()
                                ),
                            ),
                    );
                    continue;
                }
            },
            None => diagnostics.push(no_desc(&scope.key, scope.value.span, "no `desc`")),
        }
        app.permissions.push(PlatformPermission { id: scope.key.clone(), span: scope.key_span, purposes });
    }
}

fn no_desc(scope: &str, span: Span, label: &str) -> Diagnostic {
    Diagnostic::warning("W0571", format!("the permission scope `{scope}` states no purpose"))
        .at(span, label)
        .help("write what the app uses it for: `\"desc\": \"你的位置信息将用于…\"`")
}

fn read_private_infos(infos: &Node, app: &mut ImportedApp, diagnostics: &mut Vec<Diagnostic>) {
    let Some(names) = names(infos, "E0574", "`requiredPrivateInfos`", "an API name", diagnostics) else {
        return;
    };
    for &(name, span) in &names {
        if !PRIVATE_INFOS.contains(&name) {
            diagnostics.push(
                Diagnostic::warning("W0572", format!("`{name}` is not an API `requiredPrivateInfos` lists"))
                    .at(span, "kept as written")
                    .note(format!(
                        "WeChat documents {}",
                        PRIVATE_INFOS.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ))
                    .with_help(did_you_mean(name, PRIVATE_INFOS.iter().copied())),
            );
        }
        app.permissions.push(PlatformPermission { id: name.to_string(), span, purposes: Vec::new() });
    }
    let fuzzy = names.iter().find(|(n, _)| *n == FUZZY);
    let precise = names.iter().find(|(n, _)| PRECISE.contains(n));
    if let (Some((_, fuzzy)), Some((precise_name, precise))) = (fuzzy, precise) {
        diagnostics.push(
            Diagnostic::warning("W0572", format!("`{FUZZY}` and `{precise_name}` are declared together"))
                .at(*fuzzy, "fuzzy location")
                .also(*precise, "precise location")
                .note("WeChat refuses to build a mini-program that declares fuzzy and precise location APIs together"),
        );
    }
}

/// The strings of a list of names, or an error (under `code`) when it is not one.
fn names<'a>(
    node: &'a Node,
    code: &'static str,
    what: &str,
    item: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<(&'a str, Span)>> {
    let Some(items) = node.as_array() else {
        diagnostics.push(
            Diagnostic::error(code, format!("{what} is not a list"))
                .at(node.span, format!("expected a list of names, found {}", node.describe())),
        );
        return None;
    };
    let mut names = Vec::new();
    for entry in items {
        match entry.as_str() {
            Some(name) => names.push((name, entry.span)),
            None => diagnostics.push(
                Diagnostic::error(code, format!("{what} holds a value that is not a name"))
                    .at(entry.span, format!("expected {item}, found {}", entry.describe())),
            ),
        }
    }
    Some(names)
}

fn read_project(doc: &Document, app: &mut ImportedApp, diagnostics: &mut Vec<Diagnostic>) {
    for key in ["appid", "projectname"] {
        let Some(member) = doc.root.member(key) else { continue };
        let Some(value) = member.value.as_str() else {
            diagnostics.push(
                Diagnostic::error("E0576", format!("`{key}` is not a string"))
                    .at(member.value.span, format!("expected a string, found {}", member.value.describe())),
            );
            continue;
        };
        let located = |v: String| Some(Located::new(v, member.value.span));
        match key {
            "appid" if value == "touristappid" => diagnostics.push(
                Diagnostic::warning("W0572", "`touristappid` is the devtools' placeholder, not an AppID")
                    .at(member.value.span, "left out: the mini-program has no package id")
                    .help("set the mini-program's AppID (`wx…`) in `project.config.json`"),
            ),
            "appid" if !value.trim().is_empty() => app.package_id = located(value.to_string()),
            "projectname" if !value.trim().is_empty() => app.name = located(url_decoded(value)),
            _ => {}
        }
    }
}

/// `%E7%BE%8E…` decoded, when it decodes to UTF-8; otherwise the text as written.
fn url_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_are_url_decoded_when_that_gives_text() {
        assert_eq!(url_decoded("%E7%BE%8E%E9%A3%9F%E5%9C%B0%E5%9B%BE"), "美食地图");
        assert_eq!(url_decoded("%E5%90%8D%E7%89%87Live"), "名片Live");
        assert_eq!(url_decoded("100%"), "100%");
        assert_eq!(url_decoded("%FF%FE"), "%FF%FE");
        assert_eq!(url_decoded("plain"), "plain");
    }

    #[test]
    fn roles_come_from_file_names() {
        assert_eq!(role("miniprogram/app.json"), Role::App);
        assert_eq!(role("project.config.json"), Role::Project);
        assert_eq!(role("a/project.private.config.json"), Role::PrivateProject);
        assert_eq!(role("pages/index/index.json"), Role::Other);
        assert_eq!(role("myapp.json"), Role::Other);
    }
}
