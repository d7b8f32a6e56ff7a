//! Run-time values: borrowed views of facts and program literals, `Copy`, never allocated.

use crate::check::program::Lit;
use crate::time::{Date, DateTime};
use crate::value::{Fact, Record, Value};

#[derive(Debug, Clone, Copy)]
pub enum Val<'a> {
    /// An absent fact, or anything computed from one.
    Unknown,
    Bool(bool),
    Int(i64),
    Str(&'a str),
    Date(Date),
    DateTime(DateTime),
    Duration(i64),
    Months(i64),
    Enum(u32),
    List(&'a [Fact]),
    Set(&'a [Lit]),
    Record(&'a Record),
}

impl<'a> Val<'a> {
    pub fn from_value(v: &'a Value) -> Val<'a> {
        match v {
            Value::Bool(b) => Val::Bool(*b),
            Value::Int(i) => Val::Int(*i),
            Value::Str(s) => Val::Str(s),
            Value::Date(d) => Val::Date(*d),
            Value::DateTime(t) => Val::DateTime(*t),
            Value::Duration(d) => Val::Duration(*d),
            Value::Enum(e) => Val::Enum(*e),
            Value::List(items) => Val::List(items),
            Value::Record(r) => Val::Record(r),
        }
    }

    pub fn from_lit(l: &'a Lit) -> Val<'a> {
        match l {
            Lit::Bool(b) => Val::Bool(*b),
            Lit::Int(i) => Val::Int(*i),
            Lit::Str(s) => Val::Str(s),
            Lit::Date(d) => Val::Date(*d),
            Lit::Duration(d) => Val::Duration(*d),
            Lit::Months(m) => Val::Months(*m),
            Lit::Enum(_, e) => Val::Enum(*e),
        }
    }

    /// Three-valued truth: `Some(b)` when known.
    pub fn truth(self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_unknown(self) -> bool {
        matches!(self, Val::Unknown)
    }

    /// Equality of two known scalars of one type (the checker guarantees the types agree).
    pub fn equals(self, other: Val<'_>) -> Option<bool> {
        Some(match (self, other) {
            (Val::Bool(a), Val::Bool(b)) => a == b,
            (Val::Int(a), Val::Int(b)) => a == b,
            (Val::Str(a), Val::Str(b)) => a == b,
            (Val::Date(a), Val::Date(b)) => a == b,
            // The same instant, whatever offsets the two were written in.
            (Val::DateTime(a), Val::DateTime(b)) => a.cmp_instant(b).is_eq(),
            (Val::Duration(a), Val::Duration(b)) => a == b,
            (Val::Enum(a), Val::Enum(b)) => a == b,
            _ => return None,
        })
    }

    pub fn order(self, other: Val<'_>) -> Option<std::cmp::Ordering> {
        Some(match (self, other) {
            (Val::Int(a), Val::Int(b)) => a.cmp(&b),
            (Val::Date(a), Val::Date(b)) => a.cmp(&b),
            (Val::DateTime(a), Val::DateTime(b)) => a.cmp_instant(b),
            (Val::Duration(a), Val::Duration(b)) => a.cmp(&b),
            (Val::Str(a), Val::Str(b)) => a.cmp(b),
            (Val::Bool(a), Val::Bool(b)) => a.cmp(&b),
            (Val::Enum(a), Val::Enum(b)) => a.cmp(&b),
            _ => return None,
        })
    }
}
