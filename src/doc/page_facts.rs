//! The facts reference: every document kind and field, its meaning, where its value comes
//! from, and which rules read it — generated from the schema with the walk the facts
//! reference `docs/facts.md` uses, so the two list the same paths.
//!
//! A Chinese page shows the schema's Chinese prose (`doc.zh`, `source.zh`); where the policy
//! gives only English, the English is shown, marked as English and followed by "（仅有英文）".

use super::anchor::{self, PageId};
use super::model::{Block, Inline, Page, Row, RowGroup, Table, Tag};
use super::page_article::policy_text;
use super::site::{short_citation, Site};
use super::words::words;
use crate::gen::walk::{inline_record, list_suffix, named_records, record_role, uses, RecordRole};
use crate::schema::{in_lang, EnumId, EnumType, FieldType, InLang, RecordId, Schema, Type};
use crate::syntax::ast::Lang;
use std::collections::BTreeMap;

/// Who reads a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reader {
    Rule(usize),
    /// A regulation's scope, by regulation and scope index.
    Scope(usize, usize),
}

pub fn page(site: &Site<'_>, lang: Lang) -> Page {
    let w = words(lang);
    let schema = &site.program.schema;
    let readers = readers(site);
    let mut body = vec![
        Block::heading(1, None, vec![Inline::text(w.facts_reference)]),
        Block::Para { class: Some("lede"), content: vec![Inline::text(w.facts_intro)] },
    ];
    if !w.facts_language_note.is_empty() {
        body.push(Block::para(vec![Inline::text(w.facts_language_note)]));
    }
    body.push(contents(schema, lang));
    body.push(subjects(schema, lang));
    for document in &schema.documents {
        let record = schema.record(document.record);
        let mut section = vec![Block::heading(
            2,
            None,
            vec![
                Inline::text(format!("{} ", w.documents.trim_end_matches('s'))),
                Inline::code(&document.name),
            ],
        )];
        if lang == Lang::Zh {
            section[0] = Block::heading(2, None, vec![Inline::text("文档 "), Inline::code(&document.name)]);
        }
        if let Some(doc) = prose(record.doc.as_deref(), record.doc_zh.as_deref(), lang) {
            section.push(Block::para(doc));
        }
        section.push(field_table(site, &readers, document.record, &document.name, None, lang));
        body.push(Block::Div {
            tag: Tag::Section,
            id: Some(anchor::document(&document.name)),
            class: Some("fact-section"),
            lang: None,
            body: section,
        });
    }
    let uses = uses(schema);
    for id in named_records(schema) {
        let record = schema.record(id);
        let title = match lang {
            Lang::En => "Record ",
            Lang::Zh => "记录类型 ",
        };
        let mut section =
            vec![Block::heading(2, None, vec![Inline::text(title), Inline::code(&record.name)])];
        if let Some(doc) = prose(record.doc.as_deref(), record.doc_zh.as_deref(), lang) {
            section.push(Block::para(doc));
        }
        section.push(used_in(uses.records.get(&id), lang));
        section.push(field_table(site, &readers, id, "", Some(&record.name), lang));
        body.push(Block::Div {
            tag: Tag::Section,
            id: Some(anchor::record(&record.name)),
            class: Some("fact-section"),
            lang: None,
            body: section,
        });
    }
    for (i, e) in schema.enums.iter().enumerate() {
        let title = match lang {
            Lang::En => "Enumeration ",
            Lang::Zh => "枚举 ",
        };
        let mut section = vec![Block::heading(2, None, vec![Inline::text(title), Inline::code(&e.name)])];
        if let Some(doc) = prose(e.doc.as_deref(), e.doc_zh.as_deref(), lang) {
            section.push(Block::para(doc));
        }
        let id = EnumId(u32::try_from(i).unwrap_or(u32::MAX));
        section.push(used_in(uses.enums.get(&id), lang));
        section.push(values(e, lang));
        body.push(Block::Div {
            tag: Tag::Section,
            id: Some(anchor::enumeration(&e.name)),
            class: Some("fact-section"),
            lang: None,
            body: section,
        });
    }
    site.page(PageId::Facts(lang), lang, w.facts_reference.to_string(), body)
}

fn table(head: Vec<&str>, rows: Vec<Row>, class: &'static str) -> Block {
    Block::div(
        "table-wrap",
        vec![Block::Table(Table {
            class: Some(class),
            caption: None,
            head: head.into_iter().map(|h| vec![Inline::text(h)]).collect(),
            groups: vec![RowGroup { header: None, rows }],
        })],
    )
}

fn contents(schema: &Schema, lang: Lang) -> Block {
    let w = words(lang);
    let link = |anchor: String, name: &str| {
        Inline::link(PageId::Facts(lang), Some(anchor), vec![Inline::code(name)])
    };
    let join = |links: Vec<Inline>| {
        let mut out = Vec::new();
        for (i, l) in links.into_iter().enumerate() {
            if i > 0 {
                out.push(Inline::text(", "));
            }
            out.push(l);
        }
        out
    };
    let mut terms = vec![(
        vec![Inline::text(w.documents)],
        join(schema.documents.iter().map(|d| link(anchor::document(&d.name), &d.name)).collect()),
    )];
    let records: Vec<Inline> = named_records(schema)
        .into_iter()
        .map(|id| {
            let name = &schema.record(id).name;
            link(anchor::record(name), name)
        })
        .collect();
    if !records.is_empty() {
        terms.push((vec![Inline::text(w.records)], join(records)));
    }
    if !schema.enums.is_empty() {
        terms.push((
            vec![Inline::text(w.enums)],
            join(schema.enums.iter().map(|e| link(anchor::enumeration(&e.name), &e.name)).collect()),
        ));
    }
    Block::Div {
        tag: Tag::Nav,
        id: None,
        class: Some("facts-contents"),
        lang: None,
        body: vec![Block::Terms(terms)],
    }
}

fn subjects(schema: &Schema, lang: Lang) -> Block {
    let w = words(lang);
    let rows = schema
        .subjects
        .iter()
        .map(|s| {
            let document = &schema.document(s.document).name;
            Row {
                id: None,
                cells: vec![
                    vec![Inline::code(&s.name)],
                    vec![Inline::link(
                        PageId::Facts(lang),
                        Some(anchor::document(document)),
                        vec![Inline::code(document)],
                    )],
                    vec![Inline::code(&s.id_path)],
                    prose_or_dash(s.doc.as_deref(), s.doc_zh.as_deref(), lang),
                ],
            }
        })
        .collect();
    Block::Div {
        tag: Tag::Section,
        id: Some("subjects".into()),
        class: Some("fact-section"),
        lang: None,
        body: vec![
            Block::heading(2, None, vec![Inline::text(w.subjects)]),
            Block::para(vec![Inline::text(w.subjects_intro)]),
            table(vec![w.kind, w.document, w.identified_by, w.meaning], rows, "subjects"),
        ],
    }
}

fn used_in(paths: Option<&Vec<String>>, lang: Lang) -> Block {
    let w = words(lang);
    let sep = if lang == Lang::En { ": " } else { "：" };
    let mut content = vec![Inline::text(format!("{}{sep}", w.used_in))];
    match paths.filter(|p| !p.is_empty()) {
        Some(paths) => {
            for (i, p) in paths.iter().enumerate() {
                if i > 0 {
                    content.push(Inline::text(", "));
                }
                content.push(Inline::code(p));
            }
        }
        None => content.push(Inline::text(w.none)),
    }
    Block::Para { class: Some("used-in"), content }
}

/// Every anchor of the reference, with the rules and scopes that read the fact there.
fn readers(site: &Site<'_>) -> BTreeMap<String, Vec<Reader>> {
    let mut map: BTreeMap<String, Vec<Reader>> = BTreeMap::new();
    for (i, reads) in site.rule_reads.iter().enumerate() {
        for f in reads {
            map.entry(f.anchor.clone()).or_default().push(Reader::Rule(i));
        }
    }
    for (r, scopes) in site.scope_reads.iter().enumerate() {
        for (s, reads) in scopes.iter().enumerate() {
            for f in reads {
                map.entry(f.anchor.clone()).or_default().push(Reader::Scope(r, s));
            }
        }
    }
    for readers in map.values_mut() {
        readers.sort();
        readers.dedup();
    }
    map
}

/// A record's fields, inline records flattened under dotted paths, as `docs/facts.md` does.
fn field_table(
    site: &Site<'_>,
    readers: &BTreeMap<String, Vec<Reader>>,
    id: RecordId,
    prefix: &str,
    named: Option<&str>,
    lang: Lang,
) -> Block {
    let w = words(lang);
    let mut rows = Vec::new();
    let mut stack = Vec::new();
    collect_rows(site, readers, id, prefix, named, lang, &mut stack, &mut rows);
    if rows.is_empty() {
        return Block::para(vec![Inline::text(w.none)]);
    }
    table(vec![w.fact, w.type_word, w.meaning, w.read_by], rows, "fields")
}

#[allow(clippy::too_many_arguments)]
fn collect_rows(
    site: &Site<'_>,
    readers: &BTreeMap<String, Vec<Reader>>,
    id: RecordId,
    prefix: &str,
    named: Option<&str>,
    lang: Lang,
    stack: &mut Vec<RecordId>,
    rows: &mut Vec<Row>,
) {
    let schema = &site.program.schema;
    if stack.contains(&id) {
        return;
    }
    stack.push(id);
    for field in &schema.record(id).fields {
        let path = if prefix.is_empty() { field.name.clone() } else { format!("{prefix}.{}", field.name) };
        let path = format!("{path}{}", list_suffix(&field.ty));
        let anchor = match named {
            Some(record) => anchor::record_field(record, &path),
            None => anchor::fact(&path),
        };
        let mut row = row(site, readers, field, &path, anchor, lang);
        let owner = &schema.record(id).pack;
        if !field.pack.is_empty() && field.pack != *owner {
            // A field another pack added says so, where a reader of the shared model looks.
            let added = match lang {
                Lang::En => format!("added by pack {}", field.pack),
                Lang::Zh => format!("由 {} 包添加", field.pack),
            };
            if let Some(meaning) = row.cells.get_mut(2) {
                meaning.push(Inline::Break);
                meaning.push(Inline::class("quiet", vec![Inline::text(added)]));
            }
        }
        rows.push(row);
        if let Some(inner) = inline_record(schema, &field.ty) {
            collect_rows(site, readers, inner, &path, named, lang, stack, rows);
        }
    }
    stack.pop();
}

fn row(
    site: &Site<'_>,
    readers: &BTreeMap<String, Vec<Reader>>,
    field: &FieldType,
    path: &str,
    anchor: String,
    lang: Lang,
) -> Row {
    let w = words(lang);
    let schema = &site.program.schema;
    let mut meaning = prose_or_dash(field.doc.as_deref(), field.doc_zh.as_deref(), lang);
    if let Some(inner) = inline_record(schema, &field.ty) {
        let record = schema.record(inner);
        if let Some(doc) = prose(record.doc.as_deref(), record.doc_zh.as_deref(), lang) {
            meaning.push(Inline::text(if lang == Lang::En { " " } else { "" }));
            meaning.extend(doc);
        }
    }
    if let Some(source) = prose(field.source.as_deref(), field.source_zh.as_deref(), lang) {
        let sep = if lang == Lang::En { ": " } else { "：" };
        meaning.push(Inline::Break);
        let mut line =
            vec![Inline::class("source-label", vec![Inline::text(format!("{}{sep}", w.where_from))])];
        line.extend(source);
        meaning.push(Inline::class("source-line", line));
    }
    let mut read_by = Vec::new();
    for (i, reader) in readers.get(&anchor).map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
        if i > 0 {
            read_by.push(Inline::Break);
        }
        read_by.push(reader_link(site, *reader, lang));
    }
    if read_by.is_empty() {
        read_by.push(Inline::class("quiet", vec![Inline::text(w.nobody_reads)]));
    }
    Row {
        id: Some(anchor),
        cells: vec![vec![Inline::code(path)], type_cell(schema, &field.ty, lang), meaning, read_by],
    }
}

fn reader_link(site: &Site<'_>, reader: Reader, lang: Lang) -> Inline {
    let program = site.program;
    match reader {
        Reader::Rule(i) => match program.rules.get(i) {
            Some(rule) => {
                let reg = program.regulations.get(rule.regulation).map_or("", |r| r.id.as_str());
                site.rule_link(
                    rule,
                    lang,
                    vec![
                        Inline::text(format!("{} ", short_citation(reg, &rule.citation, lang))),
                        Inline::code(&rule.id),
                    ],
                )
            }
            None => Inline::text("?"),
        },
        Reader::Scope(r, s) => {
            let Some(reg) = program.regulations.get(r) else { return Inline::text("?") };
            let Some(scope) = reg.scopes.get(s) else { return Inline::text("?") };
            let party = reg.parties.get(scope.party).map_or("", |p| p.name.as_str());
            let article = super::site::scope_article(reg, scope).unwrap_or(0);
            let label = match lang {
                Lang::En => "scope",
                Lang::Zh => "适用范围",
            };
            Inline::link(
                PageId::Article(lang, reg.id.clone(), article),
                Some(anchor::scope(party)),
                vec![
                    Inline::text(format!("{} ", short_citation(&reg.id, &scope.citation, lang))),
                    Inline::text(format!("{label} ")),
                    Inline::code(party),
                ],
            )
        }
    }
}

/// The schema's prose for a page in `lang`: the page's language, or the English marked as the
/// only text there is; `None` when the schema gives none.
fn prose(en: Option<&str>, zh: Option<&str>, lang: Lang) -> Option<Vec<Inline>> {
    Some(match in_lang(en, zh, lang == Lang::Zh)? {
        InLang::Own(text) => vec![Inline::text(one_line(text))],
        InLang::EnglishOnly(text) => vec![
            policy_text(text, lang),
            Inline::class("english-only", vec![Inline::text(words(lang).english_only)]),
        ],
    })
}

fn prose_or_dash(en: Option<&str>, zh: Option<&str>, lang: Lang) -> Vec<Inline> {
    prose(en, zh, lang).unwrap_or_else(|| vec![Inline::text("—")])
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An enumeration's values: each with the labels messages use for it, where the schema gives
/// any in that language, and its meaning.
fn values(e: &EnumType, lang: Lang) -> Block {
    let w = words(lang);
    let has_en = e.variants.iter().any(|v| v.label_en.is_some());
    let has_zh = e.variants.iter().any(|v| v.label_zh.is_some());
    let label = |text: Option<&str>, of: Lang| match text {
        Some(t) if of == lang => Inline::text(t),
        Some(t) => Inline::lang(of, t),
        None => Inline::text("—"),
    };
    let rows = e
        .variants
        .iter()
        .map(|v| {
            let mut cells = vec![vec![Inline::code(&v.name)]];
            if has_en {
                cells.push(vec![label(v.label_en.as_deref(), Lang::En)]);
            }
            if has_zh {
                cells.push(vec![label(v.label_zh.as_deref(), Lang::Zh)]);
            }
            cells.push(prose_or_dash(v.doc.as_deref(), v.doc_zh.as_deref(), lang));
            Row { id: Some(format!("{}-{}", anchor::enumeration(&e.name), v.name)), cells }
        })
        .collect();
    let mut head = vec![w.value];
    if has_en {
        head.push(w.label_en);
    }
    if has_zh {
        head.push(w.label_zh);
    }
    head.push(w.meaning);
    table(head, rows, "values")
}

/// The type as a policy author writes it, named types linked to their sections.
fn type_cell(schema: &Schema, ty: &Type, lang: Lang) -> Vec<Inline> {
    match ty {
        Type::Enum(id) => {
            let name = &schema.enum_type(*id).name;
            vec![Inline::link(PageId::Facts(lang), Some(anchor::enumeration(name)), vec![Inline::code(name)])]
        }
        Type::Record(id) => match record_role(schema, *id) {
            RecordRole::Named => {
                let name = &schema.record(*id).name;
                vec![Inline::link(PageId::Facts(lang), Some(anchor::record(name)), vec![Inline::code(name)])]
            }
            RecordRole::Inline | RecordRole::Document => vec![Inline::text("record")],
        },
        Type::List(element) => {
            let mut out = vec![Inline::text("list of ")];
            out.extend(type_cell(schema, element, lang));
            out
        }
        _ => vec![Inline::text(schema.type_name(ty))],
    }
}
