//! The APK importer's decoder (`clause::import::apk`): binary manifests from real aapt and
//! from our test encoder decode to the fixture manifest; stripped and hostile shapes decode
//! as the platform reads them; every malformed input is an error with its code, never a
//! panic (truncations at every offset, byte flips, random damage).

#[path = "support/axml.rs"]
mod axml;

use axml::{Attr, Hand, Options, ANDROID_URI};
use clause::diagnostic::Diagnostic;
use clause::import::apk::{binary_xml_text, manifest_text};
use clause::import::{android, Artefact};
use clause::source::{FileId, SourceMap, Span};
use std::path::Path;

const DIR: &str = "tests/import/apk";
const FILE: FileId = FileId(7);

fn fixture_text() -> String {
    std::fs::read_to_string(Path::new(DIR).join("AndroidManifest.xml")).expect("fixture manifest")
}

fn aapt_apk() -> Vec<u8> {
    std::fs::read(Path::new(DIR).join("trailnotes-aapt.apk")).expect("aapt fixture apk")
}

fn decode(apk: &[u8]) -> String {
    match manifest_text(FILE, apk) {
        Ok(text) => text,
        Err(d) => panic!("decoding failed: {} {}", d.code, d.message),
    }
}

fn error(apk: &[u8]) -> Diagnostic {
    match manifest_text(FILE, apk) {
        Ok(text) => panic!("expected an error, decoded:\n{text}"),
        Err(d) => d,
    }
}

fn axml_error(axml: &[u8]) -> Diagnostic {
    match binary_xml_text(FILE, axml) {
        Ok(text) => panic!("expected an error, decoded:\n{text}"),
        Err(d) => d,
    }
}

/// The manifest entry of an APK, as stored (tests damage it and decode it without the zip).
fn manifest_bytes(apk: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(apk)).expect("zip");
    let mut entry = archive.by_name("AndroidManifest.xml").expect("manifest entry");
    let mut out = Vec::new();
    entry.read_to_end(&mut out).expect("inflate");
    out
}

/// Every element in document order: its qualified name and attributes `{uri}name=value`.
fn shape(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed ({e}):\n{text}"));
    doc.descendants()
        .filter(|n| n.is_element())
        .map(|n| {
            let name = qualified(n.tag_name().namespace(), n.tag_name().name());
            let attrs = n.attributes().map(|a| (qualified(a.namespace(), a.name()), a.value().to_string()));
            (name, attrs.collect())
        })
        .collect()
}

fn qualified(ns: Option<&str>, name: &str) -> String {
    match ns {
        Some(ANDROID_URI) => format!("android:{name}"),
        Some(uri) => format!("{{{uri}}}{name}"),
        None => name.to_string(),
    }
}

/// A fixture value and its decoded form agree: equal, or a `@type/name` reference decoded to
/// an unresolved `@0x…` id, or the same integer written in decimal or hex.
fn same_value(fixture: &str, decoded: &str) -> bool {
    let number = |s: &str| match s.strip_prefix("0x") {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => s.parse::<i64>().ok(),
    };
    fixture == decoded
        || (fixture.starts_with('@')
            && decoded.len() == 11
            && decoded.starts_with("@0x7f")
            && decoded[3..].chars().all(|c| c.is_ascii_hexdigit()))
        || number(fixture).is_some_and(|n| number(decoded) == Some(n))
}

/// Compares a decoded manifest with the fixture, element by element and attribute by
/// attribute; `typed` gives the decoded value of attributes aapt encodes as enums or flags,
/// and `extra` the attributes the decoded one may have beyond the fixture's.
fn assert_same_shape(decoded: &str, typed: &[(&str, &str, &str)], extra: &[&str], skip_ns: Option<&str>) {
    let fixture = shape(&fixture_text());
    let decoded_shape = shape(decoded);
    assert_eq!(
        fixture.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        decoded_shape.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "elements differ"
    );
    for ((element, want), (_, got)) in fixture.iter().zip(&decoded_shape) {
        let skipped = |name: &str| skip_ns.is_some_and(|ns| name.starts_with(&format!("{{{ns}}}")));
        for (name, value) in want.iter().filter(|(n, _)| !skipped(n)) {
            let Some((_, got_value)) = got.iter().find(|(n, _)| n == name) else {
                panic!("<{element}> lost {name}=\"{value}\":\n{decoded}");
            };
            let expected = typed.iter().find(|(e, n, _)| e == element && n == name).map(|(_, _, v)| *v);
            match expected {
                Some(v) => assert_eq!(got_value, v, "<{element}> {name}"),
                None => assert!(same_value(value, got_value), "<{element}> {name}: {value} vs {got_value}"),
            }
        }
        for (name, _) in got {
            assert!(
                want.iter().any(|(n, _)| n == name) || extra.contains(&name.as_str()),
                "<{element}> gained {name}:\n{decoded}"
            );
        }
    }
}

/// What Android 10's aapt writes for the fixture's enum and flag attributes.
const AAPT_TYPED: &[(&str, &str, &str)] = &[
    ("permission", "android:protectionLevel", "0x2"),
    ("activity", "android:launchMode", "1"),
    ("activity", "android:screenOrientation", "1"),
    ("activity", "android:configChanges", "0xa0"),
    ("service", "android:foregroundServiceType", "0x8"),
];

/// What aapt adds to the root.
const AAPT_EXTRA: &[&str] = &[
    "android:compileSdkVersion",
    "android:compileSdkVersionCodename",
    "platformBuildVersionCode",
    "platformBuildVersionName",
];

#[test]
fn a_manifest_compiled_by_real_aapt_decodes_to_the_fixture() {
    let text = decode(&aapt_apk());
    // aapt drops the tools namespace; everything else is there, typed as aapt types it.
    assert_same_shape(&text, AAPT_TYPED, AAPT_EXTRA, Some("http://schemas.android.com/tools"));
    insta::assert_snapshot!("aapt_manifest", text);
}

#[test]
fn our_encoder_round_trips_the_fixture_with_utf16_and_utf8_pools() {
    for utf8 in [false, true] {
        let axml = axml::encode(&fixture_text(), Options { utf8, ..Options::default() });
        let text = decode(&axml::apk(&[("AndroidManifest.xml", &axml), ("classes.dex", b"dex\n035\0")]));
        assert_same_shape(&text, &[], &[], None);
        // The tools namespace keeps its prefix, declared on the root as in the binary.
        assert!(text.contains(" xmlns:tools=\"http://schemas.android.com/tools\""), "{text}");
        assert!(text.contains(" tools:ignore=\"ScopedStorage\""), "{text}");
    }
}

#[test]
fn the_decoded_text_is_one_element_per_line_with_stable_output() {
    let axml = axml::encode(&fixture_text(), Options::default());
    let apk = axml::apk(&[("AndroidManifest.xml", &axml)]);
    let text = decode(&apk);
    assert_eq!(text, decode(&apk));
    let elements = shape(&text).len();
    let lines = text.lines().filter(|l| l.trim_start().starts_with('<') && !l.trim_start().starts_with("</"));
    // One line per element, plus the XML declaration.
    assert_eq!(lines.count(), elements + 1);
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<manifest xmlns:android="));
    assert!(
        text.contains("\n    <uses-permission android:name=\"android.permission.CAMERA\" />\n"),
        "{text}"
    );
}

#[test]
fn attributes_stripped_to_resource_ids_get_their_names_back() {
    for utf8 in [false, true] {
        let options = Options { utf8, strip_names: true, drop_namespaces: true };
        let axml = axml::encode(&fixture_text(), options);
        let text = decode(&axml::apk(&[("AndroidManifest.xml", &axml)]));
        // No namespace nodes: `android:` is declared anyway, the tools URI gets a made-up prefix.
        assert!(
            text.contains("<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\""),
            "{text}"
        );
        assert!(text.contains(" ns0:ignore=\"ScopedStorage\""), "{text}");
        assert_same_shape(&text, &[], &[], None);
    }
}

#[test]
fn attributes_newer_than_the_decoders_sources_are_named_by_id_too() {
    let xml = r#"<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="p">
        <uses-permission android:name="android.permission.BLUETOOTH_SCAN" android:usesPermissionFlags="neverForLocation" />
        <queries><provider android:authorities="com.example.contacts.provider" /></queries>
    </manifest>"#;
    let axml = axml::encode(xml, Options { strip_names: true, ..Options::default() });
    let text = decode(&axml::apk(&[("AndroidManifest.xml", &axml)]));
    assert!(text.contains(
        "<uses-permission android:name=\"android.permission.BLUETOOTH_SCAN\" android:usesPermissionFlags=\"neverForLocation\" />"
    ), "{text}");
    assert!(text.contains("<provider android:authorities=\"com.example.contacts.provider\" />"), "{text}");
}

/// Shapes that obfuscators and broken tools write, decoded as the platform reads them.
#[test]
fn hostile_but_readable_shapes_decode_as_the_platform_reads_them() {
    let mut h =
        Hand::new(&[("name", 0x0101_0003), ("", 0x0101_0271), ("", 0x0101_09ff), ("label", 0x0101_0001)]);
    let android = h.string(ANDROID_URI);
    let custom = h.string("urn:custom");
    let permission = h.string("android.permission.CAMERA");
    let decoy = h.string("android.permission.INTERNET");
    // An unknown chunk before the first node is skipped.
    h.raw(&axml::Chunk::new(0x0777, &[], &[1, 2, 3, 4]).bytes());
    h.namespace(0x0100, Some("android"), ANDROID_URI);
    // A prefix that XML cannot take, and a default namespace: both get usable prefixes.
    h.namespace(0x0100, Some("xmlns"), "urn:custom");
    h.namespace(0x0100, None, "urn:default");
    let package = h.attr(None, "package", "org.example.hostile");
    // Not a framework attribute: the raw string wins over the typed value.
    let version = {
        let n = h.string("platformBuildVersionCode");
        let raw = h.string("29");
        Attr { ns: NONE, name: n, raw, data_type: 0x10, data: 30 }
    };
    let bad_name = h.attr(Some("urn:custom"), "has space:and colon", "a\u{1}b\tc\nd");
    h.start(Some("urn:default"), "manifest", &[package, version, bad_name]);
    // A framework attribute: the typed value wins over a decoy raw string; the name string is
    // ignored; a duplicate keeps the first; an empty name with an unknown framework id.
    let attrs = [
        Attr { ns: android, name: 0, raw: decoy, data_type: 0x03, data: permission },
        Attr { ns: NONE, name: 1, raw: NONE, data_type: 0x10, data: 28 },
        Attr { ns: android, name: 0, raw: NONE, data_type: 0x03, data: decoy },
        Attr { ns: custom, name: 2, raw: NONE, data_type: 0x12, data: 1 },
        Attr { ns: android, name: 3, raw: NONE, data_type: 0x00, data: 1 },
    ];
    h.start(None, "uses-permission", &attrs);
    h.end(None, "uses-permission");
    // After the first node, an unknown chunk (with a node's header), an unknown node type
    // and a second string pool are skipped; an end without a start is ignored.
    h.raw(&axml::Chunk::new(0x0777, &[0; 8], &[1, 2, 3, 4]).bytes());
    h.node(0x0150, &[0; 8]);
    h.raw(&axml::string_pool(&["bogus".to_string()], true));
    h.start(None, "application", &[]);
    h.text("  Trail & <Notes>  ");
    h.end(None, "application");
    h.start(None, "", &[]);
    h.text("\n   ");
    h.end(None, "");
    h.end(None, "manifest");
    h.end(None, "stray");
    // After the root closes nothing more is read, as the platform's parser stops there.
    h.start(
        None,
        "uses-permission",
        &[Attr { ns: android, name: 0, raw: NONE, data_type: 0x03, data: decoy }],
    );
    h.end(None, "uses-permission");
    let text = match binary_xml_text(FILE, &h.bytes(false)) {
        Ok(text) => text,
        Err(d) => panic!("{}: {}", d.code, d.message),
    };
    shape(&text);
    insta::assert_snapshot!("hostile_shapes", text);
}

#[test]
fn undeclared_namespaces_get_distinct_prefixes_on_the_root() {
    let mut h = Hand::new(&[]);
    h.namespace(0x0100, Some("ns1"), "urn:declared");
    h.start(None, "manifest", &[]);
    for i in 0..2_000 {
        let uri = format!("urn:n{i}");
        let a = h.attr(Some(&uri), "a", "v");
        h.start(Some(&uri), "e", &[a]);
        h.end(Some(&uri), "e");
    }
    h.end(None, "manifest");
    let text = binary_xml_text(FILE, &h.bytes(true)).expect("decodes");
    let doc = roxmltree::Document::parse(&text).expect("well-formed");
    let root = doc.root_element();
    assert_eq!(root.namespaces().len(), 2_001);
    assert!(
        text.contains(" xmlns:ns1=\"urn:declared\" xmlns:ns0=\"urn:n0\" xmlns:ns2=\"urn:n1\""),
        "{}",
        &text[..300]
    );
    for (i, e) in root.children().filter(|n| n.is_element()).enumerate() {
        assert_eq!(e.tag_name().namespace(), Some(format!("urn:n{i}").as_str()));
        assert_eq!(e.attribute((format!("urn:n{i}").as_str(), "a")), Some("v"));
    }
}

const NONE: u32 = u32::MAX;

// ---------------------------------------------------------------------------------------------
// Through the android importer: an APK gives the permissions of the manifest it was built from.

/// What the android importer reads from one manifest text: (package, permissions, features),
/// each permission with the line it is declared on, checked to name it.
fn imported(name: &str, text: &str) -> (Option<String>, Vec<(String, u32)>, Vec<String>) {
    let mut sources = SourceMap::new();
    let file = sources.add(name, text);
    let result = android::import(&[Artefact { name, file, text }]);
    assert!(result.diagnostics.is_empty(), "{name}: {:?}", result.diagnostics);
    let app = result.app.unwrap_or_else(|| panic!("{name}: nothing imported"));
    let permissions = app
        .permissions
        .iter()
        .map(|p| {
            // `queries:package:NAME` and the like: the element declares NAME.
            let declared = &text[p.span.range()];
            let named = p.id.rsplit(':').next().unwrap_or_default();
            assert!(declared.contains(named), "{name}: {} spans {declared:?}", p.id);
            (p.id.clone(), sources.loc_of_span(p.span).line)
        })
        .collect();
    let features = app.features.into_iter().map(|f| f.value).collect();
    (app.package_id.map(|p| p.value), permissions, features)
}

#[test]
fn an_apk_gives_the_permissions_of_the_manifest_it_was_built_from() {
    let (package, permissions, features) = imported("AndroidManifest.xml", &fixture_text());
    let ids = |p: &[(String, u32)]| p.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    assert_eq!(package.as_deref(), Some("org.example.trailnotes"));
    assert_eq!(permissions.len(), 17, "{permissions:?}");
    let own = axml::apk(&[("AndroidManifest.xml", &axml::encode(&fixture_text(), Options::default()))]);
    let stripped =
        axml::encode(&fixture_text(), Options { utf8: true, strip_names: true, drop_namespaces: true });
    for (built_by, apk) in [
        ("aapt", aapt_apk()),
        ("our encoder", own),
        ("our encoder, names stripped", axml::apk(&[("AndroidManifest.xml", &stripped)])),
    ] {
        let text = decode(&apk);
        let (got_package, got_permissions, got_features) = imported("app.apk!/AndroidManifest.xml", &text);
        assert_eq!(got_package, package, "{built_by}");
        assert_eq!(ids(&got_permissions), ids(&permissions), "{built_by}");
        assert_eq!(got_features, features, "{built_by}");
        // One element per line: the XML declaration, `<manifest>`, `<uses-sdk>`,
        // `<permission>`, then the fifteen permissions on lines of their own.
        let lines: Vec<u32> = got_permissions.iter().map(|(_, line)| *line).collect();
        assert_eq!(lines[..15], (5..20).collect::<Vec<u32>>(), "{built_by}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors, one per code.

fn assert_error(d: &Diagnostic, code: &str) {
    assert_eq!(d.code, code, "{}", d.message);
    assert!(d.is_error());
    // The caller holds the APK as empty or lossy text: the span is its start.
    assert_eq!(d.primary_span(), Some(Span::new(FILE, 0, 0)));
}

#[test]
fn a_file_that_is_not_a_zip_is_e0520() {
    assert_error(&error(b"<?xml version=\"1.0\"?><manifest/>"), "E0520");
    assert_error(&error(b""), "E0520");
}

#[test]
fn an_archive_without_a_manifest_is_e0521() {
    let apk = axml::apk(&[("classes.dex", b"dex"), ("base/manifest/AndroidManifest.xml", b"x")]);
    assert_error(&error(&apk), "E0521");
}

#[test]
fn a_manifest_entry_with_a_bad_checksum_is_e0522() {
    let axml = axml::encode(&fixture_text(), Options::default());
    let mut apk = axml::stored_apk(&[("AndroidManifest.xml", &axml)]);
    // Local header (30 bytes + name) then the stored data: damage one byte of the data.
    apk[30 + "AndroidManifest.xml".len() + 100] ^= 0xff;
    assert_error(&error(&apk), "E0522");
}

#[test]
fn an_unknown_compression_method_on_stored_data_is_read_as_stored_as_android_does() {
    let axml = axml::encode(&fixture_text(), Options::default());
    let mut apk = axml::stored_apk(&[("AndroidManifest.xml", &axml)]);
    set_compression_method(&mut apk, 0x1234);
    assert_same_shape(&decode(&apk), &[], &[], None);
    // Not stored (sizes differ): an error.
    let mut apk = axml::apk(&[("AndroidManifest.xml", &axml)]);
    set_compression_method(&mut apk, 0x1234);
    assert_error(&error(&apk), "E0522");
}

/// Sets the method field of every local and central header of a one-entry zip.
fn set_compression_method(apk: &mut [u8], method: u16) {
    for (signature, field) in [(b"PK\x03\x04", 8), (b"PK\x01\x02", 10)] {
        let at = apk.windows(4).position(|w| w == signature).expect("zip header");
        apk[at + field..at + field + 2].copy_from_slice(&method.to_le_bytes());
    }
}

#[test]
fn a_zip_bomb_is_e0523() {
    let apk = std::fs::read(Path::new(DIR).join("errors/E0523-zip-bomb.apk")).expect("example");
    assert_error(&error(&apk), "E0523");
}

#[test]
fn a_manifest_that_is_not_binary_xml_is_e0524() {
    let text = axml::apk(&[("AndroidManifest.xml", fixture_text().as_bytes())]);
    let d = error(&text);
    assert_error(&d, "E0524");
    assert!(d.help.as_deref().is_some_and(|h| h.contains("clause import android")));
    assert_error(&axml_error(b"\x02\x00\x0c\x00\x00\x10\x00\x00"), "E0524");
    assert_error(&axml_error(b"\x03\x00"), "E0524");
}

#[test]
fn a_truncated_document_is_e0525() {
    let axml = axml::encode(&fixture_text(), Options::default());
    assert_error(&axml_error(&axml[..axml.len() - 10]), "E0525");
    // A chunk that says it is larger than what is left of its parent.
    let mut h = Hand::new(&[]);
    h.raw(&axml::Chunk { size: 4096, ..axml::Chunk::new(0x0777, &[], &[0; 8]) }.bytes());
    assert_error(&axml_error(&h.bytes(true)), "E0525");
    // A chunk smaller than its own header.
    let mut h = Hand::new(&[]);
    h.raw(&axml::Chunk { size: 4, ..axml::Chunk::new(0x0777, &[], &[0; 8]) }.bytes());
    assert_error(&axml_error(&h.bytes(true)), "E0525");
}

#[test]
fn a_string_pool_that_claims_more_than_it_holds_is_e0526() {
    // Four billion strings in a pool of a few bytes: an error, before any allocation.
    let pool = axml::Chunk::new(0x0001, &axml::words(&[u32::MAX, 0, 0, 28, 0]), &[0; 8]).bytes();
    let d = axml_error(&axml::Chunk::new(0x0003, &[], &pool).bytes());
    assert_error(&d, "E0526");
    assert!(d.message.contains("4294967295 strings"), "{}", d.message);
    // Strings said to start past the end of the pool.
    let pool = axml::Chunk::new(0x0001, &axml::words(&[1, 0, 0, 9999, 0]), &[0; 8]).bytes();
    assert_error(&axml_error(&axml::Chunk::new(0x0003, &[], &pool).bytes()), "E0526");
}

#[test]
fn a_string_index_out_of_range_is_e0527() {
    let mut h = Hand::new(&[]);
    h.start(None, "manifest", &[Attr { ns: NONE, name: 999, raw: NONE, data_type: 0x03, data: 0 }]);
    h.end(None, "manifest");
    let d = axml_error(&h.bytes(true));
    assert_error(&d, "E0527");
    assert!(d.message.contains("string 999"), "{}", d.message);
}

#[test]
fn a_node_before_the_string_pool_is_e0528() {
    let node = axml::node(0x0102, 1, &[0; 20]);
    assert_error(&axml_error(&axml::Chunk::new(0x0003, &[], &node).bytes()), "E0528");
}

#[test]
fn attributes_outside_their_element_are_e0529() {
    let mut h = Hand::new(&[]);
    let name = h.string("manifest");
    let mut ext = axml::words(&[NONE, name]);
    for half in [20u16, 20, 500, 0, 0, 0] {
        ext.extend(half.to_le_bytes());
    }
    h.node(0x0102, &ext);
    assert_error(&axml_error(&h.bytes(true)), "E0529");
    // Attribute records smaller than an attribute.
    let mut ext = axml::words(&[NONE, name]);
    for half in [20u16, 4, 1, 0, 0, 0] {
        ext.extend(half.to_le_bytes());
    }
    ext.extend([0; 4]);
    let mut h2 = Hand::new(&[]);
    h2.string("manifest");
    h2.node(0x0102, &ext);
    assert_error(&axml_error(&h2.bytes(true)), "E0529");
}

#[test]
fn nesting_deeper_than_the_cap_is_e0530() {
    let mut h = Hand::new(&[]);
    for _ in 0..300 {
        h.start(None, "e", &[]);
    }
    assert_error(&axml_error(&h.bytes(true)), "E0530");
    // 256 levels are fine.
    let mut h = Hand::new(&[]);
    for _ in 0..256 {
        h.start(None, "e", &[]);
    }
    assert!(binary_xml_text(FILE, &h.bytes(true)).is_ok());
}

#[test]
fn a_document_without_elements_is_e0531() {
    let h = Hand::new(&[("name", 0x0101_0003)]);
    assert_error(&axml_error(&h.bytes(true)), "E0531");
    assert_error(&axml_error(&axml::Chunk::new(0x0003, &[], &[]).bytes()), "E0531");
}

#[test]
fn blank_text_repeated_past_the_decoding_budget_is_e0532() {
    // (Text past the output cap is `E0532-expands-too-much.apk`, checked with the examples.)
    // Blank text is not written, but decoding it still counts.
    let mut h = Hand::new(&[]);
    let blank = " ".repeat(30_000);
    h.start(None, "manifest", &[]);
    for _ in 0..2_300 {
        h.text(&blank);
    }
    h.end(None, "manifest");
    assert_error(&axml_error(&h.bytes(true)), "E0532");
}

// ---------------------------------------------------------------------------------------------
// The example files of the diagnostics catalogue: generated here, checked here.

/// `(file name, code, bytes)` of each example, in the order of [`examples_index`].
fn examples() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let manifest = axml::encode(&fixture_text(), Options::default());
    let apk = |axml: &[u8]| axml::apk(&[("AndroidManifest.xml", axml)]);
    let pool_lie = axml::Chunk::new(0x0001, &axml::words(&[0x0100_0000, 0, 0, 28, 0]), &[0; 8]).bytes();
    let mut bad_index = Hand::new(&[]);
    bad_index.start(None, "manifest", &[Attr { ns: NONE, name: 999, raw: NONE, data_type: 0x03, data: 0 }]);
    bad_index.end(None, "manifest");
    let mut bad_attrs = Hand::new(&[]);
    let name = bad_attrs.string("manifest");
    let mut ext = axml::words(&[NONE, name]);
    for half in [20u16, 20, 500, 0, 0, 0] {
        ext.extend(half.to_le_bytes());
    }
    bad_attrs.node(0x0102, &ext);
    let mut deep = Hand::new(&[]);
    for _ in 0..300 {
        deep.start(None, "e", &[]);
    }
    let mut expands = Hand::new(&[]);
    let long = expands.string(&"x".repeat(30_000));
    let a = expands.string("a");
    expands.start(None, "manifest", &[]);
    for _ in 0..1_200 {
        expands.start(None, "e", &[Attr { ns: NONE, name: a, raw: long, data_type: 0x03, data: long }]);
        expands.end(None, "e");
    }
    expands.end(None, "manifest");
    vec![
        ("E0520-not-a-zip.apk", "E0520", b"this is not a zip archive\n".to_vec()),
        ("E0521-no-manifest.apk", "E0521", axml::apk(&[("classes.dex", b"dex\n035\0")])),
        ("E0522-bad-checksum.apk", "E0522", {
            let mut apk = axml::stored_apk(&[("AndroidManifest.xml", &manifest)]);
            apk[30 + "AndroidManifest.xml".len() + 100] ^= 0xff;
            apk
        }),
        ("E0523-zip-bomb.apk", "E0523", apk(&vec![0u8; 9 << 20])),
        ("E0524-text-manifest.apk", "E0524", apk(fixture_text().as_bytes())),
        ("E0525-truncated.apk", "E0525", apk(&manifest[..manifest.len() / 2])),
        ("E0526-string-count-lies.apk", "E0526", apk(&axml::Chunk::new(0x0003, &[], &pool_lie).bytes())),
        ("E0527-string-out-of-range.apk", "E0527", apk(&bad_index.bytes(true))),
        (
            "E0528-node-before-strings.apk",
            "E0528",
            apk(&axml::Chunk::new(0x0003, &[], &axml::node(0x0102, 1, &[0; 20])).bytes()),
        ),
        ("E0529-attributes-outside.apk", "E0529", apk(&bad_attrs.bytes(true))),
        ("E0530-too-deep.apk", "E0530", apk(&deep.bytes(true))),
        ("E0531-no-root.apk", "E0531", apk(&Hand::new(&[]).bytes(true))),
        ("E0532-expands-too-much.apk", "E0532", apk(&expands.bytes(true))),
    ]
}

/// `tests/import/apk/errors/` holds one APK per code, for the diagnostics catalogue; each
/// must give its code. `CLAUSE_BLESS=1` writes them from [`examples`] (not on every run: the
/// zip bomb alone takes seconds to deflate in a debug build).
#[test]
fn the_error_examples_give_their_codes() {
    let dir = Path::new(DIR).join("errors");
    if std::env::var_os("CLAUSE_BLESS").is_some() {
        std::fs::create_dir_all(&dir).expect("errors dir");
        for (name, _, bytes) in examples() {
            std::fs::write(dir.join(name), bytes).expect("write example");
        }
    }
    let codes: Vec<(&str, &str)> = examples_index();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("errors dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, codes.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
    for (name, code) in codes {
        let bytes = std::fs::read(dir.join(name)).expect("example");
        assert_error(&error(&bytes), code);
    }
}

/// The example files and their codes, without building them.
fn examples_index() -> Vec<(&'static str, &'static str)> {
    vec![
        ("E0520-not-a-zip.apk", "E0520"),
        ("E0521-no-manifest.apk", "E0521"),
        ("E0522-bad-checksum.apk", "E0522"),
        ("E0523-zip-bomb.apk", "E0523"),
        ("E0524-text-manifest.apk", "E0524"),
        ("E0525-truncated.apk", "E0525"),
        ("E0526-string-count-lies.apk", "E0526"),
        ("E0527-string-out-of-range.apk", "E0527"),
        ("E0528-node-before-strings.apk", "E0528"),
        ("E0529-attributes-outside.apk", "E0529"),
        ("E0530-too-deep.apk", "E0530"),
        ("E0531-no-root.apk", "E0531"),
        ("E0532-expands-too-much.apk", "E0532"),
    ]
}

// ---------------------------------------------------------------------------------------------
// Damage: no input panics; whatever decodes is well-formed XML.

fn check_no_panic(axml: &[u8]) -> bool {
    match binary_xml_text(FILE, axml) {
        Ok(text) => {
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("decoded text is not well-formed ({e}):\n{text}");
            }
            true
        }
        Err(d) => {
            assert!(d.code.starts_with("E05"), "{}", d.code);
            false
        }
    }
}

#[test]
fn every_truncation_of_the_binary_manifest_is_an_error() {
    for axml in [
        manifest_bytes(&aapt_apk()),
        axml::encode(&fixture_text(), Options { utf8: true, ..Options::default() }),
    ] {
        for len in 0..axml.len() {
            assert!(!check_no_panic(&axml[..len]), "a truncation at {len} decoded");
        }
        assert!(check_no_panic(&axml));
    }
}

#[test]
fn every_truncation_of_the_apk_is_an_error_or_the_whole_manifest() {
    let apk = aapt_apk();
    let full = decode(&apk);
    for len in 0..apk.len() {
        if let Ok(text) = manifest_text(FILE, &apk[..len]) {
            assert_eq!(text, full, "a truncation at {len} decoded to something else");
        }
    }
}

/// A small manifest with every kind of node and value, for the exhaustive damage tests (the
/// fixture is ten times larger, and a debug build decodes a few hundred a second).
const SMALL: &str = r#"<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    xmlns:tools="http://schemas.android.com/tools" package="org.example.small" android:versionCode="3">
    <uses-permission android:name="android.permission.CAMERA" android:maxSdkVersion="28" tools:ignore="X" />
    <uses-feature android:name="android.hardware.camera" android:required="false" />
    <application android:label="@string/app_name"><meta-data android:name="k" android:value="v" />text</application>
</manifest>"#;

#[test]
fn flipped_bytes_never_panic_and_decode_to_well_formed_xml() {
    let mut decoded = 0;
    for options in [Options::default(), Options { utf8: true, strip_names: true, drop_namespaces: false }] {
        let axml = axml::encode(SMALL, options);
        for at in 0..axml.len() {
            for damage in [0x00, 0xff, axml[at] ^ 0x80, axml[at].wrapping_add(1)] {
                let mut bytes = axml.clone();
                bytes[at] = damage;
                decoded += usize::from(check_no_panic(&bytes));
            }
        }
    }
    // Many flips land in strings and values, which still decode.
    assert!(decoded > 100, "{decoded}");
}

/// Damage to the real aapt manifest outside its string data (which decodes whatever it holds):
/// header, offset, node and attribute bytes, one kind of damage each.
#[test]
fn flipped_structure_bytes_of_the_aapt_manifest_never_panic() {
    let axml = manifest_bytes(&aapt_apk());
    let pool_size = u32::from_le_bytes(axml[12..16].try_into().expect("4 bytes")) as usize;
    let strings_start = 8 + u32::from_le_bytes(axml[28..32].try_into().expect("4 bytes")) as usize;
    let string_data = strings_start..8 + pool_size;
    // Every third byte: a debug build decodes this manifest a few hundred times a second.
    for at in (0..axml.len()).step_by(3).filter(|at| !string_data.contains(at)) {
        let mut bytes = axml.clone();
        bytes[at] = match at % 4 {
            0 => 0xff,
            1 => 0x00,
            2 => bytes[at] ^ 0x80,
            _ => bytes[at].wrapping_add(1),
        };
        check_no_panic(&bytes);
    }
}

#[test]
fn random_damage_never_panics() {
    let base = axml::encode(SMALL, Options::default());
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..2_000 {
        let mut bytes = base.clone();
        for _ in 0..1 + next() % 6 {
            let at = (next() as usize % bytes.len()) & !3;
            let value: u32 = match next() % 5 {
                0 => 0,
                1 => u32::MAX,
                2 => 0x7fff_ffff,
                3 => next() as u32 % 64,
                _ => next() as u32,
            };
            let end = (at + 4).min(bytes.len());
            bytes[at..end].copy_from_slice(&value.to_le_bytes()[..end - at]);
        }
        if next() % 4 == 0 {
            bytes.truncate(next() as usize % bytes.len());
        }
        check_no_panic(&bytes);
        // Through the zip too, now and then (writing a zip costs more than decoding).
        if round % 50 == 0 {
            let _ = manifest_text(FILE, &axml::apk(&[("AndroidManifest.xml", &bytes)]));
        }
    }
}
