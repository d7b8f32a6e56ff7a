//! Values in words, in English and Chinese: `60 days` / `六十日`, `2016-08-01` / `2016年8月1日`,
//! `2024-03-01T10:15:30+08:00` / `2024年3月1日10时15分30秒（UTC+08:00）`.

use super::value::Val;
use crate::schema::{EnumId, Schema};
use crate::syntax::ast::Lang;
use crate::time::{days_en, days_zh};
use crate::value::Value;

pub fn val(schema: &Schema, v: &Val<'_>, enum_type: Option<EnumId>, lang: Lang) -> String {
    match v {
        Val::Unknown => match lang {
            Lang::En => "(not given)".into(),
            Lang::Zh => "（未提供）".into(),
        },
        Val::Bool(b) => match (lang, b) {
            (Lang::En, true) => "yes".into(),
            (Lang::En, false) => "no".into(),
            (Lang::Zh, true) => "是".into(),
            (Lang::Zh, false) => "否".into(),
        },
        Val::Int(i) => i.to_string(),
        Val::Str(s) => (*s).to_string(),
        Val::Date(d) => match lang {
            Lang::En => d.to_string(),
            Lang::Zh => d.to_zh(),
        },
        Val::DateTime(t) => match lang {
            Lang::En => t.to_string(),
            Lang::Zh => t.to_zh(),
        },
        Val::Duration(days) => match lang {
            Lang::En => days_en(*days),
            Lang::Zh => days_zh(*days),
        },
        Val::Months(m) => match lang {
            Lang::En => format!("{m} month{}", if *m == 1 { "" } else { "s" }),
            Lang::Zh => format!("{m}个月"),
        },
        Val::Enum(i) => enum_name(schema, enum_type, *i),
        Val::List(items) => {
            let parts: Vec<String> = items.iter().map(|f| value(schema, &f.value, enum_type, lang)).collect();
            list(parts, lang)
        }
        Val::Set(lits) => {
            let parts: Vec<String> =
                lits.iter().map(|l| val(schema, &Val::from_lit(l), enum_type, lang)).collect();
            list(parts, lang)
        }
        Val::Record(_) => match lang {
            Lang::En => "(a record)".into(),
            Lang::Zh => "（记录）".into(),
        },
    }
}

fn list(parts: Vec<String>, lang: Lang) -> String {
    if parts.is_empty() {
        return match lang {
            Lang::En => "none".into(),
            Lang::Zh => "无".into(),
        };
    }
    parts.join(if lang == Lang::En { ", " } else { "、" })
}

pub fn value(schema: &Schema, v: &Value, enum_type: Option<EnumId>, lang: Lang) -> String {
    val(schema, &Val::from_value(v), enum_type, lang)
}

fn enum_name(schema: &Schema, enum_type: Option<EnumId>, index: u32) -> String {
    match enum_type {
        Some(e) => schema.enum_type(e).variant_name(index).to_string(),
        None => format!("#{index}"),
    }
}

/// A fact value as JSON for reports: scalars as themselves, durations as ISO 8601, dates and
/// times as RFC 3339 in the offset they were written in.
pub fn json(schema: &Schema, v: &Value, enum_type: Option<EnumId>) -> Option<serde_json::Value> {
    Some(match v {
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        Value::Str(s) => s.as_ref().into(),
        Value::Date(d) => d.to_string().into(),
        Value::DateTime(t) => t.to_string().into(),
        Value::Duration(days) => format!("P{days}D").into(),
        Value::Enum(i) => enum_name(schema, enum_type, *i).into(),
        Value::List(items) => {
            let scalars: Option<Vec<_>> = items.iter().map(|f| json(schema, &f.value, enum_type)).collect();
            scalars?.into()
        }
        Value::Record(_) => return None,
    })
}
