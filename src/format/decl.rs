//! Declarations: the schema, calendars, the regulation and its provisions and rules, each
//! turned into lines that remember the source range they print.

use super::{Blank, Printer};
use crate::source::Span;
use crate::syntax::ast::*;

/// A piece that follows a clause on its line if it fits, else on its own line: `doc "…"`.
struct Part {
    text: String,
    start: usize,
    end: usize,
}

/// A clause of a regulation or provision block, printed in source order.
enum Clause<'r> {
    Title(&'r LangText),
    Issuer(&'r Text),
    Url(&'r Text),
    Superseded(&'r Text),
    Issued(&'r DateLit),
    InForce(&'r InForce),
    Version(&'r Text),
    Party(&'r PartyDecl),
    Const(&'r ConstDecl),
    Predicate(&'r PredicateDecl),
    Heading(&'r LangText),
    LawText(&'r LangText),
    Provenance(&'r Provenance),
    NoDuty(&'r Text),
    Scope(&'r ScopeDecl),
    Chapter(&'r Chapter),
    Provision(&'r Provision),
    Rule(&'r Rule),
    Allow(&'r Allow),
}

impl Clause<'_> {
    /// Chapters, articles, paragraphs, items and rules stand apart with a blank line on each side.
    fn apart(&self) -> bool {
        matches!(self, Clause::Chapter(_) | Clause::Provision(_) | Clause::Rule(_))
    }
}

impl Printer<'_> {
    pub(super) fn item(&mut self, item: &Item) {
        match item {
            Item::Document(r) => self.record_decl("document", r, 0),
            Item::Record(r) => self.record_decl("record", r, 0),
            Item::Enum(e) => self.enum_decl(e, 0),
            Item::Subject(s) => self.subject_decl(s, 0),
            Item::Const(c) => self.const_decl(c, 0),
            Item::Predicate(p) => self.predicate_decl(p, 0),
            Item::Calendar(c) => self.calendar_decl(c, 0),
            Item::Party(p) => self.party_decl(p, 0),
            Item::Pack(p) => self.pack_decl(p),
            Item::Extend(e) => self.extend_decl(e),
            Item::Regulation(r) => self.regulation(r, 0),
            Item::StrayRule(r) => self.rule(r, 0),
        }
    }

    // ───────────── pieces ─────────────

    /// `keyword "…"`, where `keyword` may carry a language: `doc.zh "…"`.
    fn part(&self, keyword: &str, t: &Text) -> Part {
        Part {
            text: format!("{keyword} {}", self.slice(t.span)),
            start: self.dotted_kw_start(t.span.start as usize),
            end: self.end(t.span),
        }
    }

    /// The clauses present, in source order (`doc.en` is written `doc`).
    fn parts_of(&self, clauses: &[(&str, &Option<Text>)]) -> Vec<Part> {
        let mut parts: Vec<Part> =
            clauses.iter().filter_map(|(k, t)| t.as_ref().map(|t| self.part(k, t))).collect();
        parts.sort_by_key(|p| p.start);
        parts
    }

    fn docs_parts(&self, d: &Docs) -> Vec<Part> {
        self.parts_of(&[
            ("doc", &d.doc),
            ("doc.zh", &d.doc_zh),
            ("source", &d.source),
            ("source.zh", &d.source_zh),
        ])
    }

    /// The lines at the top of a declaration's body, documentation and `allow`s, in source order.
    fn head_lines(&mut self, indent: usize, mut parts: Vec<Part>, allows: &[Allow]) {
        for a in allows {
            let text = format!("allow {} {}", a.code.text, self.slice(a.reason.span));
            parts.push(Part { text, start: a.span.start as usize, end: self.end(a.span) });
        }
        parts.sort_by_key(|p| p.start);
        for p in parts {
            self.push(indent, p.text, p.start, p.end, Blank::Keep);
        }
    }

    /// `main` followed by `parts` on one line if it fits, else each part one level deeper.
    fn with_parts(&mut self, indent: usize, main: String, start: usize, end: usize, parts: Vec<Part>) {
        let mut one = main.clone();
        for p in &parts {
            one.push(' ');
            one.push_str(&p.text);
        }
        match parts.last() {
            Some(last) if Self::fits(indent, &one) => self.push(indent, one, start, last.end, Blank::Keep),
            _ => {
                self.push(indent, main, start, end, Blank::Keep);
                self.parts_below(indent + 1, parts);
            }
        }
    }

    fn parts_below(&mut self, indent: usize, parts: Vec<Part>) {
        for p in parts {
            self.push(indent, p.text, p.start, p.end, Blank::Never);
        }
    }

    fn lang_text(&mut self, indent: usize, keyword: &str, t: &LangText) {
        let text = format!("{keyword}.{} {}", t.lang.code(), self.slice(t.text.span));
        self.push(indent, text, t.span.start as usize, self.end(t.span), Blank::Keep);
    }

    fn keyword_text(&mut self, indent: usize, keyword: &str, words: usize, t: &Text) {
        let text = format!("{keyword} {}", self.slice(t.span));
        let start = self.kw_start(t.span.start as usize, words);
        self.push(indent, text, start, self.end(t.span), Blank::Keep);
    }

    // ───────────── schema ─────────────

    fn record_decl(&mut self, keyword: &str, r: &RecordDecl, indent: usize) {
        self.open(
            indent,
            format!("{keyword} {}", r.name.text),
            r.span.start as usize,
            r.name.span.end as usize,
        );
        self.record_body(indent + 1, &r.docs, &r.allows, r.key.as_ref(), &r.fields);
        self.close(indent, r.span);
    }

    fn record_body(
        &mut self,
        indent: usize,
        docs: &Docs,
        allows: &[Allow],
        key: Option<&Name>,
        fields: &[Field],
    ) {
        let parts = self.docs_parts(docs);
        self.head_lines(indent, parts, allows);
        if let Some(key) = key {
            let start = self.kw_start(key.span.start as usize, 1);
            self.push(indent, format!("key {}", key.text), start, key.span.end as usize, Blank::Keep);
        }
        for f in fields {
            self.field(indent, f);
        }
    }

    fn field(&mut self, indent: usize, f: &Field) {
        let parts = self.docs_parts(&f.docs);
        let start = f.span.start as usize;
        match inline_record(&f.ty, String::new()) {
            Some((prefix, docs, fields, span)) => {
                let head = format!("{}: {prefix}record", f.name.text);
                self.open(indent, head, start, f.ty.span().start as usize);
                self.record_body(indent + 1, docs, &[], None, fields);
                self.close(indent, span);
                self.parts_below(indent + 1, parts);
            }
            None => {
                let ty = self.type_forced(&f.ty);
                let end = self.end(f.ty.span());
                self.with_parts(indent, format!("{}: {ty}", f.name.text), start, end, parts);
            }
        }
    }

    /// A type on one line, inline records included (for predicate parameters).
    fn type_forced(&self, t: &TypeExpr) -> String {
        match t {
            TypeExpr::List { element, .. } => format!("list of {}", self.type_forced(element)),
            TypeExpr::InlineRecord { docs, fields, .. } => {
                let mut out = String::from("record {");
                for p in self.docs_parts(docs) {
                    out.push(' ');
                    out.push_str(&p.text);
                }
                for f in fields {
                    out.push_str(&format!(" {}: {}", f.name.text, self.type_forced(&f.ty)));
                    for p in self.docs_parts(&f.docs) {
                        out.push(' ');
                        out.push_str(&p.text);
                    }
                }
                out.push_str(" }");
                out
            }
            _ => type_flat(t).unwrap_or_default(),
        }
    }

    fn enum_decl(&mut self, e: &EnumDecl, indent: usize) {
        self.open(indent, format!("enum {}", e.name.text), e.span.start as usize, e.name.span.end as usize);
        let parts = self.parts_of(&[("doc", &e.doc), ("doc.zh", &e.doc_zh)]);
        self.head_lines(indent + 1, parts, &e.allows);
        for v in &e.variants {
            self.enum_variant(indent + 1, v);
        }
        self.close(indent, e.span);
    }

    fn party_decl(&mut self, p: &PartyDecl, indent: usize) {
        self.open(indent, format!("party {}", p.name.text), p.span.start as usize, p.name.span.end as usize);
        let kind_start = self.kw_start(p.subject.span.start as usize, 1);
        let text = format!("subject {}", p.subject.text);
        self.push(indent + 1, text, kind_start, p.subject.span.end as usize, Blank::Keep);
        for t in &p.titles {
            self.lang_text(indent + 1, "title", t);
        }
        self.close(indent, p.span);
    }

    fn pack_decl(&mut self, p: &PackDecl) {
        self.open(0, format!("pack {}", p.id.text), p.span.start as usize, p.id.span.end as usize);
        // Titles, the version and `requires` in source order.
        let mut lines: Vec<(usize, usize, String)> = Vec::new();
        for t in &p.titles {
            let text = format!("title.{} {}", t.lang.code(), self.slice(t.text.span));
            lines.push((t.span.start as usize, self.end(t.span), text));
        }
        if let Some(v) = &p.version {
            lines.push((
                self.kw_start(v.span.start as usize, 1),
                self.end(v.span),
                format!("version {}", self.slice(v.span)),
            ));
        }
        if let (Some(first), Some(last)) = (p.requires.first(), p.requires.last()) {
            let names: Vec<&str> = p.requires.iter().map(|n| n.text.as_str()).collect();
            let start = self.kw_start(first.span.start as usize, 1);
            lines.push((start, last.span.end as usize, format!("requires {}", names.join(", "))));
        }
        lines.sort_by_key(|(start, _, _)| *start);
        for (start, end, text) in lines {
            self.push(1, text, start, end, Blank::Keep);
        }
        self.close(0, p.span);
    }

    fn extend_decl(&mut self, e: &ExtendDecl) {
        let head = format!("extend {} {}", e.kind.keyword(), e.target.text);
        self.open(0, head, e.span.start as usize, e.target.span.end as usize);
        for f in &e.fields {
            self.field(1, f);
        }
        for v in &e.variants {
            self.enum_variant(1, v);
        }
        self.close(0, e.span);
    }

    /// `name "English"` and its labels and Chinese after it, on one line if they fit.
    fn enum_variant(&mut self, indent: usize, v: &EnumVariant) {
        // The English description is written bare right after the name, or as `doc.en`.
        let bare =
            v.doc.as_ref().filter(|d| self.back_trivia(d.span.start as usize) == v.name.span.end as usize);
        let (main, end) = match bare {
            Some(d) => (format!("{} {}", v.name.text, self.slice(d.span)), self.end(d.span)),
            None => (v.name.text.clone(), v.name.span.end as usize),
        };
        let doc_en = if bare.is_some() { &None } else { &v.doc };
        let parts = self.parts_of(&[
            ("doc.en", doc_en),
            ("label.en", &v.label_en),
            ("label.zh", &v.label_zh),
            ("doc.zh", &v.doc_zh),
        ]);
        self.with_parts(indent, main, v.name.span.start as usize, end, parts);
    }

    fn subject_decl(&mut self, s: &SubjectDecl, indent: usize) {
        self.open(
            indent,
            format!("subject {}", s.name.text),
            s.span.start as usize,
            s.name.span.end as usize,
        );
        let text = format!("id {}", self.flat(&s.id));
        let start = self.kw_start(s.id.span.start as usize, 1);
        self.push(indent + 1, text, start, self.end(s.id.span), Blank::Keep);
        let parts = self.parts_of(&[("doc", &s.doc), ("doc.zh", &s.doc_zh)]);
        self.head_lines(indent + 1, parts, &s.allows);
        self.close(indent, s.span);
    }

    fn const_decl(&mut self, c: &ConstDecl, indent: usize) {
        let head = format!("const {} =", c.name.text);
        let parts = self.parts_of(&[("doc", &c.doc), ("doc.zh", &c.doc_zh)]);
        self.with_body(indent, head, c.span.start as usize, &c.value, parts);
    }

    fn predicate_decl(&mut self, p: &PredicateDecl, indent: usize) {
        let params: Vec<String> =
            p.params.iter().map(|q| format!("{}: {}", q.name.text, self.type_forced(&q.ty))).collect();
        let head = format!("predicate {}({}) =", p.name.text, params.join(", "));
        let parts = self.parts_of(&[("doc", &p.doc), ("doc.zh", &p.doc_zh)]);
        self.with_body(indent, head, p.span.start as usize, &p.body, parts);
    }

    /// `head body doc` on one line if it fits; else the body on the next lines, one level deeper.
    fn with_body(&mut self, indent: usize, head: String, start: usize, body: &Expr, parts: Vec<Part>) {
        let one = format!("{head} {}", self.flat(body));
        if Self::fits(indent, &one) {
            self.with_parts(indent, one, start, self.end(body.span), parts);
        } else {
            let head_end = self.back_trivia(body.span.start as usize);
            self.push(indent, head, start, head_end, Blank::Keep);
            self.layout(indent + 1, indent + 1, "", "", body.span.start as usize, body, Blank::Never);
            self.parts_below(indent + 1, parts);
        }
    }

    fn calendar_decl(&mut self, c: &CalendarDecl, indent: usize) {
        self.open(
            indent,
            format!("calendar {}", c.name.text),
            c.span.start as usize,
            c.name.span.end as usize,
        );
        let inner = indent + 1;
        for p in self.docs_parts(&c.docs) {
            self.push(inner, p.text, p.start, p.end, Blank::Keep);
        }
        let covers = format!("covers {}", self.range_text(&c.covers));
        let covers_end = self.end(c.covers.span);
        self.push(inner, covers, c.covers.span.start as usize, covers_end, Blank::Keep);
        if c.rest_weekends {
            let rest = self.skip_trivia(covers_end);
            let end = self.skip_trivia(rest + "rest".len()) + "weekends".len();
            self.push(inner, "rest weekends", rest, end, Blank::Keep);
        }
        let mut ranges: Vec<(&str, &DateRange)> = c.holidays.iter().map(|r| ("holidays", r)).collect();
        ranges.extend(c.workdays.iter().map(|r| ("workdays", r)));
        ranges.sort_by_key(|(_, r)| r.from.span.start);
        // The source's clauses: a range continues its clause when a comma follows the previous one.
        let mut groups: Vec<(&str, Vec<&DateRange>)> = Vec::new();
        for (kind, r) in ranges {
            match groups.last_mut() {
                Some((k, rs))
                    if *k == kind
                        && rs.last().is_some_and(|prev| {
                            self.src.as_bytes().get(self.skip_trivia(prev.to.span.end as usize))
                                == Some(&b',')
                        }) =>
                {
                    rs.push(r)
                }
                _ => groups.push((kind, vec![r])),
            }
        }
        for (kind, rs) in groups {
            self.date_clause(inner, kind, &rs);
        }
        self.close(indent, c.span);
    }

    fn range_text(&self, r: &DateRange) -> String {
        if r.from.span == r.to.span {
            self.slice(r.from.span).to_string()
        } else {
            format!("{} to {}", self.slice(r.from.span), self.slice(r.to.span))
        }
    }

    /// `holidays A, B`; if too long, one range per line aligned after the keyword.
    fn date_clause(&mut self, indent: usize, keyword: &str, ranges: &[&DateRange]) {
        let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else { return };
        let start = self.kw_start(first.from.span.start as usize, 1);
        let texts: Vec<String> = ranges.iter().map(|r| self.range_text(r)).collect();
        let one = format!("{keyword} {}", texts.join(", "));
        if Self::fits(indent, &one) {
            self.push(indent, one, start, last.to.span.end as usize, Blank::Keep);
            return;
        }
        let pad = " ".repeat(keyword.len() + 1);
        for (i, (r, t)) in ranges.iter().zip(&texts).enumerate() {
            let comma = if i + 1 < ranges.len() { "," } else { "" };
            let (lead, s, blank) = if i == 0 {
                (format!("{keyword} "), start, Blank::Keep)
            } else {
                (pad.clone(), r.from.span.start as usize, Blank::Never)
            };
            self.push(indent, format!("{lead}{t}{comma}"), s, r.to.span.end as usize, blank);
        }
    }

    // ───────────── regulation ─────────────

    fn regulation(&mut self, r: &Regulation, indent: usize) {
        self.open(indent, format!("regulation {}", r.id.text), r.span.start as usize, r.id.span.end as usize);
        let mut clauses: Vec<(usize, Clause<'_>)> = Vec::new();
        clauses.extend(r.titles.iter().map(|t| (t.span.start as usize, Clause::Title(t))));
        if let Some(t) = &r.issuer {
            clauses.push((self.kw_start(t.span.start as usize, 1), Clause::Issuer(t)));
        }
        if let Some(d) = &r.issued {
            clauses.push((self.kw_start(d.span.start as usize, 1), Clause::Issued(d)));
        }
        if let Some(f) = &r.in_force {
            clauses.push((f.span.start as usize, Clause::InForce(f)));
        }
        if let Some(t) = &r.version {
            clauses.push((self.kw_start(t.span.start as usize, 1), Clause::Version(t)));
        }
        if let Some(t) = &r.url {
            clauses.push((self.kw_start(t.span.start as usize, 1), Clause::Url(t)));
        }
        if let Some(t) = &r.superseded_by {
            clauses.push((self.kw_start(t.span.start as usize, 2), Clause::Superseded(t)));
        }
        clauses.extend(r.parties.iter().map(|p| (p.span.start as usize, Clause::Party(p))));
        clauses.extend(r.consts.iter().map(|c| (c.span.start as usize, Clause::Const(c))));
        clauses.extend(r.predicates.iter().map(|p| (p.span.start as usize, Clause::Predicate(p))));
        clauses.extend(r.chapters.iter().map(|c| (c.span.start as usize, Clause::Chapter(c))));
        clauses.extend(r.articles.iter().map(|a| (a.span.start as usize, Clause::Provision(a))));
        clauses.extend(r.stray_rules.iter().map(|s| (s.span.start as usize, Clause::Rule(s))));
        clauses.extend(r.allows.iter().map(|a| (a.span.start as usize, Clause::Allow(a))));
        self.clauses(indent + 1, clauses);
        self.close(indent, r.span);
    }

    /// Prints block clauses in source order, with a blank line around provisions and rules.
    fn clauses(&mut self, indent: usize, mut clauses: Vec<(usize, Clause<'_>)>) {
        clauses.sort_by_key(|(start, _)| *start);
        let mut after_apart = false;
        for (start, c) in clauses {
            let first = self.lines.len();
            self.clause(indent, start, &c);
            let blank = if c.apart() || after_apart { Blank::Force } else { Blank::Keep };
            self.set_blank(first, blank);
            after_apart = c.apart();
        }
    }

    fn clause(&mut self, indent: usize, start: usize, c: &Clause<'_>) {
        match c {
            Clause::Title(t) => self.lang_text(indent, "title", t),
            Clause::Issuer(t) => self.keyword_text(indent, "issuer", 1, t),
            Clause::Url(t) => self.keyword_text(indent, "url", 1, t),
            Clause::Superseded(t) => self.keyword_text(indent, "superseded by", 2, t),
            Clause::Issued(d) => self.push(
                indent,
                format!("issued {}", self.slice(d.span)),
                start,
                d.span.end as usize,
                Blank::Keep,
            ),
            Clause::InForce(f) => {
                let mut text = format!("in force from {}", self.slice(f.from.span));
                if let Some(u) = &f.until {
                    text.push_str(&format!(" until {}", self.slice(u.span)));
                }
                self.push(indent, text, start, self.end(f.span), Blank::Keep);
            }
            Clause::Version(t) => self.keyword_text(indent, "version", 1, t),
            Clause::Party(p) => self.party_decl(p, indent),
            Clause::Const(k) => self.const_decl(k, indent),
            Clause::Predicate(p) => self.predicate_decl(p, indent),
            Clause::Heading(t) => self.lang_text(indent, "heading", t),
            Clause::LawText(t) => self.lang_text(indent, "text", t),
            Clause::Provenance(p) => {
                let mut main = format!("provenance {}", p.status.as_str());
                let mut end = self.end(p.span);
                if let Some(n) = &p.note {
                    main.push(' ');
                    main.push_str(self.slice(n.span));
                    end = self.end(n.span);
                } else if let Some(s) = &p.source {
                    end = self.back_trivia(self.kw_start(s.span.start as usize, 1));
                }
                let parts: Vec<Part> = p.source.iter().map(|s| self.part("source", s)).collect();
                self.with_parts(indent, main, start, end, parts);
            }
            Clause::NoDuty(t) => self.keyword_text(indent, "no checkable duty", 3, t),
            Clause::Scope(s) => {
                let head = format!("scope {} when ", s.party.text);
                self.layout(indent, indent + 1, &head, "", start, &s.condition, Blank::Keep);
            }
            Clause::Chapter(c) => self.chapter(c, indent),
            Clause::Provision(p) => self.provision(p, indent),
            Clause::Rule(r) => self.rule(r, indent),
            Clause::Allow(a) => self.allow(indent, a),
        }
    }

    fn chapter(&mut self, c: &Chapter, indent: usize) {
        let head = format!("chapter {}", c.number);
        self.open(indent, head, c.span.start as usize, c.number_span.end as usize);
        let mut clauses: Vec<(usize, Clause<'_>)> = Vec::new();
        clauses.extend(c.headings.iter().map(|t| (t.span.start as usize, Clause::Heading(t))));
        clauses.extend(c.texts.iter().map(|t| (t.span.start as usize, Clause::LawText(t))));
        if let Some(pr) = &c.provenance {
            clauses.push((pr.span.start as usize, Clause::Provenance(pr)));
        }
        clauses.extend(c.allows.iter().map(|a| (a.span.start as usize, Clause::Allow(a))));
        clauses.extend(c.articles.iter().map(|a| (a.span.start as usize, Clause::Provision(a))));
        clauses.extend(c.stray_rules.iter().map(|r| (r.span.start as usize, Clause::Rule(r))));
        self.clauses(indent + 1, clauses);
        self.close(indent, c.span);
    }

    fn provision(&mut self, p: &Provision, indent: usize) {
        let keyword = match p.level {
            ProvisionLevel::Article => "article",
            ProvisionLevel::Paragraph => "paragraph",
            ProvisionLevel::Item => "item",
        };
        self.open(
            indent,
            format!("{keyword} {}", p.number),
            p.span.start as usize,
            p.number_span.end as usize,
        );
        let mut clauses: Vec<(usize, Clause<'_>)> = Vec::new();
        clauses.extend(p.headings.iter().map(|t| (t.span.start as usize, Clause::Heading(t))));
        clauses.extend(p.texts.iter().map(|t| (t.span.start as usize, Clause::LawText(t))));
        if let Some(pr) = &p.provenance {
            clauses.push((pr.span.start as usize, Clause::Provenance(pr)));
        }
        if let Some(t) = &p.no_duty {
            clauses.push((self.kw_start(t.span.start as usize, 3), Clause::NoDuty(t)));
        }
        clauses.extend(p.scopes.iter().map(|s| (s.span.start as usize, Clause::Scope(s))));
        clauses.extend(p.children.iter().map(|c| (c.span.start as usize, Clause::Provision(c))));
        clauses.extend(p.rules.iter().map(|r| (r.span.start as usize, Clause::Rule(r))));
        clauses.extend(p.allows.iter().map(|a| (a.span.start as usize, Clause::Allow(a))));
        self.clauses(indent + 1, clauses);
        self.close(indent, p.span);
    }

    /// A rule, its clauses always in one order: title, severity, applies to, when, for each,
    /// require, message, summary, allow.
    fn rule(&mut self, r: &Rule, indent: usize) {
        self.open(indent, format!("rule {}", r.id.text), r.span.start as usize, r.id.span.end as usize);
        let inner = indent + 1;
        let first = self.lines.len();
        for t in &r.titles {
            self.lang_text(inner, "title", t);
        }
        if let Some((_, span)) = &r.severity {
            let start = self.kw_start(span.start as usize, 1);
            self.push(
                inner,
                format!("severity {}", self.slice(*span)),
                start,
                span.end as usize,
                Blank::Keep,
            );
        }
        if let (Some(a), Some(b)) = (r.applies_to.first(), r.applies_to.last()) {
            let names: Vec<&str> = r.applies_to.iter().map(|n| n.text.as_str()).collect();
            let start = self.kw_start(a.span.start as usize, 2);
            self.push(
                inner,
                format!("applies to {}", names.join(", ")),
                start,
                b.span.end as usize,
                Blank::Keep,
            );
        }
        if let Some(w) = &r.when {
            let start = self.kw_start(w.span.start as usize, 1);
            self.layout(inner, inner + 1, "when ", "", start, w, Blank::Keep);
        }
        if let Some(f) = &r.for_each {
            self.for_each(inner, f);
        }
        if let Some(q) = &r.require {
            let start = self.kw_start(q.span.start as usize, 1);
            self.layout(inner, inner + 1, "require ", "", start, q, Blank::Keep);
        }
        for t in &r.messages {
            self.lang_text(inner, "message", t);
        }
        for t in &r.summaries {
            self.lang_text(inner, "summary", t);
        }
        for a in &r.allows {
            self.allow(inner, a);
        }
        // The order is fixed, so the source's blank lines mean nothing here.
        for line in self.lines.iter_mut().skip(first) {
            line.blank = Blank::Never;
        }
        self.close(indent, r.span);
    }

    fn allow(&mut self, indent: usize, a: &Allow) {
        let text = format!("allow {} {}", a.code.text, self.slice(a.reason.span));
        self.push(indent, text, a.span.start as usize, self.end(a.span), Blank::Keep);
    }

    fn for_each(&mut self, indent: usize, f: &ForEach) {
        let head = format!("for each {} in {}", f.var.text, self.flat(&f.collection));
        let start = f.span.start as usize;
        let Some(filter) = &f.filter else {
            self.push(indent, head, start, self.end(f.collection.span), Blank::Keep);
            return;
        };
        let one = format!("{head} where {}", self.flat(filter));
        if Self::fits(indent, &one) {
            self.push(indent, one, start, self.end(filter.span), Blank::Keep);
        } else {
            self.push(indent, head, start, self.end(f.collection.span), Blank::Keep);
            self.layout(
                indent + 1,
                indent + 2,
                "where ",
                "",
                filter.span.start as usize,
                filter,
                Blank::Never,
            );
        }
    }
}

/// A type on one line, or `None` if it holds an inline record.
fn type_flat(t: &TypeExpr) -> Option<String> {
    match t {
        TypeExpr::Named(n) => Some(n.text.clone()),
        TypeExpr::List { element, .. } => type_flat(element).map(|e| format!("list of {e}")),
        TypeExpr::DurationIn { unit, .. } => Some(
            match unit {
                TimeUnit::Days => "duration in days",
                TimeUnit::Weeks => "duration in weeks",
                TimeUnit::Months => "duration in months",
                TimeUnit::Years => "duration in years",
            }
            .to_string(),
        ),
        TypeExpr::InlineRecord { .. } => None,
    }
}

/// The inline record a field's type holds, with the `list of ` words before it.
fn inline_record(t: &TypeExpr, prefix: String) -> Option<(String, &Docs, &[Field], Span)> {
    match t {
        TypeExpr::List { element, .. } => inline_record(element, format!("{prefix}list of ")),
        TypeExpr::InlineRecord { docs, fields, span } => Some((prefix, docs, fields.as_slice(), *span)),
        _ => None,
    }
}
