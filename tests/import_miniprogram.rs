//! The WeChat mini-program importer on fixtures shaped like real projects
//! (`tests/import/miniprogram/`): `miniprogram/app.json` with its project configs, and one
//! directory per diagnostic code under `diagnostics/`.

use clause::diagnostic::render::{to_text, Style};
use clause::import::{miniprogram, Artefact, Imported, Platform};
use clause::source::{SourceMap, Span};
use std::fmt::Write as _;
use std::path::Path;

const DIR: &str = "tests/import/miniprogram";

fn import_in(dir: &str, paths: &[String]) -> (SourceMap, Imported) {
    let mut sources = SourceMap::new();
    let ids: Vec<_> = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(Path::new(dir).join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
            sources.add(p.clone(), text)
        })
        .collect();
    let artefacts: Vec<Artefact> = paths
        .iter()
        .zip(&ids)
        .map(|(p, id)| Artefact { name: p, file: *id, text: sources.text(*id) })
        .collect();
    let imported = miniprogram::import(&artefacts);
    (sources, imported)
}

fn import(paths: &[&str]) -> (SourceMap, Imported) {
    import_in(DIR, &paths.iter().map(|p| p.to_string()).collect::<Vec<_>>())
}

fn import_text(name: &str, text: &str) -> (SourceMap, Imported) {
    let mut sources = SourceMap::new();
    let file = sources.add(name, text);
    let imported = miniprogram::import(&[Artefact { name, file, text: sources.text(file) }]);
    (sources, imported)
}

fn at(sources: &SourceMap, span: Span) -> String {
    let loc = sources.loc_of_span(span);
    format!("{}:{}:{}", sources.name(span.file), loc.line, loc.column)
}

fn summary(sources: &SourceMap, imported: &Imported) -> String {
    let mut out = String::new();
    match &imported.app {
        None => out.push_str("app: none\n"),
        Some(app) => {
            if let Some(p) = &app.platform {
                let _ = writeln!(out, "platform: {} ({})", p.value.schema_name(), at(sources, p.span));
            }
            for (what, value) in [("package_id", &app.package_id), ("name", &app.name)] {
                if let Some(v) = value {
                    let _ = writeln!(out, "{what}: {} ({})", v.value, at(sources, v.span));
                }
            }
            for p in &app.permissions {
                let _ = writeln!(out, "- {} ({})", p.id, at(sources, p.span));
                for purpose in &p.purposes {
                    let _ = writeln!(out, "    {:?} ({})", purpose.value, at(sources, purpose.span));
                }
            }
        }
    }
    out.push_str(&to_text(sources, &imported.diagnostics, Style::Plain));
    out
}

#[test]
fn app_json_gives_scopes_private_infos_and_background_modes_with_lines() {
    // In the file's order, whatever the section.
    let (sources, imported) = import(&["miniprogram/app.json", "project.config.json"]);
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    let ids: Vec<(&str, String)> =
        app.permissions.iter().map(|p| (p.id.as_str(), at(&sources, p.span))).collect();
    assert_eq!(
        ids,
        [
            ("scope.userLocation", "miniprogram/app.json:12:5".to_string()),
            ("scope.userLocationBackground", "miniprogram/app.json:15:5".into()),
            ("scope.record", "miniprogram/app.json:18:5".into()),
            ("getLocation", "miniprogram/app.json:23:5".into()),
            ("chooseLocation", "miniprogram/app.json:24:5".into()),
            ("startLocationUpdateBackground", "miniprogram/app.json:25:5".into()),
            ("requiredBackgroundModes:audio", "miniprogram/app.json:28:5".into()),
            ("requiredBackgroundModes:location", "miniprogram/app.json:29:5".into()),
        ]
    );
    let location = &app.permissions[0];
    assert_eq!(location.purposes.len(), 1);
    assert_eq!(location.purposes[0].value, "你的位置信息将用于添加新的店铺");
    assert_eq!(at(&sources, location.purposes[0].span), "miniprogram/app.json:13:15");
    assert!(app.permissions[3..].iter().all(|p| p.purposes.is_empty()));
    assert_eq!(app.platform.as_ref().map(|p| p.value), Some(Platform::MiniProgram));
    assert_eq!(app.package_id.as_ref().map(|p| p.value.as_str()), Some("wx0123456789abcdef"));
    assert_eq!(
        app.package_id.as_ref().map(|p| at(&sources, p.span)),
        Some("project.config.json:6:12".into())
    );
    // The devtools write non-ASCII project names URL-encoded.
    assert_eq!(app.name.as_ref().map(|p| p.value.as_str()), Some("美食地图"));
    assert!(imported.diagnostics.is_empty(), "{}", summary(&sources, &imported));
    insta::assert_snapshot!("app", summary(&sources, &imported));
}

#[test]
fn the_private_project_config_wins() {
    let (sources, imported) =
        import(&["project.private.config.json", "miniprogram/app.json", "project.config.json"]);
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    assert_eq!(app.name.as_ref().map(|p| p.value.as_str()), Some("foodmap-dev"));
    assert_eq!(app.package_id.as_ref().map(|p| p.value.as_str()), Some("wx0123456789abcdef"));
}

#[test]
fn app_json_alone_has_no_package_id() {
    let (sources, imported) = import(&["miniprogram/app.json"]);
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    assert_eq!((app.package_id.as_ref(), app.name.as_ref()), (None, None));
    assert_eq!(app.permissions.len(), 8);
}

#[test]
fn placeholder_and_empty_app_ids_are_left_out() {
    for (appid, warned) in [("touristappid", true), ("", false)] {
        let mut sources = SourceMap::new();
        let a = sources.add("app.json", r#"{"pages": ["pages/index/index"]}"#);
        let p = sources.add("project.config.json", format!(r#"{{"appid": "{appid}"}}"#));
        let artefacts = [
            Artefact { name: "app.json", file: a, text: sources.text(a) },
            Artefact { name: "project.config.json", file: p, text: sources.text(p) },
        ];
        let imported = miniprogram::import(&artefacts);
        let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
        assert_eq!(app.package_id, None);
        assert_eq!(imported.diagnostics.iter().any(|d| d.code == "W0572"), warned, "{appid:?}");
    }
}

#[test]
fn a_duplicate_scope_counts_once_with_the_last_desc() {
    let (sources, imported) = import_text(
        "app.json",
        r#"{"permission": {"scope.userLocation": {"desc": "old"}, "scope.userLocation": {"desc": "new"}}}"#,
    );
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    assert_eq!(app.permissions.len(), 1);
    assert_eq!(app.permissions[0].purposes[0].value, "new");
    assert_eq!(imported.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["W0570"]);
}

#[test]
fn fuzzy_and_precise_location_together_are_named() {
    let (_, imported) = import_text(
        "app.json",
        r#"{"requiredPrivateInfos": ["getFuzzyLocation", "chooseAddress", "onLocationChange"]}"#,
    );
    let d = imported.diagnostics.iter().find(|d| d.code == "W0572").unwrap_or_else(|| panic!("no W0572"));
    assert!(d.message.contains("`getFuzzyLocation` and `onLocationChange`"), "{}", d.message);
    assert_eq!(d.labels.len(), 2);
    // Kept as written all the same.
    assert_eq!(imported.app.map(|a| a.permissions.len()), Some(3));
}

#[test]
fn json5_in_app_json_is_read_with_a_warning() {
    let (sources, imported) = import(&["diagnostics/W0574-not-strict-json/app.json"]);
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    assert_eq!(app.permissions.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["getLocation"]);
    assert_eq!(imported.diagnostics.len(), 1);
    assert_eq!(imported.diagnostics[0].message, "`app.json` uses a comment, which JSON does not allow");
}

/// Each `diagnostics/CODE-…` directory is one mini-program's artefacts and produces CODE.
#[test]
fn every_diagnostic_example_produces_its_code() {
    let root = Path::new(DIR).join("diagnostics");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect())
        .unwrap_or_default();
    dirs.sort();
    assert!(dirs.len() >= 13, "only {} examples", dirs.len());
    for name in dirs {
        let dir = root.join(&name);
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect())
            .unwrap_or_default();
        files.sort();
        let (sources, imported) = import_in(&dir.display().to_string(), &files);
        let code = &name[..5];
        assert!(
            imported.diagnostics.iter().any(|d| d.code == code),
            "{name} does not produce {code}:\n{}",
            summary(&sources, &imported)
        );
        assert_eq!(imported.app.is_none(), code.starts_with('E'), "{name}: an app only without errors");
        insta::assert_snapshot!(format!("diagnostic@{name}"), summary(&sources, &imported));
    }
}

#[test]
fn declarations_come_in_the_order_of_the_file() {
    let (_, imported) = import_text(
        "app.json",
        r#"{"requiredPrivateInfos": ["getLocation"], "permission": {"scope.userLocation": {"desc": "d"}}}"#,
    );
    let ids: Vec<String> =
        imported.app.map(|a| a.permissions.into_iter().map(|p| p.id).collect()).unwrap_or_default();
    assert_eq!(ids, ["getLocation", "scope.userLocation"]);
}

/// Every prefix of the fixtures (a file cut short) is an error or an app, never a panic, and
/// every label lies within its file.
#[test]
fn cut_files_never_panic() {
    for path in ["miniprogram/app.json", "project.config.json"] {
        let text = std::fs::read_to_string(Path::new(DIR).join(path)).unwrap_or_default();
        for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let (sources, imported) = import_text("app.json", &text[..cut]);
            for d in &imported.diagnostics {
                for l in &d.labels {
                    assert!(sources.text(l.span.file).get(l.span.range()).is_some(), "{path} cut at {cut}");
                }
            }
        }
    }
}
