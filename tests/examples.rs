//! The full text (English and Chinese) and JSON reports of each example in `examples/`,
//! evaluated against the bundled policy as of 2020-06-01, as reviewed snapshots.

mod common;

use clause::diagnostic::render::{to_text, Style};
use clause::facts::{self, Format, LoadOptions};
use clause::report::{self, gate::FailOn, AsOf, PolicyInfo, Run, SubjectReport};
use clause::source::SourceMap;
use clause::syntax::ast::Lang;

#[test]
fn example_reports() {
    insta::glob!("../examples", "*.yaml", |path| {
        let mut sources = SourceMap::new();
        let checked = clause::compile(&mut sources, &common::bundled_policy())
            .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
        let program = &checked.program;
        let name = format!(
            "examples/{}",
            path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
        );
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let id = sources.add(name.clone(), text.clone());
        let parsed = facts::parse(&program.schema, id, &text, Format::Yaml, &LoadOptions::default());
        assert!(parsed.diagnostics.is_empty(), "{}", to_text(&sources, &parsed.diagnostics, Style::Plain));
        let bundle = parsed.bundle.unwrap_or_else(|| panic!("{name} does not load"));
        let subject = facts::finish(&program.schema, bundle, &sources, id)
            .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
        let as_of = clause::time::Date::parse("2020-06-01");
        let verdicts = clause::eval::evaluate(program, &subject, as_of);
        let kind = program.schema.subjects[subject.subject.kind.0 as usize].name.clone();
        let run = Run {
            program,
            sources: &sources,
            // A fixed digest keeps the snapshots stable when policy text changes.
            policy: PolicyInfo::new("policies/cac-2016", "sha256:(digest)"),
            regulations: (0..program.regulations.len()).collect(),
            as_of: as_of.map_or(AsOf::None, AsOf::Given),
            subjects: vec![SubjectReport {
                id: subject.subject.id.clone(),
                kind,
                files: vec![name],
                verdicts,
                explanations: Vec::new(),
            }],
            only_failures: false,
        };
        let fail_on = FailOn::default();
        let en = report::text::render(&run, &fail_on, Lang::En, false);
        let zh = report::text::render(&run, &fail_on, Lang::Zh, false);
        let json =
            serde_json::to_string_pretty(&report::json::render(&run, &fail_on, &[])).unwrap_or_default();
        let json = json.replace(env!("CARGO_PKG_VERSION"), "(version)");
        let en = en.replace(env!("CARGO_PKG_VERSION"), "(version)");
        let zh = zh.replace(env!("CARGO_PKG_VERSION"), "(version)");
        insta::assert_snapshot!(format!("{en}\n===== zh\n{zh}\n===== json\n{json}\n"));
    });
}
