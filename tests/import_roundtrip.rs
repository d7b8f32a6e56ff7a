//! `clause import --out` and back into `clause check`: the imported facts keep their
//! provenance, so findings on imported capabilities point at the manifest line that declares
//! them, exactly as when the manifest itself is a file of the subject.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn clause(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scratch copy of the Android fixture: `repo/AndroidManifest.xml` and
/// `repo/facts/behaviour.yaml`.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clause-import-roundtrip-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("facts")).unwrap_or_else(|e| panic!("{e}"));
    let fixture = root().join("tests/cli/fixtures/artefacts/android-app");
    for (from, to) in
        [("AndroidManifest.xml", "AndroidManifest.xml"), ("behaviour.yaml", "facts/behaviour.yaml")]
    {
        std::fs::copy(fixture.join(from), dir.join(to)).unwrap_or_else(|e| panic!("{from}: {e}"));
    }
    dir
}

/// (rule, path, file, line) of every finding in a JSON report.
fn findings(report: &str) -> Vec<(String, String, String, u64)> {
    let report: Value = serde_json::from_str(report).unwrap_or_else(|e| panic!("{e}: {report}"));
    let mut out = Vec::new();
    for subject in report["subjects"].as_array().into_iter().flatten() {
        for result in subject["results"].as_array().into_iter().flatten() {
            for f in result["findings"].as_array().into_iter().flatten() {
                out.push((
                    result["rule"].as_str().unwrap_or_default().to_string(),
                    f["path"].as_str().unwrap_or_default().to_string(),
                    f["location"]["file"].as_str().unwrap_or_default().to_string(),
                    f["location"]["line"].as_u64().unwrap_or_default(),
                ));
            }
        }
    }
    out
}

#[test]
fn imported_facts_point_at_the_manifest_after_a_round_trip() {
    let dir = scratch("out");
    let (code, stdout, stderr) =
        clause(&dir, &["import", "android", "AndroidManifest.xml", "--out", "facts/manifest.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "--out writes the file, not stdout: {stdout}");
    let written = std::fs::read_to_string(dir.join("facts/manifest.yaml")).unwrap_or_else(|e| panic!("{e}"));
    // Relative to the facts file, which is one directory down.
    assert!(written.contains("app.capabilities[0]: \"../AndroidManifest.xml:7:5\""), "{written}");

    let args = ["check", "--as-of", "2020-06-01", "--only-failures", "--format", "json", "facts"];
    let (code, report, stderr) = clause(&dir, &args);
    assert_eq!(code, 1, "{stderr}");
    let found = findings(&report);
    let unrelated: Vec<_> =
        found.iter().filter(|(rule, ..)| rule == "cac-2016/no-unrelated-capability").collect();
    assert_eq!(unrelated.len(), 2, "{found:?}");
    for (_, path, file, line) in unrelated {
        assert_eq!(file, "AndroidManifest.xml", "{path} is located in {file}");
        // READ_CONTACTS is declared on line 8, ACCESS_FINE_LOCATION on line 9.
        assert!([8, 9].contains(line), "{path} at line {line}");
    }

    // The same subject with the manifest itself among its files gives the same findings,
    // located at the same lines.
    std::fs::rename(dir.join("AndroidManifest.xml"), dir.join("facts/AndroidManifest.xml"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(dir.join("facts/manifest.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let (code, direct, stderr) = clause(&dir, &args);
    assert_eq!(code, 1, "{stderr}");
    let strip = |f: Vec<(String, String, String, u64)>| -> Vec<(String, String, String, u64)> {
        f.into_iter().map(|(rule, path, file, line)| (rule, path, file.replace("facts/", ""), line)).collect()
    };
    assert_eq!(strip(findings(&direct)), strip(found));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn facts_edited_after_import_warn_about_stale_sources() {
    let dir = scratch("stale");
    let (code, yaml, stderr) = clause(&dir, &["import", "android", "AndroidManifest.xml"]);
    assert_eq!(code, 0, "{stderr}");
    // Drop the last capability by hand but keep its `sources:` entries.
    let edited = yaml.replacen("    - capability: location", "    - capability: camera_removed", 0);
    let cut = edited.find("    - capability: location").unwrap_or(edited.len());
    let sources = edited.find("# Where each fact").unwrap_or(edited.len());
    let edited = format!("{}{}", &edited[..cut], &edited[sources..]);
    std::fs::write(dir.join("facts/manifest.yaml"), edited).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = clause(&dir, &["check", "--as-of", "2020-06-01", "facts/manifest.yaml"]);
    assert!(stderr.contains("W0402"), "{stderr}");
    assert_eq!(code, 1, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
