//! Reports grouped by regulation, over a policy of three regulations
//! (`tests/cli/fixtures/policy/three-regulations.clause`) and two subjects, as of 2020-06-01:
//! `alpha` in force, `beta` not yet in force, `gamma` in force with a scope that leaves the
//! first subject out. Every format's counts per regulation add up to its totals; the machine
//! formats keep one result per rule; the SARIF log is valid against the vendored schema. The
//! rendered reports themselves are the snapshots of the `regulations-*` cases in `tests/cli/`.

use clause::check::Program;
use clause::diagnostic::render::{to_text, Style};
use clause::eval::Outcome;
use clause::facts::{self, Format, LoadOptions};
use clause::report::{self, gate::FailOn, AsOf, PolicyInfo, Run, SubjectReport};
use clause::source::SourceMap;
use clause::syntax::ast::Lang;
use serde_json::Value;

const POLICY: &str = "tests/cli/fixtures/policy/three-regulations.clause";
/// Out of gamma's scope (few users), and failing alpha's logs rule.
const SMALL: &str =
    r#"{"app": {"package_id": "com.example.multi", "users": 500, "accounts": true, "retention": 30}}"#;
/// Within gamma's scope, and passing everything in force.
const BIG: &str =
    r#"{"app": {"package_id": "com.example.big", "users": 2000000, "accounts": true, "retention": 200}}"#;

struct Fixture {
    sources: SourceMap,
    program: &'static Program,
}

impl Fixture {
    fn new() -> Fixture {
        let mut sources = SourceMap::new();
        let text = std::fs::read_to_string(POLICY).unwrap_or_else(|e| panic!("{POLICY}: {e}"));
        let checked = clause::compile(&mut sources, &[(POLICY.to_string(), text)])
            .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
        Fixture { sources, program: Box::leak(Box::new(checked.program)) }
    }

    fn subject(
        &mut self,
        name: &str,
        text: &str,
        as_of: Option<clause::time::Date>,
    ) -> SubjectReport<'static> {
        let id = self.sources.add(name, text.to_string());
        let parsed = facts::parse(&self.program.schema, id, text, Format::Json, &LoadOptions::default());
        let bundle = parsed.bundle.unwrap_or_else(|| panic!("{name} does not load"));
        let subject = facts::finish(&self.program.schema, bundle, &self.sources, id)
            .unwrap_or_else(|d| panic!("{}", to_text(&self.sources, &d, Style::Plain)));
        SubjectReport {
            id: subject.subject.id.clone(),
            kind: "app".into(),
            files: vec![name.to_string()],
            verdicts: clause::eval::evaluate(self.program, &subject, as_of),
            explanations: Vec::new(),
        }
    }

    fn run(&mut self) -> Run<'_> {
        let as_of = clause::time::Date::parse("2020-06-01");
        let subjects = vec![self.subject("small.json", SMALL, as_of), self.subject("big.json", BIG, as_of)];
        Run {
            program: self.program,
            sources: &self.sources,
            policy: PolicyInfo::new(POLICY, "sha256:(digest)"),
            regulations: (0..self.program.regulations.len()).collect(),
            as_of: as_of.map_or(AsOf::None, AsOf::Given),
            subjects,
            only_failures: false,
        }
    }
}

const COUNTS: [&str; 5] = ["satisfied", "violated", "not_applicable", "undetermined", "failing"];

/// The sum of a count over summaries.
fn sum<'a>(summaries: impl Iterator<Item = &'a Value>, key: &str) -> u64 {
    summaries.map(|s| s[key].as_u64().unwrap_or_else(|| panic!("no {key} in {s}"))).sum()
}

fn array<'a>(value: &'a Value, what: &str) -> &'a Vec<Value> {
    value.as_array().unwrap_or_else(|| panic!("{what} is not an array: {value}"))
}

#[test]
fn json_lists_the_regulations_and_counts_each_one() {
    let mut fx = Fixture::new();
    let run = fx.run();
    let fail_on = FailOn::default();
    let doc = report::json::render(&run, &fail_on, &[]);
    assert_eq!(doc["format_version"], 2);
    let regulations = array(&doc["regulations"], "regulations");
    let ids: Vec<&str> = regulations.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["alpha", "beta", "gamma"]);
    let in_force: Vec<&Value> = regulations.iter().map(|r| &r["in_force_on_as_of"]).collect();
    assert_eq!(in_force, [&Value::Bool(true), &Value::Bool(false), &Value::Bool(true)]);
    assert_eq!(regulations[1]["in_force_from"], "2022-08-01");
    assert_eq!(regulations[2]["in_force_until"], "2030-01-01");
    assert_eq!(regulations[0]["title"]["zh"], "甲规定");
    for r in regulations {
        assert_eq!(r["rules"], 2, "{r}");
    }
    // The run's counts are the sum of its regulations', and of its subjects'.
    for key in COUNTS {
        assert_eq!(
            sum(regulations.iter().map(|r| &r["summary"]), key),
            doc["summary"][key].as_u64().unwrap_or(0)
        );
    }
    // A regulation not in force still has one result per rule per subject, all not applicable.
    assert_eq!(regulations[1]["summary"]["not_applicable"], 4);
    let subjects = array(&doc["subjects"], "subjects");
    for s in subjects {
        let per_regulation = array(&s["regulations"], "a subject's regulations");
        let ids: Vec<&str> = per_regulation.iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(ids, ["alpha", "beta", "gamma"]);
        for key in COUNTS.iter().chain(&["waived", "in_baseline"]) {
            assert_eq!(
                sum(per_regulation.iter().map(|r| &r["summary"]), key),
                s["summary"][key].as_u64().unwrap_or(0)
            );
        }
        let results = array(&s["results"], "results");
        assert_eq!(results.len(), 6, "one result per rule");
        let beta: Vec<&Value> = results.iter().filter(|r| r["regulation"] == "beta").collect();
        assert_eq!(beta.len(), 2);
        assert!(beta.iter().all(|r| r["reason"]["kind"] == "not_in_force"), "{beta:?}");
    }
    // Per subject, per regulation: the small app fails alpha and is out of gamma's scope.
    assert_eq!(subjects[0]["regulations"][0]["summary"]["failing"], 1);
    assert_eq!(subjects[0]["regulations"][2]["summary"]["not_applicable"], 2);
    assert_eq!(subjects[1]["regulations"][2]["summary"]["satisfied"], 2);
}

#[test]
fn json_lines_frame_the_subjects_with_the_regulations_and_their_counts() {
    let mut fx = Fixture::new();
    let run = fx.run();
    let fail_on = FailOn::default();
    let text = report::json::lines(&run, &fail_on);
    let lines: Vec<Value> =
        text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(lines.len(), 4, "a header, two subjects, a footer");
    let header = &lines[0]["header"];
    assert_eq!(header["format_version"], 2);
    let regulations = array(&header["regulations"], "the header's regulations");
    assert_eq!(regulations.len(), 3);
    assert!(regulations.iter().all(|r| r.get("summary").is_none()), "counts are in the footer");
    // Each subject line is the JSON report's entry for it.
    let doc = report::json::render(&run, &fail_on, &[]);
    assert_eq!(lines[1], doc["subjects"][0]);
    assert_eq!(lines[2], doc["subjects"][1]);
    let footer = &lines[3]["footer"];
    assert_eq!(footer["subjects"], 2);
    assert_eq!(footer["summary"], doc["summary"]);
    let counted = array(&footer["regulations"], "the footer's regulations");
    for (r, full) in counted.iter().zip(array(&doc["regulations"], "regulations")) {
        assert_eq!(r["id"], full["id"]);
        assert_eq!(r["summary"], full["summary"]);
    }
    // A baseline may be such a report: the header and footer lines are not subjects.
    let baseline = clause::baseline::Baseline::parse(&text).unwrap_or_else(|d| panic!("{}", d.message));
    assert_eq!(baseline.len(), 1, "the one failure of the small app");
}

#[test]
fn sarif_lists_the_regulations_as_a_taxonomy_and_relates_each_rule() {
    let mut fx = Fixture::new();
    let run = fx.run();
    let log = report::sarif::render(&run, &FailOn::default());
    let text = std::fs::read_to_string("tests/sarif/sarif-schema-2.1.0.json").unwrap_or_default();
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("vendored schema: {e}"));
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the SARIF schema does not compile: {e}"));
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    let sarif_run = &log["runs"][0];
    let taxonomy = &sarif_run["taxonomies"][0];
    assert_eq!(taxonomy["name"], report::sarif::REGULATIONS_TAXONOMY);
    assert_eq!(
        sarif_run["tool"]["driver"]["supportedTaxonomies"][0]["name"],
        report::sarif::REGULATIONS_TAXONOMY
    );
    let taxa = array(&taxonomy["taxa"], "taxa");
    let ids: Vec<&str> = taxa.iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, ["alpha", "beta", "gamma"]);
    assert_eq!(taxa[1]["properties"]["in_force_on_as_of"], false);
    let rules = array(&sarif_run["tool"]["driver"]["rules"], "rules");
    assert_eq!(rules.len(), 6);
    for rule in rules {
        let target = &rule["relationships"][0]["target"];
        let index = target["index"].as_u64().unwrap_or_else(|| panic!("no taxon index: {rule}")) as usize;
        assert_eq!(taxa[index]["id"], rule["properties"]["regulation"], "{rule}");
        assert_eq!(target["id"], rule["properties"]["regulation"]);
        assert_eq!(target["toolComponent"]["name"], report::sarif::REGULATIONS_TAXONOMY);
    }
    // One result per rule per subject, the regulation not in force included.
    let results = array(&sarif_run["results"], "results");
    assert_eq!(results.len(), 12);
    let beta = results.iter().filter(|r| r["ruleId"].as_str().is_some_and(|id| id.starts_with("beta/")));
    assert!(beta.clone().count() == 4 && beta.into_iter().all(|r| r["kind"] == "notApplicable"));
}

#[test]
fn junit_has_a_suite_per_subject_and_regulation() {
    let mut fx = Fixture::new();
    let run = fx.run();
    let fail_on = FailOn::default();
    let xml = report::junit::render(&run, &fail_on);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let suites: Vec<_> = doc.root_element().children().filter(|n| n.has_tag_name("testsuite")).collect();
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(
        names,
        [
            "com.example.multi / alpha",
            "com.example.multi / beta",
            "com.example.multi / gamma",
            "com.example.big / alpha",
            "com.example.big / beta",
            "com.example.big / gamma",
        ]
    );
    let mut tests = 0;
    for suite in &suites {
        let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
        let count = |tag: &str| cases.iter().filter(|c| c.children().any(|n| n.has_tag_name(tag))).count();
        assert_eq!(suite.attribute("tests"), Some(cases.len().to_string().as_str()));
        assert_eq!(suite.attribute("failures"), Some(count("failure").to_string().as_str()));
        assert_eq!(suite.attribute("skipped"), Some(count("skipped").to_string().as_str()));
        tests += cases.len();
    }
    assert_eq!(doc.root_element().attribute("tests"), Some(tests.to_string().as_str()));
    // beta is not in force: each of its suites is skipped cases only.
    for suite in suites.iter().filter(|s| s.attribute("name").is_some_and(|n| n.ends_with("/ beta"))) {
        assert_eq!((suite.attribute("tests"), suite.attribute("skipped")), (Some("2"), Some("2")));
    }
}

#[test]
fn text_and_markdown_show_a_regulation_that_applies_nothing_as_one_line() {
    let mut fx = Fixture::new();
    let run = fx.run();
    let fail_on = FailOn::default();
    let text = report::text::render(&run, &fail_on, Lang::En, false);
    // Beta, not in force: one line per subject and none of its rules; the machine formats
    // above keep them.
    let beta = "beta v2.0.0: Beta Provisions — not in force on 2020-06-01: in force from 2022-08-01 (2 rules not applicable)";
    assert_eq!(text.matches(beta).count(), 2, "{text}");
    assert!(!text.contains("beta/"), "{text}");
    // Gamma leaves the small app out: one line with the reason; the big app gets its rules.
    assert_eq!(text.matches("gamma/logs-kept-180-days").count(), 1, "{text}");
    assert!(text.contains(
        "no rule applies to this subject (2 not applicable: the subject is outside the scope of gamma Art. 1"
    ));
    // Each subject's summary counts per regulation, and so does the run's.
    assert!(
        text.contains("\n    beta: 0 satisfied, 0 violated, 2 not applicable, 0 undetermined; 0 failing\n")
    );
    assert!(text.contains("\n  beta: 0 satisfied, 0 violated, 4 not applicable, 0 undetermined; 0 failing\n"));

    let markdown = report::markdown::render(&run, &fail_on);
    assert_eq!(markdown.matches("#### `beta` — not in force on 2020-06-01").count(), 2, "{markdown}");
    assert!(!markdown.contains("`beta/"), "{markdown}");
    assert!(markdown.contains("| `beta` Beta Provisions | not in force on 2020-06-01: in force from 2022-08-01 | 0 | 0 | 0 | 4 | 0 |"));

    // When not-applicable results fail the gate, gamma's are listed; beta stays one line,
    // counting its failures.
    let strict = FailOn::parse("info:violated+undetermined+not_applicable").unwrap_or_default();
    let text = report::text::render(&run, &strict, Lang::En, false);
    assert_eq!(text.matches("gamma/logs-kept-180-days").count(), 2, "{text}");
    assert!(text.contains("(2 rules not applicable; 2 failing)"), "{text}");
    assert!(!text.contains("beta/"), "{text}");
}

#[test]
fn without_an_as_of_date_no_regulation_is_judged_in_or_out_of_force() {
    let mut fx = Fixture::new();
    let subjects = vec![fx.subject("small.json", SMALL, None)];
    let run = Run { as_of: AsOf::None, subjects, ..fx.run() };
    let fail_on = FailOn::default();
    let doc = report::json::render(&run, &fail_on, &[]);
    for r in array(&doc["regulations"], "regulations") {
        assert_eq!(r["in_force_on_as_of"], Value::Null, "{r}");
    }
    // Evaluated as written, beta's rules are decided and listed.
    let text = report::text::render(&run, &fail_on, Lang::En, false);
    assert!(text.contains(
        "beta v2.0.0: Beta Provisions — no as-of date: evaluated as written (in force from 2022-08-01)"
    ));
    assert!(text.contains("beta/logs-kept-90-days"), "{text}");
    let violated = run.subjects[0].verdicts.iter().filter(|v| v.outcome == Outcome::Violated).count();
    assert_eq!(violated, 2, "alpha's and beta's retention rules");
}
