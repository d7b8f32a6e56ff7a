//! The HarmonyOS importer on fixtures shaped like DevEco Studio projects
//! (`tests/import/harmonyos/`): an entry and a feature module, string resources in three
//! qualifiers, `AppScope`, and one directory per diagnostic code under `diagnostics/`.

use clause::diagnostic::render::{to_text, Style};
use clause::diagnostic::Severity;
use clause::import::{harmonyos, Artefact, Imported, Platform};
use clause::source::{SourceMap, Span};
use std::fmt::Write as _;
use std::path::Path;

const DIR: &str = "tests/import/harmonyos";

/// Imports the fixture files at `paths` (relative to `dir`, which is also how they are named).
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
    let imported = harmonyos::import(&artefacts);
    (sources, imported)
}

fn import(paths: &[&str]) -> (SourceMap, Imported) {
    import_in(DIR, &paths.iter().map(|p| p.to_string()).collect::<Vec<_>>())
}

fn at(sources: &SourceMap, span: Span) -> String {
    let loc = sources.loc_of_span(span);
    format!("{}:{}:{}", sources.name(span.file), loc.line, loc.column)
}

fn line(sources: &SourceMap, span: Span) -> u32 {
    sources.loc_of_span(span).line
}

/// The imported app and the rendered diagnostics, for snapshots.
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

const PROJECT: &[&str] = &[
    "AppScope/app.json5",
    "AppScope/resources/base/element/string.json",
    "entry/src/main/module.json5",
    "entry/src/main/resources/en_US/element/string.json",
    "entry/src/main/resources/zh_CN/element/string.json",
    "entry/src/main/resources/base/element/string.json",
    "feature/src/main/module.json5",
    "feature/src/main/resources/base/element/string.json",
];

#[test]
fn a_project_gives_its_permissions_in_order_with_lines() {
    let (sources, imported) = import(PROJECT);
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    let ids: Vec<(&str, u32)> =
        app.permissions.iter().map(|p| (p.id.as_str(), line(&sources, p.span))).collect();
    // Commented-out permissions (line and block comments) are not imported.
    assert_eq!(
        ids,
        [
            ("ohos.permission.INTERNET", 30),
            ("ohos.permission.APPROXIMATELY_LOCATION", 33),
            ("ohos.permission.LOCATION", 43),
            ("ohos.permission.CAMERA", 57),
            ("ohos.permission.MICROPHONE", 64),
            ("ohos.permission.READ_MEDIA", 69),
            ("ohos.permission.KEEP_BACKGROUND_RUNNING", 74),
            ("ohos.permission.READ_CALENDAR", 7),
        ]
    );
    assert!(app.permissions.iter().all(|p| sources.text(p.span.file)[p.span.range()].contains(&p.id)));
    assert_eq!(app.platform.as_ref().map(|p| p.value), Some(Platform::HarmonyOs));
    assert_eq!(app.package_id.as_ref().map(|p| p.value.as_str()), Some("com.example.navi"));
    assert_eq!(app.package_id.as_ref().map(|p| at(&sources, p.span)), Some("AppScope/app.json5:3:19".into()));
    // `$string:app_name` is a reference, not a name.
    assert_eq!(app.name, None);
}

#[test]
fn reasons_resolve_base_then_zh_cn_then_other_qualifiers() {
    let (sources, imported) = import(PROJECT);
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    let purposes = |id: &str| -> Vec<(String, String)> {
        let p = app.permissions.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no {id}"));
        p.purposes.iter().map(|l| (l.value.clone(), at(&sources, l.span))).collect()
    };
    let location = vec![
        (
            "Used to show your position on the map".to_string(),
            "entry/src/main/resources/base/element/string.json:13:16".to_string(),
        ),
        ("用于在地图上显示您的位置".into(), "entry/src/main/resources/zh_CN/element/string.json:5:16".into()),
        (
            "Used to show your position on the map (US)".into(),
            "entry/src/main/resources/en_US/element/string.json:5:16".into(),
        ),
    ];
    assert_eq!(purposes("ohos.permission.LOCATION"), location);
    assert_eq!(purposes("ohos.permission.APPROXIMATELY_LOCATION"), location);
    // Only zh_CN defines it.
    assert_eq!(purposes("ohos.permission.CAMERA")[0].0, "用于扫描二维码");
    assert_eq!(purposes("ohos.permission.CAMERA").len(), 1);
    // A literal reason, in a single-quoted string under an unquoted key.
    assert_eq!(
        purposes("ohos.permission.MICROPHONE"),
        [("Used to record voice notes".to_string(), "entry/src/main/module.json5:65:17".to_string())]
    );
    // AppScope's strings serve every module.
    assert_eq!(
        purposes("ohos.permission.KEEP_BACKGROUND_RUNNING")[0].0,
        "Keeps navigation running with the screen off"
    );
    // The feature module reads its own resources.
    assert_eq!(purposes("ohos.permission.READ_CALENDAR")[0].0, "Adds trips to your calendar");
    // An undefined reference is kept as written, at the reason.
    assert_eq!(
        purposes("ohos.permission.READ_MEDIA"),
        [("$string:reason_media".to_string(), "entry/src/main/module.json5:70:19".to_string())]
    );
    assert!(purposes("ohos.permission.INTERNET").is_empty());
}

#[test]
fn a_project_warns_of_the_duplicate_key_the_undefined_string_and_the_odd_used_scene() {
    let (sources, imported) = import(PROJECT);
    let found: Vec<(&str, String)> = imported
        .diagnostics
        .iter()
        .map(|d| (d.code, d.primary_span().map(|s| at(&sources, s)).unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            ("W0550", "entry/src/main/module.json5:22:5".to_string()),
            ("W0552", "entry/src/main/module.json5:70:19".to_string()),
            ("W0553", "entry/src/main/module.json5:71:62".to_string()),
        ]
    );
    assert!(imported.diagnostics.iter().all(|d| d.severity == Severity::Warning));
    let duplicate = &imported.diagnostics[0];
    assert_eq!(duplicate.labels.iter().map(|l| line(&sources, l.span)).collect::<Vec<_>>(), [22, 20]);
    insta::assert_snapshot!("project", summary(&sources, &imported));
}

#[test]
fn without_app_scope_there_is_no_package_id_and_references_stay_as_written() {
    let (sources, imported) = import(&["entry/src/main/module.json5"]);
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    assert_eq!(app.package_id, None);
    assert_eq!(app.permissions.len(), 7);
    let location = &app.permissions[1];
    assert_eq!(
        location.purposes.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
        ["$string:reason_location"]
    );
    // One warning for all the references left unresolved, not one each.
    let codes: Vec<&str> = imported.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["W0550", "W0553", "W0551"]);
    assert!(imported.diagnostics[2].message.starts_with("5 `$string:` reasons"));
}

#[test]
fn names_may_start_with_dot_slash_and_unknown_files_are_skipped() {
    let (sources, imported) = import_in(
        DIR,
        &[
            "./entry/src/main/module.json5".to_string(),
            "./entry/src/main/resources/base/element/string.json".into(),
        ],
    );
    let app = imported.app.as_ref().unwrap_or_else(|| panic!("{}", summary(&sources, &imported)));
    assert_eq!(app.permissions[1].purposes[0].value, "Used to show your position on the map");
}

/// Each `diagnostics/CODE-…` directory is one app's artefacts and produces CODE.
#[test]
fn every_diagnostic_example_produces_its_code() {
    let root = Path::new(DIR).join("diagnostics");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect())
        .unwrap_or_default();
    dirs.sort();
    assert!(dirs.len() >= 16, "only {} examples", dirs.len());
    for name in dirs {
        let dir = root.join(&name);
        let mut files = Vec::new();
        collect(&dir, &dir, &mut files);
        files.sort();
        let (sources, imported) = import_in(&dir.display().to_string(), &files);
        let code = &name[..5];
        assert!(
            imported.diagnostics.iter().any(|d| d.code == code),
            "{name} does not produce {code}:\n{}",
            summary(&sources, &imported)
        );
        assert_eq!(imported.app.is_none(), code.starts_with('E'), "{name}: an app only without errors");
        for d in &imported.diagnostics {
            if let Some(span) = d.primary_span() {
                assert!(span.end as usize <= sources.text(span.file).len(), "{name}: span past the end");
            }
        }
        insta::assert_snapshot!(format!("diagnostic@{name}"), summary(&sources, &imported));
    }
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).map(|rd| rd.flatten().collect::<Vec<_>>()).unwrap_or_default() {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Every prefix of the fixtures (a file cut short) is an error or an app, never a panic, and
/// every label lies within its file.
#[test]
fn cut_files_never_panic() {
    for path in ["entry/src/main/module.json5", "entry/src/main/resources/zh_CN/element/string.json"] {
        let text = std::fs::read_to_string(Path::new(DIR).join(path)).unwrap_or_default();
        for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let mut sources = SourceMap::new();
            let file = sources.add(path, &text[..cut]);
            let imported = harmonyos::import(&[Artefact { name: path, file, text: sources.text(file) }]);
            for d in &imported.diagnostics {
                for l in &d.labels {
                    assert!(sources.text(l.span.file).get(l.span.range()).is_some(), "{path} cut at {cut}");
                }
            }
        }
    }
}
