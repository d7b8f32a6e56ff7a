//! The generated facts reference (`docs/facts.md`) and JSON Schema (`docs/facts.schema.json`)
//! are committed; this test fails when they differ from what the bundled policy's schema
//! generates, and rewrites them when `CLAUSE_BLESS=1` is set. The JSON Schema is also checked
//! to accept the repository's example facts and to reject deliberately wrong ones.

use clause::check::Program;
use clause::gen::{facts_markdown, json_schema, json_schema_pretty};
use clause::source::SourceMap;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const REGENERATE: &str = "CLAUSE_BLESS=1 cargo test --test generated_docs";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `*.<ext>` files of a directory, sorted by name.
fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files
}

fn compile(sources: &[(String, String)]) -> Program {
    match clause::compile(&mut SourceMap::new(), sources) {
        Ok(checked) => checked.program,
        Err(errors) => panic!("the policy does not compile: {errors:#?}"),
    }
}

fn bundled_policy() -> Program {
    let mut sources = SourceMap::new();
    match clause::engine::Engine::bundled(&mut sources) {
        Ok(engine) => engine.into_loaded().checked.program,
        Err(errors) => panic!("the bundled packs do not compile: {errors:#?}"),
    }
}

/// Compares a committed generated file with its expected text, or rewrites it when blessing.
fn check_generated(relative: &str, expected: &str) {
    let path = root().join(relative);
    if std::env::var("CLAUSE_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, expected).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let Ok(actual) = std::fs::read_to_string(&path) else {
        panic!("{relative} is missing. Generate it with: {REGENERATE}");
    };
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        panic!(
            "{relative} is out of date with the policy's schema (first difference at line {}).\n\
             Regenerate it with: {REGENERATE}",
            line + 1
        );
    }
}

#[test]
fn facts_reference_is_up_to_date() {
    check_generated("docs/facts.md", &facts_markdown(&bundled_policy()));
}

#[test]
fn facts_json_schema_is_up_to_date() {
    check_generated("docs/facts.schema.json", &json_schema_pretty(&bundled_policy().schema));
}

fn validator(schema: &Value) -> jsonschema::Validator {
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::draft202012::meta::validate(schema)
        .unwrap_or_else(|e| panic!("not a valid 2020-12 schema: {e}"));
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the generated schema does not compile: {e}"))
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn json_schema_accepts_the_example_facts() {
    let validator = validator(&json_schema(&bundled_policy().schema));
    let examples = files_with_ext(&root().join("examples"), "yaml");
    assert!(!examples.is_empty(), "no examples/*.yaml");
    for path in examples {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let facts: Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
        let found = errors(&validator, &facts);
        assert!(found.is_empty(), "{} is rejected by the schema:\n{}", path.display(), found.join("\n"));
    }
}

/// Each of these is one mistake in otherwise valid facts of the bundled policy.
#[test]
fn json_schema_rejects_wrong_facts_of_the_bundled_policy() {
    let validator = validator(&json_schema(&bundled_policy().schema));
    let valid = json!({"app": {"package_id": "com.example.a", "offered_in_prc": true},
                       "developer": {"logs": {"retention": "P60D"}}});
    assert_eq!(errors(&validator, &valid), Vec::<String>::new());
    let wrong = [
        ("wrong type", json!({"app": {"offered_in_prc": "yes"}})),
        ("unknown key", json!({"app": {"package": "com.example.a"}})),
        ("unknown document", json!({"apps": {}})),
        ("bad enum value", json!({"app": {"platform": "windows"}})),
        ("bad duration", json!({"developer": {"logs": {"retention": "P6M"}}})),
        ("negative duration", json!({"developer": {"logs": {"retention": -1}}})),
        ("bad date", json!({"store": {"went_live": "1 March 2017"}})),
        ("null list element", json!({"app": {"distribution": [null]}})),
        ("unknown subject kind", json!({"subject": {"kind": "website"}})),
    ];
    for (what, facts) in wrong {
        assert!(!errors(&validator, &facts).is_empty(), "{what} was accepted: {facts}");
    }
}

const INLINE_POLICY: &str = r#"
subject shop {
    id shop.id
    doc "A shop."
}

enum colour {
    doc "Colours."
    red "Red | warm"
    green
}

record item {
    doc "An item."
    sku: string
        doc "Stock keeping unit."
        source "The label."
    colours: list of colour
        doc "Its colours."
        source "Looking at it."
}

document shop {
    doc "A shop."
    id: string
        doc "Its id."
        source "Chosen."
    opened: date
        doc "When it opened."
        source "Records."
    audited_at: datetime
        doc "When it was last audited."
        source "Audit log."
    window: duration
        doc "Return window."
        source "Terms."
    retention: duration in weeks
        doc "How long receipts are kept."
        source "Policy."
    items: list of item
        doc "What it sells."
        source "Catalogue."
    owner: record {
        doc "The owner."
        name: string
            doc "Name."
            source "Register."
        staff: list of record {
            doc "A member of staff."
            age: integer
                doc "Age."
                source "HR."
        }
            doc "Staff."
            source "HR."
    }
        doc "Who owns it."
        source "Register."
}
"#;

fn inline_policy() -> Program {
    compile(&[("inline.clause".to_string(), INLINE_POLICY.to_string())])
}

/// The generators on a small policy of their own, so they stay tested whatever the state of
/// the bundled policy.
#[test]
fn markdown_of_an_inline_policy() {
    let md = facts_markdown(&inline_policy());
    assert!(md.starts_with("<!-- Generated"), "{md}");
    assert!(md.contains(REGENERATE));
    for expected in [
        "| `shop` | [`shop`](#document-shop) | `shop.id` | A shop. |",
        "| `shop.items[]` | list of [`item`](#record-item) | What it sells. | Catalogue. |",
        "| `shop.owner` | record | Who owns it. The owner. | Register. |",
        "| `shop.owner.staff[]` | list of record | Staff. A member of staff. | HR. |",
        "| `shop.owner.staff[].age` | integer | Age. | HR. |",
        "| `shop.retention` | duration in weeks |",
        "| `shop.audited_at` | datetime | When it was last audited. *(a date and time with its UTC offset, such as `2024-03-01T10:15:30+08:00`)* | Audit log. |",
        "## Record `item`",
        "Used in: `shop.items[]`.",
        "| `colours[]` | list of [`colour`](#enum-colour) | Its colours. | Looking at it. |",
        "## Enum `colour`",
        "Used in: `shop.items[].colours[]`.",
        "| `red` | Red \\| warm |",
        "| `green` | — |",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
    assert_eq!(md, facts_markdown(&inline_policy()), "the output is not stable");
}

#[test]
fn json_schema_of_an_inline_policy() {
    let schema = json_schema(&inline_policy().schema);
    let validator = validator(&schema);
    assert_eq!(schema["$defs"]["item"]["additionalProperties"], false);
    assert_eq!(schema["$defs"]["colour"]["enum"], json!(["red", "green"]));
    let sku = &schema["$defs"]["item"]["properties"]["sku"];
    assert_eq!(sku["type"], json!(["string", "null"]));
    assert_eq!(sku["description"], "Stock keeping unit.\n\nSource: The label.");
    assert!(schema.get("required").is_none());

    let valid = json!({
        "subject": {"id": "s1", "kind": "shop"},
        "shop": {"id": "s1", "opened": "2017-01-02", "audited_at": "2024-03-01T10:15:30.5+08:00",
                 "window": "P1W2D", "retention": 3,
                 "items": [{"sku": "A", "colours": ["red"]}, {"sku": null}],
                 "owner": {"name": null, "staff": [{"age": 40}]}}
    });
    assert_eq!(errors(&validator, &valid), Vec::<String>::new());
    let all_null = json!({"subject": null, "shop": {"id": null, "opened": null, "audited_at": null, "window": null,
                          "retention": null, "items": null, "owner": null}});
    assert_eq!(errors(&validator, &all_null), Vec::<String>::new());
    assert_eq!(errors(&validator, &json!({"shop": {"retention": "P2W"}})), Vec::<String>::new());
    assert_eq!(
        errors(&validator, &json!({"shop": {"audited_at": "2024-03-01T02:15:30Z"}})),
        Vec::<String>::new()
    );

    let wrong = [
        ("wrong type", json!({"shop": {"owner": {"staff": [{"age": "forty"}]}}})),
        ("unknown key", json!({"shop": {"items": [{"sku": "A", "size": 3}]}})),
        ("bad enum value", json!({"shop": {"items": [{"colours": ["blue"]}]}})),
        ("bare number for a duration without unit", json!({"shop": {"window": 14}})),
        ("empty duration", json!({"shop": {"window": "P"}})),
        ("months", json!({"shop": {"window": "P1M"}})),
        ("not a date", json!({"shop": {"opened": "2017-13"}})),
        ("a datetime without offset", json!({"shop": {"audited_at": "2024-03-01T10:15:30"}})),
        ("a datetime with lowercase t", json!({"shop": {"audited_at": "2024-03-01t10:15:30Z"}})),
        ("a datetime with hour 24", json!({"shop": {"audited_at": "2024-03-01T24:00:00Z"}})),
        ("a datetime on 30 February", json!({"shop": {"audited_at": "2024-02-30T10:00:00Z"}})),
        ("a date for a datetime", json!({"shop": {"audited_at": "2024-03-01"}})),
        ("unknown top-level key", json!({"shops": {}})),
        ("unknown subject key", json!({"subject": {"name": "x"}})),
    ];
    for (what, facts) in wrong {
        assert!(!errors(&validator, &facts).is_empty(), "{what} was accepted: {facts}");
    }
}
