//! The Android importer (`clause::import::android`): source manifests of an app and its
//! libraries merged as the manifest merger would, a build's merged manifest read as is, and
//! the errors and warnings of both. Fixtures are under `tests/import/android/`; small cases
//! that exercise one rule are written inline.

use clause::diagnostic::render::{to_text, Style};
use clause::import::{android, Artefact, Imported, ImportedApp, Platform};
use clause::source::{SourceMap, Span};

const APP: &str = "tests/import/android/app/src/main/AndroidManifest.xml";
const MAPKIT: &str = "tests/import/android/libs/mapkit/AndroidManifest.xml";
const PUSH: &str = "tests/import/android/libs/pushsdk/AndroidManifest.xml";
const MERGED: &str = "tests/import/android/app/build/intermediates/merged_manifest/debug/AndroidManifest.xml";
const MALFORMED: &str = "tests/import/android/malformed/AndroidManifest.xml";

struct Run {
    sources: SourceMap,
    imported: Imported,
}

impl Run {
    /// The app, failing the test with the rendered diagnostics if there is none.
    fn app(&self) -> &ImportedApp {
        match &self.imported.app {
            Some(app) => app,
            None => panic!("no app:\n{}", self.rendered()),
        }
    }

    fn ids(&self) -> Vec<&str> {
        self.app().permissions.iter().map(|p| p.id.as_str()).collect()
    }

    fn features(&self) -> Vec<&str> {
        self.app().features.iter().map(|f| f.value.as_str()).collect()
    }

    /// `file:line` of a span, the file by its last path components.
    fn at(&self, span: Span) -> String {
        let name = self.sources.name(span.file);
        let short = name.strip_prefix("tests/import/android/").unwrap_or(name);
        let line = self.sources.get(span.file).map_or(0, |f| f.line_col(span.start as usize).0);
        format!("{short}:{line}")
    }

    /// Where each identifier is declared: `id @ file:line`.
    fn provenance(&self) -> Vec<String> {
        self.app().permissions.iter().map(|p| format!("{} @ {}", p.id, self.at(p.span))).collect()
    }

    fn codes(&self) -> Vec<&str> {
        self.imported.diagnostics.iter().map(|d| d.code).collect()
    }

    fn rendered(&self) -> String {
        to_text(&self.sources, &self.imported.diagnostics, Style::Plain)
    }
}

fn read(path: &str) -> (String, String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (path.to_string(), text)
}

/// Imports `(name, text)` manifests, in priority order.
fn import(files: &[(String, String)]) -> Run {
    let mut sources = SourceMap::new();
    let ids: Vec<_> = files.iter().map(|(name, text)| sources.add(name.clone(), text.clone())).collect();
    let artefacts: Vec<Artefact> =
        files.iter().zip(&ids).map(|((name, text), file)| Artefact { name, file: *file, text }).collect();
    let imported = android::import(&artefacts);
    Run { sources, imported }
}

fn fixtures(paths: &[&str]) -> Run {
    import(&paths.iter().map(|p| read(p)).collect::<Vec<_>>())
}

/// One inline app manifest, with the usual namespaces, around `body`.
fn inline(body: &str) -> (String, String) {
    (
        "app/src/main/AndroidManifest.xml".to_string(),
        format!(
            "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"\n    xmlns:tools=\"http://schemas.android.com/tools\">\n{body}\n</manifest>\n"
        ),
    )
}

/// An inline library manifest with a package.
fn library(name: &str, package: &str, body: &str) -> (String, String) {
    (
        format!("libs/{name}/AndroidManifest.xml"),
        format!(
            "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"\n    xmlns:tools=\"http://schemas.android.com/tools\"\n    package=\"{package}\">\n{body}\n</manifest>\n"
        ),
    )
}

#[test]
fn the_app_manifest_alone() {
    let run = fixtures(&[APP]);
    assert!(run.imported.diagnostics.is_empty(), "{}", run.rendered());
    assert_eq!(
        run.provenance(),
        [
            "android.permission.INTERNET @ app/src/main/AndroidManifest.xml:15",
            "android.permission.ACCESS_FINE_LOCATION @ app/src/main/AndroidManifest.xml:16",
            "android.permission.ACCESS_COARSE_LOCATION @ app/src/main/AndroidManifest.xml:17",
            // ACCESS_BACKGROUND_LOCATION is commented out; a permission limited by
            // maxSdkVersion is still declared; the sdk-23 variant and placeholders are kept.
            "android.permission.CAMERA @ app/src/main/AndroidManifest.xml:21",
            "android.permission.WRITE_EXTERNAL_STORAGE @ app/src/main/AndroidManifest.xml:22",
            "android.permission.BLUETOOTH_SCAN @ app/src/main/AndroidManifest.xml:25",
            "android.permission.READ_CONTACTS @ app/src/main/AndroidManifest.xml:29",
            "${applicationId}.permission.C2D_MESSAGE @ app/src/main/AndroidManifest.xml:30",
            // READ_PHONE_STATE and AD_ID carry tools:node="remove": not declared.
            "queries:package:com.tencent.mm @ app/src/main/AndroidManifest.xml:39",
            "queries:intent:android.intent.action.VIEW @ app/src/main/AndroidManifest.xml:40",
            "queries:intent @ app/src/main/AndroidManifest.xml:44",
            "queries:provider:com.example.maps.tiles @ app/src/main/AndroidManifest.xml:47",
        ]
    );
    // The glEsVersion element names no feature; `required="@bool/…"` is no error.
    assert_eq!(run.features(), ["android.hardware.camera", "android.hardware.location.gps"]);
    let app = run.app();
    assert_eq!(app.package_id.as_ref().map(|p| p.value.as_str()), Some("com.example.trailnotes"));
    assert_eq!(
        app.package_id.as_ref().map(|p| run.at(p.span)).as_deref(),
        Some("app/src/main/AndroidManifest.xml:5")
    );
    // `@string/app_name` is a reference: no name.
    assert_eq!(app.name, None);
    let platform = app.platform.as_ref().map(|p| (p.value, run.at(p.span)));
    assert_eq!(platform, Some((Platform::Android, "app/src/main/AndroidManifest.xml:3".to_string())));
    // The platform spans the whole `<manifest>` element.
    let span = app.platform.as_ref().map(|p| p.span).unwrap_or_default();
    let text = run.sources.text(span.file);
    assert!(text[span.range()].starts_with("<manifest") && text[span.range()].ends_with("</manifest>"));
    assert!(app.permissions.iter().all(|p| p.purposes.is_empty()));
}

#[test]
fn permission_spans_cover_the_element() {
    let run = fixtures(&[APP]);
    let app = run.app();
    let storage = app.permissions.iter().find(|p| p.id.ends_with("WRITE_EXTERNAL_STORAGE"));
    let text = storage.map(|p| &run.sources.text(p.span.file)[p.span.range()]);
    assert_eq!(
        text,
        Some(
            "<uses-permission\n        android:name=\"android.permission.WRITE_EXTERNAL_STORAGE\"\n        android:maxSdkVersion=\"28\" />"
        )
    );
}

#[test]
fn app_and_libraries_merge_with_the_app_winning() {
    let run = fixtures(&[APP, MAPKIT, PUSH]);
    assert!(run.imported.diagnostics.is_empty(), "{}", run.rendered());
    let app_manifest = fixtures(&[APP]);
    let mut expected: Vec<String> = app_manifest.provenance();
    // What the libraries add, after the app's, in library order; what the app also
    // declares (ACCESS_FINE_LOCATION, INTERNET, C2D_MESSAGE) keeps the app's line, and what
    // the app removes (READ_PHONE_STATE, AD_ID) is gone.
    expected.extend(
        [
            "android.permission.ACCESS_BACKGROUND_LOCATION @ libs/mapkit/AndroidManifest.xml:10",
            "android.permission.ACCESS_NETWORK_STATE @ libs/mapkit/AndroidManifest.xml:11",
            "queries:package:com.google.android.apps.maps @ libs/mapkit/AndroidManifest.xml:14",
            "android.permission.POST_NOTIFICATIONS @ libs/pushsdk/AndroidManifest.xml:14",
            "android.permission.RECEIVE_BOOT_COMPLETED @ libs/pushsdk/AndroidManifest.xml:15",
            "android.permission.WAKE_LOCK @ libs/pushsdk/AndroidManifest.xml:16",
        ]
        .map(String::from),
    );
    assert_eq!(run.provenance(), expected);
    assert_eq!(
        run.features(),
        ["android.hardware.camera", "android.hardware.location.gps", "android.hardware.sensor.compass"]
    );
    let gps = run.app().features.iter().find(|f| f.value == "android.hardware.location.gps");
    assert_eq!(gps.map(|f| run.at(f.span)).as_deref(), Some("app/src/main/AndroidManifest.xml:11"));
    // The app's package, not a library's.
    let package = run.app().package_id.as_ref().map(|p| p.value.as_str());
    assert_eq!(package, Some("com.example.trailnotes"));
}

#[test]
fn merging_sources_gives_what_the_build_merged() {
    let sources = fixtures(&[APP, MAPKIT, PUSH]);
    let merged = fixtures(&[MERGED]);
    let resolve = |id: &str| id.replace("${applicationId}", "com.example.trailnotes");
    let mut from_sources: Vec<String> = sources.ids().into_iter().map(resolve).collect();
    let mut from_build: Vec<String> = merged.ids().into_iter().map(String::from).collect();
    from_sources.sort();
    from_build.sort();
    assert_eq!(from_sources, from_build);
    let (mut a, mut b) = (sources.features(), merged.features());
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
}

#[test]
fn a_merged_manifest_is_read_as_is() {
    let run = fixtures(&[MERGED]);
    assert!(run.imported.diagnostics.is_empty(), "{}", run.rendered());
    assert_eq!(run.ids().len(), 18);
    let c2dm = run.provenance().into_iter().find(|p| p.contains("C2D_MESSAGE"));
    assert_eq!(
        c2dm.as_deref(),
        Some(
            "com.example.trailnotes.permission.C2D_MESSAGE @ app/build/intermediates/merged_manifest/debug/AndroidManifest.xml:32"
        )
    );
    let platform = run.app().platform.as_ref().map(|p| run.at(p.span));
    assert_eq!(
        platform.as_deref(),
        Some("app/build/intermediates/merged_manifest/debug/AndroidManifest.xml:2")
    );
}

#[test]
fn a_merged_manifest_with_sources_is_used_alone() {
    let run = fixtures(&[APP, MERGED, MAPKIT]);
    assert_eq!(run.codes(), ["W0501"]);
    assert_eq!(run.ids(), fixtures(&[MERGED]).ids());
    let warning = &run.imported.diagnostics[0];
    assert_eq!(warning.notes, [format!("ignored: `{APP}`"), format!("ignored: `{MAPKIT}`")]);
    assert_eq!(
        warning.primary_span().map(|s| run.at(s)),
        run.app().platform.as_ref().map(|p| run.at(p.span))
    );
}

#[test]
fn merged_manifests_are_recognised_by_their_path() {
    for merged in [
        "app/build/intermediates/merged_manifest/debug/AndroidManifest.xml",
        "/home/ci/app/build/intermediates/merged_manifest/release/processReleaseMainManifest/AndroidManifest.xml",
        "app/build/intermediates/merged_manifests/debug/AndroidManifest.xml",
        "build/intermediates/merged_manifest/debug/AndroidManifest.xml",
    ] {
        assert!(android::is_merged_manifest(merged), "{merged}");
    }
    for source in
        ["app/src/main/AndroidManifest.xml", "app/src/debug/AndroidManifest.xml", "AndroidManifest.xml"]
    {
        assert!(!android::is_merged_manifest(source), "{source}");
    }
}

#[test]
fn two_merged_manifests_are_an_error() {
    let (_, text) = read(MERGED);
    let release = "app/build/intermediates/merged_manifest/release/AndroidManifest.xml".to_string();
    let run = import(&[read(MERGED), (release, text)]);
    assert_eq!(run.codes(), ["E0506"]);
    assert!(run.imported.app.is_none());
}

#[test]
fn malformed_xml_is_an_error_at_its_line_and_column() {
    let run = fixtures(&[MALFORMED]);
    assert!(run.imported.app.is_none());
    assert_eq!(run.codes(), ["E0501"]);
    let span = run.imported.diagnostics[0].primary_span().unwrap_or_default();
    let file = run.sources.get(span.file).map(|f| f.line_col(span.start as usize));
    assert_eq!(file, Some((9, 29)));
    assert_eq!(&run.sources.text(span.file)[span.range()], "&");
}

#[test]
fn a_malformed_library_fails_the_import() {
    let run = fixtures(&[APP, MALFORMED]);
    assert!(run.imported.app.is_none());
    assert_eq!(run.codes(), ["E0501"]);
}

#[test]
fn xml_errors_point_where_the_parser_stopped() {
    let cases = [
        // A start tag closed by another element's end tag.
        ("<manifest>\n  <uses-permission name=\"x\">\n</manifest>\n", (3, 1)),
        // An undeclared prefix.
        ("<manifest>\n  <uses-permission android:name=\"x\"/>\n</manifest>\n", (2, 20)),
        // The end of the text inside the root.
        ("<manifest>\n  <uses-permission/>\n", (2, 21)),
        ("<!DOCTYPE manifest [<!ENTITY x \"y\">]>\n<manifest/>\n", (1, 1)),
        ("", (1, 1)),
    ];
    for (text, expected) in cases {
        let run = import(&[("AndroidManifest.xml".to_string(), text.to_string())]);
        assert_eq!(run.codes(), ["E0501"], "{text}");
        let span = run.imported.diagnostics[0].primary_span().unwrap_or_default();
        let at = run.sources.get(span.file).map(|f| f.line_col(span.start as usize));
        assert_eq!(at, Some(expected), "{text}\n{}", run.rendered());
    }
}

#[test]
fn the_root_must_be_a_manifest() {
    let run = import(&[("res/values/strings.xml".to_string(), "<resources>\n</resources>\n".to_string())]);
    assert_eq!(run.codes(), ["E0502"]);
    assert!(run.imported.app.is_none());
}

#[test]
fn any_prefix_bound_to_the_android_namespace_works() {
    // As a decoded binary manifest may write it.
    let text = "<manifest xmlns:a=\"http://schemas.android.com/apk/res/android\" package=\"com.example.bin\">\n  <uses-permission a:name=\"android.permission.CAMERA\"/>\n  <application a:label=\"Binary\"/>\n</manifest>";
    let run = import(&[("base.apk!/AndroidManifest.xml".to_string(), text.to_string())]);
    assert_eq!(run.ids(), ["android.permission.CAMERA"]);
    assert_eq!(run.app().name.as_ref().map(|n| n.value.as_str()), Some("Binary"));
    // An unprefixed `name` is not `android:name`.
    let run = import(&[inline("<uses-permission name=\"android.permission.CAMERA\"/>")]);
    assert_eq!(run.codes(), ["E0503"]);
}

#[test]
fn the_name_is_a_literal_label_only() {
    let name = |label: &str| {
        let run = import(&[inline(&format!("<application android:label=\"{label}\"/>"))]);
        run.app().name.as_ref().map(|n| n.value.clone())
    };
    assert_eq!(name("Trail Notes").as_deref(), Some("Trail Notes"));
    assert_eq!(name("@string/app_name"), None);
    assert_eq!(name("${appLabel}"), None);
    assert_eq!(name("?attr/appName"), None);
    assert_eq!(name(""), None);
}

#[test]
fn the_package_is_kept_as_written() {
    let text = "<manifest package=\"${applicationId}\"/>";
    let run = import(&[("AndroidManifest.xml".to_string(), text.to_string())]);
    assert_eq!(run.app().package_id.as_ref().map(|p| p.value.as_str()), Some("${applicationId}"));
    assert!(run.ids().is_empty());
    // A library's package is not the app's.
    let run = import(&[inline(""), library("a", "com.example.lib", "")]);
    assert_eq!(run.app().package_id, None);
}

#[test]
fn remove_all_removes_every_library_permission_but_not_the_apps() {
    let run = import(&[
        inline(
            "<uses-permission android:name=\"android.permission.CAMERA\"/>\n<uses-permission tools:node=\"removeAll\"/>",
        ),
        library("a", "com.example.a", "<uses-permission android:name=\"android.permission.READ_SMS\"/>\n<uses-permission-sdk-23 android:name=\"android.permission.READ_CONTACTS\"/>\n<uses-feature android:name=\"android.hardware.nfc\"/>"),
    ]);
    assert!(run.imported.diagnostics.is_empty(), "{}", run.rendered());
    // removeAll on uses-permission leaves uses-permission-sdk-23 and features alone.
    assert_eq!(run.ids(), ["android.permission.CAMERA", "android.permission.READ_CONTACTS"]);
    assert_eq!(run.features(), ["android.hardware.nfc"]);
}

#[test]
fn a_selector_limits_a_marker_to_one_library() {
    let run = import(&[
        inline("<uses-permission android:name=\"android.permission.READ_PHONE_STATE\" tools:node=\"remove\" tools:selector=\"com.example.ads\"/>"),
        library("push", "com.example.push", "<uses-permission android:name=\"android.permission.READ_PHONE_STATE\"/>"),
        library("ads", "com.example.ads", "<uses-permission android:name=\"android.permission.READ_PHONE_STATE\"/>"),
    ]);
    assert!(run.imported.diagnostics.is_empty(), "{}", run.rendered());
    assert_eq!(run.provenance(), ["android.permission.READ_PHONE_STATE @ libs/push/AndroidManifest.xml:4"]);
}

#[test]
fn a_library_marker_applies_to_lower_libraries() {
    let run = import(&[
        inline("<uses-permission android:name=\"android.permission.INTERNET\"/>"),
        library(
            "a",
            "com.example.a",
            "<uses-permission android:name=\"android.permission.GET_ACCOUNTS\" tools:node=\"remove\"/>",
        ),
        library("b", "com.example.b", "<uses-permission android:name=\"android.permission.GET_ACCOUNTS\"/>"),
    ]);
    assert!(run.imported.diagnostics.is_empty(), "{}", run.rendered());
    assert_eq!(run.ids(), ["android.permission.INTERNET"]);
}

#[test]
fn replace_and_merge_markers_declare() {
    let run = import(&[
        inline("<uses-permission android:name=\"android.permission.READ_EXTERNAL_STORAGE\" tools:node=\"replace\"/>\n<uses-permission android:name=\"android.permission.CAMERA\" tools:node=\"merge\"/>\n<uses-permission android:name=\"android.permission.VIBRATE\" tools:node=\"strict\"/>"),
        library("a", "com.example.a", "<uses-permission android:name=\"android.permission.READ_EXTERNAL_STORAGE\" android:maxSdkVersion=\"32\"/>"),
    ]);
    assert!(run.imported.diagnostics.is_empty(), "{}", run.rendered());
    assert_eq!(
        run.provenance(),
        [
            "android.permission.READ_EXTERNAL_STORAGE @ app/src/main/AndroidManifest.xml:3",
            "android.permission.CAMERA @ app/src/main/AndroidManifest.xml:4",
            "android.permission.VIBRATE @ app/src/main/AndroidManifest.xml:5",
        ]
    );
}

#[test]
fn queries_markers() {
    let lib = library(
        "a",
        "com.example.a",
        "<queries><package android:name=\"com.tencent.mm\"/><intent><action android:name=\"android.intent.action.SEND\"/></intent></queries>",
    );
    let run = import(&[
        inline("<queries tools:node=\"remove\"><package android:name=\"com.example.own\"/></queries>"),
        lib.clone(),
    ]);
    assert!(run.ids().is_empty(), "{:?}", run.ids());
    let run = import(&[
        inline("<queries tools:node=\"replace\"><package android:name=\"com.example.own\"/></queries>"),
        lib.clone(),
    ]);
    assert_eq!(run.ids(), ["queries:package:com.example.own"]);
    let run = import(&[
        inline("<queries><package android:name=\"com.tencent.mm\" tools:node=\"remove\"/></queries>"),
        lib,
    ]);
    assert_eq!(run.ids(), ["queries:intent:android.intent.action.SEND"]);
}

#[test]
fn intents_for_one_action_are_one_identifier() {
    let run = import(&[inline(
        "<queries>\n<intent><action android:name=\"android.intent.action.VIEW\"/><data android:scheme=\"https\"/></intent>\n<intent><action android:name=\"android.intent.action.VIEW\"/><data android:scheme=\"geo\"/></intent>\n</queries>",
    )]);
    assert!(run.imported.diagnostics.is_empty(), "{}", run.rendered());
    assert_eq!(
        run.provenance(),
        ["queries:intent:android.intent.action.VIEW @ app/src/main/AndroidManifest.xml:4"]
    );
}

#[test]
fn the_same_permission_twice_in_one_manifest_warns() {
    let run = import(&[inline(
        "<uses-permission android:name=\"android.permission.CAMERA\"/>\n<uses-permission android:name=\"android.permission.CAMERA\"/>\n<uses-permission-sdk-23 android:name=\"android.permission.CAMERA\"/>",
    )]);
    assert_eq!(run.codes(), ["W0502"]);
    // The sdk-23 element is another element, declared too.
    assert_eq!(
        run.provenance(),
        [
            "android.permission.CAMERA @ app/src/main/AndroidManifest.xml:3",
            "android.permission.CAMERA @ app/src/main/AndroidManifest.xml:5",
        ]
    );
}

#[test]
fn a_remove_that_removes_nothing_warns_only_with_libraries() {
    let app = inline(
        "<uses-permission android:name=\"android.permission.USE_FINGERPRINT\" tools:node=\"remove\"/>",
    );
    assert!(import(std::slice::from_ref(&app)).imported.diagnostics.is_empty());
    let run = import(&[
        app,
        library("a", "com.example.a", "<uses-permission android:name=\"android.permission.INTERNET\"/>"),
    ]);
    assert_eq!(run.codes(), ["W0503"]);
    assert_eq!(run.ids(), ["android.permission.INTERNET"]);
}

#[test]
fn misplaced_elements_warn_and_are_ignored() {
    let run = import(&[inline(
        "<application>\n<uses-permission android:name=\"android.permission.CAMERA\"/>\n</application>",
    )]);
    assert_eq!(run.codes(), ["W0504"]);
    assert!(run.ids().is_empty());
}

#[test]
fn marker_errors() {
    let run = import(&[inline(
        "<uses-permission android:name=\"android.permission.CAMERA\" tools:node=\"remvoe\"/>",
    )]);
    assert_eq!(run.codes(), ["E0504"]);
    assert_eq!(run.imported.diagnostics[0].help.as_deref(), Some("did you mean `remove`?"));
    assert!(run.imported.app.is_none());
    let run = import(&[inline(
        "<uses-permission android:name=\"android.permission.CAMERA\" tools:node=\"removeAll\"/>",
    )]);
    assert_eq!(run.codes(), ["E0505"]);
    let run = import(&[inline("<uses-permission android:name=\"\"/>\n<queries><provider/></queries>")]);
    assert_eq!(run.codes(), ["E0503", "E0503"]);
}

#[test]
fn no_manifests_read_nothing() {
    let run = import(&[]);
    assert!(run.imported.app.is_none());
    assert!(run.imported.diagnostics.is_empty());
}

#[test]
fn diagnostics_render() {
    let mut out = String::new();
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        ("malformed fixture", vec![read(MALFORMED)]),
        ("undeclared prefix", vec![("AndroidManifest.xml".to_string(), "<manifest>\n  <uses-permission android:name=\"android.permission.CAMERA\"/>\n</manifest>\n".to_string())]),
        ("not a manifest", vec![("AndroidManifest.xml".to_string(), "<resources>\n  <string name=\"app_name\">Trails</string>\n</resources>\n".to_string())]),
        ("no name", vec![inline("  <uses-permission android:maxSdkVersion=\"28\"/>")]),
        ("unknown marker", vec![inline("  <uses-permission android:name=\"android.permission.CAMERA\" tools:node=\"delete\"/>")]),
        ("removeAll with a name", vec![inline("  <uses-permission android:name=\"android.permission.CAMERA\" tools:node=\"removeAll\"/>")]),
        ("two merged manifests", vec![read(MERGED), ("app/build/intermediates/merged_manifest/release/AndroidManifest.xml".to_string(), read(MERGED).1)]),
        ("merged with sources", vec![read(APP), read(MERGED)]),
        ("duplicate", vec![inline("  <uses-permission android:name=\"android.permission.CAMERA\"/>\n  <uses-permission android:name=\"android.permission.CAMERA\"/>")]),
        ("remove without effect", vec![inline("  <uses-permission android:name=\"android.permission.USE_FINGERPRINT\" tools:node=\"remove\"/>\n  <uses-permission tools:node=\"removeAll\"/>"), library("a", "com.example.a", "")]),
        ("misplaced", vec![inline("  <application>\n    <uses-permission android:name=\"android.permission.CAMERA\"/>\n  </application>")]),
    ];
    for (title, files) in cases {
        let run = import(&files);
        out.push_str(&format!("== {title}\n{}\n", run.rendered()));
    }
    insta::assert_snapshot!(out);
}

/// The files under a directory, sorted: the order gives merge priority (`app/` before
/// `libs/`).
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.display().to_string().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// `tests/import/android/diagnostics/CODE/` holds one example per diagnostic code of the
/// module's code table, which produces that code and no other.
#[test]
fn each_code_has_an_example_that_produces_it() {
    let source = std::fs::read_to_string("src/import/android.rs").unwrap_or_default();
    let codes: Vec<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("//! | "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| c.len() == 5 && (c.starts_with("E05") || c.starts_with("W05")))
        .collect();
    assert_eq!(codes.len(), 10, "{codes:?}");
    for code in codes {
        let dir = std::path::Path::new("tests/import/android/diagnostics").join(code);
        let files: Vec<(String, String)> = files_under(&dir).iter().map(|p| read(p)).collect();
        assert!(!files.is_empty(), "no example for {code}");
        let run = import(&files);
        assert_eq!(run.codes(), [code], "{}", run.rendered());
        assert_eq!(run.imported.app.is_some(), code.starts_with('W'), "{code}");
    }
}
