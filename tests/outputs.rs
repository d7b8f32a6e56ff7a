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
    let subjects = ["examples/flashlight-app.yaml", "examples/app-store.yaml"];
    let (code, text) = clause(
        &[
            &["check", "--as-of", "2020-06-01"][..],
            &[
                "--output",
                &format!("json={}", json.display()),
                "--output",
                &format!("jsonl={}", jsonl.display()),
            ],
            &subjects,
        ]
        .concat(),
    );
    assert_eq!(code, 1);
    assert!(text.starts_with("clause "), "text report on stdout");
    for (format, path) in [("json", &json), ("jsonl", &jsonl)] {
        let (_, stdout) =
            clause(&[&["check", "--as-of", "2020-06-01", "--format", format][..], &subjects].concat());
        let written = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(written, stdout, "--output {format} differs from --format {format}");
    }
    assert_eq!(std::fs::read_to_string(&jsonl).unwrap_or_default().lines().count(), 2);
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
