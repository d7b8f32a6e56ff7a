//! The facts schema as a JSON Schema (draft 2020-12) for one subject's facts file.
//!
//! Keys are inserted in sorted order, so the output is the same whether or not `serde_json`'s
//! `preserve_order` feature is switched on by some other crate in the build.

use super::walk::{field_doc, named_records, record_role, RecordRole};
use crate::schema::{EnumType, RecordId, Schema, Type};
use serde_json::Value;
use std::collections::BTreeMap;

/// The `$id` of the generated schema.
pub const SCHEMA_ID: &str = "https://clause.dev/schema/facts.json";
const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
/// ISO 8601 durations of whole weeks and days, as the facts loader reads them: `P60D`, `P8W`,
/// `P1W2D`; never empty.
const DURATION_PATTERN: &str = r"^P(\d+W(\d+D)?|\d+D)$";
/// A calendar day; `format: date` says the same, but formats are only annotations by default.
const DATE_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}$";
/// RFC 3339 as the facts loader reads it: `T` and `Z` in capitals, seconds, at most nine
/// digits of fraction, and always an offset (`format: date-time` alone allows `t`, `z`).
const DATETIME_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$";

type Obj = BTreeMap<String, Value>;

fn object(entries: Obj) -> Value {
    Value::Object(entries.into_iter().collect())
}

fn entries<const N: usize>(pairs: [(&str, Value); N]) -> Obj {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn text(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

fn def_ref(name: &str) -> Value {
    object(entries([("$ref", text(format!("#/$defs/{name}")))]))
}

/// The JSON Schema of a facts file for `schema`: see the [module docs](crate::gen).
pub fn json_schema(schema: &Schema) -> Value {
    let mut properties = Obj::new();
    for document in &schema.documents {
        let mut property = record_object(schema, document.record);
        let doc = schema.record(document.record).doc.clone();
        let description = doc.unwrap_or_else(|| format!("The `{}` document.", document.name));
        property.insert("description".into(), text(description));
        properties.insert(document.name.clone(), nullable(property));
    }
    properties.insert("subject".into(), subject_schema(schema));

    let mut defs = Obj::new();
    for id in named_records(schema) {
        let mut def = record_object(schema, id);
        if let Some(doc) = &schema.record(id).doc {
            def.insert("description".into(), text(doc.clone()));
        }
        defs.insert(schema.record(id).name.clone(), object(def));
    }
    for e in &schema.enums {
        defs.insert(e.name.clone(), object(enum_schema(e)));
    }

    let documents: Vec<String> = schema.documents.iter().map(|d| format!("`{}`", d.name)).collect();
    let description = format!(
        "The facts about one subject (an app, an app store, …) for clause. The top-level keys are \
         the document kinds ({}) and the reserved `subject`. Facts may be partial: no key is \
         required, and a missing key or `null` means the fact is not known (rules that need it are \
         undetermined). Generated from the policy's schema; do not edit.",
        documents.join(", ")
    );
    object(entries([
        ("$schema", text(DRAFT)),
        ("$id", text(SCHEMA_ID)),
        ("title", text("clause facts file")),
        ("description", text(description)),
        ("type", text("object")),
        ("properties", object(properties)),
        ("additionalProperties", Value::Bool(false)),
        ("$defs", object(defs)),
    ]))
}

/// [`json_schema`] as pretty-printed text with a final newline, as committed in
/// `docs/facts.schema.json`.
pub fn json_schema_pretty(schema: &Schema) -> String {
    let value = json_schema(schema);
    // Serialising a `Value` cannot fail (its keys are strings); fall back to the compact form.
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
    out.push('\n');
    out
}

fn subject_schema(schema: &Schema) -> Value {
    let mut kinds: Vec<Value> = schema.subjects.iter().map(|s| text(s.name.clone())).collect();
    kinds.push(Value::Null);
    let mut kind_doc = String::from("The subject kind; by default the one whose document is present.");
    let mut id_doc = String::from("The subject's id; by default read from its kind's id field");
    let id_paths: Vec<String> = schema.subjects.iter().map(|s| format!("`{}`", s.id_path)).collect();
    if !id_paths.is_empty() {
        id_doc.push_str(&format!(" ({})", id_paths.join(", ")));
    }
    id_doc.push('.');
    for s in &schema.subjects {
        let document = &schema.document(s.document).name;
        kind_doc.push_str(&format!("\n- `{}` (document `{document}`, id `{}`)", s.name, s.id_path));
        if let Some(doc) = &s.doc {
            kind_doc.push_str(&format!(": {doc}"));
        }
    }
    let properties = entries([
        (
            "id",
            object(entries([
                ("type", Value::Array(vec![text("string"), text("null")])),
                ("description", text(id_doc)),
            ])),
        ),
        ("kind", object(entries([("enum", Value::Array(kinds)), ("description", text(kind_doc))]))),
    ]);
    object(entries([
        ("type", Value::Array(vec![text("object"), text("null")])),
        (
            "description",
            text(
                "Reserved: which subject these facts describe, when it cannot be worked out from the \
                 documents present. Either key may be left out.",
            ),
        ),
        ("properties", object(properties)),
        ("additionalProperties", Value::Bool(false)),
    ]))
}

fn enum_schema(e: &EnumType) -> Obj {
    let mut description = e.doc.clone().unwrap_or_default();
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str("Values:");
    for v in &e.variants {
        description.push_str(&format!("\n- `{}`", v.name));
        if let Some(doc) = &v.doc {
            description.push_str(&format!(": {doc}"));
        }
    }
    let values = e.variants.iter().map(|v| text(v.name.clone())).collect();
    entries([("type", text("string")), ("enum", Value::Array(values)), ("description", text(description))])
}

/// A record as an object schema (without its description), properties in sorted order.
fn record_object(schema: &Schema, id: RecordId) -> Obj {
    let record = schema.record(id);
    let mut properties = Obj::new();
    for field in &record.fields {
        let mut property = nullable_obj(type_schema(schema, &field.ty));
        let mut description = field_doc(field).unwrap_or_else(|| schema.type_name(&field.ty));
        if let Type::Record(inner) = &field.ty {
            if let Some(doc) = schema.record(*inner).doc.as_deref().filter(|_| is_inline(schema, *inner)) {
                description = format!("{description}\n\n{doc}");
            }
        }
        match &field.ty {
            Type::Duration { unit: Some(unit) } => description.push_str(&format!(
                "\n\nAn ISO 8601 duration (`P60D`, `P8W`) or a bare non-negative number of {}.",
                unit.name()
            )),
            Type::Duration { unit: None } => {
                description.push_str("\n\nAn ISO 8601 duration of whole weeks and days: `P60D`, `P8W`.")
            }
            _ => {}
        }
        property.insert("description".into(), text(description));
        properties.insert(field.name.clone(), object(property));
    }
    entries([
        ("type", text("object")),
        ("properties", object(properties)),
        ("additionalProperties", Value::Bool(false)),
    ])
}

fn is_inline(schema: &Schema, id: RecordId) -> bool {
    record_role(schema, id) == RecordRole::Inline
}

/// The schema of a present (non-null) value of `ty`.
fn type_schema(schema: &Schema, ty: &Type) -> Obj {
    let simple = |name: &str| entries([("type", text(name))]);
    match ty {
        Type::Bool => simple("boolean"),
        Type::Int => simple("integer"),
        Type::String => simple("string"),
        Type::Date => {
            entries([("type", text("string")), ("format", text("date")), ("pattern", text(DATE_PATTERN))])
        }
        Type::DateTime => entries([
            ("type", text("string")),
            ("format", text("date-time")),
            ("pattern", text(DATETIME_PATTERN)),
        ]),
        Type::Duration { unit: None } => iso_duration(),
        Type::Duration { unit: Some(unit) } => {
            let number = entries([
                ("type", text("integer")),
                ("minimum", Value::from(0)),
                ("description", text(format!("A number of {}.", unit.name()))),
            ]);
            entries([("oneOf", Value::Array(vec![object(iso_duration()), object(number)]))])
        }
        Type::Enum(id) => as_obj(def_ref(&schema.enum_type(*id).name)),
        Type::Record(id) => match record_role(schema, *id) {
            RecordRole::Named => as_obj(def_ref(&schema.record(*id).name)),
            RecordRole::Inline | RecordRole::Document => record_object(schema, *id),
        },
        Type::List(element) => {
            entries([("type", text("array")), ("items", object(type_schema(schema, element)))])
        }
    }
}

fn iso_duration() -> Obj {
    entries([
        ("type", text("string")),
        ("pattern", text(DURATION_PATTERN)),
        ("description", text("An ISO 8601 duration of whole weeks and days: `P60D`, `P8W`, `P1W2D`.")),
    ])
}

fn as_obj(value: Value) -> Obj {
    match value {
        Value::Object(map) => map.into_iter().collect(),
        _ => Obj::new(),
    }
}

/// `schema` or `null`: a `type` name gains `"null"`; anything else is wrapped in `anyOf`.
fn nullable_obj(mut schema: Obj) -> Obj {
    let plain_type = !schema.contains_key("$ref") && !schema.contains_key("oneOf");
    match schema.get("type") {
        Some(Value::String(name)) if plain_type => {
            let types = Value::Array(vec![text(name.clone()), text("null")]);
            schema.insert("type".into(), types);
            schema
        }
        _ => {
            let null = object(entries([("type", text("null"))]));
            entries([("anyOf", Value::Array(vec![object(schema), null]))])
        }
    }
}

fn nullable(schema: Obj) -> Value {
    object(nullable_obj(schema))
}
