//! The CI report formats — JUnit XML, GitHub workflow annotations, a Markdown pull-request
//! comment — over the five examples as of 2020-06-01: JUnit parsed back with a real XML
//! parser, GitHub's escaping and annotation limits, the Markdown size limit; and the
//! flashlight example's three outputs as reviewed snapshots.

mod common;

use clause::check::Program;
use clause::diagnostic::render::{to_text, Style};
use clause::eval::Outcome;
use clause::facts::{self, Format, LoadOptions};
use clause::report::gate::FailOn;
use clause::report::{github, junit, markdown, AsOf, PolicyInfo, Run, SubjectReport};
use clause::source::SourceMap;
use clause::syntax::ast::SeverityLevel;

const EXAMPLES: [&str; 5] =
    ["app-store.yaml", "flashlight-app.yaml", "incomplete-app.yaml", "late-store.yaml", "news-app.yaml"];

/// The compiled bundled policy, with the sources the reports point into.
struct Fixture {
    sources: SourceMap,
    /// Leaked, so that the verdicts, which borrow from it, can live beside `sources`.
    program: &'static Program,
}

impl Fixture {
    fn new() -> Fixture {
        let mut sources = SourceMap::new();
        let checked = clause::compile(&mut sources, &common::bundled_policy())
            .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
        Fixture { sources, program: Box::leak(Box::new(checked.program)) }
    }

    /// Evaluates an example as of 2020-06-01, its facts file registered under `name`.
    fn subject(&mut self, example: &str, name: &str) -> SubjectReport<'static> {
        let text = std::fs::read_to_string(format!("examples/{example}")).unwrap_or_default();
        let id = self.sources.add(name, text.clone());
        let parsed = facts::parse(&self.program.schema, id, &text, Format::Yaml, &LoadOptions::default());
        assert!(
            parsed.diagnostics.is_empty(),
            "{}",
            to_text(&self.sources, &parsed.diagnostics, Style::Plain)
        );
        let bundle = parsed.bundle.unwrap_or_else(|| panic!("{example} does not load"));
        let subject = facts::finish(&self.program.schema, bundle, &self.sources, id)
            .unwrap_or_else(|d| panic!("{}", to_text(&self.sources, &d, Style::Plain)));
        let verdicts =
            clause::eval::evaluate(self.program, &subject, clause::time::Date::parse("2020-06-01"));
        SubjectReport {
            id: subject.subject.id.clone(),
            kind: self.program.schema.subjects[subject.subject.kind.0 as usize].name.clone(),
            files: vec![name.to_string()],
            verdicts,
            explanations: Vec::new(),
        }
    }

    fn examples(&mut self) -> Vec<SubjectReport<'static>> {
        EXAMPLES.iter().map(|e| self.subject(e, &format!("examples/{e}"))).collect()
    }

    /// The flashlight example `n` times, as subjects `…-1`, `…-2`, ….
    fn flashlights(&mut self, n: usize) -> Vec<SubjectReport<'static>> {
        let one = self.subject("flashlight-app.yaml", "examples/flashlight-app.yaml");
        (1..=n).map(|i| SubjectReport { id: format!("{}-{i}", one.id), ..one.clone() }).collect()
    }

    fn run(&self, subjects: Vec<SubjectReport<'static>>) -> Run<'_> {
        Run {
            program: self.program,
            sources: &self.sources,
            // A fixed digest keeps the snapshots stable when policy text changes.
            policy: PolicyInfo::new("policies/cac-2016", "sha256:(digest)"),
            regulations: (0..self.program.regulations.len()).collect(),
            as_of: clause::time::Date::parse("2020-06-01").map_or(AsOf::None, AsOf::Given),
            subjects,
            only_failures: false,
        }
    }
}

fn failing(run: &Run<'_>, fail_on: &FailOn) -> usize {
    run.subjects.iter().flat_map(|s| &s.verdicts).filter(|v| fail_on.fails(v)).count()
}

fn count(run: &Run<'_>, outcome: Outcome) -> usize {
    run.subjects.iter().flat_map(|s| &s.verdicts).filter(|v| v.outcome == outcome).count()
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name).unwrap_or_else(|| panic!("<{}> has no {name}", node.tag_name().name()))
}

fn children<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children().filter(|c| c.has_tag_name(name)).collect()
}

/// The examples, with one violated rule of the flashlight app lowered to a warning: a
/// violation the default gate lets pass.
fn examples_with_a_warning(fx: &mut Fixture) -> Vec<SubjectReport<'static>> {
    let mut subjects = fx.examples();
    let lowered = subjects
        .iter_mut()
        .flat_map(|s| &mut s.verdicts)
        .find(|v| v.outcome == Outcome::Violated)
        .map(|v| v.severity = SeverityLevel::Warning);
    assert!(lowered.is_some(), "no violation among the examples");
    subjects
}

#[test]
fn junit_parses_back_with_the_counts_and_citations() {
    let mut fx = Fixture::new();
    let subjects = examples_with_a_warning(&mut fx);
    let run = fx.run(subjects);
    let fail_on = FailOn::default();
    let xml = junit::render(&run, &fail_on);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(attr(root, "name"), "clause");

    let rules = run.program.rules.len();
    let tests: usize = run.subjects.iter().map(|s| s.verdicts.len()).sum();
    let failures = failing(&run, &fail_on);
    assert!(failures > 0);
    let skipped = count(&run, Outcome::NotApplicable);
    assert_eq!(attr(root, "tests"), tests.to_string());
    assert_eq!(attr(root, "failures"), failures.to_string());
    assert_eq!(attr(root, "errors"), "0");
    assert_eq!(attr(root, "skipped"), skipped.to_string());

    let suites = children(root, "testsuite");
    // One testsuite per subject and regulation; the bundled policy has one regulation.
    assert_eq!(run.regulations.len(), 1);
    assert_eq!(suites.len(), run.subjects.len(), "one testsuite per subject and regulation");
    let mut seen_failures = 0;
    for (suite, subject) in suites.iter().zip(&run.subjects) {
        assert_eq!(attr(*suite, "name"), format!("{} / cac-2016", subject.id));
        let cases = children(*suite, "testcase");
        assert_eq!(cases.len(), rules, "one testcase per rule in {}", subject.id);
        assert_eq!(attr(*suite, "tests"), rules.to_string());
        let props: Vec<(&str, &str)> = children(*suite, "properties")
            .iter()
            .flat_map(|p| children(*p, "property"))
            .map(|p| (attr(p, "name"), attr(p, "value")))
            .collect();
        assert!(props.contains(&("subject.id", subject.id.as_str())));
        assert!(props.contains(&("regulation", "cac-2016")));
        assert!(props.contains(&("regulation.in_force_on_as_of", "true")));
        assert!(props.contains(&("subject.kind", subject.kind.as_str())));
        assert!(props.contains(&("subject.file", subject.files[0].as_str())));
        assert!(props.contains(&("as_of", "2020-06-01")));
        assert!(props.contains(&("policy.digest", "sha256:(digest)")));
        let suite_failures = cases.iter().filter(|c| !children(**c, "failure").is_empty()).count();
        let suite_skipped = cases.iter().filter(|c| !children(**c, "skipped").is_empty()).count();
        assert_eq!(attr(*suite, "failures"), suite_failures.to_string());
        assert_eq!(attr(*suite, "skipped"), suite_skipped.to_string());
        seen_failures += suite_failures;
        for (case, v) in cases.iter().zip(&subject.verdicts) {
            assert_eq!(attr(*case, "name"), v.rule);
            assert_eq!(attr(*case, "classname"), format!("{}.Art{}", v.regulation, v.article));
            assert!(attr(*case, "file").starts_with("examples/"));
            if let Some(failure) = children(*case, "failure").first() {
                assert!(fail_on.fails(v));
                assert_eq!(attr(*failure, "type"), v.outcome.as_str());
                let text = failure.text().unwrap_or_default();
                assert!(text.contains(&v.citation.en) && text.contains(&v.citation.zh), "{text}");
                assert!(attr(*failure, "message").contains(&v.citation.en));
                for f in &v.findings {
                    assert!(text.contains(f.message.en.as_deref().unwrap_or_default()), "{text}");
                    if let Some(loc) = f.loc {
                        assert!(text.contains(&format!("{}:{}:{}", subject.files[0], loc.line, loc.column)));
                    }
                }
                for m in &v.missing {
                    assert!(text.contains(m.as_str()), "{text}");
                }
            } else if v.outcome == Outcome::NotApplicable {
                let skipped = children(*case, "skipped");
                assert_eq!(skipped.len(), 1, "{}", v.rule);
                let reason = v.reason.as_ref().and_then(|r| r.message.en.clone()).unwrap_or_default();
                assert_eq!(attr(skipped[0], "message"), reason);
            } else if v.outcome == Outcome::Satisfied {
                assert_eq!(case.children().filter(|c| c.is_element()).count(), 0, "{}", v.rule);
            } else {
                // Not satisfied but not failing (a warning rule under the default gate).
                let out = children(*case, "system-out");
                assert_eq!(out.len(), 1, "{}", v.rule);
                assert!(out[0].text().unwrap_or_default().contains(&v.citation.en));
            }
        }
    }
    assert_eq!(seen_failures, failures);
    // The violation the default gate lets pass is on record.
    assert_eq!(xml.matches("<system-out>").count(), 1);
}

#[test]
fn junit_escapes_xml_special_and_forbidden_characters() {
    let mut fx = Fixture::new();
    let mut subjects = fx.flashlights(1);
    let hostile = "a <b> & \"c\" 'd' ]]> \u{1}\u{b}end";
    subjects[0].id = "id<&\"'>".into();
    let v = subjects[0]
        .verdicts
        .iter_mut()
        .find(|v| v.outcome == Outcome::Violated && !v.findings.is_empty())
        .unwrap_or_else(|| panic!("no violation"));
    v.findings[0].message.en = Some(hostile.into());
    let rule = v.rule;
    let run = fx.run(subjects);
    let xml = junit::render(&run, &FailOn::default());
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{b}'));
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let suite = children(doc.root_element(), "testsuite")[0];
    assert_eq!(attr(suite, "name"), "id<&\"'> / cac-2016");
    let case = children(suite, "testcase").into_iter().find(|c| attr(*c, "name") == rule);
    let failure =
        case.and_then(|c| children(c, "failure").first().copied()).unwrap_or_else(|| panic!("no failure"));
    let expected = "a <b> & \"c\" 'd' ]]> end";
    assert!(failure.text().unwrap_or_default().contains(expected), "{xml}");
    assert!(attr(failure, "message").contains(expected));
}

#[test]
fn github_annotations_escape_and_point_at_facts() {
    let mut fx = Fixture::new();
    let mut subjects = vec![fx.subject("flashlight-app.yaml", "apps/a,b:c%.yaml")];
    let v = subjects[0]
        .verdicts
        .iter_mut()
        .find(|v| v.outcome == Outcome::Violated && !v.findings.is_empty())
        .unwrap_or_else(|| panic!("no violation"));
    v.findings[0].message.en = Some("100% wrong:\r\nnext, line".into());
    let run = fx.run(subjects);
    let fail_on = FailOn::default();
    let out = github::render(&run, &fail_on);
    let lines: Vec<&str> = out.lines().collect();
    // Every line is a workflow command; data never breaks a line.
    for line in &lines {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
            "{line}"
        );
        let (props, _) =
            line.split_once("::").and_then(|(_, rest)| rest.split_once("::")).unwrap_or_default();
        let props = props.split_once(' ').map_or("", |(_, p)| p);
        for prop in props.split(',') {
            let (key, value) =
                prop.split_once('=').unwrap_or_else(|| panic!("bad property {prop} in {line}"));
            assert!(["file", "line", "col", "title"].contains(&key), "{line}");
            assert!(!value.contains(':') && !value.contains(','), "{line}");
        }
    }
    assert!(out.contains("::error file=apps/a%2Cb%3Ac%25.yaml,line="), "file property escaped:\n{out}");
    assert!(out.contains("::100%25 wrong:%0D%0Anext, line (at "), "message escaped:\n{out}");
    // One annotation per failing result, with its citation in both languages.
    let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::error ")).collect();
    let failing_count = failing(&run, &fail_on);
    assert_eq!(errors.len(), failing_count.min(github::PER_LEVEL));
    for (line, v) in errors.iter().zip(run.subjects[0].verdicts.iter().filter(|v| fail_on.fails(v))) {
        assert!(
            line.contains(&format!("title={} (violated)%3A {},", v.citation.en, v.rule))
                || line.contains(&format!("title={} (violated)%3A {}::", v.citation.en, v.rule)),
            "{line}"
        );
        assert!(line.contains(&v.citation.zh), "{line}");
    }
    let summary = lines.last().copied().unwrap_or_default();
    assert!(summary.starts_with("::notice title=clause summary::clause: 1 subject: "), "{summary}");
    assert!(summary.ends_with(&format!("; {failing_count} failing")), "{summary}");
}

#[test]
fn github_respects_the_annotation_limits() {
    let mut fx = Fixture::new();
    let mut subjects = fx.flashlights(20);
    // Failing rules of each severity, so that every level overflows.
    for s in &mut subjects {
        let failing = s.verdicts.iter_mut().filter(|v| v.outcome == Outcome::Violated);
        for (v, severity) in
            failing.zip([SeverityLevel::Error, SeverityLevel::Warning, SeverityLevel::Info].iter().cycle())
        {
            v.severity = *severity;
        }
    }
    let run = fx.run(subjects);
    let fail_on = FailOn::parse("info").unwrap_or_default();
    let out = github::render(&run, &fail_on);
    let lines: Vec<&str> = out.lines().collect();
    let of = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(of("::error "), github::PER_LEVEL);
    assert_eq!(of("::warning "), github::PER_LEVEL);
    // Info rules are notices; two notices are the writer's own summaries.
    assert_eq!(of("::notice "), github::PER_LEVEL);
    let expected = failing(&run, &fail_on);
    assert_eq!(lines.len(), 3 * github::PER_LEVEL, "{out}");
    let more = lines[lines.len() - 2];
    assert!(more.starts_with("::notice title=clause%3A annotations truncated::"), "{more}");
    let left = expected - (3 * github::PER_LEVEL - 2);
    assert!(more.contains(&format!("clause: {left} more failing results were not annotated")), "{more}");
    assert!(more.contains("--format json"), "{more}");
    assert!(lines[lines.len() - 1].contains("clause: 20 subjects:"));
}

#[test]
fn markdown_has_a_verdict_tables_and_evidence() {
    let mut fx = Fixture::new();
    let subjects = examples_with_a_warning(&mut fx);
    let run = fx.run(subjects);
    let fail_on = FailOn::default();
    let md = markdown::render(&run, &fail_on);
    eprintln!("markdown of the five examples: {} characters", md.chars().count());
    assert!(md.starts_with("## clause: cac-2016 as of 2020-06-01\n"), "{md}");
    let failing_count = failing(&run, &fail_on);
    assert!(md.contains(&format!("❌ **Failed**: {failing_count} failing rules in ")), "{md}");
    for subject in &run.subjects {
        assert!(md.contains(&format!(" {} (", markdown::escape(&subject.id))), "{}", subject.id);
    }
    assert_eq!(md.matches("| Rule | Citation | Severity | Outcome | Message | Location |").count(), {
        run.subjects
            .iter()
            .filter(|s| {
                s.verdicts.iter().any(|v| matches!(v.outcome, Outcome::Violated | Outcome::Undetermined))
            })
            .count()
    });
    assert_eq!(md.matches("<details>").count(), md.matches("</details>").count());
    // Every rule of every subject has one row: unsatisfied in the table, the rest as evidence.
    let rows = md.lines().filter(|l| l.starts_with("| `cac-2016/")).count();
    let verdicts: usize = run.subjects.iter().map(|s| s.verdicts.len()).sum();
    assert_eq!(rows, verdicts);
    assert!(!md.contains("Truncated"));
    // The violation the gate lets pass is in the table, marked as not failing.
    assert_eq!(md.matches("| warning | ⚠️ violated |").count(), 1, "{md}");
    // Every table row has the same number of unescaped pipes as its header.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells == 7 || cells == 5, "{line}");
    }

    let passing = fx.run(vec![]);
    assert!(markdown::render(&passing, &fail_on).contains("✅ **Passed**"));
}

#[test]
fn markdown_stays_under_the_comment_limit() {
    let mut fx = Fixture::new();
    let mut subjects = fx.flashlights(400);
    // Multi-byte text and table syntax in the messages.
    for s in &mut subjects {
        for v in &mut s.verdicts {
            for f in &mut v.findings {
                f.message.en =
                    Some(format!("{} | 第七条 😀\nline two", f.message.en.as_deref().unwrap_or("")));
            }
        }
    }
    let run = fx.run(subjects);
    let md = markdown::render(&run, &FailOn::default());
    assert!(md.chars().count() < markdown::LIMIT);
    assert!(md.encode_utf16().count() < markdown::LIMIT);
    assert!(md.len() > markdown::LIMIT / 2, "the budget is used");
    let last = md.lines().last().unwrap_or_default();
    assert!(last.starts_with("⚠️ **Truncated**: "), "{last}");
    assert!(last.contains("rows were left out") && last.contains("--format json"), "{last}");
    assert!(last.contains("subjects not shown"), "{last}");
    // The table ends with a whole row, and every row is whole.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with(" |"), "{line}");
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells == 7 || cells == 5, "{line}");
    }
    assert_eq!(md.matches("<details>").count(), md.matches("</details>").count());
    // The counts add up: rows shown + rows left out = all rows.
    let shown = md.lines().filter(|l| l.starts_with("| `cac-2016/")).count();
    let all: usize = run.subjects.iter().map(|s| s.verdicts.len()).sum();
    let left: usize = last
        .trim_start_matches("⚠️ **Truncated**: ")
        .split(' ')
        .next()
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or_default();
    assert_eq!(shown + left, all, "{last}");
}

#[test]
fn only_failures_trims_cases_and_rows_but_not_counts() {
    let mut fx = Fixture::new();
    let subjects = examples_with_a_warning(&mut fx);
    let mut run = fx.run(subjects);
    run.only_failures = true;
    let fail_on = FailOn::default();
    let failures = failing(&run, &fail_on);
    let xml = junit::render(&run, &fail_on);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    let cases: usize = children(root, "testsuite").iter().map(|s| children(*s, "testcase").len()).sum();
    assert_eq!(cases, failures);
    let tests: usize = run.subjects.iter().map(|s| s.verdicts.len()).sum();
    assert_eq!(attr(root, "tests"), tests.to_string());
    let md = markdown::render(&run, &fail_on);
    assert!(!md.contains("<details>"));
    assert_eq!(md.lines().filter(|l| l.starts_with("| `cac-2016/")).count(), failures);
    assert!(md.contains(&format!("❌ **Failed**: {failures} failing rules in ")));
}

#[test]
fn flashlight_snapshots() {
    let mut fx = Fixture::new();
    let subjects = vec![fx.subject("flashlight-app.yaml", "examples/flashlight-app.yaml")];
    let run = fx.run(subjects);
    let fail_on = FailOn::default();
    insta::with_settings!({ snapshot_path => "ci_formats/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("flashlight.junit.xml", junit::render(&run, &fail_on));
        insta::assert_snapshot!("flashlight.github.txt", github::render(&run, &fail_on));
        insta::assert_snapshot!("flashlight.md", markdown::render(&run, &fail_on));
    });
}
