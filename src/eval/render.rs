//! Values in words, in English and Chinese: `60 days` / `六十日`, `2016-08-01` / `2016年8月1日`,
//! `2024-03-01T10:15:30+08:00` / `2024年3月1日10时15分30秒（UTC+08:00）`.
//!
//! In a message an enum value is its label in the message's language (`label.zh "新闻"`), and
//! the value as facts write it (`news`) where the schema gives no label; explanations and JSON
//! always show the value as written, since they are about the facts.

use super::value::Val;
use crate::schema::{EnumId, Schema};
use crate::syntax::ast::Lang;
use crate::time::{days_en, days_zh};
use crate::value::Value;

/// Enum values by their labels or as written in facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Labels,
    AsWritten,
}

/// A value in words for a message in `lang`.
pub fn val(schema: &Schema, v: &Val<'_>, enum_type: Option<EnumId>, lang: Lang) -> String {
    words(schema, v, enum_type, lang, Names::Labels)
}

/// A value in English words with enum values as facts write them, for explanations.
pub fn val_as_written(schema: &Schema, v: &Val<'_>, enum_type: Option<EnumId>) -> String {
    words(schema, v, enum_type, Lang::En, Names::AsWritten)
}

fn words(schema: &Schema, v: &Val<'_>, enum_type: Option<EnumId>, lang: Lang, names: Names) -> String {
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
        Val::Enum(i) => match names {
            Names::Labels => enum_label(schema, enum_type, *i, lang),
            Names::AsWritten => enum_name(schema, enum_type, *i),
        },
        Val::List(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|f| words(schema, &Val::from_value(&f.value), enum_type, lang, names))
                .collect();
            list(parts, lang)
        }
        Val::Set(lits) => {
            let parts: Vec<String> =
                lits.iter().map(|l| words(schema, &Val::from_lit(l), enum_type, lang, names)).collect();
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

/// An enum value in a sentence: its label in `lang`, else its name.
fn enum_label(schema: &Schema, enum_type: Option<EnumId>, index: u32, lang: Lang) -> String {
    let variant = enum_type.and_then(|e| schema.enum_type(e).variants.get(index as usize));
    let label = variant.and_then(|v| match lang {
        Lang::En => v.label_en.as_deref(),
        Lang::Zh => v.label_zh.as_deref(),
    });
    match label {
        Some(label) => label.to_string(),
        None => enum_name(schema, enum_type, index),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{EnumType, EnumVariant};

    fn schema() -> Schema {
        let variant = |name: &str, en: Option<&str>, zh: Option<&str>| EnumVariant {
            name: name.into(),
            doc: None,
            doc_zh: None,
            label_en: en.map(String::from),
            label_zh: zh.map(String::from),
            pack: String::new(),
        };
        Schema {
            enums: vec![EnumType {
                name: "kind".into(),
                doc: None,
                doc_zh: None,
                variants: vec![
                    variant("news", Some("news service"), Some("新闻")),
                    variant("av", None, None),
                ],
                pack: String::new(),
            }],
            ..Schema::default()
        }
    }

    #[test]
    fn messages_name_enum_values_by_their_labels_and_explanations_as_written() {
        let schema = schema();
        let kind = Some(EnumId(0));
        assert_eq!(val(&schema, &Val::Enum(0), kind, Lang::Zh), "新闻");
        assert_eq!(val(&schema, &Val::Enum(0), kind, Lang::En), "news service");
        // Without a label, the value as facts write it.
        assert_eq!(val(&schema, &Val::Enum(1), kind, Lang::Zh), "av");
        assert_eq!(val_as_written(&schema, &Val::Enum(0), kind), "news");
    }
}
