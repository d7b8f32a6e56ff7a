//! The iOS importer (`clause::import::ios`) on the fixtures in `tests/import/ios/`: an app's
//! Info.plist with translations (one UTF-16) and the app's and an SDK's privacy manifests;
//! binary property lists; one case per diagnostic code in `tests/import/ios/diagnostics/`
//! (each directory is one import, named by the code it must produce); and hostile input.

mod common;

use clause::diagnostic::render::{to_text, Style};
use clause::diagnostic::Diagnostic;
use clause::import::ios::{self, Content, Input, DATA_TYPES, PURPOSES};
use clause::import::{Artefact, Imported, ImportedApp, Platform};
use clause::source::{SourceMap, Span};
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/import/ios";

/// What the command line does with one file: binary property lists as bytes (with empty text
/// in the source map), `.strings` files decoded from UTF-8 or UTF-16, the rest as UTF-8.
enum Read {
    Text(String),
    Binary(Vec<u8>),
}

/// Reads the files (paths relative to `root`, named by those paths) and imports them.
fn import_files(root: &Path, names: &[String]) -> (SourceMap, Imported) {
    let mut sources = SourceMap::new();
    let mut decode_errors = Vec::new();
    let mut read = Vec::new();
    for name in names {
        let bytes = std::fs::read(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (text, content) = if ios::is_binary_plist(&bytes) {
            (String::new(), Read::Binary(bytes))
        } else if name.ends_with(".strings") {
            match ios::decode_strings(&bytes) {
                Ok(text) => (text.clone(), Read::Text(text)),
                Err(e) => {
                    let id = sources.add(name.clone(), String::from_utf8_lossy(&bytes).into_owned());
                    decode_errors.push(e.to_diagnostic(id));
                    continue;
                }
            }
        } else {
            let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
            (text.clone(), Read::Text(text))
        };
        let id = sources.add(name.clone(), text);
        read.push((name.clone(), id, content));
    }
    let inputs: Vec<Input> = read
        .iter()
        .map(|(name, file, content)| Input {
            name,
            file: *file,
            content: match content {
                Read::Text(text) => Content::Text(text),
                Read::Binary(bytes) => Content::Binary(bytes),
            },
        })
        .collect();
    let mut imported = ios::import_inputs(&inputs);
    if !decode_errors.is_empty() {
        decode_errors.append(&mut imported.diagnostics);
        imported = Imported { app: None, diagnostics: decode_errors };
    }
    (sources, imported)
}

/// Every file under `dir`, relative to it, in name order.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

fn import_dir(dir: &str) -> (SourceMap, Imported) {
    let root = Path::new(FIXTURES).join(dir);
    let names = files_under(&root);
    import_files(&root, &names)
}

/// Imports in-memory texts, `(name, text)`.
fn import_texts(files: &[(&str, &str)]) -> (SourceMap, Imported) {
    let mut sources = SourceMap::new();
    let ids: Vec<_> = files.iter().map(|(name, text)| sources.add(*name, *text)).collect();
    let artefacts: Vec<Artefact> =
        files.iter().zip(&ids).map(|((name, text), id)| Artefact { name, file: *id, text }).collect();
    let imported = ios::import(&artefacts);
    (sources, imported)
}

fn app_of(imported: &Imported, sources: &SourceMap) -> ImportedApp {
    match &imported.app {
        Some(app) => app.clone(),
        None => panic!("no app:\n{}", to_text(sources, &imported.diagnostics, Style::Plain)),
    }
}

/// `file:line` of a span.
fn at(sources: &SourceMap, span: Span) -> String {
    let line = sources.get(span.file).map_or(0, |f| f.line_col(span.start as usize).0);
    format!("{}:{line}", sources.name(span.file))
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code).collect()
}

/// A readable listing of an imported app, every value with where it was read.
fn describe(app: &ImportedApp, sources: &SourceMap) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    if let Some(p) = &app.platform {
        line(format!("platform: {}  ({})", p.value.schema_name(), at(sources, p.span)));
    }
    if let Some(id) = &app.package_id {
        line(format!("package_id: {}  ({})", id.value, at(sources, id.span)));
    }
    if let Some(name) = &app.name {
        line(format!("name: {}  ({})", name.value, at(sources, name.span)));
    }
    line("permissions:".into());
    for p in &app.permissions {
        line(format!("  {}  ({})", p.id, at(sources, p.span)));
        for purpose in &p.purposes {
            line(format!("    {:?}  ({})", purpose.value, at(sources, purpose.span)));
        }
    }
    line("features:".into());
    for f in &app.features {
        line(format!("  {}  ({})", f.value, at(sources, f.span)));
    }
    line("tracking_domains:".into());
    for d in &app.tracking_domains {
        line(format!("  {}  ({})", d.value, at(sources, d.span)));
    }
    line("collected_data:".into());
    for c in &app.collected_data {
        line(format!(
            "  {} -> {} capability={:?} purposes={:?} linked={:?} tracking={:?}  ({})",
            c.platform_type.value,
            c.data_type,
            c.capability,
            c.purposes,
            c.linked_to_user,
            c.used_for_tracking,
            at(sources, c.platform_type.span)
        ));
    }
    out
}

fn purposes_of<'a>(app: &'a ImportedApp, id: &str) -> Vec<&'a str> {
    let p = app.permissions.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no permission {id}"));
    p.purposes.iter().map(|l| l.value.as_str()).collect()
}

#[test]
fn the_app_fixture_imports_with_spans_purposes_and_translations() {
    let (sources, imported) = import_dir("app");
    let app = app_of(&imported, &sources);

    let platform = app.platform.as_ref().map(|p| p.value);
    assert_eq!(platform, Some(Platform::Ios));
    let id = app.package_id.as_ref().map(|p| (p.value.as_str(), at(&sources, p.span)));
    assert_eq!(id, Some(("$(PRODUCT_BUNDLE_IDENTIFIER)", "Info.plist:12".to_string())));
    // The display name is a build variable, so the literal bundle name is the name.
    assert_eq!(app.name.as_ref().map(|n| n.value.as_str()), Some("Brightlight"));

    let ids: Vec<&str> = app.permissions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "LSApplicationQueriesSchemes:weixin",
            "LSApplicationQueriesSchemes:alipay",
            "LSApplicationQueriesSchemes:mqq",
            "NFCReaderUsageDescription",
            "NSCameraUsageDescription",
            "NSContactsUsageDescription",
            "NSLocationAlwaysAndWhenInUseUsageDescription",
            "NSLocationTemporaryUsageDescriptionDictionary",
            "NSLocationWhenInUseUsageDescription",
            "NSPhotoLibraryAddUsageDescription",
            "NSUserTrackingUsageDescription",
            "UIBackgroundModes:location",
            "UIBackgroundModes:audio",
            "UIBackgroundModes:remote-notification",
            // From the SDK's manifest; the app's says false.
            "NSPrivacyTracking",
        ]
    );
    let camera = app.permissions.iter().find(|p| p.id == "NSCameraUsageDescription");
    assert_eq!(camera.map(|p| at(&sources, p.span)), Some("Info.plist:36".to_string()));
    // The Info.plist's text first (entity decoded), then English (UTF-16), then Chinese.
    assert_eq!(
        purposes_of(&app, "NSCameraUsageDescription"),
        [
            "Scans QR codes & turns on the flash.",
            "Scans QR codes and turns on the flash.",
            "用于扫描二维码并打开闪光灯。"
        ]
    );
    let camera_files: Vec<String> =
        camera.map(|p| p.purposes.iter().map(|l| at(&sources, l.span)).collect()).unwrap_or_default();
    assert_eq!(
        camera_files,
        ["Info.plist:37", "en.lproj/InfoPlist.strings:3", "zh-Hans.lproj/InfoPlist.strings:9"]
    );
    // Escapes: `\"`, `\U2014`, `\n`; multi-line Info.plist strings kept as written.
    assert_eq!(
        purposes_of(&app, "NSUserTrackingUsageDescription")[2],
        "用于向您展示\"更相关\"的广告\u{2014}我们不会出售您的数据。"
    );
    assert_eq!(
        purposes_of(&app, "NSLocationAlwaysAndWhenInUseUsageDescription"),
        [
            "Shows nearby charging stations,\n\t\teven when the app is closed.",
            "即使应用关闭，也会显示附近的充电站。\n您可以随时在“设置”中关闭。"
        ]
    );
    // A usage-description dictionary: one purpose per entry, translated under the entry's key.
    assert_eq!(
        purposes_of(&app, "NSLocationTemporaryUsageDescriptionDictionary"),
        ["Precise location finds the nearest station.", "精确位置用于查找最近的充电站。"]
    );
    assert!(purposes_of(&app, "UIBackgroundModes:location").is_empty());
    let location_mode = app.permissions.iter().find(|p| p.id == "UIBackgroundModes:location");
    assert_eq!(location_mode.map(|p| at(&sources, p.span)), Some("Info.plist:60".to_string()));
    let features: Vec<&str> = app.features.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(features, ["UIRequiredDeviceCapabilities:arm64", "UIRequiredDeviceCapabilities:gps"]);

    let tracking = app.permissions.iter().find(|p| p.id == "NSPrivacyTracking");
    assert_eq!(
        tracking.map(|p| at(&sources, p.span)),
        Some("Pods/AdKit/PrivacyInfo.xcprivacy:6".to_string())
    );
    let domains: Vec<&str> = app.tracking_domains.iter().map(|d| d.value.as_str()).collect();
    assert_eq!(domains, ["ads.adkit.example", "measure.adkit.example"]);
    let data: Vec<(&str, &str, Option<&str>)> = app
        .collected_data
        .iter()
        .map(|c| (c.platform_type.value.as_str(), c.data_type.as_str(), c.capability.as_deref()))
        .collect();
    assert_eq!(
        data,
        // In the order the files are given: `Pods/…` sorts before `PrivacyInfo.xcprivacy`.
        [
            ("NSPrivacyCollectedDataTypeDeviceID", "identifiers", Some("identifiers")),
            ("NSPrivacyCollectedDataTypeCoarseLocation", "location", Some("location")),
            ("NSPrivacyCollectedDataTypeCrashData", "diagnostics", None),
            ("NSPrivacyCollectedDataTypePreciseLocation", "location", Some("location")),
            ("NSPrivacyCollectedDataTypePhoneNumber", "contact_info", None),
            ("NSPrivacyCollectedDataTypeProductInteraction", "usage", None),
        ]
    );
    let device_id = &app.collected_data[0];
    // Third-party and developer advertising are one schema purpose.
    assert_eq!(device_id.purposes, ["advertising_or_marketing", "analytics"]);
    assert_eq!((device_id.linked_to_user, device_id.used_for_tracking), (Some(true), Some(true)));
    let crash = &app.collected_data[2];
    assert_eq!(app.collected_data[4].purposes, ["app_functionality", "advertising_or_marketing"]);
    assert_eq!((crash.linked_to_user, crash.used_for_tracking), (None, None));

    // The empty usage description, the translation of a key the Info.plist no longer has
    // (it is commented out there), and a usage description zh-Hans leaves untranslated;
    // English is the development language, so its missing keys are not reported.
    let found: Vec<(&str, String)> = imported
        .diagnostics
        .iter()
        .map(|d| (d.code, d.primary_span().map(|s| at(&sources, s)).unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            ("W0535", "Info.plist:55".to_string()),
            ("W0538", "Info.plist:38".to_string()),
            ("W0537", "zh-Hans.lproj/InfoPlist.strings:16".to_string()),
        ]
    );
    insta::assert_snapshot!("ios-app", describe(&app, &sources));
    insta::assert_snapshot!("ios-app-diagnostics", to_text(&sources, &imported.diagnostics, Style::Plain));
}

#[test]
fn binary_property_lists_read_like_xml_ones_with_spans_at_the_start() {
    let (sources, imported) = import_dir("binary");
    let app = app_of(&imported, &sources);
    assert!(imported.diagnostics.is_empty(), "{:?}", codes(&imported.diagnostics));
    assert_eq!(app.package_id.as_ref().map(|p| p.value.as_str()), Some("com.example.brightlight"));
    // A non-ASCII string is stored as UTF-16 in a binary property list.
    assert_eq!(app.name.as_ref().map(|n| n.value.as_str()), Some("亮光"));
    let ids: Vec<&str> = app.permissions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "NSCameraUsageDescription",
            "NSLocationWhenInUseUsageDescription",
            "UIBackgroundModes:audio",
            "UIBackgroundModes:fetch",
            "LSApplicationQueriesSchemes:weixin"
        ]
    );
    assert_eq!(purposes_of(&app, "NSCameraUsageDescription"), ["用于扫描二维码。", "扫码"]);
    for p in &app.permissions {
        assert_eq!((p.span.start, p.span.end), (0, 0), "{}", p.id);
        assert_eq!(at(&sources, p.span), "Info.plist:1");
    }
    let translated = app.permissions.iter().find(|p| p.id == "NSLocationWhenInUseUsageDescription");
    let files: Vec<String> =
        translated.map(|p| p.purposes.iter().map(|l| at(&sources, l.span)).collect()).unwrap_or_default();
    assert_eq!(files, ["Info.plist:1", "zh-Hans.lproj/InfoPlist.strings:1"]);
}

#[test]
fn a_binary_plist_written_by_the_plist_crate_gives_what_its_xml_gives() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.sdk</string>
	<key>NSMicrophoneUsageDescription</key>
	<string>录制语音消息 🎙</string>
	<key>NSBluetoothAlwaysUsageDescription</key>
	<string>Finds the lamp nearby.</string>
	<key>UIBackgroundModes</key>
	<array>
		<string>bluetooth-central</string>
	</array>
	<key>UIRequiredDeviceCapabilities</key>
	<dict>
		<key>microphone</key>
		<true/>
		<key>telephony</key>
		<false/>
	</dict>
	<key>Release</key>
	<integer>7</integer>
	<key>Ratio</key>
	<real>1.5</real>
	<key>Blob</key>
	<data>AAEC</data>
</dict>
</plist>
"#;
    let value = plist::Value::from_reader_xml(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let mut bytes = Vec::new();
    value.to_writer_binary(&mut bytes).unwrap_or_else(|e| panic!("{e}"));

    let (xml_sources, from_xml) = import_texts(&[("Info.plist", xml)]);
    let mut sources = SourceMap::new();
    let file = sources.add("Info.plist", "");
    let from_binary =
        ios::import_inputs(&[Input { name: "Info.plist", file, content: Content::Binary(&bytes) }]);
    let (a, b) = (app_of(&from_xml, &xml_sources), app_of(&from_binary, &sources));
    let summary = |app: &ImportedApp| {
        let permissions: Vec<(String, Vec<String>)> = app
            .permissions
            .iter()
            .map(|p| (p.id.clone(), p.purposes.iter().map(|l| l.value.clone()).collect()))
            .collect();
        let features: Vec<String> = app.features.iter().map(|f| f.value.clone()).collect();
        (app.package_id.as_ref().map(|p| p.value.clone()), permissions, features)
    };
    assert_eq!(summary(&a), summary(&b));
    assert_eq!(summary(&a).2, ["UIRequiredDeviceCapabilities:microphone"]);
    assert_eq!(purposes_of(&b, "NSMicrophoneUsageDescription"), ["录制语音消息 🎙"]);
}

/// Each `diagnostics/<CODE>-…` directory is one import that must report `<CODE>`, with an
/// app exactly when it reports no error, and every label inside its file.
#[test]
fn every_diagnostic_case_reports_its_code() {
    let root = Path::new(FIXTURES).join("diagnostics");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    for case in cases {
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let code = &name[..5];
        let names = files_under(&case);
        let (sources, imported) = import_files(&case, &names);
        let found = codes(&imported.diagnostics);
        assert!(found.contains(&code), "{name}: expected {code}, got {found:?}");
        let errors = imported.diagnostics.iter().any(Diagnostic::is_error);
        assert_eq!(imported.app.is_none(), errors, "{name}: an app exactly when there is no error");
        assert_eq!(code.starts_with('E'), errors, "{name}");
        for d in &imported.diagnostics {
            for label in &d.labels {
                let len = sources.text(label.span.file).len() as u32;
                assert!(label.span.start <= label.span.end && label.span.end <= len, "{name}: {d:?}");
            }
            assert!(d.primary_span().is_some(), "{name}: {d:?}");
        }
        insta::assert_snapshot!(
            format!("ios-diagnostic-{name}"),
            to_text(&sources, &imported.diagnostics, Style::Plain)
        );
    }
}

#[test]
fn syntax_errors_point_at_the_line_and_column() {
    let cases: &[(&str, &str, &str, (u32, u32))] = &[
        (
            "Info.plist",
            "<plist>\n<dict>\n  <key>A</key>\n  <string>x</strin>\n</dict>\n</plist>",
            "E0535",
            (4, 12),
        ),
        ("zh-Hans.lproj/InfoPlist.strings", "\"A\" = \"x\";\n\"B\" = \"unterminated;\n", "E0542", (2, 7)),
        ("zh-Hans.lproj/InfoPlist.strings", "\"A\" = \"x\"\n\"B\" = \"y\";", "E0542", (2, 1)),
        ("zh-Hans.lproj/InfoPlist.strings", "/* never closed\n\"A\" = \"x\";", "E0542", (1, 1)),
        ("zh-Hans.lproj/InfoPlist.strings", "\"A\" = (\"x\");", "E0542", (1, 7)),
        ("zh-Hans.lproj/InfoPlist.strings", "\"A\" = \"x\";\n\"B\" = \"\\UD83D!\";", "E0543", (2, 8)),
        ("zh-Hans.lproj/InfoPlist.strings", "\"A\" = \"x\";\n\"B\" = \"y\"", "E0542", (2, 10)),
    ];
    for (name, text, code, (line, column)) in cases {
        let (sources, imported) = import_texts(&[(name, text)]);
        assert!(imported.app.is_none(), "{text}");
        let d = &imported.diagnostics[0];
        assert_eq!(d.code, *code, "{text}: {d:?}");
        let span = d.primary_span().unwrap_or_default();
        let position = sources.get(span.file).map(|f| f.line_col(span.start as usize));
        assert_eq!(position, Some((*line, *column)), "{text}: {d:?}");
    }
}

#[test]
fn strings_files_read_every_form_apple_accepts() {
    let info = r#"<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>com.example.app</string>
<key>NSCameraUsageDescription</key><string>Camera</string>
<key>NSMicrophoneUsageDescription</key><string>Microphone</string>
<key>NSContactsUsageDescription</key><string>Contacts</string>
<key>NSCalendarsUsageDescription</key><string>Calendars</string>
<key>NSSiriUsageDescription</key><string>Siri</string>
</dict></plist>"#;
    let strings = "\u{feff}// a byte-order mark, then a comment\n\
        NSCameraUsageDescription = 'single \\'quoted\\'';\n\
        \"NSMicrophoneUsageDescription\" = \"\\UD83C\\UDF99 tab\\there, octal \\101, unknown \\q\";\n\
        \"NSContactsUsageDescription\";\n\
        /* a block\n comment */ \"NSCalendarsUsageDescription\" /* between */ = /* tokens */ \"日历\";\n\
        \"NSSiriUsageDescription\" = \"lower-case \\u00e9 too\"; // trailing comment without a newline";
    let (sources, imported) = import_texts(&[("Info.plist", info), ("fr.lproj/InfoPlist.strings", strings)]);
    let app = app_of(&imported, &sources);
    assert_eq!(codes(&imported.diagnostics), Vec::<&str>::new());
    let translation = |id: &str| purposes_of(&app, id).get(1).map(|s| s.to_string());
    assert_eq!(translation("NSCameraUsageDescription").as_deref(), Some("single 'quoted'"));
    assert_eq!(
        translation("NSMicrophoneUsageDescription").as_deref(),
        Some("🎙 tab\there, octal A, unknown q")
    );
    // An entry without `= value` maps the key to itself.
    assert_eq!(translation("NSContactsUsageDescription").as_deref(), Some("NSContactsUsageDescription"));
    assert_eq!(translation("NSCalendarsUsageDescription").as_deref(), Some("日历"));
    assert_eq!(translation("NSSiriUsageDescription").as_deref(), Some("lower-case é too"));

    // The braced form of the same format, and the XML property-list form.
    let braced = "{ \"NSCameraUsageDescription\" = \"Caméra\"; }";
    let xml = "<plist><dict><key>NSCameraUsageDescription</key><string>カメラ</string></dict></plist>";
    let (sources, imported) = import_texts(&[
        ("Info.plist", info),
        ("fr.lproj/InfoPlist.strings", braced),
        ("ja.lproj/InfoPlist.strings", xml),
    ]);
    let app = app_of(&imported, &sources);
    assert_eq!(purposes_of(&app, "NSCameraUsageDescription"), ["Camera", "Caméra", "カメラ"]);
}

#[test]
fn translations_come_in_language_order_base_first() {
    let info = r#"<plist><dict>
<key>CFBundleDevelopmentRegion</key><string>zh_CN</string>
<key>CFBundleIdentifier</key><string>com.example.app</string>
<key>NSCameraUsageDescription</key><string>相机</string>
</dict></plist>"#;
    let strings = |s: &str| format!("\"NSCameraUsageDescription\" = \"{s}\";");
    let (zh_hant, en, base, loose) = (strings("相機"), strings("Camera"), strings("base"), strings("loose"));
    let (sources, imported) = import_texts(&[
        ("InfoPlist.strings", &loose),
        ("Resources/zh-Hant.lproj/InfoPlist.strings", &zh_hant),
        ("Info.plist", info),
        ("Resources/en.lproj/InfoPlist.strings", &en),
        ("Resources/Base.lproj/InfoPlist.strings", &base),
    ]);
    let app = app_of(&imported, &sources);
    assert_eq!(purposes_of(&app, "NSCameraUsageDescription"), ["相机", "base", "Camera", "相機", "loose"]);
    assert!(imported.diagnostics.is_empty(), "{:?}", codes(&imported.diagnostics));
}

#[test]
fn files_are_recognised_by_name_and_content() {
    let usage = "<plist><dict><key>NSCameraUsageDescription</key><string>Scans codes</string></dict></plist>";
    let privacy = "<plist><dict><key>NSPrivacyTracking</key><true/></dict></plist>";
    let other = "<plist><dict><key>API_KEY</key><string>x</string></dict></plist>";
    let (sources, imported) = import_texts(&[
        ("OwnTracks/OwnTracks-Info.plist", usage),
        ("Vendor/Tracking.plist", privacy),
        ("GoogleService-Info.plist", other),
        ("en.lproj/Localizable.strings", "\"Hello\" = \"Hello\";"),
        ("README.md", "# app"),
    ]);
    let app = app_of(&imported, &sources);
    let ids: Vec<&str> = app.permissions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["NSCameraUsageDescription", "NSPrivacyTracking"]);
    assert_eq!(app.package_id, None);
    let skipped: Vec<&str> = imported
        .diagnostics
        .iter()
        .filter(|d| d.code == "W0542")
        .filter_map(|d| d.primary_span())
        .map(|s| sources.name(s.file))
        .collect();
    assert_eq!(skipped, ["GoogleService-Info.plist", "en.lproj/Localizable.strings", "README.md"]);

    let (_, nothing) = import_texts(&[]);
    assert_eq!(nothing.app.map(|a| a.platform), Some(None));
}

#[test]
fn privacy_manifests_merge_tracking_and_domains() {
    let manifest = |tracking: bool, domains: &[&str]| {
        let domains: String = domains.iter().map(|d| format!("<string>{d}</string>")).collect();
        format!(
            "<plist><dict><key>NSPrivacyTracking</key><{tracking}/>\
             <key>NSPrivacyTrackingDomains</key><array>{domains}</array></dict></plist>"
        )
    };
    let (a, b, c) = (
        manifest(false, &[]),
        manifest(true, &["t.example", "u.example"]),
        manifest(true, &["u.example", "v.example"]),
    );
    let (sources, imported) = import_texts(&[
        ("PrivacyInfo.xcprivacy", &a),
        ("Pods/A/PrivacyInfo.xcprivacy", &b),
        ("Pods/B/PrivacyInfo.xcprivacy", &c),
    ]);
    let app = app_of(&imported, &sources);
    let tracking: Vec<&str> = app.permissions.iter().map(|p| sources.name(p.span.file)).collect();
    assert_eq!(tracking, ["Pods/A/PrivacyInfo.xcprivacy", "Pods/B/PrivacyInfo.xcprivacy"]);
    let domains: Vec<(&str, &str)> =
        app.tracking_domains.iter().map(|d| (d.value.as_str(), sources.name(d.span.file))).collect();
    assert_eq!(
        domains,
        [
            ("t.example", "Pods/A/PrivacyInfo.xcprivacy"),
            ("u.example", "Pods/A/PrivacyInfo.xcprivacy"),
            ("v.example", "Pods/B/PrivacyInfo.xcprivacy")
        ]
    );

    let (sources, imported) = import_texts(&[("PrivacyInfo.xcprivacy", &a)]);
    assert!(app_of(&imported, &sources).permissions.is_empty());
}

#[test]
fn an_error_in_one_file_leaves_no_app_but_every_file_is_read() {
    let (_, imported) = import_texts(&[
        ("Info.plist", "<plist><dict><key>A</key></dict></plist>"),
        ("zh-Hans.lproj/InfoPlist.strings", "\"A\" = \"x\""),
        ("PrivacyInfo.xcprivacy", "<plist><array/></plist>"),
    ]);
    assert!(imported.app.is_none());
    assert_eq!(codes(&imported.diagnostics), ["E0538", "E0542", "E0539"]);
}

#[test]
fn the_mapping_tables_use_the_schemas_ids() {
    let mut sources = SourceMap::new();
    let checked = clause::compile(&mut sources, &common::bundled_policy())
        .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
    let schema = &checked.program.schema;
    let variants = |name: &str| -> Vec<String> {
        let e = schema.enums.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no enum {name}"));
        e.variants.iter().map(|v| v.name.clone()).collect()
    };
    let (capabilities, purposes) = (variants("capability"), variants("purpose"));
    // `disclosure_item.data_type`: a capability id or one of these.
    let other_ids =
        ["contact_info", "financial", "messages", "browsing", "search", "usage", "diagnostics", "other"];
    for m in DATA_TYPES {
        assert!(
            capabilities.contains(&m.data_type.to_string()) || other_ids.contains(&m.data_type),
            "{}: {}",
            m.apple,
            m.data_type
        );
        if let Some(c) = m.capability {
            assert!(capabilities.contains(&c.to_string()), "{}: {c}", m.apple);
        }
        assert!(m.apple.starts_with("NSPrivacyCollectedDataType"), "{}", m.apple);
    }
    for (apple, ours) in PURPOSES {
        assert!(purposes.contains(&ours.to_string()), "{apple}: {ours}");
    }
    let mut names: Vec<&str> = DATA_TYPES.iter().map(|m| m.apple).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), DATA_TYPES.len(), "a data type listed twice");
}

#[test]
fn decode_strings_reads_utf8_and_utf16_with_or_without_a_bom() {
    let text = "\"A\" = \"相机 🎙\";";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let with = |bom: &[u8], body: &[u8]| [bom, body].concat();
    assert_eq!(ios::decode_strings(text.as_bytes()).as_deref(), Ok(text));
    assert_eq!(ios::decode_strings(&with(&[0xEF, 0xBB, 0xBF], text.as_bytes())).as_deref(), Ok(text));
    assert_eq!(ios::decode_strings(&with(&[0xFF, 0xFE], &le)).as_deref(), Ok(text));
    assert_eq!(ios::decode_strings(&with(&[0xFE, 0xFF], &be)).as_deref(), Ok(text));
    assert_eq!(ios::decode_strings(&le).as_deref(), Ok(text));
    assert_eq!(ios::decode_strings(&be).as_deref(), Ok(text));
    assert_eq!(ios::decode_strings(b"").as_deref(), Ok(""));

    let bad = |bytes: &[u8]| ios::decode_strings(bytes).map_err(|e| (e.encoding, e.byte_offset));
    assert_eq!(bad(b"\"A\" = \"\xff\";"), Err(("UTF-8", 7)));
    assert_eq!(bad(&with(&[0xFF, 0xFE], &le[..le.len() - 1])), Err(("UTF-16LE", le.len())));
    // A lone low surrogate after `"A` (two units, four bytes, after the BOM).
    assert_eq!(bad(&[0xFF, 0xFE, b'"', 0, b'A', 0, 0x00, 0xDC]), Err(("UTF-16LE", 6)));
}

/// Binary property-list bytes: `objects` (each a marker and its body, references one byte
/// wide), the offset table (two bytes per object) and the trailer.
fn bplist(objects: &[Vec<u8>], top: u64) -> Vec<u8> {
    let mut out = b"bplist00".to_vec();
    let mut offsets = Vec::new();
    for object in objects {
        offsets.push(out.len() as u64);
        out.extend(object);
    }
    let table = out.len() as u64;
    for offset in &offsets {
        out.extend(&offset.to_be_bytes()[5..]);
    }
    out.extend([0, 0, 0, 0, 0, 0, 3, 4]);
    out.extend((objects.len() as u64).to_be_bytes());
    out.extend(top.to_be_bytes());
    out.extend(table.to_be_bytes());
    out
}

fn import_bytes(bytes: &[u8]) -> Imported {
    let mut sources = SourceMap::new();
    let file = sources.add("Info.plist", "");
    ios::import_inputs(&[Input { name: "Info.plist", file, content: Content::Binary(bytes) }])
}

#[test]
fn hostile_binary_plists_are_bounded() {
    let reference = |i: usize| (i as u32).to_be_bytes().to_vec();
    // 200,000 arrays, each holding the next: too deep, reported without exhausting the stack.
    let depth = 200_000;
    let mut objects: Vec<Vec<u8>> = (0..depth).map(|i| [vec![0xA1], reference(i + 1)].concat()).collect();
    objects.push(vec![0x51, b'x']);
    let deep = import_bytes(&bplist(&objects, 0));
    assert_eq!(codes(&deep.diagnostics), ["E0540"]);

    // Forty arrays of two references to the next: 2^40 values if every reference is expanded.
    let mut objects: Vec<Vec<u8>> =
        (0..40).map(|i| [vec![0xA2], reference(i + 1), reference(i + 1)].concat()).collect();
    objects.push(vec![0x51, b'x']);
    let wide = import_bytes(&bplist(&objects, 0));
    assert_eq!(codes(&wide.diagnostics), ["E0541"]);

    // An array that holds itself.
    let cycle = import_bytes(&bplist(&[[vec![0xA1], reference(0)].concat()], 0));
    assert_eq!(codes(&cycle.diagnostics), ["E0540"]);

    // A reference beyond the objects, an object length beyond the file.
    let dangling = import_bytes(&bplist(&[[vec![0xA1], reference(9)].concat()], 0));
    assert_eq!(codes(&dangling.diagnostics), ["E0541"]);
    let long = import_bytes(&bplist(&[vec![0x5F, 0x13, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]], 0));
    assert_eq!(codes(&long.diagnostics), ["E0541"]);
}

/// Many keys, one of them twice: the repeat is found (through an index, not by comparing
/// every pair) in a property list and in a `.strings` file alike.
#[test]
fn a_repeated_key_among_thousands_is_found_once() {
    let keys: Vec<String> = (0..20_000).map(|i| format!("Key{i}")).chain(["Key7".to_string()]).collect();
    let plist: String = keys.iter().map(|k| format!("<key>{k}</key><string>v</string>\n")).collect();
    let plist =
        format!("<plist><dict><key>CFBundleIdentifier</key><string>a</string>\n{plist}</dict></plist>");
    let strings: String = keys.iter().map(|k| format!("\"{k}\" = \"v\";\n")).collect();
    let (sources, imported) =
        import_texts(&[("Info.plist", &plist), ("fr.lproj/InfoPlist.strings", &strings)]);
    let repeats: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|d| d.code == "W0536")
        .filter_map(|d| d.primary_span())
        .map(|s| at(&sources, s))
        .collect();
    assert_eq!(repeats, ["Info.plist:20002", "fr.lproj/InfoPlist.strings:20001"]);
    assert!(imported.app.is_some());
}

/// Every prefix of the fixtures, and every byte of the binary one changed, gives diagnostics
/// with valid spans or an app; never a panic.
#[test]
fn truncated_and_corrupted_files_never_panic() {
    let root = Path::new(FIXTURES);
    for name in
        ["app/Info.plist", "app/zh-Hans.lproj/InfoPlist.strings", "app/Pods/AdKit/PrivacyInfo.xcprivacy"]
    {
        let text = std::fs::read_to_string(root.join(name)).unwrap_or_else(|e| panic!("{e}"));
        let short = name.trim_start_matches("app/");
        for (end, _) in text.char_indices().step_by(3) {
            let (sources, imported) = import_texts(&[(short, &text[..end])]);
            for d in &imported.diagnostics {
                let span = d.primary_span().unwrap_or_default();
                assert!(span.end as usize <= sources.text(span.file).len(), "{name}[..{end}]: {d:?}");
            }
        }
    }
    let bytes = std::fs::read(root.join("binary/Info.plist")).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..bytes.len() {
        for replacement in [0x00, 0xFF, bytes[i].wrapping_add(1)] {
            let mut corrupted = bytes.clone();
            corrupted[i] = replacement;
            let imported = import_bytes(&corrupted);
            assert_eq!(imported.app.is_some(), !imported.diagnostics.iter().any(Diagnostic::is_error));
        }
        let _ = import_bytes(&bytes[..i]);
    }
}
