//! Static types of expressions.

use crate::schema::{EnumId, RecordId, Schema, Type};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    Str,
    Date,
    DateTime,
    Duration,
    /// Months or years: only as the right operand of date `+`/`-`.
    CalendarSpan,
    Enum(EnumId),
    Record(RecordId),
    List(Box<Ty>),
    /// A set literal's element type.
    Set(Box<Ty>),
    /// A string literal not yet matched against an enum: it becomes an enum value when
    /// compared with one, and is checked against the enum's variants then.
    StrLit,
    Calendar,
    /// The type of an expression that already has an error: accepted everywhere, so one
    /// mistake gives one diagnostic.
    Error,
}

impl Ty {
    pub fn from_schema(ty: &Type) -> Ty {
        match ty {
            Type::Bool => Ty::Bool,
            Type::Int => Ty::Int,
            Type::String => Ty::Str,
            Type::Date => Ty::Date,
            Type::DateTime => Ty::DateTime,
            Type::Duration { .. } => Ty::Duration,
            Type::Enum(e) => Ty::Enum(*e),
            Type::Record(r) => Ty::Record(*r),
            Type::List(element) => Ty::List(Box::new(Ty::from_schema(element))),
        }
    }

    /// A string-like type: `Str` or a not-yet-typed string literal.
    pub fn is_stringy(&self) -> bool {
        matches!(self, Ty::Str | Ty::StrLit)
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Ty::Error)
    }

    /// The element type of a list or set.
    pub fn element(&self) -> Option<&Ty> {
        match self {
            Ty::List(e) | Ty::Set(e) => Some(e),
            _ => None,
        }
    }

    pub fn name(&self, schema: &Schema) -> String {
        match self {
            Ty::Bool => "boolean".into(),
            Ty::Int => "integer".into(),
            Ty::Str | Ty::StrLit => "string".into(),
            Ty::Date => "date".into(),
            Ty::DateTime => "datetime".into(),
            Ty::Duration => "duration".into(),
            Ty::CalendarSpan => "calendar span (months or years)".into(),
            Ty::Enum(e) => format!("enum `{}`", schema.enum_type(*e).name),
            Ty::Record(r) => format!("record `{}`", schema.record(*r).name),
            Ty::List(e) => format!("list of {}", e.name(schema)),
            Ty::Set(e) => format!("set of {}", e.name(schema)),
            Ty::Calendar => "calendar".into(),
            Ty::Error => "unknown".into(),
        }
    }
}
