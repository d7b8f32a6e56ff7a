//! `clause lint`: one file per lint in `tests/lint/` (checked with the language tests'
//! prelude), its warnings as a reviewed snapshot; the bundled pack is lint-clean; an untested
//! rule is reported when the test cases are known.

use clause::diagnostic::render::{to_text, Style};
use clause::lint::{lint, Context, LINTS};
use clause::source::SourceMap;
use std::collections::BTreeSet;

const PRELUDE: &str = include_str!("lang/prelude.clause");

fn lint_files(
    files: &[(String, String)],
    context: &Context,
) -> (SourceMap, Vec<clause::diagnostic::Diagnostic>) {
    let mut sources = SourceMap::new();
    let parsed = clause::parse_all(&mut sources, files)
        .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
    let checked =
        clause::check::check(&parsed).unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
    let warnings = lint(&parsed, &checked.program, context);
    (sources, warnings)
}

#[test]
fn each_lint_has_a_triggering_example() {
    insta::glob!("lint/*.clause", |path| {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let files = vec![("prelude.clause".to_string(), PRELUDE.to_string()), (name.clone(), text.clone())];
        // W0301 needs to know the test cases: here, none names any rule.
        let context = if name.starts_with("W0301") {
            Context { tested_rules: Some(BTreeSet::new()) }
        } else {
            Context::default()
        };
        let (sources, warnings) = lint_files(&files, &context);
        // The file named for a code must produce that code; the `allow` example none.
        let expected = name.split('-').next().unwrap_or("");
        if expected.starts_with('W') {
            assert!(warnings.iter().any(|w| w.code == expected), "{name} does not produce {expected}");
        } else {
            assert!(
                warnings.is_empty(),
                "{name} should be silent:\n{}",
                to_text(&sources, &warnings, Style::Plain)
            );
        }
        insta::assert_snapshot!(format!("{text}\n=====\n{}", to_text(&sources, &warnings, Style::Plain)));
    });
}

#[test]
fn every_lint_code_has_an_example_file() {
    let files: Vec<String> = std::fs::read_dir("tests/lint")
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect())
        .unwrap_or_default();
    for (code, _, _) in LINTS {
        assert!(files.iter().any(|f| f.starts_with(code)), "no example for {code} in tests/lint/");
    }
}

#[test]
fn untested_rules_are_reported_when_cases_are_known() {
    let text = "regulation t {\n  in force from 2016-08-01\n  party provider { subject app }\n  article 1 {\n    text.zh \"\"\"第一条\"\"\"\n    text.en \"\"\"Article 1\"\"\"\n    rule tested { severity error applies to provider require app.accounts }\n    rule untested { severity error applies to provider require app.accounts }\n  }\n}\n";
    let files =
        vec![("prelude.clause".to_string(), PRELUDE.to_string()), ("t.clause".to_string(), text.to_string())];
    let context = Context { tested_rules: Some(BTreeSet::from(["t/tested".to_string()])) };
    let (_, warnings) = lint_files(&files, &context);
    let codes: Vec<(&str, &str)> = warnings.iter().map(|w| (w.code, w.message.as_str())).collect();
    assert_eq!(codes, vec![("W0301", "rule `t/untested` has no test case")]);
}

#[test]
fn articles_in_chapters_are_linted_and_a_chapters_allow_covers_them() {
    let text = r#"regulation t {
  in force from 2022-08-01
  chapter 1 {
    text.zh """第一章　总则,"""
    text.en """Chapter 1  General Provisions"""
    article 1 {
      text.zh """第一条　……"""
      text.en """Article 1  …"""
    }
  }
  chapter 2 {
    allow W0302 "the duties of chapter 2 are encoded later"
    article 2 {
      text.zh """第二条　……"""
      text.en """Article 2  …"""
    }
  }
}
"#;
    let files =
        vec![("prelude.clause".to_string(), PRELUDE.to_string()), ("t.clause".to_string(), text.to_string())];
    let (_, warnings) = lint_files(&files, &Context::default());
    let codes: Vec<(&str, &str)> = warnings.iter().map(|w| (w.code, w.message.as_str())).collect();
    assert_eq!(
        codes,
        vec![
            ("W0309", "ASCII `,` in Chinese law text"),
            ("W0302", "article 1 has text but no rules and no `no checkable duty` mark"),
        ]
    );
}

#[test]
fn the_bundled_pack_is_lint_clean() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["lint", "policies/cac-2016"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0 warnings\n");
}
