//! The checked schema of facts: document kinds, record and enum types, subject kinds.
//!
//! Built by the checker from the policy's `document`, `record`, `enum` and `subject`
//! declarations; read by the facts loader (to parse straight into typed values), by the
//! evaluator, and by the generators of the facts reference and JSON Schema. Fields are
//! addressed by index, so a resolved fact path is a list of small integers.
//!
//! Prose is kept in English (`doc`, `source`) and, where the policy gives it, Chinese
//! (`doc_zh`, `source_zh`); an enum value also has short labels for sentences (`label_en`,
//! `label_zh`). Which one a reader sees is the caller's choice, see [`in_lang`].

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubjectKindId(pub u32);

/// The unit a bare number is read in, for a `duration in days` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Days,
    Weeks,
}

impl DurationUnit {
    pub fn days(self) -> i64 {
        match self {
            DurationUnit::Days => 1,
            DurationUnit::Weeks => 7,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            DurationUnit::Days => "days",
            DurationUnit::Weeks => "weeks",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int,
    String,
    Date,
    /// An instant with the UTC offset it was written in: `2024-03-01T10:15:30+08:00`.
    DateTime,
    /// Exact whole days. With a unit, a bare number in facts is read in that unit;
    /// without one, facts must use ISO 8601 (`P60D`).
    Duration {
        unit: Option<DurationUnit>,
    },
    Enum(EnumId),
    Record(RecordId),
    List(Box<Type>),
}

#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub records: Vec<RecordType>,
    pub enums: Vec<EnumType>,
    pub documents: Vec<DocumentType>,
    pub subjects: Vec<SubjectKind>,
}

#[derive(Debug, Clone)]
pub struct DocumentType {
    /// The top-level key in a facts file: `app`.
    pub name: String,
    pub record: RecordId,
}

#[derive(Debug, Clone)]
pub struct RecordType {
    /// A declared name (`permission`) or, for an inline record, the path of its field
    /// (`app.registration`).
    pub name: String,
    pub doc: Option<String>,
    pub doc_zh: Option<String>,
    pub fields: Vec<FieldType>,
    /// The pack that declares the record (empty for a policy outside packs).
    pub pack: String,
    /// `key FIELD`: the index of the field that identifies an element of a list of this
    /// record; directory subjects merge such lists element by element.
    pub key: Option<usize>,
    index: HashMap<String, usize>,
}

impl RecordType {
    pub fn new(name: String, doc: Option<String>, fields: Vec<FieldType>) -> RecordType {
        let index = fields.iter().enumerate().map(|(i, f)| (f.name.clone(), i)).collect();
        RecordType { name, doc, doc_zh: None, fields, key: None, index, pack: String::new() }
    }

    /// Adds a field at the end (an extension from another pack).
    pub fn push_field(&mut self, field: FieldType) {
        self.index.insert(field.name.clone(), self.fields.len());
        self.fields.push(field);
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn field(&self, name: &str) -> Option<(usize, &FieldType)> {
        let i = self.field_index(name)?;
        self.fields.get(i).map(|f| (i, f))
    }
}

#[derive(Debug, Clone)]
pub struct FieldType {
    pub name: String,
    pub ty: Type,
    /// What the field means.
    pub doc: Option<String>,
    pub doc_zh: Option<String>,
    /// Where its value comes from in the real world.
    pub source: Option<String>,
    pub source_zh: Option<String>,
    /// The pack that added the field: the record's own, or one that extends it.
    pub pack: String,
}

#[derive(Debug, Clone)]
pub struct EnumType {
    pub name: String,
    pub doc: Option<String>,
    pub doc_zh: Option<String>,
    pub variants: Vec<EnumVariant>,
    /// The pack that declares the enum.
    pub pack: String,
}

impl EnumType {
    pub fn variant_index(&self, name: &str) -> Option<u32> {
        self.variants.iter().position(|v| v.name == name).and_then(|i| u32::try_from(i).ok())
    }
    pub fn variant_name(&self, index: u32) -> &str {
        self.variants.get(index as usize).map_or("?", |v| v.name.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    /// The English description.
    pub doc: Option<String>,
    pub doc_zh: Option<String>,
    /// The short words for the value in an English or Chinese sentence (`news` → "新闻").
    pub label_en: Option<String>,
    pub label_zh: Option<String>,
    /// The pack that added the value: the enum's own, or one that extends it.
    pub pack: String,
}

/// A kind of subject (an app, an app store) and the fact that identifies one.
#[derive(Debug, Clone)]
pub struct SubjectKind {
    pub name: String,
    pub doc: Option<String>,
    pub doc_zh: Option<String>,
    /// The document whose presence marks a subject of this kind.
    pub document: DocumentId,
    /// The field path inside that document holding the subject's id (`package_id`).
    pub id_fields: Vec<usize>,
    /// `app.package_id`, for messages.
    pub id_path: String,
}

/// Prose in the language a reader asked for, or the English when that language has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InLang<'a> {
    /// Written in the language asked for.
    Own(&'a str),
    /// Only the English exists: the caller says so to a Chinese reader, never silently.
    EnglishOnly(&'a str),
}

/// `english` and `chinese` prose for a reader of Chinese (`chinese_reader`) or English.
pub fn in_lang<'a>(
    english: Option<&'a str>,
    chinese: Option<&'a str>,
    chinese_reader: bool,
) -> Option<InLang<'a>> {
    match (chinese_reader, chinese, english) {
        (true, Some(zh), _) => Some(InLang::Own(zh)),
        (true, None, Some(en)) => Some(InLang::EnglishOnly(en)),
        (false, _, Some(en)) => Some(InLang::Own(en)),
        (_, _, None) => None,
    }
}

impl Schema {
    pub fn record(&self, id: RecordId) -> &RecordType {
        // Ids are only minted by the checker for records it pushed: a proven invariant.
        &self.records[id.0 as usize]
    }

    pub fn enum_type(&self, id: EnumId) -> &EnumType {
        &self.enums[id.0 as usize]
    }

    pub fn document(&self, id: DocumentId) -> &DocumentType {
        &self.documents[id.0 as usize]
    }

    pub fn document_by_name(&self, name: &str) -> Option<(DocumentId, &DocumentType)> {
        self.documents
            .iter()
            .enumerate()
            .find(|(_, d)| d.name == name)
            .map(|(i, d)| (DocumentId(i as u32), d))
    }

    pub fn subject_by_name(&self, name: &str) -> Option<(SubjectKindId, &SubjectKind)> {
        self.subjects
            .iter()
            .enumerate()
            .find(|(_, s)| s.name == name)
            .map(|(i, s)| (SubjectKindId(i as u32), s))
    }

    /// The type as a policy author writes it: `list of permission`, `duration in days`.
    pub fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Bool => "boolean".into(),
            Type::Int => "integer".into(),
            Type::String => "string".into(),
            Type::Date => "date".into(),
            Type::DateTime => "datetime".into(),
            Type::Duration { unit: None } => "duration".into(),
            Type::Duration { unit: Some(u) } => format!("duration in {}", u.name()),
            Type::Enum(id) => self.enum_type(*id).name.clone(),
            Type::Record(id) => self.record(*id).name.clone(),
            Type::List(element) => format!("list of {}", self.type_name(element)),
        }
    }
}
