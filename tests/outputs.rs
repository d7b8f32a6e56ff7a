//! `--output FORMAT=PATH`: several reports from one run, each the same as that format on
//! standard output; an unwritable path is exit 2.

use std::process::Command;

fn clause(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause: {e}"));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn several_outputs_in_one_run_match_each_format() {
    let dir = std::env::temp_dir().join(format!("clause-outputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let json = dir.join("report.json");
    let jsonl = dir.join("report.jsonl");
    let sarif = dir.join("report.sarif");
    let junit = dir.join("report.xml");
    let subjects = ["examples/flashlight-app.yaml", "examples/app-store.yaml"];
    let (code, text) = clause(
        &[
            &["check", "--as-of", "2020-06-01"][..],
            &[
                "--output",
                &format!("json={}", json.display()),
                "--output",
                &format!("jsonl={}", jsonl.display()),
                "--output",
                &format!("sarif={}", sarif.display()),
                "--output",
                &format!("junit={}", junit.display()),
            ],
            &subjects,
        ]
        .concat(),
    );
    assert_eq!(code, 1);
    assert!(text.starts_with("clause "), "text report on stdout");
    for (format, path) in [("json", &json), ("jsonl", &jsonl), ("sarif", &sarif), ("junit", &junit)] {
        let (_, stdout) =
            clause(&[&["check", "--as-of", "2020-06-01", "--format", format][..], &subjects].concat());
        let written = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(written, stdout, "--output {format} differs from --format {format}");
    }
    // A header line, a line per subject, a footer line.
    assert_eq!(std::fs::read_to_string(&jsonl).unwrap_or_default().lines().count(), 4);
}

#[test]
fn an_unwritable_output_is_exit_2() {
    let (code, _) = clause(&[
        "check",
        "--as-of",
        "2020-06-01",
        "--output",
        "json=/nonexistent-dir/r.json",
        "examples/news-app.yaml",
    ]);
    assert_eq!(code, 2);
}

#[test]
fn a_catalogue_streams_in_input_order_across_chunks() {
    let dir = std::env::temp_dir().join(format!("clause-catalogue-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let base = std::fs::read_to_string("tests/cli/fixtures/catalog/five.jsonl").unwrap_or_default();
    let template: Vec<&str> = base.lines().collect();
    // More lines than one evaluation chunk, so order across parallel chunks is exercised.
    let mut catalogue = String::new();
    for i in 0..1100 {
        let line = template[i % 2].replace("com.example.dailynews", &format!("com.example.n{i}"));
        let line = line.replace("com.example.brightlight", &format!("com.example.n{i}"));
        catalogue.push_str(&line);
        catalogue.push('\n');
    }
    let path = dir.join("catalogue.jsonl");
    std::fs::write(&path, catalogue).unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout) = clause(&[
        "check",
        "--as-of",
        "2020-06-01",
        "--format",
        "jsonl",
        "--only-failures",
        "--catalog",
        &path.display().to_string(),
    ]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> =
        stdout.lines().map(serde_json::from_str).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"));
    // Between the header line and the footer line, which counts the subjects.
    assert!(lines.first().is_some_and(|l| l.get("header").is_some()));
    assert_eq!(lines.last().map(|l| l["footer"]["subjects"].clone()), Some(1100.into()));
    let ids: Vec<&str> =
        lines[1..lines.len() - 1].iter().map(|v| v["subject"]["id"].as_str().unwrap_or("")).collect();
    let expected: Vec<String> = (0..1100).map(|i| format!("com.example.n{i}")).collect();
    assert_eq!(ids, expected);
}

#[test]
fn clause_toml_supplies_defaults_and_flags_win() {
    let dir = std::env::temp_dir().join(format!("clause-config-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("clause.toml"),
        "as-of = \"2020-06-01\"\nfail-on = \"never\"\noutputs = [\"jsonl=reports.jsonl\"]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let facts = std::fs::canonicalize("examples/flashlight-app.yaml").unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_clause"))
            .args(args)
            .current_dir(dir.join("sub")) // found upward from here
            .env("NO_COLOR", "1")
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let out = run(&["check", &facts.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "fail-on = never from clause.toml");
    assert!(String::from_utf8_lossy(&out.stdout).contains("as of 2020-06-01"));
    assert!(dir.join("reports.jsonl").is_file(), "outputs are relative to clause.toml");
    let out = run(&["check", "--fail-on", "error", &facts.display().to_string()]);
    assert_eq!(out.status.code(), Some(1), "the command line wins");
}
