//! What both generators need to know about the schema beyond its raw tables: which records
//! are documents, named or inline, how a field is described, and where each named type is used.

use crate::schema::{EnumId, FieldType, RecordId, Schema, Type};
use std::collections::BTreeMap;

/// The three roles a [`RecordType`](crate::schema::RecordType) plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordRole {
    /// The record of a `document` declaration: a top-level key of a facts file.
    Document,
    /// A `record` declaration, usable by name.
    Named,
    /// A `record { … }` written as a field's type; the checker names it by its field's path.
    Inline,
}

pub fn record_role(schema: &Schema, id: RecordId) -> RecordRole {
    if schema.documents.iter().any(|d| d.record == id) {
        RecordRole::Document
    } else if schema.record(id).name.contains('.') {
        // Declared names are identifiers; the checker gives inline records their dotted path.
        RecordRole::Inline
    } else {
        RecordRole::Named
    }
}

/// The record ids of named `record` declarations, in declaration order.
pub fn named_records(schema: &Schema) -> Vec<RecordId> {
    (0..schema.records.len())
        .filter_map(|i| u32::try_from(i).ok().map(RecordId))
        .filter(|&id| record_role(schema, id) == RecordRole::Named)
        .collect()
}

/// The inline record a type is, or holds as list elements (at any depth), if any.
pub fn inline_record(schema: &Schema, ty: &Type) -> Option<RecordId> {
    match ty {
        Type::Record(id) if record_role(schema, *id) == RecordRole::Inline => Some(*id),
        Type::List(element) => inline_record(schema, element),
        _ => None,
    }
}

/// The path suffix a type adds before its elements' fields: `[]` per list level.
pub fn list_suffix(ty: &Type) -> String {
    match ty {
        Type::List(element) => format!("[]{}", list_suffix(element)),
        _ => String::new(),
    }
}

/// A field's meaning, or `None` when the schema gives neither `doc` nor `source`.
pub fn field_doc(field: &FieldType) -> Option<String> {
    let doc = field.doc.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let source = field.source.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match (doc, source) {
        (Some(d), Some(s)) => Some(format!("{d}\n\nSource: {s}")),
        (Some(d), None) => Some(d.to_string()),
        (None, Some(s)) => Some(format!("Source: {s}")),
        (None, None) => None,
    }
}

/// Where the named records and enums are used, as fact paths from the documents
/// (`developer.licences[]`), in document and field order.
#[derive(Debug, Default)]
pub struct Uses {
    pub records: BTreeMap<RecordId, Vec<String>>,
    pub enums: BTreeMap<EnumId, Vec<String>>,
}

pub fn uses(schema: &Schema) -> Uses {
    let mut uses = Uses::default();
    let mut stack = Vec::new();
    for document in &schema.documents {
        walk_record(schema, document.record, &document.name, &mut stack, &mut uses);
    }
    uses
}

fn walk_record(schema: &Schema, id: RecordId, prefix: &str, stack: &mut Vec<RecordId>, uses: &mut Uses) {
    if stack.contains(&id) {
        return; // a recursive record: its uses below the first level are already listed
    }
    stack.push(id);
    for field in &schema.record(id).fields {
        walk_type(schema, &field.ty, &format!("{prefix}.{}", field.name), stack, uses);
    }
    stack.pop();
}

fn walk_type(schema: &Schema, ty: &Type, path: &str, stack: &mut Vec<RecordId>, uses: &mut Uses) {
    match ty {
        Type::Enum(id) => push_unique(uses.enums.entry(*id).or_default(), path),
        Type::Record(id) => {
            if record_role(schema, *id) == RecordRole::Named {
                push_unique(uses.records.entry(*id).or_default(), path);
            }
            walk_record(schema, *id, path, stack, uses);
        }
        Type::List(element) => walk_type(schema, element, &format!("{path}[]"), stack, uses),
        Type::Bool | Type::Int | Type::String | Type::Date | Type::DateTime | Type::Duration { .. } => {}
    }
}

fn push_unique(paths: &mut Vec<String>, path: &str) {
    if !paths.iter().any(|p| p == path) {
        paths.push(path.to_string());
    }
}
