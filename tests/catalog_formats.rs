//! Every report format streamed from a catalogue (`--catalog`): the same report as for the
//! same subjects given as files, whatever the format; the SARIF log valid against the vendored
//! OASIS schema; the JUnit XML parsed back; a bad line reported in each format and exit 2.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const FORMATS: [&str; 7] = ["text", "json", "jsonl", "sarif", "junit", "github", "markdown"];

struct Out {
    code: i32,
    stdout: String,
}

fn clause(dir: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause: {e}"));
    Out { code: out.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&out.stdout).into_owned() }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory holding `cat.jsonl` and each of its lines as `s<line>.json`, so that
/// a finding at `cat.jsonl:N:C` is at `sN.json:1:C` in the files.
fn workspace(name: &str, lines: &[String]) -> (PathBuf, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("clause-catalog-formats-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("cat.jsonl"), lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    let mut files = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let file = format!("s{}.json", i + 1);
        std::fs::write(dir.join(&file), line).unwrap_or_else(|e| panic!("{e}"));
        files.push(file);
    }
    (dir, files)
}

fn fixture_lines(path: &str) -> Vec<String> {
    std::fs::read_to_string(root().join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(str::to_string)
        .collect()
}

/// Names the subjects alike in both runs: `sN.json` (line 1) and `cat.jsonl:N` become `SN`;
/// a JUnit test case's file (no line there) is `F`; the catalogue's `<testsuites>` has no
/// counts.
fn normalise_text(text: &str) -> String {
    static RULES: OnceLock<Vec<(regex::Regex, &str)>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        [
            (r"file=s(\d+)\.json,line=1\b", "file=S$1"),
            (r"file=cat\.jsonl,line=(\d+)", "file=S$1"),
            (r"\bs(\d+)\.json:1:", "S$1:"),
            (r"\bs(\d+)\.json\b", "S$1"),
            (r"\bcat\.jsonl:(\d+)", "S$1"),
            (r#"file="(cat\.jsonl|S\d+)""#, "file=\"F\""),
            (r#"<testsuites name="clause"[^>]*>"#, "<testsuites name=\"clause\">"),
        ]
        .into_iter()
        .map(|(pattern, to)| (regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{e}")), to))
        .collect()
    });
    let mut text = text.to_string();
    for (re, to) in rules {
        if re.is_match(&text) {
            text = re.replace_all(&text, *to).into_owned();
        }
    }
    text
}

/// The subject number of a file name: `sN.json` is N, and `cat.jsonl` is its `line`.
fn subject_of(file: &str, line: Option<u64>) -> Option<String> {
    if let Some(n) = file.strip_prefix('s').and_then(|f| f.strip_suffix(".json")) {
        return Some(format!("S{n}"));
    }
    (file == "cat.jsonl").then(|| format!("S{}", line.unwrap_or(0)))
}

/// The same in a JSON or SARIF document: positions `{file, line, column}` and SARIF physical
/// locations name the subject, and a region that only gave a catalogue line is dropped.
fn normalise_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let file = map.get("file").and_then(Value::as_str).map(str::to_string);
            if let (Some(file), Some(line)) = (file, map.get("line").and_then(Value::as_u64)) {
                if let Some(s) = subject_of(&file, Some(line)) {
                    map.insert("file".into(), Value::String(s));
                    map.insert("line".into(), Value::from(0));
                }
            }
            let uri = map.get("artifactLocation").and_then(|a| a["uri"].as_str()).map(str::to_string);
            if let Some(uri) = uri {
                let line = map.get("region").and_then(|r| r["startLine"].as_u64());
                if let Some(s) = subject_of(&uri, line) {
                    map.insert("artifactLocation".into(), Value::String(s));
                    match map.get_mut("region").and_then(Value::as_object_mut) {
                        Some(region) if region.len() == 1 => {
                            map.remove("region");
                        }
                        Some(region) => {
                            region.insert("startLine".into(), Value::from(0));
                        }
                        None => {}
                    }
                }
            }
            map.remove("invalid_lines");
            for v in map.values_mut() {
                normalise_json(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise_json),
        Value::String(s) => *s = normalise_text(s),
        _ => {}
    }
}

fn parse(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{text}"))
}

/// Runs every format over the catalogue and over the files, and over the catalogue once more
/// with every format as an `--output` at once; all must agree.
fn assert_same_reports(dir: &Path, files: &[String], extra: &[&str]) {
    let base: Vec<&str> = [&["check", "--as-of", "2020-06-01"][..], extra].concat();
    let mut outputs = Vec::new();
    for format in FORMATS {
        outputs.push("--output".to_string());
        outputs.push(format!("{format}={format}.out"));
    }
    let all = clause(
        dir,
        &[
            &base[..],
            &["--format", "text", "--catalog", "cat.jsonl"],
            &outputs.iter().map(String::as_str).collect::<Vec<_>>()[..],
        ]
        .concat(),
    );
    for format in FORMATS {
        let catalogue = clause(dir, &[&base[..], &["--format", format, "--catalog", "cat.jsonl"]].concat());
        let named: Vec<&str> = files.iter().map(String::as_str).collect();
        let separate = clause(dir, &[&base[..], &["--format", format], &named[..]].concat());
        assert_eq!(catalogue.code, separate.code, "{format}: exit codes differ");
        assert_eq!(all.code, catalogue.code, "{format}: exit code with every output at once");
        let written = std::fs::read_to_string(dir.join(format!("{format}.out"))).unwrap_or_default();
        assert_eq!(written, catalogue.stdout, "--output {format} differs from --format {format}");
        match format {
            "json" | "sarif" => {
                let (mut a, mut b) = (parse(&catalogue.stdout, format), parse(&separate.stdout, format));
                // Streamed piece by piece, laid out as serde_json lays out the whole document.
                let relaid = serde_json::to_string_pretty(&a).unwrap_or_default() + "\n";
                assert!(relaid == catalogue.stdout, "{format}: the layout differs from serde_json's");
                assert_eq!(a["invalid_lines"], if format == "json" { Value::from(0) } else { Value::Null });
                normalise_json(&mut a);
                normalise_json(&mut b);
                assert!(a == b, "{format} differs:\n--- catalogue\n{a:#}\n--- files\n{b:#}");
            }
            "jsonl" => {
                let lines = |t: &str| -> Vec<Value> {
                    t.lines()
                        .map(|l| {
                            let mut v = parse(l, "jsonl");
                            normalise_json(&mut v);
                            v
                        })
                        .collect()
                };
                assert_eq!(lines(&catalogue.stdout), lines(&separate.stdout), "jsonl differs");
            }
            "markdown" if catalogue.stdout.contains(TRUNCATED) => {
                same_truncated_comment(&normalise_text(&catalogue.stdout), &normalise_text(&separate.stdout));
            }
            _ => {
                let (a, b) = (normalise_text(&catalogue.stdout), normalise_text(&separate.stdout));
                assert!(a == b, "{format} differs:\n--- catalogue\n{a}\n--- files\n{b}");
            }
        }
    }
}

const TRUNCATED: &str = "⚠️ **Truncated**: ";

/// Two truncated comments over the same subjects. The size budget counts file names, which
/// differ in length between a catalogue's lines and files, so the cut may fall a few rows
/// apart, or a subject apart: one comment must be the other with rows (and the headings and
/// table headers of a subject) more or fewer at the cut, and rows shown plus rows left out must
/// be the same.
fn same_truncated_comment(a: &str, b: &str) {
    let split = |md: &str| -> (Vec<String>, usize) {
        let (body, note) = md.split_once(TRUNCATED).unwrap_or_else(|| panic!("not truncated:\n{md}"));
        let left: usize = note.split(' ').next().and_then(|n| n.replace(',', "").parse().ok()).unwrap_or(0);
        let lines: Vec<String> = body.lines().map(str::to_string).collect();
        let rows = lines.iter().filter(|l| l.starts_with("| `")).count();
        (lines, rows + left)
    };
    let ((a_lines, a_all), (b_lines, b_all)) = (split(a), split(b));
    assert_eq!(a_all, b_all, "rows shown and left out differ");
    let common = a_lines.iter().zip(&b_lines).take_while(|(x, y)| x == y).count();
    let at_the_cut = |l: &String| {
        ["| `", "### ", "#### ", "Facts: ", "| Rule |", "| --- |"].iter().any(|start| l.starts_with(start))
            || l.is_empty()
            || l == "---"
    };
    let rest = |lines: &[String]| lines[common..].iter().all(at_the_cut);
    assert!(rest(&a_lines) && rest(&b_lines), "the comments differ before the cut at line {common}");
}

#[test]
fn a_catalogue_gives_the_reports_of_the_same_subjects_as_files() {
    let (dir, files) = workspace("five", &fixture_lines("tests/cli/fixtures/catalog/five.jsonl"));
    assert_same_reports(&dir, &files, &[]);
    assert_same_reports(&dir, &files, &["--only-failures"]);
    assert_same_reports(&dir, &files, &["--lang", "zh", "--fail-on", "warning"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A policy of three regulations (one not in force on the date, one whose scope leaves the
/// first subject out): every format grouped by regulation, streamed, is the same as from files,
/// the per-regulation counts of the footers included.
#[test]
fn a_catalogue_over_several_regulations_gives_the_reports_of_the_same_subjects_as_files() {
    let (dir, files) =
        workspace("three-regulations", &fixture_lines("tests/cli/fixtures/catalog/three-regulations.jsonl"));
    let policy = root().join("tests/cli/fixtures/policy/three-regulations.clause");
    let policy = policy.to_string_lossy();
    assert_same_reports(&dir, &files, &["--policy", &policy]);
    assert_same_reports(&dir, &files, &["--policy", &policy, "--only-failures", "--lang", "zh"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Enough subjects for GitHub's annotation limits and the Markdown size limit to cut in, so
/// the writers' state across subjects (not only their pieces) is compared.
#[test]
fn the_limits_of_github_and_markdown_hold_across_a_catalogue() {
    let five = fixture_lines("tests/cli/fixtures/catalog/five.jsonl");
    let lines: Vec<String> = (0..120)
        .map(|i| {
            let line = &five[i % five.len()];
            line.replace("com.example.", &format!("com.example.n{i}."))
                .replace("\"id\": \"", &format!("\"id\": \"n{i}."))
        })
        .collect();
    let (dir, files) = workspace("many", &lines);
    let markdown =
        clause(&dir, &["check", "--as-of", "2020-06-01", "--format", "markdown", "--catalog", "cat.jsonl"]);
    assert!(markdown.stdout.contains("⚠️ **Truncated**"), "the comment is not truncated");
    assert!(markdown.stdout.encode_utf16().count() < 65_536);
    let github =
        clause(&dir, &["check", "--as-of", "2020-06-01", "--format", "github", "--catalog", "cat.jsonl"]);
    assert!(github.stdout.contains("annotations truncated"), "{}", github.stdout);
    assert_same_reports(&dir, &files, &[]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn sarif_validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(root().join("tests/sarif/sarif-schema-2.1.0.json")).unwrap_or_default();
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("vendored schema: {e}"));
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the SARIF schema does not compile: {e}"))
}

#[test]
fn a_catalogue_with_a_bad_line_gives_valid_sarif_that_says_so() {
    let out = clause(
        root(),
        &[
            "check",
            "--as-of",
            "2020-06-01",
            "--format",
            "sarif",
            "--catalog",
            "tests/cli/fixtures/catalog/with-bad-lines.jsonl",
        ],
    );
    assert_eq!(out.code, 2);
    let log = parse(&out.stdout, "sarif");
    let validator = sarif_validator();
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let run = &log["runs"][0];
    // Six good lines, 36 rules each; the bad line 2 is a notification of a failed invocation.
    assert_eq!(run["results"].as_array().map(Vec::len), Some(6 * 36));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().cloned().unwrap_or_default();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
    assert!(notes[0]["message"]["text"].as_str().unwrap_or_default().starts_with("E0404: "), "{notes:?}");
    // A result without a located finding points at its subject's line of the catalogue.
    let first = &run["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(first["artifactLocation"]["uri"], "tests/cli/fixtures/catalog/with-bad-lines.jsonl");
    assert_eq!(first["region"]["startLine"], 1);
}

#[test]
fn a_catalogue_with_a_bad_line_gives_junit_with_an_error_in_its_place() {
    let out = clause(
        root(),
        &[
            "check",
            "--as-of",
            "2020-06-01",
            "--format",
            "junit",
            "--catalog",
            "tests/cli/fixtures/catalog/with-bad-lines.jsonl",
        ],
    );
    assert_eq!(out.code, 2);
    let doc = roxmltree::Document::parse(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", out.stdout));
    let root_element = doc.root_element();
    assert_eq!(root_element.tag_name().name(), "testsuites");
    // Counts known only at the end are left off `<testsuites>`: each suite has its own.
    assert_eq!(root_element.attribute("tests"), None);
    let suites: Vec<_> = root_element.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 7, "one suite per line, in input order");
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names[1], "tests/cli/fixtures/catalog/with-bad-lines.jsonl:2");
    // One suite per subject and regulation; the bundled policy has one.
    assert_eq!(names[6], "slowstore.example.cn / cac-2016");
    let cases = |s: &roxmltree::Node| s.children().filter(|n| n.has_tag_name("testcase")).count();
    for (i, suite) in suites.iter().enumerate() {
        let n = cases(suite);
        assert_eq!(suite.attribute("tests"), Some(n.to_string().as_str()));
        let errors = suite.descendants().filter(|n| n.has_tag_name("error")).count();
        let failures = suite.descendants().filter(|n| n.has_tag_name("failure")).count();
        assert_eq!(suite.attribute("errors"), Some(errors.to_string().as_str()));
        assert_eq!(suite.attribute("failures"), Some(failures.to_string().as_str()));
        assert_eq!((n, errors), if i == 1 { (1, 1) } else { (36, 0) }, "suite {i}");
    }
}

#[test]
fn a_catalogue_with_a_bad_line_gives_the_json_report_of_the_others() {
    let out = clause(
        root(),
        &[
            "check",
            "--as-of",
            "2020-06-01",
            "--format",
            "json",
            "--catalog",
            "tests/cli/fixtures/catalog/with-bad-lines.jsonl",
        ],
    );
    assert_eq!(out.code, 2);
    let report = parse(&out.stdout, "json");
    assert_eq!(report["invalid_lines"], 1);
    let lines: Vec<&str> = report["subjects"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["subject"]["files"][0].as_str())
        .collect();
    let expected: Vec<String> = [1, 3, 4, 5, 6, 7]
        .iter()
        .map(|n| format!("tests/cli/fixtures/catalog/with-bad-lines.jsonl:{n}"))
        .collect();
    assert_eq!(lines, expected);
    assert_eq!(report["summary"]["failing"], 43);
    assert!(report.get("error").is_none());
}

#[test]
fn a_missing_catalogue_is_an_error_object_under_json() {
    let out = clause(
        root(),
        &["check", "--format", "json", "--catalog", "tests/cli/fixtures/catalog/nonexistent.jsonl"],
    );
    assert_eq!(out.code, 2);
    let value = parse(&out.stdout, "json");
    assert!(value.get("error").is_some() && value.get("subjects").is_none(), "{value:#}");
}

/// The files of the subjects of a catalogue's JSON Lines report, between its header line and
/// its footer line, which counts `invalid` lines.
fn jsonl_subject_files(stdout: &str, invalid: usize) -> Vec<String> {
    let lines: Vec<Value> = stdout.lines().map(|line| parse(line, "a jsonl line")).collect();
    let (Some(header), Some(footer)) = (lines.first(), lines.last()) else { panic!("no lines:\n{stdout}") };
    assert_eq!(header["header"]["format_version"], clause::report::FORMAT_VERSION, "{stdout}");
    assert_eq!(footer["footer"]["invalid_lines"], invalid, "{stdout}");
    assert_eq!(footer["footer"]["subjects"], lines.len() - 2, "{stdout}");
    lines[1..lines.len() - 1]
        .iter()
        .map(|line| line["subject"]["files"][0].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn crlf_breaks_blank_lines_and_a_line_that_is_not_utf8_are_read_as_lines() {
    let dir = std::env::temp_dir().join(format!("clause-catalog-bytes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut bytes = b"{\"app\":{\"package_id\":\"a\"}}\r\n\n  \n".to_vec();
    bytes.extend(b"{\"app\":{\"package_id\":\"b\xff\"}}\n{\"app\":{\"package_id\":\"c\"}}");
    std::fs::write(dir.join("cat.jsonl"), bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["check", "--catalog", "cat.jsonl", "--format", "jsonl", "--as-of", "2020-06-01"])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .contains("error[E0402]: cat.jsonl:4: cannot read the line: stream did not contain valid UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains("2 subjects (1 invalid)"), "{stderr}");
    let files = jsonl_subject_files(&String::from_utf8_lossy(&out.stdout), 1);
    assert_eq!(files, ["cat.jsonl:1", "cat.jsonl:5"]);
}

#[test]
fn a_line_longer_than_a_subject_may_be_is_reported_and_not_kept() {
    let dir = std::env::temp_dir().join(format!("clause-catalog-long-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let long = format!("{{\"app\":{{\"name\":\"{}\"}}}}", "x".repeat(17 * 1024 * 1024));
    let text =
        format!("{{\"app\":{{\"package_id\":\"a\"}}}}\n{long}\n{{\"app\":{{\"package_id\":\"c\"}}}}\n");
    std::fs::write(dir.join("cat.jsonl"), text).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["check", "--catalog", "cat.jsonl", "--format", "jsonl", "--as-of", "2020-06-01"])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let expected = format!(
        "error[E0401]: cat.jsonl:2: the line is {} bytes, more than the 16777216 a subject may be",
        long.len() + 1
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("2 subjects (1 invalid)"), "{stderr}");
    let files = jsonl_subject_files(&String::from_utf8_lossy(&out.stdout), 1);
    assert_eq!(files, ["cat.jsonl:1", "cat.jsonl:3"]);
}
