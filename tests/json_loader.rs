//! The JSON reader (used for `.json` facts and every catalogue line) loads the same facts as
//! the YAML parser: each example, written as JSON, gives the same verdicts; positions point at
//! the JSON text; escapes are decoded.

mod common;

use clause::facts::{self, Format, LoadOptions};
use clause::source::SourceMap;

fn yaml_to_json(text: &str) -> String {
    let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn json_and_yaml_give_the_same_verdicts() {
    let mut sources = SourceMap::new();
    let checked =
        clause::compile(&mut sources, &common::bundled_policy()).unwrap_or_else(|_| panic!("policy"));
    let program = &checked.program;
    let as_of = clause::time::Date::parse("2020-06-01");
    let mut examples: Vec<_> = std::fs::read_dir("examples")
        .map(|rd| {
            rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect()
        })
        .unwrap_or_default();
    examples.sort();
    assert_eq!(examples.len(), 5);
    for path in examples {
        let yaml = std::fs::read_to_string(&path).unwrap_or_default();
        let json = yaml_to_json(&yaml);
        let mut verdicts = Vec::new();
        for (text, format) in [(yaml.as_str(), Format::Yaml), (json.as_str(), Format::Json)] {
            let id = sources.add(path.display().to_string(), text.to_string());
            let parsed = facts::parse(&program.schema, id, text, format, &LoadOptions::default());
            assert!(parsed.diagnostics.is_empty(), "{}: {:?}", path.display(), parsed.diagnostics);
            let bundle = parsed.bundle.unwrap_or_else(|| panic!("{} does not load", path.display()));
            let subject =
                facts::finish(&program.schema, bundle, &sources, id).unwrap_or_else(|_| panic!("identity"));
            let summary: Vec<_> = clause::eval::evaluate(program, &subject, as_of)
                .into_iter()
                .map(|v| {
                    let paths: Vec<_> =
                        v.findings.iter().map(|f| (f.path.clone(), f.value.clone())).collect();
                    (
                        v.rule,
                        v.outcome,
                        paths,
                        v.missing,
                        v.findings.iter().map(|f| f.message.clone()).collect::<Vec<_>>(),
                    )
                })
                .collect();
            verdicts.push(summary);
        }
        assert_eq!(verdicts[0], verdicts[1], "{}: JSON and YAML differ", path.display());
    }
}

#[test]
fn json_positions_and_escapes() {
    let mut sources = SourceMap::new();
    let checked =
        clause::compile(&mut sources, &common::bundled_policy()).unwrap_or_else(|_| panic!("policy"));
    let program = &checked.program;
    let text = "{\n  \"app\": {\n    \"package_id\": \"com.example.\\u0071uote\",\n    \"name\": \"A \\\"quoted\\\" 名字\"\n  },\n  \"developer\": { \"logs\": { \"recorded\": \"yes\" } }\n}\n";
    let id = sources.add("facts.json", text);
    let parsed = facts::parse(&program.schema, id, text, Format::Json, &LoadOptions::default());
    // The quoted "yes" is a string where a boolean is wanted: an error at its line and column.
    let error = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == "E0414")
        .unwrap_or_else(|| panic!("{:?}", parsed.diagnostics));
    let loc = sources.loc_of_span(error.primary_span().unwrap_or_default());
    assert_eq!((loc.line, loc.column), (6, 40));
    // Escapes are decoded.
    let fixed = text.replace("\"yes\"", "true");
    let id = sources.add("fixed.json", fixed.clone());
    let parsed = facts::parse(&program.schema, id, &fixed, Format::Json, &LoadOptions::default());
    let subject =
        facts::finish(&program.schema, parsed.bundle.unwrap_or_else(|| panic!("loads")), &sources, id)
            .unwrap_or_else(|_| panic!("identity"));
    assert_eq!(subject.subject.id, "com.example.quote");
}
