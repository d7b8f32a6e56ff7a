//! clause's own fact values.
//!
//! The facts loader builds these straight from YAML/JSON, guided by the schema: records
//! hold their fields by schema index, enums hold a variant index, and every value keeps the
//! position it was read from, so a finding can point at the line of the facts file. An
//! absent field is `None`: the evaluator turns it into *unknown*, never into a default.

use crate::schema::{DocumentId, SubjectKindId};
use crate::source::Loc;
use crate::time::{Date, DateTime};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Str(Box<str>),
    Date(Date),
    /// An instant and the offset it was written in.
    DateTime(DateTime),
    /// Whole days.
    Duration(i64),
    /// The index of a variant of the field's enum type.
    Enum(u32),
    List(Vec<Fact>),
    Record(Record),
}

/// A value and where it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub value: Value,
    pub loc: Loc,
}

/// A record's fields, by index in its schema record type; `None` is an absent field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    pub fields: Vec<Option<Fact>>,
}

impl Record {
    pub fn get(&self, index: usize) -> Option<&Fact> {
        self.fields.get(index).and_then(Option::as_ref)
    }
}

/// What one verdict is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub id: String,
    pub kind: SubjectKindId,
    /// Where the id came from, when read from facts.
    pub loc: Option<Loc>,
}

/// All facts about one subject: one optional value per schema document kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub subject: Subject,
    pub documents: Vec<Option<Fact>>,
}

impl Facts {
    pub fn document(&self, id: DocumentId) -> Option<&Fact> {
        self.documents.get(id.0 as usize).and_then(Option::as_ref)
    }
}
