//! The renderer's state and the values of expressions: facts named from the schema, literals,
//! arithmetic, builtins and constants, in words.

use super::words::{self, t};
use crate::check::program::{Builtin, Expr, Lit, Path, PathRoot, Program};
use crate::schema::{EnumId, FieldType, RecordId, Type};
use crate::syntax::ast::{Lang, QuantifierKind};
use crate::time::{days_en, days_zh};
use std::collections::HashSet;

/// The static type of an expression, as far as phrasing needs it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum T {
    Bool,
    Int,
    Str,
    Date,
    DateTime,
    Dur,
    Months,
    Enum(EnumId),
    Record(RecordId),
    List(Box<T>),
    Unknown,
}

impl T {
    fn of(ty: &Type) -> T {
        match ty {
            Type::Bool => T::Bool,
            Type::Int => T::Int,
            Type::String => T::Str,
            Type::Date => T::Date,
            Type::DateTime => T::DateTime,
            Type::Duration { .. } => T::Dur,
            Type::Enum(e) => T::Enum(*e),
            Type::Record(r) => T::Record(*r),
            Type::List(inner) => T::List(Box::new(T::of(inner))),
        }
    }

    fn of_lit(l: &Lit) -> T {
        match l {
            Lit::Bool(_) => T::Bool,
            Lit::Int(_) => T::Int,
            Lit::Str(_) => T::Str,
            Lit::Date(_) => T::Date,
            Lit::Duration(_) => T::Dur,
            Lit::Months(_) => T::Months,
            Lit::Enum(e, _) => T::Enum(*e),
        }
    }
}

/// A variable bound by `for each`, a quantifier or a predicate parameter, as the text calls it.
#[derive(Debug, Clone)]
pub(super) struct Var {
    /// "the capability use" / "该项".
    pub phrase: String,
    pub ty: T,
    /// The facts reference's path of what it stands for, when it is a fact: `app.capabilities[]`.
    pub origin: Option<String>,
}

/// A condition in words: one phrase, or a heading over a list of conditions.
#[derive(Debug, Clone)]
pub(super) enum Node {
    Inline(String),
    Block { lead: Lead, head: String, items: Vec<Node> },
}

/// What a list's heading starts with, which decides how a sentence takes it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lead {
    /// "all of the following hold" / "同时满足下列各项".
    Junction,
    /// "there is at least one licence in …" / "`developer.licences` 中至少有一个…".
    Clause,
    /// "`licence_serves`, that is, …" / "`licence_serves`，即…".
    Named,
}

/// A fact path resolved against the schema.
struct Resolved<'p> {
    /// The variable it starts from; `None` for a document.
    owner: Option<Var>,
    /// The fields after the root, as written: `logs.retention`.
    rel: String,
    field: Option<&'p FieldType>,
    ty: T,
}

pub(super) struct Renderer<'p> {
    pub program: &'p Program,
    pub lang: Lang,
    env: Vec<Var>,
    base: usize,
    /// Constants and calendars already defined for this rule: mentions name them.
    seen_consts: HashSet<String>,
    seen_calendars: HashSet<usize>,
    /// What the computed constants and calendars mentioned stand for, in order of first
    /// mention: "`filing_clock_start` is the latest of …".
    definitions: Vec<String>,
    /// Enum values named in sets, whose descriptions the English text gives under "Where".
    glossary: Vec<(EnumId, u32)>,
}

impl<'p> Renderer<'p> {
    pub fn new(program: &'p Program, lang: Lang) -> Renderer<'p> {
        Renderer {
            program,
            lang,
            env: Vec::new(),
            base: 0,
            seen_consts: HashSet::new(),
            seen_calendars: HashSet::new(),
            definitions: Vec::new(),
            glossary: Vec::new(),
        }
    }

    /// The definitions gathered so far, then what the enum values named in sets mean; emptied.
    pub(super) fn take_definitions(&mut self) -> Vec<String> {
        let mut out = std::mem::take(&mut self.definitions);
        for (e, i) in std::mem::take(&mut self.glossary) {
            let ty = self.program.schema.enum_type(e);
            let doc = ty.variants.get(i as usize).and_then(|v| v.doc.as_deref());
            if let Some(meaning) = words::description(doc) {
                out.push(format!("`{}`: {meaning}", ty.variant_name(i)));
            }
        }
        out
    }

    pub(super) fn t(&self, en: &'static str, zh: &'static str) -> &'static str {
        t(self.lang, en, zh)
    }

    // ───────────── variables ─────────────

    /// Binds the next slot; the caller unbinds with [`Renderer::pop`].
    pub(super) fn push(&mut self, var: Var) {
        self.env.push(var);
    }

    pub(super) fn pop(&mut self) {
        self.env.pop();
    }

    fn var(&self, slot: usize) -> Option<&Var> {
        self.env.get(self.base + slot)
    }

    /// The variable a bare variable path (`c`) names.
    pub(super) fn var_of(&self, p: &Path) -> Option<Var> {
        match p.root {
            PathRoot::Var(slot) if p.steps.is_empty() => self.var(slot).cloned(),
            _ => None,
        }
    }

    /// Enters a predicate's body with its arguments bound to its parameters; returns what
    /// [`Renderer::leave_frame`] needs to restore the caller's variables.
    pub(super) fn enter_frame(&mut self, args: Vec<Var>) -> (usize, usize) {
        let saved = (self.env.len(), self.base);
        self.base = self.env.len();
        self.env.extend(args);
        saved
    }

    pub(super) fn leave_frame(&mut self, (len, base): (usize, usize)) {
        self.env.truncate(len);
        self.base = base;
    }

    /// What one element of `collection` is called: "capability use" / "`capability_use`".
    pub(super) fn element_noun(&self, collection: &Expr) -> (String, T) {
        let element = match self.ty(collection) {
            T::List(e) => *e,
            _ => T::Unknown,
        };
        let schema = &self.program.schema;
        let named = match &element {
            T::Record(r) => Some(schema.record(*r).name.as_str()),
            T::Enum(e) => Some(schema.enum_type(*e).name.as_str()),
            _ => None,
        };
        let noun = match (named, self.lang) {
            // An inline record is named after its (plural) field: `store.apps`.
            (Some(n), Lang::En) if n.contains('.') => words::singular(n),
            (Some(n), Lang::En) => words::humanize(n),
            (Some(n), Lang::Zh) => format!("`{}`", n.rsplit('.').next().unwrap_or(n)),
            (None, Lang::En) => match collection {
                Expr::Path(p) => words::singular(p.display.rsplit('.').next().unwrap_or("value")),
                _ => "value".to_string(),
            },
            (None, Lang::Zh) => "项".to_string(),
        };
        (noun, element)
    }

    /// A variable for one element of `collection`, named so no other variable in scope has the
    /// same name: "the licence", or "the licence `l2`" beside another licence.
    pub(super) fn element_var(&self, collection: &Expr, code: &str, for_each: bool) -> (Var, String) {
        let (noun, ty) = self.element_noun(collection);
        let mut phrase = match self.lang {
            Lang::En => format!("the {noun}"),
            Lang::Zh if for_each => "该项".to_string(),
            Lang::Zh => format!("该{noun}"),
        };
        let mut origin = match collection {
            Expr::Path(p) => self.full_path(p).map(|f| format!("{f}[]")),
            _ => None,
        };
        // A second variable over the same list (or of the same kind) is told apart by its
        // name, and its fields cannot be named by the list's path.
        if self.env.iter().any(|v| v.phrase == phrase || (origin.is_some() && v.origin == origin)) {
            phrase = match self.lang {
                Lang::En => format!("{phrase} `{code}`"),
                Lang::Zh => format!("{phrase}（`{code}`）"),
            };
            origin = None;
        }
        (Var { phrase, ty, origin }, noun)
    }

    /// A path as the facts reference writes it, `app.capabilities[].used`, when it reads a fact.
    pub(super) fn full_path(&self, p: &Path) -> Option<String> {
        match p.root {
            PathRoot::Document(_) => Some(p.display.clone()),
            PathRoot::Var(slot) => {
                let origin = self.var(slot)?.origin.clone()?;
                let rel = self.resolve(p).rel;
                Some(if rel.is_empty() { origin } else { format!("{origin}.{rel}") })
            }
        }
    }

    // ───────────── types ─────────────

    fn resolve(&self, p: &Path) -> Resolved<'p> {
        let schema = &self.program.schema;
        let (owner, mut ty) = match p.root {
            PathRoot::Document(d) => (None, T::Record(schema.document(d).record)),
            PathRoot::Var(slot) => {
                let v = self.var(slot).cloned();
                let ty = v.as_ref().map_or(T::Unknown, |v| v.ty.clone());
                (v, ty)
            }
        };
        let mut names = Vec::new();
        let mut field = None;
        for &step in &p.steps {
            let T::Record(r) = ty else {
                ty = T::Unknown;
                break;
            };
            let program: &'p Program = self.program;
            match program.schema.record(r).fields.get(step) {
                Some(f) => {
                    names.push(f.name.as_str());
                    ty = T::of(&f.ty);
                    field = Some(f);
                }
                None => {
                    ty = T::Unknown;
                    break;
                }
            }
        }
        Resolved { owner, rel: names.join("."), field, ty }
    }

    pub(super) fn ty(&self, e: &Expr) -> T {
        match e {
            Expr::Lit(l) => T::of_lit(l),
            Expr::Set(items) => T::List(Box::new(items.first().map_or(T::Unknown, T::of_lit))),
            Expr::Path(p) => self.resolve(p).ty,
            Expr::AsOf => T::Date,
            Expr::SubjectId | Expr::SubjectKind => T::Str,
            Expr::Not(_)
            | Expr::Present(_)
            | Expr::And(..)
            | Expr::Or(..)
            | Expr::Compare(..)
            | Expr::In { .. }
            | Expr::Str(..)
            | Expr::Matches(..)
            | Expr::Call(..) => T::Bool,
            Expr::Neg(x) => self.ty(x),
            Expr::Add(l, r) | Expr::Sub(l, r) => match (self.ty(l), self.ty(r)) {
                (T::Date, T::Date) => T::Dur,
                (lt, _) => lt,
            },
            Expr::Quantifier { kind: QuantifierKind::Count, .. } => T::Int,
            Expr::Quantifier { .. } => T::Bool,
            Expr::Builtin(Builtin::Len, ..) => T::Int,
            Expr::Builtin(Builtin::PeriodEnd | Builtin::DateOf, ..) => T::Date,
            Expr::Builtin(_, args, _) => args.first().map_or(T::Unknown, |a| self.ty(a)),
            Expr::Const(_, value) => self.ty(value),
        }
    }

    // ───────────── facts ─────────────

    /// The fact a path reads as code: `app.capabilities[].used`, or "the licence's `kind`" /
    /// "该`licence`的`kind`" for a variable that is no fact (an element of a set literal).
    fn code(&self, p: &Path, r: &Resolved<'_>) -> String {
        if let Some(full) = self.full_path(p) {
            return format!("`{full}`");
        }
        match (&r.owner, self.lang) {
            (Some(v), _) if r.rel.is_empty() => v.phrase.clone(),
            (Some(v), Lang::En) => format!("{}'s `{}`", v.phrase, r.rel),
            (Some(v), Lang::Zh) => format!("{}的`{}`", v.phrase, r.rel),
            (None, _) => format!("`{}`", p.display),
        }
    }

    /// The fact a path reads, named: "the day the filing was made (`store.cac_filing.date`)",
    /// "the licence's kind (`developer.licences[].kind`)" / "`store.went_live`（业务上线运营）".
    pub(super) fn reference(&self, p: &Path) -> String {
        let r = self.resolve(p);
        if r.rel.is_empty() {
            return match (&r.owner, self.lang) {
                (Some(v), _) => v.phrase.clone(),
                (None, Lang::En) => format!("the `{}` facts", p.display),
                (None, Lang::Zh) => format!("`{}`事实", p.display),
            };
        }
        let doc = r.field.and_then(|f| f.doc.as_deref());
        let code = self.code(p, &r);
        match self.lang {
            Lang::En => match (words::noun(doc).filter(|_| r.ty != T::Bool), &r.owner) {
                (Some(noun), _) => format!("{noun} ({code})"),
                // An element's field has an owner to name it by: "the licence's kind".
                (None, Some(v)) if code.starts_with('`') => {
                    format!("{}'s {} ({code})", v.phrase, words::humanize(&r.rel.replace('.', " ")))
                }
                (None, _) => code,
            },
            Lang::Zh => match words::chinese_term(doc) {
                Some(term) => format!("{code}（{term}）"),
                None => code,
            },
        }
    }

    /// A boolean fact as a statement, or its denial: "the user agreed to it (经用户同意;
    /// `app.capabilities[].consent_obtained`)" / "`app.capabilities[].consent_obtained`（经用户同意）为“是”".
    pub(super) fn fact(&self, p: &Path, holds: bool) -> String {
        let r = self.resolve(p);
        match self.lang {
            Lang::En => {
                // The statement says what the fact means; the code says which fact.
                let reference = if r.rel.is_empty() { self.reference(p) } else { self.code(p, &r) };
                let statement = words::statement(r.field.and_then(|f| f.doc.as_deref()));
                // "… for app providers (信用管理制度)" takes the reference into its parentheses.
                let with_reference = |s: String| match s.strip_suffix(')') {
                    Some(head) if s.rfind('(').is_some_and(|i| words::has_cjk(&s[i..])) => {
                        format!("{head}; {reference})")
                    }
                    _ => format!("{s} ({reference})"),
                };
                match (statement, holds) {
                    (Some(s), true) => with_reference(s),
                    (Some(s), false) => format!("it is not the case that {}", with_reference(s)),
                    (None, true) => format!("{reference} is true"),
                    (None, false) => format!("{reference} is false"),
                }
            }
            Lang::Zh => format!("{}为“{}”", self.reference(p), if holds { "是" } else { "否" }),
        }
    }

    // ───────────── literals ─────────────

    /// A literal; a lone enum value (`single`) also gets its description.
    pub(super) fn lit(&self, l: &Lit, single: bool) -> String {
        match (l, self.lang) {
            (Lit::Bool(b), Lang::En) => (if *b { "true" } else { "false" }).into(),
            (Lit::Bool(b), Lang::Zh) => (if *b { "“是”" } else { "“否”" }).into(),
            (Lit::Int(i), _) => i.to_string(),
            (Lit::Str(s), _) => format!("“{s}”"),
            (Lit::Date(d), Lang::En) => d.to_string(),
            (Lit::Date(d), Lang::Zh) => d.to_zh(),
            (Lit::Duration(d), Lang::En) => days_en(*d),
            (Lit::Duration(d), Lang::Zh) => days_zh(*d),
            (Lit::Months(m), Lang::En) => format!("{m} month{}", if *m == 1 { "" } else { "s" }),
            (Lit::Months(m), Lang::Zh) => format!("{m}个月"),
            (Lit::Enum(e, i), lang) => {
                let ty = self.program.schema.enum_type(*e);
                let variant = ty.variants.get(*i as usize);
                let doc = variant.and_then(|v| v.doc.as_deref());
                let name = format!("`{}`", ty.variant_name(*i));
                match lang {
                    Lang::En if single => match words::variant_gloss(doc) {
                        Some(g) => format!("{name} ({g})"),
                        None => name,
                    },
                    Lang::En => name,
                    // The value's Chinese label, else the Chinese term its description cites.
                    Lang::Zh => match variant.and_then(|v| v.label_zh.as_deref()) {
                        Some(label) => format!("{name}（{label}）"),
                        None => match words::chinese_term(doc) {
                            Some(term) => format!("{name}（{term}）"),
                            None => name,
                        },
                    },
                }
            }
        }
    }

    /// The elements of a set literal, joined with "or" / "或".
    pub(super) fn set(&mut self, items: &[Lit], word_en: &str, word_zh: &str) -> String {
        // A lone value is described where it stands; several, under "Where" (Chinese gives
        // each value's Chinese term where it stands instead).
        if self.lang == Lang::En && items.len() > 1 {
            for l in items {
                if let Lit::Enum(e, i) = l {
                    if !self.glossary.contains(&(*e, *i)) {
                        self.glossary.push((*e, *i));
                    }
                }
            }
        }
        let parts: Vec<String> = items.iter().map(|l| self.lit(l, items.len() == 1)).collect();
        words::join(self.lang, &parts, word_en, word_zh)
    }

    // ───────────── values ─────────────

    pub(super) fn value(&mut self, e: &Expr) -> String {
        match e {
            Expr::Lit(l) => self.lit(l, true),
            Expr::Set(items) => {
                let set = self.set(items, "and", "和");
                match self.lang {
                    Lang::En => format!("the values {set}"),
                    Lang::Zh => format!("{set}这些值"),
                }
            }
            Expr::Path(p) => self.reference(p),
            Expr::AsOf => self.t("the evaluation date", "评估日").into(),
            Expr::SubjectId => self.t("the subject's id", "主体的标识").into(),
            Expr::SubjectKind => self.t("the subject's kind", "主体的类型").into(),
            Expr::Neg(x) => {
                let x = self.value(x);
                match self.lang {
                    Lang::En => format!("minus {x}"),
                    Lang::Zh => format!("负{x}"),
                }
            }
            Expr::Add(..) | Expr::Sub(..) => self.arithmetic(e),
            Expr::Builtin(b, args, calendar) => self.builtin(*b, args, *calendar),
            Expr::Const(name, value) => {
                if self.seen_consts.insert(name.clone()) {
                    // A constant reads no variable, so it means the same wherever it is defined.
                    let at = self.definitions.len();
                    self.definitions.push(String::new());
                    let v = self.value(value);
                    self.definitions[at] = match self.lang {
                        Lang::En => format!("`{name}` is {v}"),
                        Lang::Zh => format!("`{name}`为{v}"),
                    };
                }
                format!("`{name}`")
            }
            Expr::Quantifier { kind: QuantifierKind::Count, slot, collection, body } => {
                let coll = self.value(collection);
                let code = super::cond::var_code(body, *slot);
                let (var, noun) = self.element_var(collection, &code, false);
                self.push(var);
                let body = self.cond(body);
                self.pop();
                let body = super::cond::inline(self.lang, body);
                match self.lang {
                    Lang::En => format!("the number of entries ({noun}) in {coll} for which {body}"),
                    Lang::Zh => format!("{coll}中满足“{body}”的{noun}的数目"),
                }
            }
            // A condition used as a value (`a == (b > c)`): its truth.
            other => {
                let c = self.cond(other);
                let c = super::cond::inline(self.lang, c);
                match self.lang {
                    Lang::En => format!("whether {c}"),
                    Lang::Zh => format!("“{c}”是否成立"),
                }
            }
        }
    }

    /// `+` and `-`: a day counted from a date, a difference of dates, or a sum.
    fn arithmetic(&mut self, e: &Expr) -> String {
        // `d + a + b` is one date moved by several lengths.
        let mut terms: Vec<(bool, &Expr)> = Vec::new();
        let mut base = e;
        while let Expr::Add(l, r) | Expr::Sub(l, r) = base {
            if self.ty(l) != T::Date || self.ty(r) == T::Date {
                break;
            }
            terms.push((matches!(base, Expr::Add(..)), r));
            base = l;
        }
        terms.reverse();
        if !terms.is_empty() {
            return self.date_moved(base, &terms);
        }
        let (l, r, add) = match e {
            Expr::Add(l, r) => (l, r, true),
            Expr::Sub(l, r) => (l, r, false),
            _ => return String::new(),
        };
        let (lt, rt) = (self.ty(l), self.ty(r));
        let (a, b) = (self.value(l), self.value(r));
        match (lt, rt, add, self.lang) {
            (T::Date, T::Date, false, Lang::En) => format!("the number of days from {b} to {a}"),
            (T::Date, T::Date, false, Lang::Zh) => format!("自{b}至{a}的天数"),
            (_, _, true, Lang::En) => format!("{a} plus {b}"),
            (_, _, true, Lang::Zh) => format!("{a}加{b}"),
            (_, _, false, Lang::En) => format!("{a} minus {b}"),
            (_, _, false, Lang::Zh) => format!("{a}减{b}"),
        }
    }

    /// A date moved by lengths: "the day 45 days (30 days plus 15 days) after X".
    fn date_moved(&mut self, base: &Expr, terms: &[(bool, &Expr)]) -> String {
        let start = self.value(base);
        let all_days: Option<Vec<i64>> = terms
            .iter()
            .map(|(add, e)| match e {
                Expr::Lit(Lit::Duration(d)) => Some(if *add { *d } else { -*d }),
                _ => None,
            })
            .collect();
        let days = |d: i64, lang: Lang| match lang {
            Lang::En => days_en(d),
            Lang::Zh => days_zh(d),
        };
        if let Some(list) = all_days {
            let total: i64 = list.iter().sum();
            let breakdown = if list.len() > 1 {
                let parts: Vec<String> = list
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let sign = match (i, *d < 0, self.lang) {
                            (0, _, _) | (_, false, _) => "",
                            (_, true, Lang::En) => "minus ",
                            (_, true, Lang::Zh) => "减",
                        };
                        format!("{sign}{}", days(if i == 0 { *d } else { d.abs() }, self.lang))
                    })
                    .collect();
                match self.lang {
                    Lang::En => format!(" ({})", parts.join(" plus ").replace("plus minus", "minus")),
                    Lang::Zh => format!("（{}）", parts.join("加").replace("加减", "减")),
                }
            } else {
                String::new()
            };
            let (n, after) = (days(total.abs(), self.lang), total >= 0);
            return match (self.lang, after) {
                (Lang::En, true) => format!("the day {n}{breakdown} after {start}"),
                (Lang::En, false) => format!("the day {n}{breakdown} before {start}"),
                (Lang::Zh, true) => format!("{start}后第{n}{breakdown}"),
                (Lang::Zh, false) => format!("{start}前第{n}{breakdown}"),
            };
        }
        let mut out = start;
        for (add, e) in terms {
            let months = self.ty(e) == T::Months;
            let len = self.value(e);
            out = match (self.lang, add, months) {
                (Lang::En, true, false) => format!("the day {len} after {out}"),
                (Lang::En, false, false) => format!("the day {len} before {out}"),
                (Lang::En, true, true) => {
                    format!("the same day {len} after {out} (the month's last day if it has no such day)")
                }
                (Lang::En, false, true) => {
                    format!("the same day {len} before {out} (the month's last day if it has no such day)")
                }
                (Lang::Zh, true, false) => format!("{out}后第{len}"),
                (Lang::Zh, false, false) => format!("{out}前第{len}"),
                (Lang::Zh, true, true) => format!("{out}后{len}的对应日（无对应日的，为该月最后一日）"),
                (Lang::Zh, false, true) => format!("{out}前{len}的对应日（无对应日的，为该月最后一日）"),
            };
        }
        out
    }

    fn builtin(&mut self, b: Builtin, args: &[Expr], calendar: Option<usize>) -> String {
        match b {
            Builtin::Len => {
                let Some(x) = args.first() else { return String::new() };
                let string = self.ty(x) == T::Str;
                let x = self.value(x);
                match (self.lang, string) {
                    (Lang::En, false) => format!("the number of entries in {x}"),
                    (Lang::En, true) => format!("the number of characters in {x}"),
                    (Lang::Zh, false) => format!("{x}的项数"),
                    (Lang::Zh, true) => format!("{x}的字数"),
                }
            }
            Builtin::Max | Builtin::Min => {
                // `max(max(a, b), c)` is the latest of three.
                let mut flat = Vec::new();
                flatten_builtin(b, args, &mut flat);
                let kind = flat.first().map_or(T::Unknown, |a| self.ty(a));
                let parts: Vec<String> = flat.iter().map(|a| self.value(a)).collect();
                let max = b == Builtin::Max;
                let (en, zh) = match (kind, max) {
                    (T::Date | T::DateTime, true) => ("latest", "最晚者"),
                    (T::Date | T::DateTime, false) => ("earliest", "最早者"),
                    (T::Dur, true) => ("longest", "最长者"),
                    (T::Dur, false) => ("shortest", "最短者"),
                    (_, true) => ("largest", "最大者"),
                    (_, false) => ("smallest", "最小者"),
                };
                match self.lang {
                    Lang::En => format!("the {en} of {}", words::join(Lang::En, &parts, "and", "")),
                    Lang::Zh => format!("{}中的{zh}", parts.join("、")),
                }
            }
            Builtin::PeriodEnd => self.period_end(args, calendar),
            Builtin::DateOf => {
                let Some(x) = args.first() else { return String::new() };
                let x = self.value(x);
                match self.lang {
                    Lang::En => format!("the day of {x} in China Standard Time (UTC+8)"),
                    Lang::Zh => format!("{x}在北京时间（UTC+8）的日期"),
                }
            }
        }
    }

    /// The last day of a period as Chinese law counts it; the calendar is explained once.
    fn period_end(&mut self, args: &[Expr], calendar: Option<usize>) -> String {
        let (Some(start), Some(length)) = (args.first(), args.get(1)) else { return String::new() };
        let start = self.value(start);
        let length = self.value(length);
        let cal = calendar.and_then(|c| self.program.calendars.get(c).map(|cal| (c, cal)));
        let Some((index, cal)) = cal else {
            return match self.lang {
                Lang::En => format!("the last day of the period of {length} from {start}"),
                Lang::Zh => format!("自{start}起算{length}的期间的最后一日"),
            };
        };
        if self.seen_calendars.insert(index) {
            let definition = match self.lang {
                Lang::En => format!(
                    "periods are counted as Chinese law counts them: the day a period starts is not counted, \
                     and a period whose last day is a rest day ends on the next working day; rest days are the \
                     holidays of the calendar `{}`{}. The calendar covers {} to {}; a period that reaches beyond \
                     it leaves the result undetermined",
                    cal.name,
                    if cal.rest_weekends { " and the weekends it does not declare working days" } else { "" },
                    cal.covers_from,
                    cal.covers_to,
                ),
                Lang::Zh => format!(
                    "期间依中国法律计算：开始的当日不计入，期间最后一日为休息日的，以休息日后的第一个工作日为期间的最后一日；\
                     休息日为日历`{}`所列的节假日{}。该日历涵盖{}至{}，期间超出该范围的，结论为无法判定",
                    cal.name,
                    if cal.rest_weekends { "及其未调为工作日的周末" } else { "" },
                    cal.covers_from.to_zh(),
                    cal.covers_to.to_zh(),
                ),
            };
            self.definitions.push(definition);
        }
        match self.lang {
            Lang::En => format!(
                "the last day of the period of {length} from {start}, counted under Chinese law with the holiday calendar `{}`",
                cal.name
            ),
            Lang::Zh => format!("自{start}起算{length}的期间的最后一日（依中国法律并按节假日日历`{}`计算）", cal.name),
        }
    }
}

fn flatten_builtin<'e>(b: Builtin, args: &'e [Expr], out: &mut Vec<&'e Expr>) {
    for a in args {
        match a {
            Expr::Builtin(inner, nested, _) if *inner == b => flatten_builtin(b, nested, out),
            other => out.push(other),
        }
    }
}
