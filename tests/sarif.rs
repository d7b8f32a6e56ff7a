//! The SARIF 2.1.0 report of the five examples in one run, validated against the official
//! OASIS schema vendored in `tests/sarif/` (see `tests/sarif/LICENSE` for its source).

use clause::diagnostic::render::{to_text, Style};
use clause::eval::Outcome;
use clause::facts::{self, Format, LoadOptions};
use clause::report::{gate::FailOn, sarif, AsOf, PolicyInfo, Run, SubjectReport, Summary};
use clause::source::SourceMap;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::PathBuf;

fn sorted_files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == ext)).collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
}

fn policy_files() -> Vec<(String, String)> {
    let mut files = sorted_files("policies/base", "clause");
    files.extend(sorted_files("policies/cac-2016", "clause"));
    files.iter().map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap_or_default())).collect()
}

/// Compiles the bundled policy, evaluates every example as of 2020-06-01 and hands the run
/// to `f`.
fn with_run<T>(f: impl FnOnce(&Run<'_>) -> T) -> T {
    let mut sources = SourceMap::new();
    let checked = clause::compile(&mut sources, &policy_files())
        .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
    let program = &checked.program;
    let as_of = clause::time::Date::parse("2020-06-01");
    let examples = sorted_files("examples", "yaml");
    assert_eq!(examples.len(), 5, "expected the five examples");
    let mut subjects = Vec::new();
    for path in &examples {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let id = sources.add(name.clone(), text.clone());
        let parsed = facts::parse(&program.schema, id, &text, Format::Yaml, &LoadOptions::default());
        assert!(parsed.diagnostics.is_empty(), "{}", to_text(&sources, &parsed.diagnostics, Style::Plain));
        let bundle = parsed.bundle.unwrap_or_else(|| panic!("{name} does not load"));
        let subject = facts::finish(&program.schema, bundle, &sources, id)
            .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
        let verdicts = clause::eval::evaluate(program, &subject, as_of);
        let kind = program.schema.subjects[subject.subject.kind.0 as usize].name.clone();
        subjects.push(SubjectReport {
            id: subject.subject.id.clone(),
            kind,
            files: vec![name],
            verdicts,
            explanations: Vec::new(),
        });
    }
    let run = Run {
        program,
        sources: &sources,
        policy: PolicyInfo::new("policies/cac-2016", "sha256:(digest)"),
        regulations: (0..program.regulations.len()).collect(),
        as_of: as_of.map_or(AsOf::None, AsOf::Given),
        subjects,
        only_failures: false,
    };
    f(&run)
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/sarif/sarif-schema-2.1.0.json").unwrap_or_default();
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("vendored schema: {e}"));
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the SARIF schema does not compile: {e}"))
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().unwrap_or_else(|| panic!("no results array"))
}

fn rules(log: &Value) -> &Vec<Value> {
    log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap_or_else(|| panic!("no rules array"))
}

#[test]
fn the_report_is_valid_sarif() {
    let validator = schema_validator();
    let log = with_run(|run| sarif::render(run, &FailOn::default()));
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], sarif::SARIF_SCHEMA);
    let errs = errors(&validator, &log);
    assert!(errs.is_empty(), "{}", errs.join("\n"));

    // The validation has teeth: a kind SARIF does not know and a string line are refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["kind"] = json!("undetermined");
    assert!(!errors(&validator, &broken).is_empty());
    let mut broken = log.clone();
    let fail = results(&log).iter().position(|r| r["kind"] == "fail").unwrap_or_default();
    broken["runs"][0]["results"][fail]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        json!("3");
    assert!(!errors(&validator, &broken).is_empty());
}

#[test]
fn one_rule_per_clause_rule_and_one_result_per_verdict() {
    with_run(|run| {
        let log = sarif::render(run, &FailOn::default());
        let ids: Vec<&str> = rules(&log).iter().filter_map(|r| r["id"].as_str()).collect();
        let expected: Vec<&str> = run.program.rules.iter().map(|r| r.qualified_id.as_str()).collect();
        assert_eq!(ids, expected);
        for (rule, def) in rules(&log).iter().zip(&run.program.rules) {
            let level = sarif::level(def.severity);
            assert_eq!(rule["defaultConfiguration"]["level"], level);
            assert_eq!(rule["properties"]["citation"]["en"], def.citation.en);
            assert_eq!(rule["properties"]["citation"]["zh"], def.citation.zh);
            assert_eq!(rule["shortDescription"]["text"].as_str(), def.title.en.as_deref());
        }
        let verdicts: usize = run.subjects.iter().map(|s| s.verdicts.len()).sum();
        assert_eq!(results(&log).len(), verdicts);
    });
}

#[test]
fn kinds_and_levels_follow_the_outcomes() {
    with_run(|run| {
        let log = sarif::render(run, &FailOn::default());
        let summary = Summary::of(run.subjects.iter().flat_map(|s| &s.verdicts));
        assert!(summary.violated > 0 && summary.undetermined > 0 && summary.not_applicable > 0);
        let count = |kind: &str| results(&log).iter().filter(|r| r["kind"] == kind).count();
        assert_eq!(count("fail"), summary.get(Outcome::Violated));
        assert_eq!(count("review"), summary.get(Outcome::Undetermined));
        assert_eq!(count("notApplicable"), summary.get(Outcome::NotApplicable));
        assert_eq!(count("pass"), summary.get(Outcome::Satisfied));

        let rules = rules(&log);
        let verdicts = run.subjects.iter().flat_map(|s| &s.verdicts);
        for (result, verdict) in results(&log).iter().zip(verdicts) {
            let index = result["ruleIndex"].as_u64().unwrap_or_else(|| panic!("no ruleIndex")) as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            assert_eq!(result["ruleId"], verdict.rule);
            assert_eq!(result["kind"], sarif::kind(verdict.outcome));
            assert_eq!(result["properties"]["outcome"], verdict.outcome.as_str());
            if result["kind"] == "fail" {
                // The rule's level, and a located finding to point at.
                assert_eq!(result["level"], rules[index]["defaultConfiguration"]["level"]);
                let located = result["locations"].as_array().into_iter().flatten().any(|l| {
                    l["physicalLocation"]["region"]["startLine"].as_u64().is_some_and(|n| n >= 1)
                        && l["physicalLocation"]["artifactLocation"]["uri"].is_string()
                });
                assert!(located, "a fail without a line: {result:#}");
            } else {
                // SARIF 2.1.0 §3.27.10: level is "none" for every kind but "fail".
                assert_eq!(result["level"], "none", "{result:#}");
            }
            // An undetermined error fails the default gate although its level is none.
            assert_eq!(result["properties"]["fails_gate"], FailOn::default().fails(verdict));
        }
    });
}

#[test]
fn fingerprints_are_stable_and_distinguish_subjects() {
    let (first, second) =
        with_run(|run| (sarif::render(run, &FailOn::default()), sarif::render(run, &FailOn::default())));
    let prints = |log: &Value| -> Vec<Value> {
        results(log).iter().map(|r| r["partialFingerprints"].clone()).collect()
    };
    assert_eq!(prints(&first), prints(&second));
    // One (subject, rule) pair per result: every subject fingerprint is distinct, so the same
    // rule has a different fingerprint in each subject.
    let subject_prints: HashSet<&str> = results(&first)
        .iter()
        .filter_map(|r| r["partialFingerprints"][sarif::FINGERPRINT_SUBJECT].as_str())
        .collect();
    assert_eq!(subject_prints.len(), results(&first).len());
    // Independent of lines: moving every finding down a line changes no fingerprint.
    let shifted = with_run(|run| {
        let mut subjects = run.subjects.clone();
        for v in subjects.iter_mut().flat_map(|s| &mut s.verdicts) {
            for f in &mut v.findings {
                if let Some(loc) = &mut f.loc {
                    loc.line += 1;
                }
            }
        }
        let moved =
            Run { subjects, policy: run.policy.clone(), regulations: run.regulations.clone(), ..*run };
        sarif::render(&moved, &FailOn::default())
    });
    assert_eq!(prints(&first), prints(&shifted));
}

#[test]
fn only_failures_keeps_the_failing_results() {
    with_run(|run| {
        let fail_on = FailOn::default();
        let trimmed = Run {
            subjects: run.subjects.clone(),
            policy: run.policy.clone(),
            regulations: run.regulations.clone(),
            only_failures: true,
            ..*run
        };
        let log = sarif::render(&trimmed, &fail_on);
        let failing = run.subjects.iter().flat_map(|s| &s.verdicts).filter(|v| fail_on.fails(v)).count();
        assert!(failing > 0);
        assert_eq!(results(&log).len(), failing);
        assert!(results(&log).iter().all(|r| r["properties"]["fails_gate"] == true));
        // The rules are all still described.
        assert_eq!(rules(&log).len(), run.program.rules.len());
    });
}

/// `uri:line:column path` for each location of a result.
fn compact_locations(result: &Value) -> Vec<String> {
    result["locations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| {
            let physical = &l["physicalLocation"];
            let mut text = physical["artifactLocation"]["uri"].as_str().unwrap_or("-").to_string();
            if let (Some(line), Some(column)) =
                (physical["region"]["startLine"].as_u64(), physical["region"]["startColumn"].as_u64())
            {
                text.push_str(&format!(":{line}:{column}"));
            }
            if let Some(path) = l["logicalLocations"][0]["fullyQualifiedName"].as_str() {
                text.push_str(&format!(" {path}"));
            }
            text
        })
        .collect()
}

#[test]
fn flashlight_snapshot() {
    let log = with_run(|run| sarif::render(run, &FailOn::default()));
    let rule_lines: Vec<String> = rules(&log)
        .iter()
        .map(|r| {
            format!(
                "{} | {} | {} | {}",
                r["id"].as_str().unwrap_or_default(),
                r["name"].as_str().unwrap_or_default(),
                r["defaultConfiguration"]["level"].as_str().unwrap_or_default(),
                r["properties"]["tags"]
            )
        })
        .collect();
    let flashlight: Vec<Value> = results(&log)
        .iter()
        .filter(|r| r["properties"]["subject_id"] == "com.example.brightlight")
        .map(|r| {
            json!({
                "rule": format!("{} #{}", r["ruleId"].as_str().unwrap_or_default(), r["ruleIndex"]),
                "kind/level": format!("{}/{}", r["kind"].as_str().unwrap_or_default(), r["level"].as_str().unwrap_or_default()),
                "message": r["message"]["text"],
                "locations": compact_locations(r),
                "reason_kind": r["properties"]["reason_kind"],
                "fails_gate": r["properties"]["fails_gate"],
            })
        })
        .collect();
    assert!(!flashlight.is_empty(), "no flashlight subject");
    let mut header = log["runs"][0].clone();
    if let Some(map) = header.as_object_mut() {
        map.remove("results");
    }
    header["tool"]["driver"]["rules"] = json!(format!("({} rules)", rule_lines.len()));
    // One rule in full, to show the descriptor's shape.
    let first_rule = rules(&log).first().cloned().unwrap_or_default();
    let view =
        json!({ "header": header, "rules": rule_lines, "first_rule": first_rule, "flashlight": flashlight });
    let text = serde_json::to_string_pretty(&view)
        .unwrap_or_default()
        .replace(env!("CARGO_PKG_VERSION"), "(version)");
    insta::assert_snapshot!(text);
}
