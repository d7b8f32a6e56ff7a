//! Lowering: pest pairs → AST, one function per grammar rule, named after it.
//!
//! The grammar has already accepted the text, so the shapes here are known; a shape that
//! does not match (which would be a bug in this file, not in the user's policy) becomes an
//! `E0100` diagnostic rather than a panic.

use super::ast::*;
use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::OnceLock;

type Result<T> = std::result::Result<T, Diagnostic>;

struct Ctx {
    file: FileId,
}

impl Ctx {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn name(&self, pair: &Pair<'_, Rule>) -> Name {
        Name { text: pair.as_str().to_string(), span: self.span(pair) }
    }

    fn bug(&self, pair: &Pair<'_, Rule>, what: &str) -> Diagnostic {
        Diagnostic::error("E0100", format!("internal error: unexpected syntax while reading {what}"))
            .at(self.span(pair), "here")
            .note("this is a bug in clause, not in your policy; please report it")
    }
}

/// Clauses that may appear once per block: a second one is an error, not a silent override.
#[derive(Default)]
struct Once(Vec<(Rule, Span)>);

impl Once {
    fn check(&mut self, ctx: &Ctx, pair: &Pair<'_, Rule>, once: &[Rule]) -> Result<()> {
        let kind = pair.as_rule();
        if !once.contains(&kind) {
            return Ok(());
        }
        let span = ctx.span(pair);
        if let Some((_, first)) = self.0.iter().find(|(r, _)| *r == kind) {
            let what = super::errors::friendly_name(kind).unwrap_or("this clause");
            return Err(Diagnostic::error("E0205", format!("{what} is given twice"))
                .at(span, "given again here")
                .also(*first, "first given here"));
        }
        self.0.push((kind, span));
        Ok(())
    }
}

const REGULATION_ONCE: &[Rule] =
    &[Rule::issuer, Rule::issued, Rule::in_force, Rule::version, Rule::url, Rule::superseded];
const PROVISION_ONCE: &[Rule] = &[Rule::provenance, Rule::no_duty];
const CHAPTER_ONCE: &[Rule] = &[Rule::provenance];
const RULE_ONCE: &[Rule] = &[Rule::severity, Rule::when_clause, Rule::for_each, Rule::require];

fn next<'i>(
    ctx: &Ctx,
    parent: &Pair<'i, Rule>,
    inner: &mut Pairs<'i, Rule>,
    what: &str,
) -> Result<Pair<'i, Rule>> {
    inner.next().ok_or_else(|| ctx.bug(parent, what))
}

pub fn file(
    file: FileId,
    root: Pair<'_, Rule>,
    comments: Vec<Comment>,
) -> std::result::Result<File, Vec<Diagnostic>> {
    let ctx = Ctx { file };
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for pair in root.into_inner() {
        let item = match pair.as_rule() {
            Rule::document_decl => record_decl(&ctx, pair).map(Item::Document),
            Rule::record_decl => record_decl(&ctx, pair).map(Item::Record),
            Rule::enum_decl => enum_decl(&ctx, pair).map(Item::Enum),
            Rule::subject_decl => subject_decl(&ctx, pair).map(Item::Subject),
            Rule::const_decl => const_decl(&ctx, pair).map(Item::Const),
            Rule::predicate_decl => predicate_decl(&ctx, pair).map(Item::Predicate),
            Rule::calendar_decl => calendar_decl(&ctx, pair).map(Item::Calendar),
            Rule::party_decl => party_decl(&ctx, pair).map(Item::Party),
            Rule::pack_decl => pack_decl(&ctx, pair).map(Item::Pack),
            Rule::extend_decl => extend_decl(&ctx, pair).map(Item::Extend),
            Rule::regulation => regulation(&ctx, pair).map(Item::Regulation),
            Rule::stray_rule => stray_rule(&ctx, pair).map(Item::StrayRule),
            Rule::EOI => continue,
            _ => Err(ctx.bug(&pair, "a declaration")),
        };
        match item {
            Ok(item) => items.push(item),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(File { items, comments })
    } else {
        Err(errors)
    }
}

// ───────────── literals ─────────────

fn text(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Text> {
    let span = ctx.span(&pair);
    match pair.as_rule() {
        Rule::raw_text => {
            let inner = pair.into_inner().next().map_or("", |p| p.as_str());
            Ok(Text { value: inner.to_string(), span, raw: true })
        }
        Rule::string => Ok(Text { value: string_value(ctx, pair)?, span, raw: false }),
        _ => Err(ctx.bug(&pair, "a text")),
    }
}

fn string_value(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<String> {
    let span = ctx.span(&pair);
    let raw = pair.into_inner().next().map_or("", |p| p.as_str());
    unescape(raw).map_err(|msg| Diagnostic::error("E0102", msg).at(span, "in this string"))
}

fn unescape(raw: &str) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(c @ ('"' | '\\')) => out.push(c),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                let code = u32::from_str_radix(&hex, 16)
                    .map_err(|_| format!("`\\u{{{hex}}}` is not a valid escape"))?;
                out.push(
                    char::from_u32(code)
                        .ok_or_else(|| format!("`\\u{{{hex}}}` is not a Unicode scalar value"))?,
                );
            }
            _ => return Err("unknown escape in string".to_string()),
        }
    }
    Ok(out)
}

fn date_lit(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<DateLit> {
    let span = ctx.span(&pair);
    let s = pair.as_str();
    let parsed = crate::time::Date::parse(s).ok_or_else(|| {
        Diagnostic::error("E0103", format!("`{s}` is not a valid calendar date")).at(span, "no such date")
    })?;
    let (year, month, day) = parsed.ymd();
    Ok(DateLit { year, month, day, span })
}

fn integer(ctx: &Ctx, pair: &Pair<'_, Rule>) -> Result<i64> {
    pair.as_str().parse::<i64>().map_err(|_| {
        Diagnostic::error("E0104", format!("`{}` is too large for an integer", pair.as_str()))
            .at(ctx.span(pair), "out of range")
    })
}

fn number_u32(ctx: &Ctx, pair: &Pair<'_, Rule>) -> Result<u32> {
    pair.as_str().parse::<u32>().map_err(|_| {
        Diagnostic::error("E0104", format!("`{}` is too large for a provision number", pair.as_str()))
            .at(ctx.span(pair), "out of range")
    })
}

fn time_unit(ctx: &Ctx, pair: &Pair<'_, Rule>) -> Result<TimeUnit> {
    Ok(match pair.as_str() {
        "day" | "days" => TimeUnit::Days,
        "week" | "weeks" => TimeUnit::Weeks,
        "month" | "months" => TimeUnit::Months,
        "year" | "years" => TimeUnit::Years,
        _ => return Err(ctx.bug(pair, "a time unit")),
    })
}

fn lang_text(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<LangText> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let lang = match next(ctx, &pair, &mut inner, "a language")?.as_str() {
        "zh" => Lang::Zh,
        _ => Lang::En,
    };
    let body = text(ctx, next(ctx, &pair, &mut inner, "a text")?)?;
    Ok(LangText { lang, text: body, span })
}

/// A `doc`/`source` clause's language (`None` when written without one, which is English)
/// and text; also an enum value's `label.*` and `doc.*`.
fn lang_clause(ctx: &Ctx, pair: &Pair<'_, Rule>) -> Result<(Lang, Text)> {
    let mut inner = pair.clone().into_inner();
    let mut first = next(ctx, pair, &mut inner, "documentation")?;
    let mut lang = Lang::En;
    if first.as_rule() == Rule::lang {
        lang = if first.as_str() == "zh" { Lang::Zh } else { Lang::En };
        first = next(ctx, pair, &mut inner, "a text")?;
    }
    Ok((lang, text(ctx, first)?))
}

/// Fills a clause that may be given once; a second one is an error, not a silent override.
fn once(slot: &mut Option<Text>, body: Text, what: &str) -> Result<()> {
    if let Some(first) = slot {
        return Err(Diagnostic::error("E0205", format!("{what} is given twice"))
            .at(body.span, "given again here")
            .also(first.span, "first given here"));
    }
    *slot = Some(body);
    Ok(())
}

/// A `doc`, `doc.en`, `doc.zh`, `source` or `source.zh` clause into its slot of `docs`.
fn docs(ctx: &Ctx, pair: Pair<'_, Rule>, docs: &mut Docs) -> Result<()> {
    let (lang, body) = lang_clause(ctx, &pair)?;
    match (pair.as_rule(), lang) {
        (Rule::doc, Lang::En) => once(&mut docs.doc, body, "the English `doc`"),
        (Rule::doc, Lang::Zh) => once(&mut docs.doc_zh, body, "`doc.zh`"),
        (Rule::source, Lang::En) => once(&mut docs.source, body, "the English `source`"),
        (Rule::source, Lang::Zh) => once(&mut docs.source_zh, body, "`source.zh`"),
        _ => Err(ctx.bug(&pair, "documentation")),
    }
}

// ───────────── schema ─────────────

fn record_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<RecordDecl> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a name")?);
    let body = record_body(ctx, inner)?;
    Ok(RecordDecl { name, docs: body.docs, key: body.key, fields: body.fields, allows: body.allows, span })
}

/// What a `record`, a `document` or an inline `record { … }` holds.
struct RecordBody {
    docs: Docs,
    key: Option<Name>,
    fields: Vec<Field>,
    allows: Vec<Allow>,
}

fn record_body(ctx: &Ctx, pairs: Pairs<'_, Rule>) -> Result<RecordBody> {
    let mut body = RecordBody { docs: Docs::default(), key: None, fields: Vec::new(), allows: Vec::new() };
    for pair in pairs {
        match pair.as_rule() {
            Rule::doc | Rule::source => docs(ctx, pair, &mut body.docs)?,
            Rule::allow => body.allows.push(allow(ctx, pair)?),
            Rule::record_key => {
                let mut inner = pair.clone().into_inner();
                next(ctx, &pair, &mut inner, "`key`")?;
                body.key = Some(ctx.name(&next(ctx, &pair, &mut inner, "a field name")?));
            }
            Rule::field => body.fields.push(field(ctx, pair)?),
            _ => return Err(ctx.bug(&pair, "a record")),
        }
    }
    Ok(body)
}

fn field(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Field> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a field name")?);
    let ty = type_expr(ctx, next(ctx, &pair, &mut inner, "a type")?)?;
    let mut d = Docs::default();
    for p in inner {
        docs(ctx, p, &mut d)?;
    }
    Ok(Field { name, ty, docs: d, span })
}

fn type_expr(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<TypeExpr> {
    let span = ctx.span(&pair);
    let inner = next(ctx, &pair, &mut pair.clone().into_inner(), "a type")?;
    match inner.as_rule() {
        Rule::ident => Ok(TypeExpr::Named(ctx.name(&inner))),
        Rule::list_type => {
            let element = next(ctx, &inner, &mut inner.clone().into_inner(), "an element type")?;
            Ok(TypeExpr::List { element: Box::new(type_expr(ctx, element)?), span })
        }
        Rule::duration_in => {
            let unit_pair = next(ctx, &inner, &mut inner.clone().into_inner(), "a unit")?;
            Ok(TypeExpr::DurationIn { unit: time_unit(ctx, &unit_pair)?, span })
        }
        Rule::inline_record => {
            // The grammar has no `key` or `allow` in inline records.
            let body = record_body(ctx, inner.into_inner())?;
            Ok(TypeExpr::InlineRecord { docs: body.docs, fields: body.fields, span })
        }
        _ => Err(ctx.bug(&inner, "a type")),
    }
}

fn enum_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<EnumDecl> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a name")?);
    let mut d = Docs::default();
    let mut variants = Vec::new();
    let mut allows = Vec::new();
    for p in inner {
        match p.as_rule() {
            Rule::doc => docs(ctx, p, &mut d)?,
            Rule::allow => allows.push(allow(ctx, p)?),
            Rule::enum_variant => variants.push(enum_variant(ctx, p)?),
            _ => return Err(ctx.bug(&p, "an enum")),
        }
    }
    Ok(EnumDecl { name, doc: d.doc, doc_zh: d.doc_zh, variants, allows, span })
}

fn enum_variant(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<EnumVariant> {
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a variant")?);
    let mut v = EnumVariant { name, doc: None, doc_zh: None, label_en: None, label_zh: None };
    for p in inner {
        match p.as_rule() {
            Rule::string | Rule::raw_text => once(&mut v.doc, text(ctx, p)?, "the English description")?,
            Rule::label | Rule::variant_doc => {
                let (lang, body) = lang_clause(ctx, &p)?;
                match (p.as_rule(), lang) {
                    (Rule::label, Lang::En) => once(&mut v.label_en, body, "`label.en`")?,
                    (Rule::label, Lang::Zh) => once(&mut v.label_zh, body, "`label.zh`")?,
                    (_, Lang::En) => once(&mut v.doc, body, "the English description")?,
                    (_, Lang::Zh) => once(&mut v.doc_zh, body, "`doc.zh`")?,
                }
            }
            _ => return Err(ctx.bug(&p, "an enum variant")),
        }
    }
    Ok(v)
}

fn pack_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<PackDecl> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let id = ctx.name(&next(ctx, &pair, &mut inner, "a pack id")?);
    let mut pack = PackDecl { id, titles: Vec::new(), version: None, requires: Vec::new(), span };
    let mut once = Once::default();
    for p in inner {
        once.check(ctx, &p, &[Rule::version])?;
        match p.as_rule() {
            Rule::title => pack.titles.push(lang_text(ctx, p)?),
            Rule::version => {
                pack.version = Some(text(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a version")?)?)
            }
            Rule::requires => pack.requires.extend(p.into_inner().map(|n| ctx.name(&n))),
            _ => return Err(ctx.bug(&p, "a pack")),
        }
    }
    Ok(pack)
}

fn extend_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ExtendDecl> {
    let span = ctx.span(&pair);
    let body = next(ctx, &pair, &mut pair.clone().into_inner(), "an extension")?;
    let mut inner = body.clone().into_inner();
    let mut ext = match body.as_rule() {
        Rule::extend_enum => ExtendDecl {
            kind: ExtendKind::Enum,
            target: ctx.name(&next(ctx, &body, &mut inner, "an enum name")?),
            fields: Vec::new(),
            variants: Vec::new(),
            span,
        },
        Rule::extend_record => {
            let kind = match next(ctx, &body, &mut inner, "`document` or `record`")?.as_str() {
                "document" => ExtendKind::Document,
                _ => ExtendKind::Record,
            };
            let target = ctx.name(&next(ctx, &body, &mut inner, "a type name")?);
            ExtendDecl { kind, target, fields: Vec::new(), variants: Vec::new(), span }
        }
        _ => return Err(ctx.bug(&body, "an extension")),
    };
    for p in inner {
        match p.as_rule() {
            Rule::field => ext.fields.push(field(ctx, p)?),
            Rule::enum_variant => ext.variants.push(enum_variant(ctx, p)?),
            _ => return Err(ctx.bug(&p, "an extension")),
        }
    }
    Ok(ext)
}

fn subject_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<SubjectDecl> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a name")?);
    let id = path_expr(ctx, next(ctx, &pair, &mut inner, "an id path")?)?;
    let mut d = Docs::default();
    let mut allows = Vec::new();
    for p in inner {
        match p.as_rule() {
            Rule::allow => allows.push(allow(ctx, p)?),
            _ => docs(ctx, p, &mut d)?,
        }
    }
    Ok(SubjectDecl { name, id, doc: d.doc, doc_zh: d.doc_zh, allows, span })
}

fn const_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<ConstDecl> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a name")?);
    let value = expr(ctx, next(ctx, &pair, &mut inner, "a value")?)?;
    let mut d = Docs::default();
    for p in inner {
        docs(ctx, p, &mut d)?;
    }
    Ok(ConstDecl { name, value, doc: d.doc, doc_zh: d.doc_zh, span })
}

fn predicate_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<PredicateDecl> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a name")?);
    let mut params = Vec::new();
    let mut body = None;
    let mut d = Docs::default();
    for p in inner {
        match p.as_rule() {
            Rule::param => {
                let mut pi = p.clone().into_inner();
                let pname = ctx.name(&next(ctx, &p, &mut pi, "a parameter")?);
                let ty = type_expr(ctx, next(ctx, &p, &mut pi, "a parameter type")?)?;
                params.push(Param { name: pname, ty });
            }
            Rule::expr => body = Some(expr(ctx, p)?),
            Rule::doc => docs(ctx, p, &mut d)?,
            _ => return Err(ctx.bug(&p, "a predicate")),
        }
    }
    let body = body.ok_or_else(|| ctx.bug(&pair, "a predicate body"))?;
    Ok(PredicateDecl { name, params, body, doc: d.doc, doc_zh: d.doc_zh, span })
}

fn calendar_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<CalendarDecl> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a name")?);
    let mut d = Docs::default();
    let mut covers = None;
    let mut rest_weekends = false;
    let mut holidays = Vec::new();
    let mut workdays = Vec::new();
    for p in inner {
        match p.as_rule() {
            Rule::doc | Rule::source => docs(ctx, p, &mut d)?,
            Rule::covers => {
                let pspan = ctx.span(&p);
                let mut ci = p.clone().into_inner();
                let from = date_lit(ctx, next(ctx, &p, &mut ci, "a date")?)?;
                let to = date_lit(ctx, next(ctx, &p, &mut ci, "a date")?)?;
                covers = Some(DateRange { from, to, span: pspan });
            }
            Rule::rest_weekends => rest_weekends = true,
            Rule::holidays => holidays.extend(date_ranges(ctx, p)?),
            Rule::workdays => workdays.extend(date_ranges(ctx, p)?),
            _ => return Err(ctx.bug(&p, "a calendar")),
        }
    }
    let covers = covers.ok_or_else(|| ctx.bug(&pair, "a calendar's `covers`"))?;
    Ok(CalendarDecl { name, docs: d, covers, rest_weekends, holidays, workdays, span })
}

fn date_ranges(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Vec<DateRange>> {
    pair.into_inner()
        .map(|r| {
            let mut ri = r.clone().into_inner();
            let from = date_lit(ctx, next(ctx, &r, &mut ri, "a date")?)?;
            let to = ri.next().map(|p| date_lit(ctx, p)).transpose()?.unwrap_or(from);
            // The pair's own span may take in trailing whitespace; the dates' spans do not.
            Ok(DateRange { from, to, span: from.span.to(to.span) })
        })
        .collect()
}

// ───────────── regulation ─────────────

fn regulation(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Regulation> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let id = ctx.name(&next(ctx, &pair, &mut inner, "a regulation id")?);
    let mut reg = Regulation {
        id,
        titles: Vec::new(),
        issuer: None,
        issued: None,
        in_force: None,
        version: None,
        url: None,
        superseded_by: None,
        parties: Vec::new(),
        consts: Vec::new(),
        predicates: Vec::new(),
        articles: Vec::new(),
        chapters: Vec::new(),
        stray_rules: Vec::new(),
        allows: Vec::new(),
        span,
    };
    let mut once = Once::default();
    for p in inner {
        once.check(ctx, &p, REGULATION_ONCE)?;
        match p.as_rule() {
            Rule::title => reg.titles.push(lang_text(ctx, p)?),
            Rule::issuer => {
                reg.issuer = Some(text(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a text")?)?)
            }
            Rule::issued => {
                reg.issued = Some(date_lit(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a date")?)?)
            }
            Rule::version => {
                reg.version = Some(text(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a text")?)?)
            }
            Rule::url => reg.url = Some(text(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a text")?)?),
            Rule::superseded => {
                reg.superseded_by = Some(text(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a text")?)?)
            }
            Rule::in_force => {
                let fspan = ctx.span(&p);
                let mut fi = p.clone().into_inner();
                let from = date_lit(ctx, next(ctx, &p, &mut fi, "a date")?)?;
                let until = fi.next().map(|d| date_lit(ctx, d)).transpose()?;
                reg.in_force = Some(InForce { from, until, span: fspan });
            }
            Rule::party_decl => reg.parties.push(party_decl(ctx, p)?),
            Rule::const_decl => reg.consts.push(const_decl(ctx, p)?),
            Rule::predicate_decl => reg.predicates.push(predicate_decl(ctx, p)?),
            Rule::chapter => reg.chapters.push(chapter(ctx, p)?),
            Rule::article => reg.articles.push(provision(ctx, p, ProvisionLevel::Article)?),
            Rule::stray_rule => reg.stray_rules.push(stray_rule(ctx, p)?),
            Rule::allow => reg.allows.push(allow(ctx, p)?),
            _ => return Err(ctx.bug(&p, "a regulation")),
        }
    }
    Ok(reg)
}

fn chapter(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Chapter> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let number_pair = next(ctx, &pair, &mut inner, "a chapter number")?;
    let mut chapter = Chapter {
        number: number_u32(ctx, &number_pair)?,
        number_span: ctx.span(&number_pair),
        headings: Vec::new(),
        texts: Vec::new(),
        provenance: None,
        articles: Vec::new(),
        stray_rules: Vec::new(),
        allows: Vec::new(),
        span,
    };
    let mut once = Once::default();
    for p in inner {
        once.check(ctx, &p, CHAPTER_ONCE)?;
        match p.as_rule() {
            Rule::heading => chapter.headings.push(lang_text(ctx, p)?),
            Rule::law_text => chapter.texts.push(lang_text(ctx, p)?),
            Rule::provenance => chapter.provenance = Some(provenance(ctx, p)?),
            Rule::allow => chapter.allows.push(allow(ctx, p)?),
            Rule::article => chapter.articles.push(provision(ctx, p, ProvisionLevel::Article)?),
            Rule::stray_rule => chapter.stray_rules.push(stray_rule(ctx, p)?),
            _ => return Err(ctx.bug(&p, "a chapter")),
        }
    }
    Ok(chapter)
}

fn party_decl(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<PartyDecl> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let name = ctx.name(&next(ctx, &pair, &mut inner, "a party")?);
    let subject = ctx.name(&next(ctx, &pair, &mut inner, "a subject kind")?);
    let titles = inner.map(|t| lang_text(ctx, t)).collect::<Result<_>>()?;
    Ok(PartyDecl { name, subject, titles, span })
}

fn provision(ctx: &Ctx, pair: Pair<'_, Rule>, level: ProvisionLevel) -> Result<Provision> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let number_pair = next(ctx, &pair, &mut inner, "a provision number")?;
    let mut prov = Provision {
        level,
        number: number_u32(ctx, &number_pair)?,
        number_span: ctx.span(&number_pair),
        headings: Vec::new(),
        texts: Vec::new(),
        provenance: None,
        no_duty: None,
        scopes: Vec::new(),
        children: Vec::new(),
        rules: Vec::new(),
        allows: Vec::new(),
        span,
    };
    let mut once = Once::default();
    for p in inner {
        once.check(ctx, &p, PROVISION_ONCE)?;
        match p.as_rule() {
            Rule::heading => prov.headings.push(lang_text(ctx, p)?),
            Rule::law_text => prov.texts.push(lang_text(ctx, p)?),
            Rule::provenance => prov.provenance = Some(provenance(ctx, p)?),
            Rule::no_duty => {
                prov.no_duty = Some(text(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a reason")?)?)
            }
            Rule::scope_decl => {
                let sspan = ctx.span(&p);
                let mut si = p.clone().into_inner();
                let party = ctx.name(&next(ctx, &p, &mut si, "a party")?);
                let condition = expr(ctx, next(ctx, &p, &mut si, "a condition")?)?;
                prov.scopes.push(ScopeDecl { party, condition, span: sspan });
            }
            Rule::paragraph => prov.children.push(provision(ctx, p, ProvisionLevel::Paragraph)?),
            Rule::item => prov.children.push(provision(ctx, p, ProvisionLevel::Item)?),
            Rule::rule_decl => prov.rules.push(rule(ctx, p)?),
            Rule::allow => prov.allows.push(allow(ctx, p)?),
            _ => return Err(ctx.bug(&p, "a provision")),
        }
    }
    Ok(prov)
}

fn allow(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Allow> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let code = ctx.name(&next(ctx, &pair, &mut inner, "a lint code")?);
    let reason = text(ctx, next(ctx, &pair, &mut inner, "a reason")?)?;
    Ok(Allow { code, reason, span })
}

fn provenance(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Provenance> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let status = match next(ctx, &pair, &mut inner, "a status")?.as_str() {
        "verbatim" => ProvenanceStatus::Verbatim,
        "assembled" => ProvenanceStatus::Assembled,
        _ => ProvenanceStatus::Reconstructed,
    };
    let mut note = None;
    let mut source = None;
    for p in inner {
        match p.as_rule() {
            Rule::source => {
                source = Some(text(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a source")?)?)
            }
            _ => note = Some(text(ctx, p)?),
        }
    }
    Ok(Provenance { status, note, source, span })
}

fn stray_rule(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Rule_> {
    let r = next(ctx, &pair, &mut pair.clone().into_inner(), "a rule")?;
    rule(ctx, r)
}

/// The AST's rule (the name `Rule` is pest's in this file).
type Rule_ = super::ast::Rule;

fn rule(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Rule_> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let id = ctx.name(&next(ctx, &pair, &mut inner, "a rule id")?);
    let mut r = Rule_ {
        id,
        titles: Vec::new(),
        summaries: Vec::new(),
        messages: Vec::new(),
        severity: None,
        applies_to: Vec::new(),
        when: None,
        for_each: None,
        require: None,
        allows: Vec::new(),
        span,
    };
    let mut once = Once::default();
    for p in inner {
        once.check(ctx, &p, RULE_ONCE)?;
        match p.as_rule() {
            Rule::title => r.titles.push(lang_text(ctx, p)?),
            Rule::summary => r.summaries.push(lang_text(ctx, p)?),
            Rule::message => r.messages.push(lang_text(ctx, p)?),
            Rule::severity => {
                let level_pair = next(ctx, &p, &mut p.clone().into_inner(), "a severity")?;
                let level = match level_pair.as_str() {
                    "error" => SeverityLevel::Error,
                    "warning" => SeverityLevel::Warning,
                    _ => SeverityLevel::Info,
                };
                r.severity = Some((level, ctx.span(&level_pair)));
            }
            Rule::applies_to => r.applies_to.extend(p.into_inner().map(|n| ctx.name(&n))),
            Rule::when_clause => {
                r.when = Some(expr(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a condition")?)?)
            }
            Rule::for_each => {
                let fspan = ctx.span(&p);
                let mut fi = p.clone().into_inner();
                let var = ctx.name(&next(ctx, &p, &mut fi, "a variable")?);
                let collection = path_expr(ctx, next(ctx, &p, &mut fi, "a collection")?)?;
                let filter = fi.next().map(|f| expr(ctx, f)).transpose()?;
                r.for_each = Some(ForEach { var, collection, filter, span: fspan });
            }
            Rule::allow => r.allows.push(allow(ctx, p)?),
            Rule::require => {
                r.require = Some(expr(ctx, next(ctx, &p, &mut p.clone().into_inner(), "a requirement")?)?)
            }
            _ => return Err(ctx.bug(&p, "a rule")),
        }
    }
    Ok(r)
}

// ───────────── expressions ─────────────

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::op_or, Assoc::Left))
            .op(Op::infix(Rule::op_and, Assoc::Left))
            .op(Op::prefix(Rule::op_not))
            .op(Op::infix(Rule::op_eq, Assoc::Left)
                | Op::infix(Rule::op_ne, Assoc::Left)
                | Op::infix(Rule::op_lt, Assoc::Left)
                | Op::infix(Rule::op_le, Assoc::Left)
                | Op::infix(Rule::op_gt, Assoc::Left)
                | Op::infix(Rule::op_ge, Assoc::Left)
                | Op::infix(Rule::op_in, Assoc::Left)
                | Op::infix(Rule::op_not_in, Assoc::Left)
                | Op::infix(Rule::op_contains, Assoc::Left)
                | Op::infix(Rule::op_starts, Assoc::Left)
                | Op::infix(Rule::op_ends, Assoc::Left)
                | Op::infix(Rule::op_matches, Assoc::Left))
            .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
            .op(Op::prefix(Rule::op_neg))
            .op(Op::postfix(Rule::op_present) | Op::postfix(Rule::op_absent))
    })
}

fn expr(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Expr> {
    pratt()
        .map_primary(|p| primary(ctx, p))
        .map_prefix(|op, operand| {
            let operand = operand?;
            let span = ctx.span(&op).to(operand.span);
            let op = if op.as_rule() == Rule::op_not { UnaryOp::Not } else { UnaryOp::Neg };
            Ok(Expr { kind: ExprKind::Unary { op, operand: Box::new(operand) }, span })
        })
        .map_postfix(|operand, op| {
            let operand = operand?;
            let span = operand.span.to(ctx.span(&op));
            let op = if op.as_rule() == Rule::op_present { UnaryOp::IsPresent } else { UnaryOp::IsAbsent };
            Ok(Expr { kind: ExprKind::Unary { op, operand: Box::new(operand) }, span })
        })
        .map_infix(|left, op, right| {
            let (left, right) = (left?, right?);
            let span = left.span.to(right.span);
            let op = binary_op(ctx, &op)?;
            Ok(Expr { kind: ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) }, span })
        })
        .parse(pair.into_inner())
}

fn binary_op(ctx: &Ctx, pair: &Pair<'_, Rule>) -> Result<BinaryOp> {
    Ok(match pair.as_rule() {
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_le => BinaryOp::Le,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_in => BinaryOp::In,
        Rule::op_not_in => BinaryOp::NotIn,
        Rule::op_contains => BinaryOp::Contains,
        Rule::op_starts => BinaryOp::StartsWith,
        Rule::op_ends => BinaryOp::EndsWith,
        Rule::op_matches => BinaryOp::Matches,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        _ => return Err(ctx.bug(pair, "an operator")),
    })
}

fn primary(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = ctx.span(&pair);
    let kind = match pair.as_rule() {
        Rule::expr => return expr(ctx, pair),
        Rule::boolean => ExprKind::Bool(pair.as_str() == "true"),
        Rule::integer => ExprKind::Integer(integer(ctx, &pair)?),
        Rule::string => ExprKind::String(string_value(ctx, pair)?),
        Rule::date => ExprKind::Date(date_lit(ctx, pair)?),
        Rule::duration => {
            let mut inner = pair.clone().into_inner();
            let amount = integer(ctx, &next(ctx, &pair, &mut inner, "an amount")?)?;
            let unit = time_unit(ctx, &next(ctx, &pair, &mut inner, "a unit")?)?;
            ExprKind::Duration { amount, unit }
        }
        Rule::set_literal => ExprKind::Set(pair.into_inner().map(|e| expr(ctx, e)).collect::<Result<_>>()?),
        Rule::path => return path_expr(ctx, pair),
        Rule::call => {
            let mut inner = pair.clone().into_inner();
            let name = ctx.name(&next(ctx, &pair, &mut inner, "a function name")?);
            let args = inner.map(|e| expr(ctx, e)).collect::<Result<_>>()?;
            ExprKind::Call { name, args }
        }
        Rule::quantifier => {
            // `in` and `where` are atomic tokens (so `index` is not `in dex`); skip them.
            let parts: Vec<Pair<'_, Rule>> = pair
                .clone()
                .into_inner()
                .filter(|p| !matches!(p.as_rule(), Rule::kw_in | Rule::kw_where))
                .collect();
            let [kind_pair, var_pair, collection_pair, body_pair] = parts.as_slice() else {
                return Err(ctx.bug(&pair, "a quantifier"));
            };
            let kind = match kind_pair.as_str() {
                "all" => QuantifierKind::All,
                "any" => QuantifierKind::Any,
                "none" => QuantifierKind::None,
                _ => QuantifierKind::Count,
            };
            let var = ctx.name(var_pair);
            let collection = primary(ctx, collection_pair.clone())?;
            let body = expr(ctx, body_pair.clone())?;
            ExprKind::Quantifier { kind, var, collection: Box::new(collection), body: Box::new(body) }
        }
        _ => return Err(ctx.bug(&pair, "an expression")),
    };
    Ok(Expr { kind, span })
}

fn path_expr(ctx: &Ctx, pair: Pair<'_, Rule>) -> Result<Expr> {
    let span = ctx.span(&pair);
    let mut inner = pair.clone().into_inner();
    let root_pair = next(ctx, &pair, &mut inner, "a path")?;
    let root = match root_pair.as_rule() {
        Rule::as_of => PathRoot::AsOf(ctx.span(&root_pair)),
        Rule::subject_root => PathRoot::Subject(ctx.span(&root_pair)),
        _ => PathRoot::Name(ctx.name(&root_pair)),
    };
    let fields = inner.map(|f| ctx.name(&f)).collect();
    Ok(Expr { kind: ExprKind::Path(Path { root, fields, span }), span })
}
