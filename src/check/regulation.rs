//! Regulations, provisions and rules: structure, citations, conditions, templates.

use super::citation::{cite, Place};
use super::expr::{ExprChecker, PredicateSig};
use super::parties::{RegCtx, SharedParty};
use super::program::*;
use super::scope::{ConstRef, PackMap, View};
use super::types::Ty;
use super::Names;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::schema::Schema;
use crate::source::Span;
use crate::syntax::ast::{self, Lang, ProvenanceStatus, ProvisionLevel, SeverityLevel};
use crate::time::Date;
use std::collections::HashMap;

/// Shared state while building the program.
struct Builder<'a> {
    schema: &'a Schema,
    packs: &'a PackMap,
    views: &'a [View<'a>],
    errors: &'a mut Vec<Diagnostic>,
    calendar_names: Vec<String>,
    predicates: Vec<PredicateSig>,
    predicate_defs: Vec<PredicateDef>,
    regexes: Vec<regex::Regex>,
    rules: Vec<RuleDef>,
}

pub fn build(schema: Schema, items: &[&ast::Item], packs: &PackMap, errors: &mut Vec<Diagnostic>) -> Program {
    let (calendars, calendar_decls) = super::calendar::calendars(items, packs, errors);
    let pack_count = packs.len().max(1);

    let mut const_names: Vec<Names> = (0..pack_count).map(|_| Names::new("constant")).collect();
    let mut top_consts: Vec<(usize, &ast::ConstDecl)> = Vec::new();
    for item in items {
        if let ast::Item::Const(c) = item {
            let pack = packs.of(c.name.span);
            if const_names.get_mut(pack).is_some_and(|n| n.declare(&c.name, errors)) {
                top_consts.push((pack, c));
            }
        }
    }

    // Blocks with the same id are one regulation split across files (of one pack).
    let mut grouped: Vec<(String, usize, Vec<&ast::Regulation>)> = Vec::new();
    for item in items {
        if let ast::Item::Regulation(r) = item {
            let pack = packs.of(r.id.span);
            match grouped.iter_mut().find(|(id, _, _)| *id == r.id.text) {
                Some((_, first_pack, blocks)) if *first_pack != pack => {
                    errors.push(
                        Diagnostic::error(
                            "E0205",
                            format!(
                                "regulation `{}` is declared in pack `{}` and in pack `{}`",
                                r.id.text,
                                packs.id(*first_pack),
                                packs.id(pack)
                            ),
                        )
                        .at(r.id.span, "declared again here")
                        .also(blocks[0].id.span, "first declared here")
                        .help("a regulation belongs to one pack; give the other its own id (a successor is a regulation of its own)"),
                    );
                }
                Some((_, _, blocks)) => blocks.push(r),
                None => grouped.push((r.id.text.clone(), pack, vec![r])),
            }
        }
    }

    // The views: one per pack, then one per regulation (its pack's, with its own constants).
    let mut views = super::scope::pack_views(packs, &top_consts, &calendar_decls);
    if views.is_empty() {
        views = super::scope::pack_views(&PackMap::single(""), &top_consts, &calendar_decls);
    }
    for (index, (_, pack, blocks)) in grouped.iter().enumerate() {
        let mut view = views.get(*pack).cloned().unwrap_or_else(|| views[0].clone());
        let view_index = pack_count + index;
        view.regulation = Some(view_index);
        let mut local_names = Names::new("constant");
        for block in blocks {
            for c in &block.consts {
                if local_names.declare(&c.name, errors) {
                    // A regulation's constant silently wins over a pack's of the same name.
                    view.ambiguous.remove(&c.name.text);
                    view.consts.insert(c.name.text.clone(), ConstRef { decl: c, view: view_index });
                }
            }
        }
        views.push(view);
    }

    let mut b = Builder {
        schema: &schema,
        packs,
        views: &views,
        errors,
        calendar_names: calendars.iter().map(|c| c.name.clone()).collect(),
        predicates: Vec::new(),
        predicate_defs: Vec::new(),
        regexes: Vec::new(),
        rules: Vec::new(),
    };
    for (pack, c) in &top_consts {
        b.check_const(c, *pack);
    }
    let shared = b.shared_parties(items);
    let mut pred_names: Vec<Names> = (0..pack_count).map(|_| Names::new("predicate")).collect();
    for item in items {
        if let ast::Item::Predicate(p) = item {
            let pack = packs.of(p.name.span);
            if pred_names.get_mut(pack).is_some_and(|n| n.declare(&p.name, b.errors)) {
                b.predicate(p, pack, pack, None);
            }
        }
        if let ast::Item::StrayRule(r) = item {
            b.stray_rule(r);
        }
    }

    let mut regulations = Vec::new();
    for (index, (_, pack, blocks)) in grouped.iter().enumerate() {
        let names = &pred_names[(*pack).min(pack_count - 1)];
        let position = regulations.len();
        if let Some(info) = b.regulation(position, *pack, pack_count + index, blocks, names, &shared) {
            regulations.push(info);
        }
    }
    let (rules, predicates, regexes) = (b.rules, b.predicate_defs, b.regexes);
    Program {
        schema,
        packs: Vec::new(),
        regulations,
        rules,
        predicates,
        calendars,
        regexes,
        prepared: Default::default(),
    }
}

fn date(d: &ast::DateLit) -> Date {
    // The lowering validated every date literal, so the fallback is never taken.
    Date::from_ymd(d.year, d.month, d.day).unwrap_or(Date::EPOCH)
}

pub(super) fn bilingual(texts: &[ast::LangText], what: &str, errors: &mut Vec<Diagnostic>) -> Bilingual {
    let mut out = Bilingual::default();
    let mut seen: Vec<(Lang, Span)> = Vec::new();
    for t in texts {
        if let Some((_, first)) = seen.iter().find(|(l, _)| *l == t.lang) {
            errors.push(
                Diagnostic::error("E0205", format!("`{what}.{}` is given twice", t.lang.code()))
                    .at(t.span, "given again here")
                    .also(*first, "first given here"),
            );
            continue;
        }
        seen.push((t.lang, t.span));
        match t.lang {
            Lang::En => out.en = Some(t.text.value.clone()),
            Lang::Zh => out.zh = Some(t.text.value.clone()),
        }
    }
    out
}

impl<'a> Builder<'a> {
    fn checker(&mut self, view: usize) -> ExprChecker<'_> {
        ExprChecker::new(
            self.schema,
            self.packs,
            self.views,
            view,
            &self.predicates,
            &self.calendar_names,
            &mut self.regexes,
            self.errors,
        )
    }

    fn check_const(&mut self, c: &ast::ConstDecl, view: usize) {
        // Constants are inlined where used; checking the body once here reports errors in
        // constants nobody uses yet.
        let _ = self.checker(view).expr(&c.value);
    }

    /// Parties declared outside a regulation, for this pack's regulations and its dependents'.
    fn shared_parties(&mut self, items: &[&ast::Item]) -> Vec<(usize, SharedParty)> {
        let mut names: Vec<Names> = (0..self.packs.len().max(1)).map(|_| Names::new("party")).collect();
        let mut out = Vec::new();
        for item in items {
            let ast::Item::Party(p) = item else { continue };
            let pack = self.packs.of(p.name.span);
            if !names.get_mut(pack).is_some_and(|n| n.declare(&p.name, self.errors)) {
                continue;
            }
            if let Some(party) = self.party(p) {
                out.push((pack, SharedParty { name: p.name.text.clone(), party }));
            }
        }
        out
    }

    /// A declared party, with its subject kind resolved (E0209 when unknown).
    fn party(&mut self, p: &ast::PartyDecl) -> Option<Party> {
        let Some((kind, _)) = self.schema.subject_by_name(&p.subject.text) else {
            let help = did_you_mean(&p.subject.text, self.schema.subjects.iter().map(|s| s.name.as_str()));
            self.errors.push(
                Diagnostic::error("E0209", format!("unknown subject kind `{}`", p.subject.text))
                    .at(p.subject.span, "no `subject` declaration has this name")
                    .with_help(help),
            );
            return None;
        };
        Some(Party {
            name: p.name.text.clone(),
            subject: kind,
            title: bilingual(&p.titles, "title", self.errors),
        })
    }

    fn predicate(&mut self, p: &ast::PredicateDecl, view: usize, pack: usize, regulation: Option<usize>) {
        let mut params = Vec::new();
        let mut seen = Names::new("parameter");
        let mut errors = Vec::new();
        for param in &p.params {
            seen.declare(&param.name, &mut errors);
            let mut schema_errors = Vec::new();
            let ty = super::schema::SchemaBuilder::resolve_param(self.schema, &param.ty, &mut schema_errors);
            errors.extend(schema_errors);
            params.push(ty);
        }
        self.errors.extend(errors);
        let (body, result) = {
            let mut checker = self.checker(view);
            for (param, ty) in p.params.iter().zip(&params) {
                checker.bind(&param.name.text, ty.clone());
            }
            // A predicate is a reusable condition: true, false or unknown.
            (checker.condition(&p.body), Ty::Bool)
        };
        self.predicates.push(PredicateSig {
            name: p.name.text.clone(),
            pack,
            regulation,
            params: params.clone(),
            result,
            span: p.name.span,
            visible: true,
        });
        self.predicate_defs.push(PredicateDef { name: p.name.text.clone(), params: params.len(), body });
    }

    fn stray_rule(&mut self, r: &ast::Rule) {
        self.errors.push(
            Diagnostic::error("E0206", format!("rule `{}` stands outside any provision", r.id.text))
                .at(r.id.span, "not inside an article, paragraph or item")
                .help("move the rule into the `article` (or `paragraph`/`item`) whose duty it encodes; its citation comes from where it stands"),
        );
    }

    fn regulation(
        &mut self,
        index: usize,
        pack: usize,
        view: usize,
        blocks: &[&ast::Regulation],
        global_preds: &Names,
        shared: &[(usize, SharedParty)],
    ) -> Option<RegulationInfo> {
        let first = blocks[0];
        let id = first.id.text.clone();
        let mut titles = Vec::new();
        let mut header = Header::default();
        for block in blocks {
            titles.extend(block.titles.iter().cloned());
            header.set_issuer(block.issuer.as_ref(), self.errors);
            header.set_issued(block.issued.as_ref(), self.errors);
            header.set_in_force(block.in_force.as_ref(), self.errors);
            header.set_version(block.version.as_ref(), self.errors);
            header.set_text("url", &mut |h| &mut h.url, block.url.as_ref(), self.errors);
            header.set_text(
                "superseded by",
                &mut |h| &mut h.superseded_by,
                block.superseded_by.as_ref(),
                self.errors,
            );
        }
        let title = bilingual(&titles, "title", self.errors);
        let Some(in_force) = header.in_force.clone() else {
            self.errors.push(
                Diagnostic::error("E0216", format!("regulation `{id}` does not say when it is in force"))
                    .at(first.id.span, "no `in force from …` here")
                    .help("add e.g. `in force from 2016-08-01 until 2022-08-01`; verdicts depend on it"),
            );
            return None;
        };
        if let Some(until) = &in_force.until {
            if date(until) <= date(&in_force.from) {
                self.errors.push(
                    Diagnostic::error("E0216", "the regulation ceases to be in force before it starts")
                        .at(in_force.span, "empty window"),
                );
            }
        }

        // Parties.
        let mut party_names = Names::new("party");
        let mut parties = Vec::new();
        for block in blocks {
            for p in &block.parties {
                if party_names.declare(&p.name, self.errors) {
                    if let Some(party) = self.party(p) {
                        parties.push(party);
                    }
                }
            }
        }

        // Regulation-local predicates (its constants are in its view already).
        let mut local_preds = Names::new("predicate");
        let first_local_predicate = self.predicates.len();
        for block in blocks {
            for c in &block.consts {
                self.check_const(c, view);
            }
            for p in &block.predicates {
                if global_preds.seen.contains_key(&p.name.text) || !local_preds.declare(&p.name, self.errors)
                {
                    if global_preds.seen.contains_key(&p.name.text) {
                        self.errors.push(
                            Diagnostic::error(
                                "E0205",
                                format!("the predicate `{}` is declared twice", p.name.text),
                            )
                            .at(p.name.span, "declared again here")
                            .note("a top-level predicate of the same name exists"),
                        );
                    }
                    continue;
                }
                self.predicate(p, view, pack, Some(view));
            }
            for r in &block.stray_rules {
                self.stray_rule(r);
            }
        }

        let mut ctx = RegCtx {
            index,
            id: id.clone(),
            pack,
            view,
            packs: self.packs,
            parties,
            shared,
            shared_used: HashMap::new(),
            scopes: Vec::new(),
            rule_ids: HashMap::new(),
        };
        let mut articles = Vec::new();
        let mut numbers: HashMap<u32, Span> = HashMap::new();
        for block in blocks {
            // Article numbers run through the chapters: each appears once in the regulation.
            for (article, chapter) in block.all_articles() {
                if let Some(first) = numbers.get(&article.number) {
                    self.errors.push(
                        Diagnostic::error("E0215", format!("article {} appears twice", article.number))
                            .at(article.number_span, "again here")
                            .also(*first, "first here"),
                    );
                    continue;
                }
                numbers.insert(article.number, article.number_span);
                let place = Place { article: article.number, paragraph: None, item: None };
                let inherited = chapter.and_then(|c| c.provenance.as_ref()).map(super::chapter::provenance);
                articles.push(self.provision(&mut ctx, article, place, inherited.as_ref()));
            }
        }
        articles.sort_by_key(|a| a.number);
        let chapters = super::chapter::chapters(&id, blocks, self.errors);
        let scopes = std::mem::take(&mut ctx.scopes);
        let parties = std::mem::take(&mut ctx.parties);
        // A regulation's own predicates are not visible to the regulations after it.
        for sig in &mut self.predicates[first_local_predicate..] {
            sig.visible = false;
        }
        Some(RegulationInfo {
            id,
            pack: self.packs.id(pack).to_string(),
            title,
            issuer: header.issuer.map(|(s, _)| s),
            issued: header.issued.map(|d| date(&d)),
            in_force_from: date(&in_force.from),
            in_force_until: in_force.until.as_ref().map(date),
            version: header.version.map(|(s, _)| s),
            url: header.url.map(|(s, _)| s),
            superseded_by: header.superseded_by.map(|(s, _)| s),
            parties,
            scopes,
            articles,
            chapters,
            span: first.span,
        })
    }

    fn provision(
        &mut self,
        ctx: &mut RegCtx<'_>,
        p: &ast::Provision,
        place: Place,
        inherited: Option<&ProvenanceInfo>,
    ) -> ProvisionInfo {
        let citation = cite(&ctx.id, place);
        let provenance = p.provenance.as_ref().map(super::chapter::provenance).or_else(|| inherited.cloned());
        for scope in &p.scopes {
            let Some(party) = ctx.party(&scope.party, self.errors) else { continue };
            let condition = self.checker(ctx.view).condition(&scope.condition);
            ctx.scopes.push(Scope {
                party,
                condition,
                citation: citation.clone(),
                source_text: expr_text(&scope.condition),
            });
        }
        if let (Some(reason), Some(first)) = (&p.no_duty, p.rules.first()) {
            self.errors.push(
                Diagnostic::warning("W0202", "a provision marked `no checkable duty` has rules")
                    .at(first.id.span, "a rule here")
                    .also(reason.span, "marked as having no checkable duty")
                    .help("remove the mark, or move the rules to the provision whose duty they check"),
            );
        }
        let mut rules = Vec::new();
        for rule in &p.rules {
            if let Some(def) = self.rule(ctx, rule, place, &citation, provenance.as_ref().map(|p| p.status)) {
                rules.push(self.rules.len());
                self.rules.push(def);
            }
        }
        let mut children = Vec::new();
        let mut seen: HashMap<(bool, u32), Span> = HashMap::new();
        for child in &p.children {
            let is_item = child.level == ProvisionLevel::Item;
            let child_place = match (p.level, child.level) {
                (ProvisionLevel::Article, ProvisionLevel::Paragraph) => {
                    Place { paragraph: Some(child.number), ..place }
                }
                (ProvisionLevel::Article | ProvisionLevel::Paragraph, ProvisionLevel::Item) => {
                    Place { item: Some(child.number), ..place }
                }
                _ => {
                    self.errors.push(
                        Diagnostic::error("E0215", "a paragraph or item cannot stand here")
                            .at(child.number_span, "wrong level")
                            .help(
                                "articles hold paragraphs and items; paragraphs hold items; items hold rules",
                            ),
                    );
                    continue;
                }
            };
            if let Some(first) = seen.get(&(is_item, child.number)) {
                self.errors.push(
                    Diagnostic::error(
                        "E0215",
                        format!(
                            "{} {} appears twice",
                            if is_item { "item" } else { "paragraph" },
                            child.number
                        ),
                    )
                    .at(child.number_span, "again here")
                    .also(*first, "first here"),
                );
                continue;
            }
            seen.insert((is_item, child.number), child.number_span);
            children.push(self.provision(ctx, child, child_place, provenance.as_ref()));
        }
        ProvisionInfo {
            citation,
            number: p.number,
            heading: bilingual(&p.headings, "heading", self.errors),
            text: bilingual(&p.texts, "text", self.errors),
            provenance,
            no_duty: p.no_duty.as_ref().map(|t| t.value.clone()),
            children,
            rules,
        }
    }

    fn rule(
        &mut self,
        ctx: &mut RegCtx<'_>,
        r: &ast::Rule,
        place: Place,
        citation: &Citation,
        provenance: Option<ProvenanceStatus>,
    ) -> Option<RuleDef> {
        if let Some(first) = ctx.rule_ids.get(&r.id.text) {
            self.errors.push(
                Diagnostic::error(
                    "E0205",
                    format!("the rule id `{}` is used twice in regulation `{}`", r.id.text, ctx.id),
                )
                .at(r.id.span, "used again here")
                .also(*first, "first used here")
                .help("rule ids are stable names reported in every verdict; give each rule its own"),
            );
            return None;
        }
        ctx.rule_ids.insert(r.id.text.clone(), r.id.span);
        let missing = |what: &str, example: &str| {
            Diagnostic::error("E0210", format!("rule `{}` has no {what}", r.id.text))
                .at(r.id.span, format!("needs {what}"))
                .help(format!("add e.g. `{example}`"))
        };
        let mut ok = true;
        if r.require.is_none() {
            self.errors.push(missing("`require` condition", "require developer.logs.recorded"));
            ok = false;
        }
        if r.severity.is_none() {
            self.errors.push(missing("severity", "severity error"));
            ok = false;
        }
        if r.applies_to.is_empty() {
            self.errors.push(missing("`applies to` party", "applies to app_provider"));
            ok = false;
        }
        let parties: Vec<usize> = r.applies_to.iter().filter_map(|n| ctx.party(n, self.errors)).collect();
        let when = r
            .when
            .as_ref()
            .map(|w| Condition { expr: self.checker(ctx.view).condition(w), source_text: expr_text(w) });

        let mut checker = self.checker(ctx.view);
        let mut bound = false;
        let for_each = match &r.for_each {
            None => None,
            Some(fe) => {
                let (coll, ty) = checker.expr(&fe.collection);
                match (coll, ty) {
                    (Expr::Path(path), Ty::List(element)) => {
                        let slot = checker.bind(&fe.var.text, *element);
                        bound = true;
                        let filter = fe.filter.as_ref().map(|f| checker.condition(f));
                        Some(ForEach { slot, var: fe.var.text.clone(), collection: path, filter })
                    }
                    (_, Ty::Error) => None,
                    (_, other) => {
                        let name = other.name(checker.schema);
                        checker.errors.push(
                            Diagnostic::error(
                                "E0203",
                                format!("`for each` needs a list of facts, found {name}"),
                            )
                            .at(fe.collection.span, format!("this is {name}")),
                        );
                        None
                    }
                }
            }
        };
        let require =
            r.require.as_ref().map(|q| Condition { expr: checker.condition(q), source_text: expr_text(q) });
        let mut messages = (None, None);
        for m in &r.messages {
            let template = template(&mut checker, &m.text);
            match m.lang {
                Lang::En => messages.0 = Some(template),
                Lang::Zh => messages.1 = Some(template),
            }
        }
        if bound {
            checker.unbind();
        }
        let title = bilingual(&r.titles, "title", self.errors);
        let summary = bilingual(&r.summaries, "summary", self.errors);
        let _ = bilingual(&r.messages, "message", self.errors);
        if !ok {
            return None;
        }
        Some(RuleDef {
            qualified_id: format!("{}/{}", ctx.id, r.id.text),
            id: r.id.text.clone(),
            regulation: ctx.index,
            article: place.article,
            paragraph: place.paragraph,
            item: place.item,
            citation: citation.clone(),
            title,
            summary,
            severity: r.severity.map_or(SeverityLevel::Error, |(s, _)| s),
            parties,
            when,
            for_each,
            require: require?,
            message_en: messages.0,
            message_zh: messages.1,
            provenance,
            span: r.span,
        })
    }
}

/// Header fields of a regulation that may be given once across its blocks.
#[derive(Default)]
struct Header {
    issuer: Option<(String, Span)>,
    issued: Option<ast::DateLit>,
    in_force: Option<ast::InForce>,
    version: Option<(String, Span)>,
    url: Option<(String, Span)>,
    superseded_by: Option<(String, Span)>,
}

fn twice(what: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::error("E0205", format!("`{what}` is given twice for one regulation"))
        .at(again, "given again here")
        .also(first, "first given here")
}

impl Header {
    /// A text field given at most once across the regulation's blocks.
    fn set_text(
        &mut self,
        what: &str,
        field: &mut dyn FnMut(&mut Header) -> &mut Option<(String, Span)>,
        value: Option<&ast::Text>,
        errors: &mut Vec<Diagnostic>,
    ) {
        let slot = field(self);
        match (&*slot, value) {
            (Some((_, first)), Some(again)) => errors.push(twice(what, again.span, *first)),
            (None, Some(v)) => *slot = Some((v.value.clone(), v.span)),
            _ => {}
        }
    }

    fn set_issuer(&mut self, value: Option<&ast::Text>, errors: &mut Vec<Diagnostic>) {
        match (&self.issuer, value) {
            (Some((_, first)), Some(again)) => errors.push(twice("issuer", again.span, *first)),
            (None, Some(v)) => self.issuer = Some((v.value.clone(), v.span)),
            _ => {}
        }
    }

    fn set_issued(&mut self, value: Option<&ast::DateLit>, errors: &mut Vec<Diagnostic>) {
        match (&self.issued, value) {
            (Some(first), Some(again)) => errors.push(twice("issued", again.span, first.span)),
            (None, Some(v)) => self.issued = Some(*v),
            _ => {}
        }
    }

    fn set_in_force(&mut self, value: Option<&ast::InForce>, errors: &mut Vec<Diagnostic>) {
        match (&self.in_force, value) {
            (Some(first), Some(again)) => errors.push(twice("in force", again.span, first.span)),
            (None, Some(v)) => self.in_force = Some(v.clone()),
            _ => {}
        }
    }

    fn set_version(&mut self, value: Option<&ast::Text>, errors: &mut Vec<Diagnostic>) {
        match (&self.version, value) {
            (Some((_, first)), Some(again)) => errors.push(twice("version", again.span, *first)),
            (None, Some(v)) => self.version = Some((v.value.clone(), v.span)),
            _ => {}
        }
    }
}

/// The source text of an expression, rebuilt from the AST for reasons and explanations.
pub fn expr_text(e: &ast::Expr) -> String {
    crate::syntax::display::expr(e)
}

/// Parses `{path}` holes in a message; `{{` and `}}` are literal braces.
fn template(checker: &mut ExprChecker<'_>, text: &ast::Text) -> Template {
    let body = &text.value;
    let base = text.span.start as usize + if text.raw { 3 } else { 1 };
    let span_at = |start: usize, end: usize| Span::new(text.span.file, base + start, base + end);
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = body.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        match c {
            '{' if rest.peek().map(|(_, c)| *c) == Some('{') => {
                rest.next();
                literal.push('{');
            }
            '}' if rest.peek().map(|(_, c)| *c) == Some('}') => {
                rest.next();
                literal.push('}');
            }
            '{' => {
                let Some(close) = body[i..].find('}') else {
                    checker.errors.push(
                        Diagnostic::error("E0211", "a `{` in this message is never closed")
                            .at(span_at(i, i + 1), "opened here")
                            .help("write `{{` for a literal brace"),
                    );
                    break;
                };
                let inner = &body[i + 1..i + close];
                let hole = span_at(i + 1, i + close);
                if !literal.is_empty() {
                    parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
                }
                match template_path(inner.trim(), hole) {
                    Some(path) => {
                        let (expr, ty) =
                            checker.expr(&ast::Expr { kind: ast::ExprKind::Path(path), span: hole });
                        let enum_type = match (&expr, ty) {
                            (Expr::Path(p), _) => p.enum_type,
                            (_, Ty::Enum(e)) => Some(e),
                            _ => None,
                        };
                        parts.push(TemplatePart::Value(expr, enum_type));
                    }
                    None => checker.errors.push(
                        Diagnostic::error("E0211", format!("`{{{inner}}}` is not a fact path"))
                            .at(hole, "expected a path like `developer.logs.retention`")
                            .help("write `{{` and `}}` for literal braces"),
                    ),
                }
                while rest.peek().is_some_and(|(j, _)| *j <= i + close) {
                    rest.next();
                }
            }
            '}' => {
                checker.errors.push(
                    Diagnostic::error("E0211", "a `}` in this message has no matching `{`")
                        .at(span_at(i, i + 1), "here")
                        .help("write `}}` for a literal brace"),
                );
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(TemplatePart::Text(literal));
    }
    Template { parts }
}

fn template_path(text: &str, span: Span) -> Option<ast::Path> {
    let is_ident = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let mut segments = text.split('.');
    let root_text = segments.next()?;
    if !is_ident(root_text) {
        return None;
    }
    let name = |t: &str| ast::Name { text: t.to_string(), span };
    let root = match root_text {
        "as_of" => ast::PathRoot::AsOf(span),
        "subject" => ast::PathRoot::Subject(span),
        r => ast::PathRoot::Name(name(r)),
    };
    let mut fields = Vec::new();
    for s in segments {
        if !is_ident(s) {
            return None;
        }
        fields.push(name(s));
    }
    Some(ast::Path { root, fields, span })
}
