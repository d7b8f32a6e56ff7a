//! The facts loader: types, positions, hostile input, merging, identity, test-case files.

use clause::diagnostic::{Diagnostic, Severity};
use clause::facts::cases::parse_cases;
use clause::facts::{self, decode_utf8, Bundle, Format, Limits, LoadOptions, Parsed};
use clause::schema::{
    DocumentId, DocumentType, DurationUnit, EnumId, EnumType, EnumVariant, FieldType, RecordId, RecordType,
    Schema, SubjectKind, SubjectKindId, Type,
};
use clause::source::{FileId, SourceMap};
use clause::time::Date;
use clause::value::{Fact, Value};

fn field(name: &str, ty: Type) -> FieldType {
    FieldType {
        name: name.into(),
        ty,
        doc: None,
        doc_zh: None,
        source: None,
        source_zh: None,
        pack: String::new(),
    }
}

fn schema() -> Schema {
    let app = RecordType::new(
        "app".into(),
        None,
        vec![
            field("package_id", Type::String),
            field("name", Type::String),
            field("version", Type::String),
            field("min_age", Type::Int),
            field("released", Type::Date),
            field("children", Type::Bool),
            field("permissions", Type::List(Box::new(Type::Record(RecordId(1))))),
            field("tags", Type::List(Box::new(Type::String))),
        ],
    );
    let permission = RecordType::new(
        "permission".into(),
        None,
        vec![
            field("name", Type::String),
            field("state", Type::Enum(EnumId(0))),
            field("granted_on", Type::Date),
        ],
    );
    let developer = RecordType::new("developer".into(), None, vec![field("logs", Type::Record(RecordId(3)))]);
    let logs = RecordType::new(
        "developer.logs".into(),
        None,
        vec![
            field("recorded", Type::Bool),
            field("retention", Type::Duration { unit: Some(DurationUnit::Days) }),
            field("review", Type::Duration { unit: None }),
        ],
    );
    let store = RecordType::new("store".into(), None, vec![field("store_id", Type::String)]);
    let variant = |n: &str| EnumVariant {
        name: n.into(),
        doc: None,
        doc_zh: None,
        label_en: None,
        label_zh: None,
        pack: String::new(),
    };
    Schema {
        records: vec![app, permission, developer, logs, store],
        enums: vec![EnumType {
            name: "permission_state".into(),
            doc: None,
            doc_zh: None,
            variants: vec![variant("granted"), variant("denied"), variant("ask")],
            pack: String::new(),
        }],
        documents: vec![
            DocumentType { name: "app".into(), record: RecordId(0) },
            DocumentType { name: "developer".into(), record: RecordId(2) },
            DocumentType { name: "store".into(), record: RecordId(4) },
        ],
        subjects: vec![
            SubjectKind {
                name: "app".into(),
                doc: None,
                doc_zh: None,
                document: DocumentId(0),
                id_fields: vec![0],
                id_path: "app.package_id".into(),
            },
            SubjectKind {
                name: "store".into(),
                doc: None,
                doc_zh: None,
                document: DocumentId(2),
                id_fields: vec![0],
                id_path: "store.store_id".into(),
            },
        ],
    }
}

struct Run {
    sources: SourceMap,
    parsed: Parsed,
}

fn run_with(name: &str, text: &str, options: &LoadOptions) -> Run {
    let schema = schema();
    let mut sources = SourceMap::new();
    let file = sources.add(name, text);
    let format = Format::from_path(name).unwrap_or(Format::Yaml);
    let parsed = facts::parse(&schema, file, text, format, options);
    Run { sources, parsed }
}

fn run(text: &str) -> Run {
    run_with("facts.yaml", text, &LoadOptions::default())
}

fn ok(text: &str) -> Bundle {
    let r = run(text);
    assert!(r.parsed.diagnostics.is_empty(), "{:#?}", r.parsed.diagnostics);
    r.parsed.bundle.unwrap()
}

impl Run {
    /// The only diagnostic: (code, message, line of its primary label).
    fn single(&self) -> (&'static str, String, u32) {
        assert_eq!(self.parsed.diagnostics.len(), 1, "{:#?}", self.parsed.diagnostics);
        self.describe(&self.parsed.diagnostics[0])
    }

    fn describe(&self, d: &Diagnostic) -> (&'static str, String, u32) {
        let line = d.primary_span().map_or(0, |s| self.sources.loc_of_span(s).line);
        (d.code, d.message.clone(), line)
    }

    fn error(&self) -> (&'static str, String, u32) {
        assert!(self.parsed.bundle.is_none());
        self.single()
    }
}

fn get<'a>(fact: &'a Fact, path: &[usize]) -> &'a Fact {
    let mut f = fact;
    for &i in path {
        match &f.value {
            Value::Record(r) => f = r.get(i).unwrap(),
            Value::List(items) => f = &items[i],
            other => panic!("not a container: {other:?}"),
        }
    }
    f
}

fn app(b: &Bundle) -> &Fact {
    b.documents[0].as_ref().unwrap()
}

#[test]
fn every_type_is_read() {
    let b = ok(include_str!("facts/news-app.yaml"));
    let app = app(&b);
    assert_eq!(get(app, &[0]).value, Value::Str("com.example.news".into()));
    assert_eq!(get(app, &[1]).value, Value::Str("每日新闻 News".into()));
    assert_eq!(
        get(app, &[2]).value,
        Value::Str("1.0".into()),
        "a plain number is a string in a string field"
    );
    assert_eq!(get(app, &[3]).value, Value::Int(12));
    assert_eq!(get(app, &[4]).value, Value::Date(Date::parse("2017-03-01").unwrap()));
    assert_eq!(get(app, &[5]).value, Value::Bool(false));
    assert_eq!(get(app, &[6, 0, 1]).value, Value::Enum(0));
    assert_eq!(get(app, &[6, 1, 1]).value, Value::Enum(1));
    assert_eq!(get(app, &[6, 0, 2]).value, Value::Date(Date::parse("2019-05-01").unwrap()));
    assert_eq!(get(app, &[7, 1]).value, Value::Str("true".into()), "a quoted \"true\" is a string");
    let dev = b.documents[1].as_ref().unwrap();
    assert_eq!(get(dev, &[0, 0]).value, Value::Bool(true));
    assert_eq!(get(dev, &[0, 1]).value, Value::Duration(60));
    assert_eq!(get(dev, &[0, 2]).value, Value::Duration(14));
    assert!(b.documents[2].is_none());
    assert_eq!(b.subject.kind.map(|k| k.0), Some(SubjectKindId(0)));
}

#[test]
fn positions_are_lines_and_character_columns() {
    let b = ok(include_str!("facts/news-app.yaml"));
    let app = app(&b);
    let state = get(app, &[6, 1, 1]);
    assert_eq!((state.loc.line, state.loc.column), (13, 14));
    let granted_on = get(app, &[6, 0, 2]);
    assert_eq!((granted_on.loc.line, granted_on.loc.column), (11, 53));
    // After a line with Chinese characters, columns still count characters.
    let text = "app:\n  name: 每日新闻\n  version: 新闻\n  min_age: x\n";
    let r = run(text);
    let (code, _, line) = r.error();
    assert_eq!((code, line), ("E0414", 4));
    let span = r.parsed.diagnostics[0].primary_span().unwrap();
    assert_eq!(&text[span.range()], "x");
}

#[test]
fn partial_facts_and_nulls_are_absent() {
    let b = ok("app:\n  package_id: a\n  name: null\n  min_age: ~\n  released:\ndeveloper: null\n");
    let app = app(&b);
    let Value::Record(r) = &app.value else { panic!() };
    assert_eq!(r.fields.len(), 8);
    assert!(r.fields[1..].iter().all(Option::is_none));
    assert!(b.documents[1].is_none());
}

#[test]
fn json_files() {
    let r = run_with("facts.json", include_str!("facts/news-app.json"), &LoadOptions::default());
    assert!(r.parsed.diagnostics.is_empty(), "{:#?}", r.parsed.diagnostics);
    let b = r.parsed.bundle.unwrap();
    assert_eq!(get(app(&b), &[6, 0, 1]).value, Value::Enum(2));
    let dev = b.documents[1].as_ref().unwrap();
    assert_eq!(get(dev, &[0, 1]).value, Value::Duration(30), "a bare number in a `duration in days`");
    assert_eq!(get(app(&b), &[3]).loc.line, 4);

    let r = run_with("facts.json", "app:\n  name: x\n", &LoadOptions::default());
    let (code, message, line) = r.error();
    assert_eq!((code, line), ("E0404", 1));
    assert!(message.starts_with("invalid JSON"), "{message}");
    let r = run_with("facts.json", "{\"app\": {}} x", &LoadOptions::default());
    assert_eq!(r.error().0, "E0404");
}

#[test]
fn wrong_types() {
    let r = run("app:\n  released: next week\n");
    assert_eq!(
        r.error(),
        (
            "E0414",
            "expected a date like 2017-03-01, found the string \"next week\", in `app.released`".into(),
            2
        )
    );
    let r = run("app:\n  children: \"true\"\n");
    let (code, message, _) = r.error();
    assert_eq!(code, "E0414");
    assert!(message.contains("found the string \"true\""), "{message}");
    assert_eq!(r.parsed.diagnostics[0].help.as_deref(), Some("remove the quotes"));
    assert_eq!(
        run("app:\n  min_age: 1.5\n").error().1,
        "expected an integer, found the number `1.5`, in `app.min_age`"
    );
    assert_eq!(run("app:\n  permissions: {a: 1}\n").error().0, "E0414");
    assert_eq!(run("app:\n  name: [a]\n").error().0, "E0414");
    let r = run("app:\n  permissions:\n    - name: a\n    - null\n");
    assert_eq!(r.error().2, 4);
    assert!(r.parsed.diagnostics[0].message.contains("`app.permissions[1]`"));
    assert_eq!(run("app: 3\n").error().0, "E0414");
}

#[test]
fn bad_enum_date_duration_and_integer() {
    let r = run("app:\n  permissions:\n    - name: a\n    - name: b\n    - state: grantd\n");
    let (code, message, line) = r.error();
    assert_eq!((code, line), ("E0418", 5));
    assert_eq!(message, "`grantd` is not a `permission_state` value, in `app.permissions[2].state`");
    assert_eq!(r.parsed.diagnostics[0].help.as_deref(), Some("did you mean `granted`?"));

    let r = run("app:\n  released: 2017-02-30\n");
    assert_eq!(r.error().0, "E0416");
    let r = run("app:\n  released: 2017-03-01T10:00:00Z\n");
    assert_eq!(r.error().0, "E0416");
    assert!(r.parsed.diagnostics[0].help.as_deref().unwrap().contains("`2017-03-01`"));

    let r = run("developer:\n  logs:\n    retention: P6M\n");
    assert_eq!(r.error().0, "E0417");
    assert!(r.parsed.diagnostics[0].help.as_deref().unwrap().contains("months"));
    let r = run("developer:\n  logs:\n    review: 60\n");
    let (code, message, line) = r.error();
    assert_eq!((code, line), ("E0417", 3));
    assert_eq!(message, "`60` is not a valid duration, in `developer.logs.review`");
    assert_eq!(run("developer:\n  logs:\n    retention: -3\n").error().0, "E0417");

    let r = run("app:\n  min_age: 99999999999999999999\n");
    assert_eq!(r.error().0, "E0415");
    let min = ok("app:\n  min_age: -9223372036854775808\n");
    assert!(min.documents[0].is_some());
}

#[test]
fn unknown_keys_warn_or_fail_when_strict() {
    let r = run("app:\n  package_id: a\n  permisions: []\n");
    assert!(r.parsed.bundle.is_some());
    let d = &r.parsed.diagnostics[0];
    assert_eq!((d.severity, d.code), (Severity::Warning, "W0401"));
    assert_eq!(d.message, "unknown key `app.permisions` is ignored");
    assert_eq!(d.help.as_deref(), Some("did you mean `permissions`?"));
    assert_eq!(r.single().2, 3);

    let strict = LoadOptions { strict: true, ..LoadOptions::default() };
    let r = run_with("f.yaml", "ap:\n  name: x\n", &strict);
    let (code, message, line) = r.error();
    assert_eq!((code, message.as_str(), line), ("E0413", "unknown key `ap`", 1));
}

#[test]
fn duplicate_keys_show_both_places() {
    let r = run("app:\n  name: a\n  min_age: 3\n  name: b\n");
    assert_eq!(r.error(), ("E0412", "`app.name` is given twice".into(), 4));
    let secondary = r.parsed.diagnostics[0].labels.iter().find(|l| !l.primary).unwrap();
    assert_eq!(r.sources.loc_of_span(secondary.span).line, 2);
    assert_eq!(run("app: {}\napp: {}\n").error().0, "E0412");
}

#[test]
fn hostile_input() {
    let small =
        LoadOptions { limits: Limits { max_bytes: 10, ..Limits::default() }, ..LoadOptions::default() };
    assert_eq!(run_with("f.yaml", "app:\n  name: too long\n", &small).error().0, "E0401");

    let deep = format!("app:\n  name: {}{}\n", "[".repeat(100), "]".repeat(100));
    let r = run(&deep);
    assert!(r.parsed.bundle.is_none());
    let last = r.parsed.diagnostics.last().unwrap();
    assert_eq!((last.code, r.describe(last).2), ("E0408", 2));
    // Deep nesting under an unknown key is refused too, without recursion.
    let deep = format!("app:\n  other: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let r = run(&deep);
    assert!(r.parsed.bundle.is_none());
    assert_eq!(r.parsed.diagnostics.last().unwrap().code, "E0408", "{:#?}", r.parsed.diagnostics);

    assert_eq!(run("app:\n  name: &a x\n  version: *a\n").error().0, "E0409");
    assert_eq!(run("app: &a {}\n").error().0, "E0409");
    assert_eq!(run("app:\n  name: !secret x\n").error().0, "E0410");
    assert_eq!(ok("app:\n  min_age: 1\n  name: !!str 12\n").documents.len(), 3);

    assert_eq!(run("").error(), ("E0405", "the facts file is empty".into(), 1));
    assert_eq!(run("# only a comment\n\n").error().0, "E0405");
    assert_eq!(run("---\n").error().0, "E0405");
    assert_eq!(run("- app\n").error().0, "E0406");
    assert_eq!(run("just words\n").error().0, "E0406");
    assert_eq!(
        run("app: {}\n---\nstore: {}\n").error(),
        ("E0407", "a facts file must hold one YAML document, found several".into(), 2)
    );
    let (code, message, line) = run("app:\n  name: x\n]\n").error();
    assert_eq!((code, line), ("E0404", 3), "{message}");
    assert_eq!(run("app: {name: x\n").error().0, "E0404");
    assert_eq!(
        run("app:\n  name: a\u{0}b\n").error(),
        ("E0403", "the facts file contains a NUL byte".into(), 2)
    );
    assert_eq!(run("app:\n  ? [a]\n  : b\n").error().0, "E0411");
}

#[test]
fn invalid_utf8_is_located() {
    assert_eq!(decode_utf8(b"app:\n  x"), Ok("app:\n  x"));
    let problem = decode_utf8(b"app:\n  n\xc3\xa9\xff").unwrap_err();
    assert_eq!((problem.byte_offset, problem.line, problem.column), (10, 2, 5));
    assert_eq!(problem.to_diagnostic(FileId(0)).code, "E0402");
}

#[test]
fn several_errors_are_all_reported() {
    let r = run("app:\n  min_age: x\n  released: y\n  children: maybe\n");
    assert!(r.parsed.bundle.is_none());
    let lines: Vec<u32> = r.parsed.diagnostics.iter().map(|d| r.describe(d).2).collect();
    assert_eq!(lines, [2, 3, 4]);
}

fn parse_in(sources: &mut SourceMap, name: &str, text: &str) -> Bundle {
    let file = sources.add(name, text);
    let p = facts::parse(&schema(), file, text, Format::Yaml, &LoadOptions::default());
    assert!(p.diagnostics.is_empty(), "{:#?}", p.diagnostics);
    p.bundle.unwrap()
}

#[test]
fn merge_disjoint_parts() {
    let schema = schema();
    let mut sources = SourceMap::new();
    let mut base = parse_in(&mut sources, "a.yaml", "app:\n  package_id: a\n  permissions: [{name: x}]\n");
    let other =
        parse_in(&mut sources, "b.yaml", "app:\n  min_age: 3\ndeveloper:\n  logs: {recorded: true}\n");
    assert!(facts::merge(&mut base, other, &schema, &sources).is_empty());
    let app = app(&base);
    assert_eq!(get(app, &[3]).value, Value::Int(3));
    assert_eq!(get(app, &[0]).loc.file, FileId(0));
    assert_eq!(get(app, &[3]).loc.file, FileId(1));
    assert!(base.documents[1].is_some());
}

#[test]
fn merge_conflict_names_both_places() {
    let schema = schema();
    let mut sources = SourceMap::new();
    let mut base = parse_in(&mut sources, "a.yaml", "app:\n  package_id: a\n  min_age: 3\n");
    let other = parse_in(&mut sources, "b.yaml", "\napp:\n  min_age: 3\n  tags: []\n");
    let diagnostics = facts::merge(&mut base, other, &schema, &sources);
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!((d.code, d.message.as_str()), ("E0419", "`app.min_age` is given in two facts files"));
    let primary = d.primary_span().unwrap();
    let secondary = d.labels.iter().find(|l| !l.primary).unwrap().span;
    assert_eq!((primary.file, sources.loc_of_span(primary).line), (FileId(1), 3));
    assert_eq!((secondary.file, sources.loc_of_span(secondary).line), (FileId(0), 3));
}

#[test]
fn overlay_replaces_leaves() {
    let schema = schema();
    let mut sources = SourceMap::new();
    let mut base = parse_in(&mut sources, "a.yaml", "app:\n  package_id: a\n  min_age: 3\n  tags: [x, y]\n");
    let top = parse_in(&mut sources, "b.yaml", "app:\n  min_age: 18\n  tags: [z]\n");
    facts::overlay(&mut base, top, &schema);
    let app = app(&base);
    assert_eq!(get(app, &[0]).value, Value::Str("a".into()));
    assert_eq!(get(app, &[3]).value, Value::Int(18));
    let Value::List(tags) = &get(app, &[7]).value else { panic!() };
    assert_eq!(tags.len(), 1);
}

fn finish(text: &str) -> Result<clause::value::Facts, Vec<Diagnostic>> {
    let mut sources = SourceMap::new();
    let bundle = parse_in(&mut sources, "f.yaml", text);
    facts::finish(&schema(), bundle, &sources, FileId(0))
}

#[test]
fn identity_is_derived_or_explicit() {
    let facts = finish("app:\n  package_id: com.example\n").unwrap();
    assert_eq!((facts.subject.id.as_str(), facts.subject.kind), ("com.example", SubjectKindId(0)));
    assert_eq!(facts.subject.loc.map(|l| l.line), Some(2));

    let facts = finish("subject: {id: s1, kind: store}\napp:\n  package_id: x\nstore: {}\n").unwrap();
    assert_eq!((facts.subject.id.as_str(), facts.subject.kind), ("s1", SubjectKindId(1)));

    let e = finish("developer:\n  logs: {recorded: true}\n").unwrap_err();
    assert_eq!(e[0].code, "E0420");
    assert!(e[0].help.as_deref().unwrap().contains("subject.kind"));
    let e = finish("app: {package_id: a}\nstore: {store_id: b}\n").unwrap_err();
    assert_eq!(e[0].message, "these facts could be about a subject of kind `app` or `store`");
    let e = finish("app:\n  name: x\n").unwrap_err();
    assert_eq!(e[0].code, "E0422");
    assert_eq!(e[0].message, "the app has no id: `app.package_id` is missing");

    let r = run("subject: {kind: ap}\n");
    assert_eq!(r.error().0, "E0421");
    assert_eq!(r.parsed.diagnostics[0].help.as_deref(), Some("did you mean `app`?"));
}

#[test]
fn case_files() {
    let schema = schema();
    let mut sources = SourceMap::new();
    let text = include_str!("facts/cases.yaml");
    let file = sources.add("cases.yaml", text);
    let parsed = parse_cases(&schema, file, text, &LoadOptions::default());
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let cases = parsed.cases.unwrap().cases;
    assert_eq!(cases.len(), 2);
    let c = &cases[0];
    assert_eq!((c.name.as_str(), c.line), ("logs kept exactly sixty days", 3));
    assert_eq!(c.as_of.map(|d| d.0), Date::parse("2020-06-01"));
    assert_eq!(c.facts_files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["../facts/news-app.yaml"]);
    let dev = c.facts.as_ref().unwrap().documents[1].as_ref().unwrap();
    let retention = get(dev, &[0, 1]);
    assert_eq!(retention.value, Value::Duration(60));
    assert_eq!((retention.loc.file, retention.loc.line), (file, 8), "inline facts point into the case file");
    let expect: Vec<(&str, &str)> = c.expect.iter().map(|e| (e.key.as_str(), e.outcome.as_str())).collect();
    assert_eq!(expect, [("cac-2016/user-logs-kept-60-days", "satisfied"), ("article 7", "violated")]);
    assert_eq!(c.findings[0].rule, "cac-2016/no-sensitive-capability-without-consent");
    assert_eq!(c.findings[0].paths[0].0, "app.permissions[1]");
    assert_eq!(cases[1].facts_files.len(), 2);
    assert!(cases[1].facts.is_none() && cases[1].as_of.is_none());
}

fn case_error(text: &str) -> (&'static str, String, u32) {
    let mut sources = SourceMap::new();
    let file = sources.add("cases.yaml", text);
    let parsed = parse_cases(&schema(), file, text, &LoadOptions::default());
    assert!(parsed.cases.is_none());
    let d = &parsed.diagnostics[0];
    (d.code, d.message.clone(), sources.loc_of_span(d.primary_span().unwrap()).line)
}

#[test]
fn case_file_errors() {
    let (code, message, line) = case_error("cases:\n  - name: a\n    expct: {article 7: violated}\n");
    assert_eq!((code, line), ("E0423", 3));
    assert_eq!(message, "unknown key `cases[0].expct` in the test-case file");
    let (code, message, line) = case_error("cases:\n  - name: a\n    expect:\n      article 7: violatd\n");
    assert_eq!((code, line), ("E0424", 4));
    assert_eq!(message, "`violatd` is not an outcome, in the expectation for `article 7`");
    assert_eq!(case_error("cases:\n  - name: a\n").0, "E0425");
    assert_eq!(case_error("other: 1\n").0, "E0423");
    assert_eq!(case_error("cases: 3\n").0, "E0426");
    assert_eq!(case_error("cases:\n  - name: a\n    as_of: soon\n    expect: {}\n").0, "E0416");
    let (code, message, line) =
        case_error("cases:\n  - name: a\n    expect: {}\n    facts:\n      app:\n        min_age: old\n");
    assert_eq!((code, line), ("E0414", 6));
    assert!(message.ends_with("in `app.min_age`"), "{message}");
    assert_eq!(case_error("cases:\n  - name: a\n    expect: {a: violated\n").0, "E0404");
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "\r",
        "\t",
        "{",
        "[",
        "?",
        ":",
        "- - -",
        "!!",
        "&",
        "*",
        "app:\r  name: x\r",
        "app: {",
        "app: [}",
        "\u{feff}app: {}",
        "app:\n\tname: x",
        "app:\n  name: \"unterminated",
        "...",
        "--- |\n  x",
        "%YAML 1.2\n---\napp: {}",
        "app:\n  permissions: [{state: 第一}]",
        "app: {name: 1, name: 2, name: 3}",
        "subject: [1]",
        "subject: {id: [a]}",
        "app:\n  ? x\n",
        "app:\n  permissions:\n    - [[[]]]\n",
        "app: !!map {}",
        "ü: 1\nä: {ö: [&x 1]}",
    ];
    for text in inputs {
        for format in [Format::Yaml, Format::Json] {
            let mut sources = SourceMap::new();
            let file = sources.add("f", text);
            let parsed = facts::parse(&schema(), file, text, format, &LoadOptions::default());
            for d in &parsed.diagnostics {
                let span = d.primary_span().expect("every diagnostic has a primary label");
                assert!(
                    span.end as usize <= text.len() && text.is_char_boundary(span.start as usize),
                    "{text:?}"
                );
            }
            if parsed.bundle.is_none() {
                assert!(parsed.diagnostics.iter().any(Diagnostic::is_error), "{text:?}");
            }
        }
        let mut sources = SourceMap::new();
        let file = sources.add("c", text);
        let _ = parse_cases(&schema(), file, text, &LoadOptions::default());
    }
}
