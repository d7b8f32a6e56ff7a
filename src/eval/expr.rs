//! Evaluating expressions: one function per construct, Kleene logic throughout.
//!
//! An absent fact evaluates to `Unknown` and its path is pushed onto `missing`. When a
//! sub-expression's result is decided regardless (`false and …`), the paths it pushed are
//! dropped again, so an undetermined verdict lists only the facts that would decide it.

use super::trace::{self, Tracer};
use super::value::Val;
use crate::check::program::{Builtin, Calendar, CmpOp, Expr, Lit, Path, PathRoot, Program, StrOp};
use crate::syntax::ast::QuantifierKind;
use crate::time::Date;
use crate::value::{Fact, Facts, Value};
use std::cmp::Ordering;

/// A bound variable: its value, the fact it came from, and how to name its path.
#[derive(Clone, Copy)]
pub struct Binding<'a> {
    pub val: Val<'a>,
    pub fact: Option<&'a Fact>,
    pub origin: Origin<'a>,
}

#[derive(Clone, Copy)]
pub enum Origin<'a> {
    /// Element `index` of the list at `path`, read with frame base `base`.
    Element { path: &'a Path, base: usize, index: usize },
    /// A predicate argument that was the path `path`.
    Alias { path: &'a Path, base: usize },
    /// A computed value: it has no fact path.
    Computed,
}

pub struct Ctx<'a> {
    pub program: &'a Program,
    pub facts: &'a Facts,
    pub as_of: Option<Date>,
    pub env: Vec<Binding<'a>>,
    /// Slots of the current predicate frame start here.
    pub base: usize,
    pub missing: Vec<String>,
    /// The last fact (rooted at a document) read: names the finding of a rule that does not
    /// iterate. Evaluation is left to right and stops once a result is decided, so the last
    /// fact read lies in the operand that decided a false `and`.
    pub last_read: Option<(&'a Path, &'a Fact)>,
    /// Records every evaluated expression, for explanations; `None` in ordinary runs.
    pub trace: Option<Tracer>,
}

impl<'a> Ctx<'a> {
    pub fn new(program: &'a Program, facts: &'a Facts, as_of: Option<Date>) -> Self {
        Ctx {
            program,
            facts,
            as_of,
            env: Vec::new(),
            base: 0,
            missing: Vec::new(),
            last_read: None,
            trace: None,
        }
    }

    /// Inlined into its callers, so that an untraced run costs one call per node, not two.
    #[inline]
    pub fn eval(&mut self, e: &'a Expr) -> Val<'a> {
        if self.trace.is_none() || matches!(e, Expr::Lit(_) | Expr::Set(_)) {
            return self.eval_untraced(e);
        }
        self.eval_traced(e)
    }

    /// [`eval`](Self::eval) with the tracer on: records the node, for explanations.
    #[cold]
    fn eval_traced(&mut self, e: &'a Expr) -> Val<'a> {
        if let Some(t) = self.trace.as_mut() {
            t.enter();
        }
        let v = self.eval_untraced(e);
        let (path, loc, enum_type) = match e {
            Expr::Path(p) => {
                (Some(self.render_path(p, self.base)), self.lookup(p).map(|f| f.loc), p.enum_type)
            }
            _ => (None, None, None),
        };
        let text = trace::show(self.program, e);
        let result = trace::result(self.program, &v, enum_type);
        let splice = matches!(e, Expr::And(l, _) if matches!(**l, Expr::And(..)))
            || matches!(e, Expr::Or(l, _) if matches!(**l, Expr::Or(..)));
        let decides = match e {
            Expr::And(..) => trace::Decides::And,
            Expr::Or(..) => trace::Decides::Or,
            Expr::Quantifier { kind: QuantifierKind::All, .. } => trace::Decides::All,
            Expr::Quantifier { kind: QuantifierKind::Any | QuantifierKind::None, .. } => {
                trace::Decides::AnyOrNone
            }
            _ => trace::Decides::Nothing,
        };
        if let Some(t) = self.trace.as_mut() {
            t.leave(text, result, path, loc, splice, decides);
        }
        v
    }

    fn eval_untraced(&mut self, e: &'a Expr) -> Val<'a> {
        match e {
            Expr::Lit(l) => Val::from_lit(l),
            Expr::Set(lits) => Val::Set(lits),
            Expr::Path(p) => self.path(p, true),
            Expr::AsOf => match self.as_of {
                Some(d) => Val::Date(d),
                None => self.miss("as_of".to_string()),
            },
            Expr::SubjectId => Val::Str(&self.facts.subject.id),
            Expr::SubjectKind => {
                let kind = self.facts.subject.kind.0 as usize;
                self.program.schema.subjects.get(kind).map_or(Val::Unknown, |k| Val::Str(&k.name))
            }
            Expr::Not(inner) => match self.eval(inner) {
                Val::Bool(b) => Val::Bool(!b),
                _ => Val::Unknown,
            },
            Expr::Neg(inner) => match self.eval(inner) {
                Val::Int(i) => i.checked_neg().map_or(Val::Unknown, Val::Int),
                Val::Duration(d) => d.checked_neg().map_or(Val::Unknown, Val::Duration),
                _ => Val::Unknown,
            },
            Expr::Present(p) => Val::Bool(!self.path(p, false).is_unknown()),
            Expr::And(l, r) => self.and(l, r),
            Expr::Or(l, r) => self.or(l, r),
            Expr::Compare(op, l, r) => self.compare(*op, l, r),
            Expr::In { element, collection, negated } => self.membership(element, collection, *negated),
            Expr::Str(op, l, r) => self.string_op(*op, l, r),
            Expr::Matches(l, regex) => match self.eval(l) {
                Val::Str(s) => {
                    self.program.regexes.get(*regex).map_or(Val::Unknown, |re| Val::Bool(re.is_match(s)))
                }
                _ => Val::Unknown,
            },
            Expr::Add(l, r) => self.arithmetic(l, r, false),
            Expr::Sub(l, r) => self.arithmetic(l, r, true),
            Expr::Quantifier { kind, collection, body, .. } => self.quantifier(*kind, collection, body),
            Expr::Builtin(b, args, calendar) => self.builtin(*b, args, *calendar),
            Expr::Call(index, args) => self.call(*index, args),
            Expr::Const(_, value) => self.eval(value),
        }
    }

    fn miss(&mut self, path: String) -> Val<'a> {
        if !self.missing.contains(&path) {
            self.missing.push(path);
        }
        Val::Unknown
    }

    /// Reads a fact. With `record_missing`, an absent fact's path goes on the missing list.
    pub fn path(&mut self, p: &'a Path, record_missing: bool) -> Val<'a> {
        match self.lookup(p) {
            Some(fact) => {
                if matches!(p.root, PathRoot::Document(_)) {
                    self.last_read = Some((p, fact));
                }
                Val::from_value(&fact.value)
            }
            None => match self.root_val(p) {
                // A path to a computed value (a predicate argument that was not a fact).
                Some(v) if p.steps.is_empty() => v,
                _ if record_missing => {
                    let name = self.render_path(p, self.base);
                    self.miss(name)
                }
                _ => Val::Unknown,
            },
        }
    }

    fn root_val(&self, p: &Path) -> Option<Val<'a>> {
        match p.root {
            PathRoot::Var(slot) => self.env.get(self.base + slot).map(|b| b.val),
            PathRoot::Document(_) => None,
        }
    }

    /// The fact at a path, if every step is present.
    pub fn lookup(&self, p: &Path) -> Option<&'a Fact> {
        let mut fact: &'a Fact = match p.root {
            PathRoot::Document(d) => self.facts.document(d)?,
            PathRoot::Var(slot) => self.env.get(self.base + slot)?.fact?,
        };
        for &step in &p.steps {
            let Value::Record(record) = &fact.value else { return None };
            fact = record.get(step)?;
        }
        Some(fact)
    }

    /// The concrete path of a fact: `app.capabilities[1].consent_obtained`.
    pub fn render_path(&self, p: &Path, base: usize) -> String {
        match p.root {
            PathRoot::Document(_) => p.display.clone(),
            PathRoot::Var(slot) => {
                let root = self
                    .env
                    .get(base + slot)
                    .map_or_else(|| "?".to_string(), |b| self.render_origin(b.origin));
                match p.display.find('.') {
                    Some(dot) => format!("{root}{}", &p.display[dot..]),
                    None => root,
                }
            }
        }
    }

    pub fn render_origin(&self, origin: Origin<'_>) -> String {
        match origin {
            Origin::Element { path, base, index } => format!("{}[{index}]", self.render_path(path, base)),
            Origin::Alias { path, base } => self.render_path(path, base),
            Origin::Computed => "(computed)".to_string(),
        }
    }

    fn and(&mut self, l: &'a Expr, r: &'a Expr) -> Val<'a> {
        let mark = self.missing.len();
        let left = self.eval(l);
        if left.truth() == Some(false) {
            self.missing.truncate(mark);
            return Val::Bool(false);
        }
        let right = self.eval(r);
        match (left.truth(), right.truth()) {
            (_, Some(false)) => {
                self.missing.truncate(mark);
                Val::Bool(false)
            }
            (Some(true), Some(true)) => Val::Bool(true),
            _ => Val::Unknown,
        }
    }

    fn or(&mut self, l: &'a Expr, r: &'a Expr) -> Val<'a> {
        let mark = self.missing.len();
        let left = self.eval(l);
        if left.truth() == Some(true) {
            self.missing.truncate(mark);
            return Val::Bool(true);
        }
        let right = self.eval(r);
        match (left.truth(), right.truth()) {
            (_, Some(true)) => {
                self.missing.truncate(mark);
                Val::Bool(true)
            }
            (Some(false), Some(false)) => Val::Bool(false),
            _ => Val::Unknown,
        }
    }

    fn compare(&mut self, op: CmpOp, l: &'a Expr, r: &'a Expr) -> Val<'a> {
        let (a, b) = (self.eval(l), self.eval(r));
        if a.is_unknown() || b.is_unknown() {
            return Val::Unknown;
        }
        let result = match op {
            CmpOp::Eq => a.equals(b),
            CmpOp::Ne => a.equals(b).map(|e| !e),
            CmpOp::Lt => a.order(b).map(|o| o == Ordering::Less),
            CmpOp::Le => a.order(b).map(|o| o != Ordering::Greater),
            CmpOp::Gt => a.order(b).map(|o| o == Ordering::Greater),
            CmpOp::Ge => a.order(b).map(|o| o != Ordering::Less),
        };
        result.map_or(Val::Unknown, Val::Bool)
    }

    fn membership(&mut self, element: &'a Expr, collection: &'a Expr, negated: bool) -> Val<'a> {
        let (e, c) = (self.eval(element), self.eval(collection));
        if e.is_unknown() {
            return Val::Unknown;
        }
        let found = match c {
            Val::Set(lits) => lits.iter().any(|l| Val::from_lit(l).equals(e) == Some(true)),
            Val::List(items) => items.iter().any(|f| Val::from_value(&f.value).equals(e) == Some(true)),
            _ => return Val::Unknown,
        };
        Val::Bool(found != negated)
    }

    fn string_op(&mut self, op: StrOp, l: &'a Expr, r: &'a Expr) -> Val<'a> {
        match (self.eval(l), self.eval(r)) {
            (Val::Str(a), Val::Str(b)) => Val::Bool(match op {
                StrOp::Contains => a.contains(b),
                StrOp::StartsWith => a.starts_with(b),
                StrOp::EndsWith => a.ends_with(b),
            }),
            _ => Val::Unknown,
        }
    }

    /// `+` and `-`. An overflow or a date outside years 1–9999 is unknown, never a panic.
    fn arithmetic(&mut self, l: &'a Expr, r: &'a Expr, subtract: bool) -> Val<'a> {
        let signed = |n: i64| if subtract { n.checked_neg() } else { Some(n) };
        let result = match (self.eval(l), self.eval(r)) {
            (Val::Date(d), Val::Duration(n)) => signed(n).and_then(|n| d.add_days(n)).map(Val::Date),
            (Val::Date(d), Val::Months(m)) => signed(m).and_then(|m| d.add_months(m)).map(Val::Date),
            (Val::Date(a), Val::Date(b)) if subtract => Some(Val::Duration(b.days_until(a))),
            (Val::Duration(a), Val::Duration(b)) => {
                signed(b).and_then(|b| a.checked_add(b)).map(Val::Duration)
            }
            (Val::Int(a), Val::Int(b)) => signed(b).and_then(|b| a.checked_add(b)).map(Val::Int),
            _ => None,
        };
        result.unwrap_or(Val::Unknown)
    }

    fn quantifier(&mut self, kind: QuantifierKind, collection: &'a Expr, body: &'a Expr) -> Val<'a> {
        let origin_path = match collection {
            Expr::Path(p) => Some(p),
            _ => None,
        };
        // The elements borrow from the facts or the program, not from `self`: bound one at a
        // time, without collecting them first.
        let (list, set, count): (&'a [Fact], &'a [Lit], usize) = match self.eval(collection) {
            Val::List(items) => (items, &[], items.len()),
            Val::Set(lits) => (&[], lits, lits.len()),
            _ => return Val::Unknown,
        };
        let base = self.base;
        let element = |index: usize| match (list.get(index), set.get(index)) {
            (Some(fact), _) => Binding {
                val: Val::from_value(&fact.value),
                fact: Some(fact),
                origin: origin_path.map_or(Origin::Computed, |path| Origin::Element { path, base, index }),
            },
            (None, Some(l)) => Binding { val: Val::from_lit(l), fact: None, origin: Origin::Computed },
            (None, None) => Binding { val: Val::Unknown, fact: None, origin: Origin::Computed },
        };
        let mark = self.missing.len();
        let (mut trues, mut falses, mut unknowns) = (0i64, 0i64, 0i64);
        for binding in (0..count).map(element) {
            self.env.push(binding);
            if let Some(t) = self.trace.as_mut() {
                t.enter();
            }
            let v = self.eval(body);
            if self.trace.is_some() {
                let label = format!("element {}", self.render_origin(binding.origin));
                let (loc, result) = (binding.fact.map(|f| f.loc), trace::result(self.program, &v, None));
                if let Some(t) = self.trace.as_mut() {
                    t.leave(label, result, None, loc, false, trace::Decides::Nothing);
                }
            }
            self.env.pop();
            match v.truth() {
                Some(true) => trues += 1,
                Some(false) => falses += 1,
                None => unknowns += 1,
            }
            let decided = match kind {
                QuantifierKind::All => falses > 0,
                QuantifierKind::Any | QuantifierKind::None => trues > 0,
                QuantifierKind::Count => false,
            };
            if decided {
                break;
            }
        }
        let result = match kind {
            QuantifierKind::All if falses > 0 => Val::Bool(false),
            QuantifierKind::Any if trues > 0 => Val::Bool(true),
            QuantifierKind::None if trues > 0 => Val::Bool(false),
            _ if unknowns > 0 => return Val::Unknown,
            QuantifierKind::All => Val::Bool(true),
            QuantifierKind::Any => Val::Bool(false),
            QuantifierKind::None => Val::Bool(true),
            QuantifierKind::Count => Val::Int(trues),
        };
        self.missing.truncate(mark);
        result
    }

    fn builtin(&mut self, b: Builtin, args: &'a [Expr], calendar: Option<usize>) -> Val<'a> {
        // Every builtin takes at most two arguments (the checker enforces each arity).
        let mut vals = [Val::Unknown; 2];
        let mut unknown = args.len() > vals.len();
        for (i, a) in args.iter().enumerate() {
            let v = self.eval(a);
            unknown |= v.is_unknown();
            if let Some(slot) = vals.get_mut(i) {
                *slot = v;
            }
        }
        if unknown {
            return Val::Unknown;
        }
        match (b, vals.get(..args.len()).unwrap_or(&[])) {
            (Builtin::Len, [Val::List(items)]) => Val::Int(items.len() as i64),
            (Builtin::Len, [Val::Set(items)]) => Val::Int(items.len() as i64),
            (Builtin::Len, [Val::Str(s)]) => Val::Int(s.chars().count() as i64),
            (Builtin::Max | Builtin::Min, [a, c]) => match a.order(*c) {
                Some(o) => {
                    let take_first = (o != Ordering::Less) == (b == Builtin::Max);
                    if take_first {
                        *a
                    } else {
                        *c
                    }
                }
                None => Val::Unknown,
            },
            (Builtin::DateOf, [Val::DateTime(t)]) => t.china_date().map_or(Val::Unknown, Val::Date),
            (Builtin::PeriodEnd, [Val::Date(start), Val::Duration(days)]) => {
                let Some(cal) = calendar.and_then(|c| self.program.calendars.get(c)) else {
                    return Val::Unknown;
                };
                match period_end(cal, *start, *days) {
                    Ok(end) => Val::Date(end),
                    // Not a missing fact but missing knowledge: unknown, with no path to list.
                    Err(_) => Val::Unknown,
                }
            }
            _ => Val::Unknown,
        }
    }

    fn call(&mut self, index: usize, args: &'a [Expr]) -> Val<'a> {
        let Some(def) = self.program.predicates.get(index) else { return Val::Unknown };
        let caller_base = self.base;
        let bind = |ctx: &mut Self, a: &'a Expr| {
            let val = ctx.eval(a);
            match a {
                Expr::Path(path) => {
                    Binding { val, fact: ctx.lookup(path), origin: Origin::Alias { path, base: caller_base } }
                }
                _ => Binding { val, fact: None, origin: Origin::Computed },
            }
        };
        // Arguments are evaluated in the caller's frame before any of them is pushed (a
        // quantifier inside one pushes its own variable at the end of `env`); predicates take
        // a few arguments, so they wait on the stack rather than in a new vector.
        const INLINE: usize = 4;
        let frame = self.env.len();
        if args.len() <= INLINE {
            let mut bindings = [Binding { val: Val::Unknown, fact: None, origin: Origin::Computed }; INLINE];
            for (slot, a) in bindings.iter_mut().zip(args) {
                *slot = bind(self, a);
            }
            self.env.extend_from_slice(&bindings[..args.len()]);
        } else {
            let bindings: Vec<Binding<'a>> = args.iter().map(|a| bind(self, a)).collect();
            self.env.extend(bindings);
        }
        self.base = frame;
        let result = self.eval(&def.body);
        self.env.truncate(frame);
        self.base = caller_base;
        result
    }
}

/// The last day of a period of `days` days from `start` as Chinese law counts it: the start
/// day is not counted, and a period ending on a rest day ends on the next working day.
/// `Err` carries the first date the calendar does not cover.
pub fn period_end(cal: &Calendar, start: Date, days: i64) -> Result<Date, Date> {
    let mut end = start.add_days(days).ok_or(start)?;
    loop {
        if end < cal.covers_from || end > cal.covers_to {
            return Err(end);
        }
        if !is_rest_day(cal, end) {
            return Ok(end);
        }
        end = end.add_days(1).ok_or(end)?;
    }
}

fn in_ranges(ranges: &[(Date, Date)], d: Date) -> bool {
    ranges.iter().any(|(from, to)| *from <= d && d <= *to)
}

pub fn is_rest_day(cal: &Calendar, d: Date) -> bool {
    if in_ranges(&cal.workdays, d) {
        return false;
    }
    in_ranges(&cal.holidays, d) || (cal.rest_weekends && d.weekday() >= 5)
}
