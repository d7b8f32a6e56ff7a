//! The bundled packs' test cases run through `clause test` — the same code a compliance
//! engineer runs — and must all pass with every rule covered `satisfied` and `violated`.

use std::process::Command;

fn clause(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bundled_policy_cases_pass_with_full_coverage() {
    let (code, stdout, stderr) = clause(&["test", "--min-coverage", "100", "--format", "json"]);
    let report: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}\n{stdout}\n{stderr}"));
    let failures: Vec<String> = report["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["passed"] == false)
        .map(|c| format!("{}:{} {}: {}", c["file"], c["line"], c["name"], c["failures"]))
        .collect();
    assert!(failures.is_empty(), "failing cases:\n{}", failures.join("\n"));
    assert_eq!(report["coverage"]["percent"], 100.0, "{stderr}");
    assert!(report["summary"]["passed"].as_u64().unwrap_or(0) > 100);
    assert_eq!(code, 0, "{stderr}");
}

fn temp_case(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("clause-policy-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

#[test]
fn a_wrong_expectation_fails_with_expected_and_actual() {
    let case = temp_case(
        "wrong.yaml",
        "cases:\n  - name: seven days are not enough\n    as_of: 2020-06-01\n    facts:\n      app: { package_id: x.y, provides_information_services: true, runs_on_mobile_smart_terminal: true, offered_in_prc: true, distribution: [download] }\n      developer: { logs: { recorded: true, retention: 7 } }\n    expect:\n      cac-2016/user-logs-kept-60-days: satisfied\n",
    );
    let (code, stdout, _) = clause(&["test", "--policy", "policies/cac-2016", &case]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("FAIL"), "{stdout}");
    assert!(stdout.contains("expected satisfied") && stdout.contains("actual violated"), "{stdout}");
    assert!(stdout.contains("cac-2016 Art. 7(6)"), "{stdout}");
    assert!(stdout.contains("0 passed, 1 failed"), "{stdout}");
}

#[test]
fn an_invalid_case_file_is_exit_2() {
    let case = temp_case(
        "invalid.yaml",
        "cases:\n  - name: no expectations\n    as_of: 2020-06-01\n    expct: {}\n",
    );
    let (code, _, stderr) = clause(&["test", "--policy", "policies/cac-2016", &case]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("E0423") || stderr.contains("E0425"), "{stderr}");
}

#[test]
fn coverage_below_the_minimum_is_exit_1() {
    let (code, stdout, stderr) = clause(&[
        "test",
        "--policy",
        "policies/cac-2016",
        "--coverage",
        "--min-coverage",
        "90",
        "policies/cac-2016/tests/art-07-6-logs.yaml",
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("below the minimum"), "{stderr}");
    assert!(
        stdout.contains("NOT COVERED") && stdout.contains("covered     cac-2016/user-logs-kept-60-days"),
        "{stdout}"
    );
}

#[test]
fn the_examples_show_the_outcomes_they_are_meant_to() {
    // Kept outside the pack (its fixtures are the repository's examples/): run against cac-2016.
    let (code, stdout, stderr) =
        clause(&["test", "--policy", "policies/cac-2016", "tests/example-outcomes.yaml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("5 passed, 0 failed"), "{stdout}");
}
