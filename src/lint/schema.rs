//! Lints over the fact schema: English documentation with no Chinese beside it (W0310).
//!
//! Chinese reports and the Chinese facts reference show the schema's Chinese; where there is
//! none they fall back to the English, marked as such. One warning per declaration, naming
//! what it lacks: `doc.zh` (and `source.zh`) where the English is given, and for an enum value
//! its `label.zh`, the words a Chinese message puts into a sentence for it.

use super::{Allows, Linter};
use crate::source::Span;
use crate::syntax::ast::{self, Docs, Item, TypeExpr};

pub(super) fn chinese_docs(linter: &mut Linter<'_>, item: &Item) {
    match item {
        Item::Document(r) | Item::Record(r) => {
            let allows = Allows::default().with(&r.allows);
            let kind = if matches!(item, Item::Document(_)) { "document" } else { "record" };
            let what = format!("{kind} `{}`", r.name.text);
            declaration(linter, &allows, &what, r.name.span, &r.docs);
            fields(linter, &allows, &r.name.text, &r.fields);
        }
        Item::Enum(e) => {
            let allows = Allows::default().with(&e.allows);
            let docs = Docs { doc: e.doc.clone(), doc_zh: e.doc_zh.clone(), ..Docs::default() };
            declaration(linter, &allows, &format!("enum `{}`", e.name.text), e.name.span, &docs);
            for v in &e.variants {
                variant(linter, &allows, &e.name.text, v);
            }
        }
        Item::Subject(s) => {
            let allows = Allows::default().with(&s.allows);
            let docs = Docs { doc: s.doc.clone(), doc_zh: s.doc_zh.clone(), ..Docs::default() };
            declaration(linter, &allows, &format!("subject `{}`", s.name.text), s.name.span, &docs);
        }
        // What an extension adds is documented like what the type declares.
        Item::Extend(e) => {
            let allows = Allows::default();
            fields(linter, &allows, &e.target.text, &e.fields);
            for v in &e.variants {
                variant(linter, &allows, &e.target.text, v);
            }
        }
        Item::Const(_)
        | Item::Predicate(_)
        | Item::Calendar(_)
        | Item::Party(_)
        | Item::Pack(_)
        | Item::Regulation(_)
        | Item::StrayRule(_) => {}
    }
}

/// The Chinese clauses `docs` lacks beside its English ones.
fn missing(docs: &Docs) -> Vec<&'static str> {
    let mut out = Vec::new();
    if docs.doc.is_some() && docs.doc_zh.is_none() {
        out.push("`doc.zh`");
    }
    if docs.source.is_some() && docs.source_zh.is_none() {
        out.push("`source.zh`");
    }
    out
}

fn declaration(linter: &mut Linter<'_>, allows: &Allows, what: &str, span: Span, docs: &Docs) {
    let missing = missing(docs);
    let label = match missing.as_slice() {
        [] => return,
        ["`doc.zh`"] => "its meaning is in English only",
        ["`source.zh`"] => "its source is in English only",
        _ => "documented in English only",
    };
    linter.warn(
        allows,
        "W0310",
        format!("{what} has no {}", missing.join(" or ")),
        span,
        label,
        format!(
            "add {} beside the English, so Chinese reports and the Chinese facts reference need not fall back to it",
            missing.join(" and ")
        ),
    );
}

fn fields(linter: &mut Linter<'_>, allows: &Allows, owner: &str, fields: &[ast::Field]) {
    for f in fields {
        let path = format!("{owner}.{}", f.name.text);
        declaration(linter, allows, &format!("field `{path}`"), f.name.span, &f.docs);
        let mut ty = &f.ty;
        while let TypeExpr::List { element, .. } = ty {
            ty = element;
        }
        if let TypeExpr::InlineRecord { docs, fields: inner, span } = ty {
            // The `record` keyword: the whole inline record would underline many lines.
            let start = span.start as usize;
            let keyword = Span::new(span.file, start, start + "record".len());
            declaration(linter, allows, &format!("the record of `{path}`"), keyword, docs);
            self::fields(linter, allows, &path, inner);
        }
    }
}

fn variant(linter: &mut Linter<'_>, allows: &Allows, owner: &str, v: &ast::EnumVariant) {
    let (mut missing, mut why) = (Vec::new(), Vec::new());
    if v.label_zh.is_none() {
        missing.push("`label.zh`");
        why.push(format!("a Chinese message names the value by its `label.zh`, else as `{}`", v.name.text));
    }
    if v.doc.is_some() && v.doc_zh.is_none() {
        missing.push("`doc.zh`");
        why.push("the Chinese facts reference describes it by its `doc.zh`".to_string());
    }
    let label = match missing.as_slice() {
        [] => return,
        ["`label.zh`"] => "no Chinese label",
        ["`doc.zh`"] => "no Chinese description",
        _ => "no Chinese for this value",
    };
    linter.warn(
        allows,
        "W0310",
        format!("enum value `{owner}.{}` has no {}", v.name.text, missing.join(" or ")),
        v.name.span,
        label,
        format!("add {}: {}", missing.join(" and "), why.join("; ")),
    );
}
