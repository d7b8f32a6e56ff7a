//! The facts reference, `docs/facts.md`: GitHub-flavoured Markdown in declaration order.

use super::walk::{inline_record, list_suffix, named_records, record_role, uses, RecordRole, Uses};
use crate::check::Program;
use crate::schema::{FieldType, RecordId, Schema, Type};
use std::fmt::Write as _;

/// The facts reference for `program`'s schema: see the [module docs](crate::gen).
pub fn facts_markdown(program: &Program) -> String {
    let schema = &program.schema;
    let uses = uses(schema);
    let mut out = String::new();
    header(program, &mut out);
    contents(schema, &mut out);
    subjects(schema, &mut out);
    for document in &schema.documents {
        out.push_str(&format!("\n## Document `{}`\n\n", document.name));
        let record = schema.record(document.record);
        if let Some(doc) = &record.doc {
            out.push_str(&format!("{}\n\n", paragraph(doc)));
        }
        declared_by(&record.pack, &mut out);
        let kinds: Vec<String> = schema
            .subjects
            .iter()
            .filter(|s| schema.document(s.document).name == document.name)
            .map(|s| format!("[`{}`](#subjects) (identified by `{}`)", s.name, s.id_path))
            .collect();
        if !kinds.is_empty() {
            out.push_str(&format!("Marks a subject of kind {}.\n\n", kinds.join(", ")));
        }
        field_table(schema, document.record, &document.name, "path", &mut out);
    }
    for id in named_records(schema) {
        let record = schema.record(id);
        out.push_str(&format!("\n## Record `{}`\n\n", record.name));
        if let Some(doc) = &record.doc {
            out.push_str(&format!("{}\n\n", paragraph(doc)));
        }
        declared_by(&record.pack, &mut out);
        used_in(uses.records.get(&id), &mut out);
        field_table(schema, id, "", "field", &mut out);
    }
    enums(schema, &uses, &mut out);
    super::capability_map::section(schema, &mut out);
    out
}

fn header(program: &Program, out: &mut String) {
    out.push_str(
        "<!-- Generated from the policy's schema by `clause doc-facts` and checked by \
         tests/generated_docs.rs. Do not edit: change the `doc` and `source` of the schema, then \
         run `CLAUSE_BLESS=1 cargo test --test generated_docs`. -->\n\n# Facts reference\n\n",
    );
    out.push_str("Every fact a facts file can state, generated from the fact schema the policies declare");
    let regulations: Vec<String> = program
        .regulations
        .iter()
        .map(|r| match &r.title.en {
            Some(title) => format!("`{}` — {}", r.id, cell(title)),
            None => format!("`{}`", r.id),
        })
        .collect();
    if !regulations.is_empty() {
        out.push_str(&format!(" for {}", regulations.join("; ")));
    }
    out.push_str(
        ". How a facts file is written — document kinds at the top level, the reserved `subject` \
         key, partial facts and how each type of value is spelled — is explained in [Writing facts \
         files](facts-format.md); the same schema as a JSON Schema is \
         [facts.schema.json](facts.schema.json).\n\n\
         Every fact is optional: a missing fact (or `null`) is unknown, never a default, and a rule \
         that needs it is undetermined. Paths are written as in policies: `a.b` is the field `b` of \
         `a`, and `a[]` is a list whose elements' fields are `a[].c`. *Meaning* is what the fact \
         says; *source* is where its value comes from in the real world.\n",
    );
}

fn contents(schema: &Schema, out: &mut String) {
    out.push_str("\n## Contents\n\n- [Subjects](#subjects)\n");
    let links = |items: Vec<(String, String)>| -> String {
        let links: Vec<String> =
            items.into_iter().map(|(name, kind)| format!("[`{name}`](#{})", anchor(&kind, &name))).collect();
        links.join(", ")
    };
    let documents = schema.documents.iter().map(|d| (d.name.clone(), "document".to_string())).collect();
    out.push_str(&format!("- Documents: {}\n", links(documents)));
    let records: Vec<(String, String)> = named_records(schema)
        .into_iter()
        .map(|id| (schema.record(id).name.clone(), "record".into()))
        .collect();
    if !records.is_empty() {
        out.push_str(&format!("- Records: {}\n", links(records)));
    }
    let enums: Vec<(String, String)> = schema.enums.iter().map(|e| (e.name.clone(), "enum".into())).collect();
    if !enums.is_empty() {
        out.push_str(&format!("- Enums: {}\n", links(enums)));
    }
    super::capability_map::contents_entry(schema, out);
}

fn subjects(schema: &Schema, out: &mut String) {
    out.push_str(
        "\n## Subjects\n\nA facts file describes one subject. Its kind is the one whose document is \
         present, and its id is read from the identifying field; `subject: {id, kind}` at the top \
         level sets either explicitly.\n\n",
    );
    if schema.subjects.is_empty() {
        out.push_str("The policy declares no subject kinds.\n");
        return;
    }
    out.push_str("| kind | document | identified by | meaning |\n|---|---|---|---|\n");
    for s in &schema.subjects {
        let document = &schema.document(s.document).name;
        let _ = writeln!(
            out,
            "| `{}` | [`{document}`](#{}) | `{}` | {} |",
            s.name,
            anchor("document", document),
            s.id_path,
            s.doc.as_deref().map_or_else(|| "—".to_string(), cell)
        );
    }
}

/// "Declared by pack `base`." under a type's heading (nothing outside packs).
fn declared_by(pack: &str, out: &mut String) {
    if !pack.is_empty() && pack != "policy" {
        let _ = writeln!(out, "Declared by pack `{pack}`.\n");
    }
}

fn used_in(paths: Option<&Vec<String>>, out: &mut String) {
    if let Some(paths) = paths.filter(|p| !p.is_empty()) {
        let list: Vec<String> = paths.iter().map(|p| format!("`{p}`")).collect();
        out.push_str(&format!("Used in: {}.\n\n", list.join(", ")));
    } else {
        out.push_str("Not used by any document.\n\n");
    }
}

/// A table of a record's fields, inline records flattened under dotted paths.
fn field_table(schema: &Schema, id: RecordId, prefix: &str, first: &str, out: &mut String) {
    if schema.record(id).fields.is_empty() {
        out.push_str("This record has no fields.\n");
        return;
    }
    let _ = writeln!(out, "| {first} | type | meaning | source |\n|---|---|---|---|");
    let mut stack = Vec::new();
    rows(schema, id, prefix, &mut stack, out);
}

fn rows(schema: &Schema, id: RecordId, prefix: &str, stack: &mut Vec<RecordId>, out: &mut String) {
    if stack.contains(&id) {
        return;
    }
    stack.push(id);
    for field in &schema.record(id).fields {
        let path = if prefix.is_empty() { field.name.clone() } else { format!("{prefix}.{}", field.name) };
        let path = format!("{path}{}", list_suffix(&field.ty));
        row(schema, field, Some(schema.record(id).pack.as_str()), &path, out);
        if let Some(inner) = inline_record(schema, &field.ty) {
            rows(schema, inner, &path, stack, out);
        }
    }
    stack.pop();
}

/// `owner`: the pack of the record the field belongs to; a field another pack added says so.
fn row(schema: &Schema, field: &FieldType, owner: Option<&str>, path: &str, out: &mut String) {
    let mut meaning = field.doc.as_deref().map_or_else(|| "—".to_string(), cell);
    if let Some(inner) = inline_record(schema, &field.ty) {
        if let Some(doc) = &schema.record(inner).doc {
            meaning = format!("{meaning} {}", cell(doc));
        }
    }
    if innermost(&field.ty) == &Type::DateTime {
        meaning.push_str(" *(a date and time with its UTC offset, such as `2024-03-01T10:15:30+08:00`)*");
    }
    if let Type::Duration { unit } = &field.ty {
        match unit {
            Some(unit) => {
                let _ = write!(
                    meaning,
                    " *(an ISO 8601 duration such as `P60D`, or a bare number of {})*",
                    unit.name()
                );
            }
            None => meaning.push_str(" *(an ISO 8601 duration such as `P60D`)*"),
        }
    }
    if owner.is_some_and(|o| o != field.pack && !field.pack.is_empty()) {
        let _ = write!(meaning, " *(added by pack `{}`)*", field.pack);
    }
    let source = field.source.as_deref().map_or_else(|| "—".to_string(), cell);
    let _ = writeln!(out, "| `{path}` | {} | {meaning} | {source} |", type_cell(schema, &field.ty));
}

/// The type of the elements of a list (of lists), or the type itself.
fn innermost(ty: &Type) -> &Type {
    match ty {
        Type::List(element) => innermost(element),
        other => other,
    }
}

/// The type as a policy author writes it, named types linked to their sections.
fn type_cell(schema: &Schema, ty: &Type) -> String {
    match ty {
        Type::Enum(id) => {
            let name = &schema.enum_type(*id).name;
            format!("[`{name}`](#{})", anchor("enum", name))
        }
        Type::Record(id) => match record_role(schema, *id) {
            RecordRole::Named => {
                let name = &schema.record(*id).name;
                format!("[`{name}`](#{})", anchor("record", name))
            }
            RecordRole::Inline | RecordRole::Document => "record".into(),
        },
        Type::List(element) => format!("list of {}", type_cell(schema, element)),
        _ => schema.type_name(ty),
    }
}

fn enums(schema: &Schema, uses: &Uses, out: &mut String) {
    for (i, e) in schema.enums.iter().enumerate() {
        out.push_str(&format!("\n## Enum `{}`\n\n", e.name));
        if let Some(doc) = &e.doc {
            out.push_str(&format!("{}\n\n", paragraph(doc)));
        }
        declared_by(&e.pack, out);
        let id = crate::schema::EnumId(u32::try_from(i).unwrap_or(u32::MAX));
        used_in(uses.enums.get(&id), out);
        // The labels messages put into sentences, in each language the schema gives any.
        let has_en = e.variants.iter().any(|v| v.label_en.is_some());
        let has_zh = e.variants.iter().any(|v| v.label_zh.is_some());
        let mut head = vec!["value"];
        head.extend(has_en.then_some("label (English)"));
        head.extend(has_zh.then_some("label (Chinese)"));
        head.push("meaning");
        let _ = writeln!(out, "| {} |\n|{}", head.join(" | "), "---|".repeat(head.len()));
        for v in &e.variants {
            let mut cells = vec![format!("`{}`", v.name)];
            let label = |l: &Option<String>| l.as_deref().map_or_else(|| "—".to_string(), cell);
            cells.extend(has_en.then(|| label(&v.label_en)));
            cells.extend(has_zh.then(|| label(&v.label_zh)));
            let mut doc = v.doc.as_deref().map_or_else(|| "—".to_string(), cell);
            if v.pack != e.pack && !v.pack.is_empty() {
                let _ = write!(doc, " *(added by pack `{}`)*", v.pack);
            }
            cells.push(doc);
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
}

/// The anchor GitHub gives the heading "<Kind> `name`": lower case, punctuation other than
/// `-` and `_` dropped, spaces to hyphens.
fn anchor(kind: &str, name: &str) -> String {
    format!("{kind} {name}")
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Text for a table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// Text for a paragraph: one line.
fn paragraph(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
