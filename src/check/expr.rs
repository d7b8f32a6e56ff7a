//! Type checking and compiling expressions.
//!
//! Paths are resolved against the schema and the variables in scope; constants are inlined
//! (and checked where they are used, so a set of strings can be checked against the enum
//! it is compared with); predicates are called by index; `matches` patterns are compiled
//! here, once. Every error is collected and the expression gets the type `Error`, which is
//! accepted everywhere, so one mistake gives one diagnostic.

use super::program::{Builtin, CmpOp, Expr, Lit, Path, PathRoot, StrOp};
use super::types::Ty;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::schema::{RecordId, Schema};
use crate::source::Span;
use crate::syntax::ast::{self, BinaryOp, ExprKind, QuantifierKind, TimeUnit, UnaryOp};
use crate::time::Date;
use std::collections::HashMap;

/// A checked predicate's signature.
pub struct PredicateSig {
    pub name: String,
    pub params: Vec<Ty>,
    pub result: Ty,
    pub span: Span,
    /// A regulation's own predicates are hidden once that regulation is checked.
    pub visible: bool,
}

struct Var {
    name: String,
    ty: Ty,
}

pub struct ExprChecker<'a> {
    pub schema: &'a Schema,
    pub consts: &'a HashMap<String, &'a ast::ConstDecl>,
    pub predicates: &'a [PredicateSig],
    pub calendars: &'a [String],
    pub regexes: &'a mut Vec<regex::Regex>,
    pub errors: &'a mut Vec<Diagnostic>,
    vars: Vec<Var>,
    /// Constants being expanded, to report a cycle instead of looping.
    expanding: Vec<String>,
}

type Typed = (Expr, Ty);

fn err() -> Typed {
    (Expr::Lit(Lit::Bool(false)), Ty::Error)
}

impl<'a> ExprChecker<'a> {
    pub fn new(
        schema: &'a Schema,
        consts: &'a HashMap<String, &'a ast::ConstDecl>,
        predicates: &'a [PredicateSig],
        calendars: &'a [String],
        regexes: &'a mut Vec<regex::Regex>,
        errors: &'a mut Vec<Diagnostic>,
    ) -> Self {
        ExprChecker {
            schema,
            consts,
            predicates,
            calendars,
            regexes,
            errors,
            vars: Vec::new(),
            expanding: Vec::new(),
        }
    }

    /// Binds a variable in the next slot; returns the slot.
    pub fn bind(&mut self, name: &str, ty: Ty) -> usize {
        self.vars.push(Var { name: name.to_string(), ty });
        self.vars.len() - 1
    }

    pub fn unbind(&mut self) {
        self.vars.pop();
    }

    fn error(&mut self, d: Diagnostic) -> Typed {
        self.errors.push(d);
        err()
    }

    fn type_name(&self, ty: &Ty) -> String {
        ty.name(self.schema)
    }

    /// Checks an expression that must be a boolean condition.
    pub fn condition(&mut self, e: &ast::Expr) -> Expr {
        let (expr, ty) = self.expr(e);
        self.expect(&ty, &Ty::Bool, e.span, "a condition must be true or false");
        expr
    }

    fn expect(&mut self, found: &Ty, wanted: &Ty, span: Span, why: &str) {
        let ok = found.is_error() || found == wanted || (wanted == &Ty::Str && found.is_stringy());
        if !ok {
            let (f, w) = (self.type_name(found), self.type_name(wanted));
            self.errors.push(
                Diagnostic::error("E0203", format!("expected {w}, found {f}"))
                    .at(span, format!("this is {f}"))
                    .note(why),
            );
        }
    }

    pub fn expr(&mut self, e: &ast::Expr) -> Typed {
        match &e.kind {
            ExprKind::Bool(b) => (Expr::Lit(Lit::Bool(*b)), Ty::Bool),
            ExprKind::Integer(i) => (Expr::Lit(Lit::Int(*i)), Ty::Int),
            ExprKind::String(s) => (Expr::Lit(Lit::Str(s.clone())), Ty::StrLit),
            ExprKind::Date(d) => match Date::from_ymd(d.year, d.month, d.day) {
                Some(date) => (Expr::Lit(Lit::Date(date)), Ty::Date),
                None => err(),
            },
            ExprKind::Duration { amount, unit } => self.duration(*amount, *unit, e.span),
            ExprKind::Set(elements) => self.set(elements, e.span),
            ExprKind::Path(path) => self.path_expr(path),
            ExprKind::Call { name, args } => self.call(name, args, e.span),
            ExprKind::Unary { op, operand } => self.unary(*op, operand, e.span),
            ExprKind::Binary { op, left, right } => self.binary(*op, left, right, e.span),
            ExprKind::Quantifier { kind, var, collection, body } => {
                self.quantifier(*kind, var, collection, body)
            }
            ExprKind::Error => err(),
        }
    }

    fn duration(&mut self, amount: i64, unit: TimeUnit, span: Span) -> Typed {
        let scaled = match unit {
            TimeUnit::Days => Some(Lit::Duration(amount)),
            TimeUnit::Weeks => amount.checked_mul(7).map(Lit::Duration),
            TimeUnit::Months => Some(Lit::Months(amount)),
            TimeUnit::Years => amount.checked_mul(12).map(Lit::Months),
        };
        match scaled {
            Some(lit @ Lit::Months(_)) => (Expr::Lit(lit), Ty::CalendarSpan),
            Some(lit) => (Expr::Lit(lit), Ty::Duration),
            None => {
                self.error(Diagnostic::error("E0104", "this duration is too large").at(span, "out of range"))
            }
        }
    }

    fn set(&mut self, elements: &[ast::Expr], span: Span) -> Typed {
        let mut lits = Vec::new();
        let mut elem_ty: Option<Ty> = None;
        for element in elements {
            let (expr, ty) = self.expr(element);
            if ty.is_error() {
                continue;
            }
            let Expr::Lit(lit) = expr else {
                return self.error(
                    Diagnostic::error("E0203", "set elements must be literal values")
                        .at(element.span, "not a literal")
                        .help("to test against facts, use `in` with a list path, or `any x in … where …`"),
                );
            };
            match &elem_ty {
                None => elem_ty = Some(ty),
                Some(t) if *t == ty => {}
                Some(t) => {
                    let (a, b) = (self.type_name(t), self.type_name(&ty));
                    return self.error(
                        Diagnostic::error("E0203", format!("a set mixes {a} and {b}"))
                            .at(element.span, format!("this is {b}"))
                            .also(span, format!("the set's first element is {a}")),
                    );
                }
            }
            if lits.contains(&lit) {
                self.errors.push(
                    Diagnostic::warning("W0201", "duplicate set element")
                        .at(element.span, "already in the set"),
                );
            }
            lits.push(lit);
        }
        (Expr::Set(lits), Ty::Set(Box::new(elem_ty.unwrap_or(Ty::Error))))
    }

    fn path_expr(&mut self, path: &ast::Path) -> Typed {
        match &path.root {
            ast::PathRoot::AsOf(span) => {
                if let Some(f) = path.fields.first() {
                    return self.error(
                        Diagnostic::error("E0202", "`as_of` is a date and has no fields")
                            .at(f.span, "no such field")
                            .also(*span, "a date"),
                    );
                }
                (Expr::AsOf, Ty::Date)
            }
            ast::PathRoot::Subject(span) => {
                match path.fields.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().as_slice() {
                    ["id"] => (Expr::SubjectId, Ty::Str),
                    ["kind"] => (Expr::SubjectKind, Ty::Str),
                    _ => self.error(
                        Diagnostic::error("E0202", format!("`{}` is not a subject field", path.display()))
                            .at(path.span, "not `subject.id` or `subject.kind`")
                            .also(*span, "the subject"),
                    ),
                }
            }
            ast::PathRoot::Name(root) => self.named_path(root, path),
        }
    }

    fn named_path(&mut self, root: &ast::Name, path: &ast::Path) -> Typed {
        if let Some(slot) = self.vars.iter().rposition(|v| v.name == root.text) {
            let ty = self.vars[slot].ty.clone();
            return self.steps(PathRoot::Var(slot), ty, path);
        }
        if let Some((doc, d)) = self.schema.document_by_name(&root.text) {
            return self.steps(PathRoot::Document(doc), Ty::Record(d.record), path);
        }
        if let Some(decl) = self.consts.get(&root.text).copied() {
            if !path.fields.is_empty() {
                return self.error(
                    Diagnostic::error("E0202", format!("constant `{}` has no fields", root.text))
                        .at(path.span, "not a record"),
                );
            }
            if self.expanding.contains(&root.text) {
                return self.error(
                    Diagnostic::error(
                        "E0218",
                        format!("constant `{}` is defined in terms of itself", root.text),
                    )
                    .at(root.span, "used here")
                    .also(decl.name.span, "defined here"),
                );
            }
            self.expanding.push(root.text.clone());
            let result = self.expr(&decl.value);
            self.expanding.pop();
            return result;
        }
        if self.calendars.contains(&root.text) && path.fields.is_empty() {
            return (Expr::Lit(Lit::Str(root.text.clone())), Ty::Calendar);
        }
        let candidates: Vec<&str> = self
            .vars
            .iter()
            .map(|v| v.name.as_str())
            .chain(self.schema.documents.iter().map(|d| d.name.as_str()))
            .chain(self.consts.keys().map(String::as_str))
            .collect();
        let help = did_you_mean(&root.text, candidates.iter().copied()).or_else(|| {
            let docs: Vec<&str> = self.schema.documents.iter().map(|d| d.name.as_str()).collect();
            Some(format!(
                "fact paths start with a document kind: {}",
                docs.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
            ))
        });
        self.error(
            Diagnostic::error("E0201", format!("unknown name `{}`", root.text))
                .at(root.span, "not a document, variable or constant")
                .with_help(help),
        )
    }

    fn steps(&mut self, root: PathRoot, mut ty: Ty, path: &ast::Path) -> Typed {
        let mut steps = Vec::new();
        let mut walked = match &path.root {
            ast::PathRoot::Name(n) => n.text.clone(),
            _ => String::new(),
        };
        for field in &path.fields {
            let record: RecordId = match &ty {
                Ty::Record(r) => *r,
                Ty::Error => return err(),
                Ty::List(_) => {
                    return self.error(
                        Diagnostic::error(
                            "E0202",
                            format!("`{walked}` is a list; its elements' fields need a quantifier"),
                        )
                        .at(field.span, "cannot read a field of a whole list")
                        .help(format!("write e.g. `all x in {walked} where x.{}`", field.text)),
                    )
                }
                other => {
                    let name = self.type_name(other);
                    return self.error(
                        Diagnostic::error("E0202", format!("`{walked}` is {name} and has no fields"))
                            .at(field.span, "no such field"),
                    );
                }
            };
            let rec = self.schema.record(record);
            let Some((index, f)) = rec.field(&field.text) else {
                let help = did_you_mean(&field.text, rec.fields.iter().map(|f| f.name.as_str()));
                let help = help.or_else(|| {
                    let names: Vec<String> =
                        rec.fields.iter().take(12).map(|f| format!("`{}`", f.name)).collect();
                    (!names.is_empty()).then(|| format!("`{walked}` has the fields {}", names.join(", ")))
                });
                return self.error(
                    Diagnostic::error("E0202", format!("unknown fact `{walked}.{}`", field.text))
                        .at(field.span, format!("`{walked}` has no field `{}`", field.text))
                        .with_help(help),
                );
            };
            steps.push(index);
            ty = Ty::from_schema(&f.ty);
            walked.push('.');
            walked.push_str(&field.text);
        }
        let enum_type = match &ty {
            Ty::Enum(e) => Some(*e),
            Ty::List(inner) => match **inner {
                Ty::Enum(e) => Some(e),
                _ => None,
            },
            _ => None,
        };
        let path = Path { root, steps, enum_type, display: path.display(), span: path.span };
        (Expr::Path(path), ty)
    }

    fn unary(&mut self, op: UnaryOp, operand: &ast::Expr, span: Span) -> Typed {
        match op {
            UnaryOp::Not => (Expr::Not(Box::new(self.condition(operand))), Ty::Bool),
            UnaryOp::Neg => {
                let (e, ty) = self.expr(operand);
                match ty {
                    Ty::Int | Ty::Duration | Ty::Error => (Expr::Neg(Box::new(e)), ty),
                    other => {
                        let n = self.type_name(&other);
                        self.error(
                            Diagnostic::error("E0203", format!("cannot negate {n}"))
                                .at(span, "only numbers and durations"),
                        )
                    }
                }
            }
            UnaryOp::IsPresent | UnaryOp::IsAbsent => {
                let (e, ty) = self.expr(operand);
                if ty.is_error() {
                    return err();
                }
                let Expr::Path(path) = e else {
                    return self.error(
                        Diagnostic::error("E0203", "only a fact path can be tested for presence")
                            .at(operand.span, "not a fact path"),
                    );
                };
                let present = Expr::Present(path);
                if op == UnaryOp::IsPresent {
                    (present, Ty::Bool)
                } else {
                    (Expr::Not(Box::new(present)), Ty::Bool)
                }
            }
        }
    }

    /// Turns string literals into enum values where the other side is an enum.
    fn coerce(&mut self, expr: &mut Expr, ty: &mut Ty, target: &Ty, span: Span) {
        let enum_id = match (target, &*ty) {
            (Ty::Enum(e), Ty::StrLit) => *e,
            (Ty::Enum(e), Ty::Set(inner)) if **inner == Ty::StrLit => *e,
            (Ty::List(inner) | Ty::Set(inner), Ty::StrLit) => match **inner {
                Ty::Enum(e) => e,
                _ => return,
            },
            _ => return,
        };
        let enum_type = self.schema.enum_type(enum_id);
        let convert = |lit: &mut Lit, errors: &mut Vec<Diagnostic>, span: Span| {
            if let Lit::Str(s) = lit {
                match enum_type.variant_index(s) {
                    Some(i) => *lit = Lit::Enum(i),
                    None => {
                        let help = did_you_mean(s, enum_type.variants.iter().map(|v| v.name.as_str()))
                            .or_else(|| {
                                let all: Vec<String> =
                                    enum_type.variants.iter().map(|v| format!("`{}`", v.name)).collect();
                                Some(format!("`{}` has the values {}", enum_type.name, all.join(", ")))
                            });
                        errors.push(
                            Diagnostic::error(
                                "E0207",
                                format!("`{s}` is not a value of enum `{}`", enum_type.name),
                            )
                            .at(span, "not allowed by the schema")
                            .with_help(help),
                        );
                    }
                }
            }
        };
        match expr {
            Expr::Lit(lit) => convert(lit, self.errors, span),
            Expr::Set(lits) => lits.iter_mut().for_each(|l| convert(l, self.errors, span)),
            _ => return,
        }
        *ty = match ty {
            Ty::Set(_) => Ty::Set(Box::new(Ty::Enum(enum_id))),
            _ => Ty::Enum(enum_id),
        };
    }

    fn binary(&mut self, op: BinaryOp, left: &ast::Expr, right: &ast::Expr, span: Span) -> Typed {
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            let (l, r) = (self.condition(left), self.condition(right));
            let e = if op == BinaryOp::And {
                Expr::And(Box::new(l), Box::new(r))
            } else {
                Expr::Or(Box::new(l), Box::new(r))
            };
            return (e, Ty::Bool);
        }
        let (mut l, mut lt) = self.expr(left);
        let (mut r, mut rt) = self.expr(right);
        if lt.is_error() || rt.is_error() {
            return err();
        }
        for (ty, side) in [(&lt, left.span), (&rt, right.span)] {
            if *ty == Ty::CalendarSpan && !matches!(op, BinaryOp::Add | BinaryOp::Sub) {
                return self.months_misused(side);
            }
        }
        match op {
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let rt_copy = rt.clone();
                self.coerce(&mut l, &mut lt, &rt_copy, left.span);
                let lt_copy = lt.clone();
                self.coerce(&mut r, &mut rt, &lt_copy, right.span);
                self.compare(op, l, lt, r, rt, left.span, right.span)
            }
            BinaryOp::In | BinaryOp::NotIn => {
                let rt_copy = rt.clone();
                self.coerce(&mut l, &mut lt, &rt_copy, left.span);
                if matches!(lt, Ty::Enum(_)) {
                    let lt_copy = lt.clone();
                    self.coerce(&mut r, &mut rt, &lt_copy, right.span);
                }
                self.membership(l, lt, r, rt, op == BinaryOp::NotIn, left.span, right.span)
            }
            BinaryOp::Contains => {
                if lt.element().is_some() {
                    let lt_copy = lt.clone();
                    self.coerce(&mut r, &mut rt, &lt_copy, right.span);
                    return self.membership(r, rt, l, lt, false, right.span, left.span);
                }
                self.string_op(StrOp::Contains, l, lt, r, rt, left.span, right.span)
            }
            BinaryOp::StartsWith => self.string_op(StrOp::StartsWith, l, lt, r, rt, left.span, right.span),
            BinaryOp::EndsWith => self.string_op(StrOp::EndsWith, l, lt, r, rt, left.span, right.span),
            BinaryOp::Matches => self.matches(l, lt, r, left.span, right.span),
            BinaryOp::Add | BinaryOp::Sub => self.arithmetic(op, l, lt, r, rt, left.span, right.span, span),
            BinaryOp::And | BinaryOp::Or => err(),
        }
    }

    fn months_misused(&mut self, span: Span) -> Typed {
        self.error(
            Diagnostic::error("E0214", "months and years can only be added to or subtracted from a date")
                .at(span, "not a fixed number of days")
                .help("compare with a duration in days or weeks, or write `date + 1 month` to get a date"),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn compare(&mut self, op: BinaryOp, l: Expr, lt: Ty, r: Expr, rt: Ty, ls: Span, rs: Span) -> Typed {
        let cmp = match op {
            BinaryOp::Eq => CmpOp::Eq,
            BinaryOp::Ne => CmpOp::Ne,
            BinaryOp::Lt => CmpOp::Lt,
            BinaryOp::Le => CmpOp::Le,
            BinaryOp::Gt => CmpOp::Gt,
            _ => CmpOp::Ge,
        };
        let same = lt == rt || (lt.is_stringy() && rt.is_stringy());
        if !same {
            let (a, b) = (self.type_name(&lt), self.type_name(&rt));
            let help = match (&lt, &rt) {
                (Ty::Duration, Ty::Int) | (Ty::Int, Ty::Duration) => Some("write the number with a unit, as in `60 days`".to_string()),
                (Ty::Date, Ty::Duration) | (Ty::Duration, Ty::Date) => {
                    Some("a date is a day and a duration a length of time; add the duration to a date, or subtract two dates".to_string())
                }
                _ => None,
            };
            return self.error(
                Diagnostic::error("E0203", format!("cannot compare {a} with {b}"))
                    .at(rs, format!("this is {b}"))
                    .also(ls, format!("this is {a}"))
                    .with_help(help),
            );
        }
        for (side, other, span) in [(&l, &r, rs), (&r, &l, ls)] {
            if let (Expr::SubjectKind, Expr::Lit(Lit::Str(kind))) = (side, other) {
                if self.schema.subject_by_name(kind).is_none() {
                    let help = did_you_mean(kind, self.schema.subjects.iter().map(|k| k.name.as_str()));
                    return self.error(
                        Diagnostic::error("E0207", format!("`{kind}` is not a subject kind"))
                            .at(span, "no `subject` declaration has this name")
                            .with_help(help),
                    );
                }
            }
        }
        let ordered = matches!(lt, Ty::Int | Ty::Date | Ty::Duration);
        let comparable = ordered || matches!(lt, Ty::Bool | Ty::Str | Ty::StrLit | Ty::Enum(_));
        if !comparable || (!ordered && !matches!(cmp, CmpOp::Eq | CmpOp::Ne)) {
            let a = self.type_name(&lt);
            return self.error(
                Diagnostic::error("E0203", format!("`{}` does not apply to {a}", op.symbol()))
                    .at(ls.to(rs), format!("{a} has no order"))
                    .help(if matches!(lt, Ty::List(_)) {
                        "use a quantifier or `len(…)`"
                    } else {
                        "compare with `==` or `!=`"
                    }),
            );
        }
        (Expr::Compare(cmp, Box::new(l), Box::new(r)), Ty::Bool)
    }

    #[allow(clippy::too_many_arguments)]
    fn membership(
        &mut self,
        element: Expr,
        et: Ty,
        collection: Expr,
        ct: Ty,
        negated: bool,
        es: Span,
        cs: Span,
    ) -> Typed {
        let Some(inner) = ct.element() else {
            let c = self.type_name(&ct);
            return self.error(
                Diagnostic::error("E0203", format!("expected a list or set, found {c}"))
                    .at(cs, format!("this is {c}"))
                    .help("for text, use `contains`, `starts_with` or `matches`"),
            );
        };
        let fits = inner == &et || (inner.is_stringy() && et.is_stringy()) || inner.is_error();
        if !fits {
            let (e, c) = (self.type_name(&et), self.type_name(&ct));
            return self.error(
                Diagnostic::error("E0203", format!("{e} cannot be an element of {c}"))
                    .at(es, format!("this is {e}"))
                    .also(cs, format!("this is {c}")),
            );
        }
        (Expr::In { element: Box::new(element), collection: Box::new(collection), negated }, Ty::Bool)
    }

    #[allow(clippy::too_many_arguments)]
    fn string_op(&mut self, op: StrOp, l: Expr, lt: Ty, r: Expr, rt: Ty, ls: Span, rs: Span) -> Typed {
        for (ty, span) in [(&lt, ls), (&rt, rs)] {
            if !ty.is_stringy() {
                let n = self.type_name(ty);
                return self.error(
                    Diagnostic::error("E0203", format!("expected a string, found {n}"))
                        .at(span, format!("this is {n}")),
                );
            }
        }
        (Expr::Str(op, Box::new(l), Box::new(r)), Ty::Bool)
    }

    fn matches(&mut self, l: Expr, lt: Ty, r: Expr, ls: Span, rs: Span) -> Typed {
        if !lt.is_stringy() {
            let n = self.type_name(&lt);
            return self.error(
                Diagnostic::error("E0203", format!("expected a string, found {n}"))
                    .at(ls, format!("this is {n}")),
            );
        }
        let Expr::Lit(Lit::Str(pattern)) = r else {
            return self.error(
                Diagnostic::error("E0208", "a `matches` pattern must be a string literal")
                    .at(rs, "not a literal")
                    .note("patterns are compiled when the policy is checked"),
            );
        };
        match regex::RegexBuilder::new(&pattern).size_limit(1 << 20).build() {
            Ok(re) => {
                self.regexes.push(re);
                (Expr::Matches(Box::new(l), self.regexes.len() - 1), Ty::Bool)
            }
            Err(e) => self.error(
                Diagnostic::error("E0208", "invalid regular expression")
                    .at(rs, "this pattern does not compile")
                    .note(e.to_string().lines().last().unwrap_or("").trim().to_string()),
            ),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn arithmetic(
        &mut self,
        op: BinaryOp,
        l: Expr,
        lt: Ty,
        r: Expr,
        rt: Ty,
        ls: Span,
        rs: Span,
        span: Span,
    ) -> Typed {
        let result = match (op, &lt, &rt) {
            (_, Ty::Date, Ty::Duration | Ty::CalendarSpan) => Ty::Date,
            (BinaryOp::Sub, Ty::Date, Ty::Date) => Ty::Duration,
            (_, Ty::Duration, Ty::Duration) => Ty::Duration,
            (_, Ty::Int, Ty::Int) => Ty::Int,
            (_, Ty::CalendarSpan, _) => return self.months_misused(ls),
            (_, _, Ty::CalendarSpan) => return self.months_misused(rs),
            _ => {
                let (a, b) = (self.type_name(&lt), self.type_name(&rt));
                let help = match (&lt, &rt) {
                    (Ty::Duration, Ty::Date) => Some("write the date first: `date + duration`".to_string()),
                    (Ty::Date, Ty::Int) | (Ty::Int, Ty::Date) => {
                        Some("write the number with a unit, as in `30 days`".to_string())
                    }
                    _ => None,
                };
                return self.error(
                    Diagnostic::error(
                        "E0203",
                        format!(
                            "cannot {} {b} {} {a}",
                            if op == BinaryOp::Add { "add" } else { "subtract" },
                            if op == BinaryOp::Add { "to" } else { "from" }
                        ),
                    )
                    .at(span, format!("{a} {} {b}", op.symbol()))
                    .with_help(help),
                );
            }
        };
        let e = if op == BinaryOp::Add {
            Expr::Add(Box::new(l), Box::new(r))
        } else {
            Expr::Sub(Box::new(l), Box::new(r))
        };
        (e, result)
    }

    fn quantifier(
        &mut self,
        kind: QuantifierKind,
        var: &ast::Name,
        collection: &ast::Expr,
        body: &ast::Expr,
    ) -> Typed {
        let (coll, ct) = self.expr(collection);
        let element = match &ct {
            Ty::List(e) | Ty::Set(e) => (**e).clone(),
            Ty::Error => Ty::Error,
            other => {
                let n = self.type_name(other);
                return self.error(
                    Diagnostic::error("E0203", format!("`{}` needs a list, found {n}", kind.keyword()))
                        .at(collection.span, format!("this is {n}")),
                );
            }
        };
        let slot = self.bind(&var.text, element);
        let body = self.condition(body);
        self.unbind();
        let ty = if kind == QuantifierKind::Count { Ty::Int } else { Ty::Bool };
        (Expr::Quantifier { kind, slot, collection: Box::new(coll), body: Box::new(body) }, ty)
    }

    fn call(&mut self, name: &ast::Name, args: &[ast::Expr], span: Span) -> Typed {
        if name.text == "period_end" {
            if let Some(d) = self.unknown_calendar(args.get(2)) {
                return self.error(d);
            }
        }
        let typed: Vec<Typed> = args.iter().map(|a| self.expr(a)).collect();
        if typed.iter().any(|(_, t)| t.is_error()) {
            return err();
        }
        let builtin = match name.text.as_str() {
            "len" => Some(Builtin::Len),
            "max" => Some(Builtin::Max),
            "min" => Some(Builtin::Min),
            "period_end" => Some(Builtin::PeriodEnd),
            _ => None,
        };
        if let Some(b) = builtin {
            return self.builtin(b, name, typed, args, span);
        }
        let Some(index) = self.predicates.iter().position(|p| p.visible && p.name == name.text) else {
            let candidates = ["len", "max", "min", "period_end"]
                .into_iter()
                .chain(self.predicates.iter().filter(|p| p.visible).map(|p| p.name.as_str()));
            let help = did_you_mean(&name.text, candidates);
            return self.error(
                Diagnostic::error("E0212", format!("unknown function `{}`", name.text))
                    .at(name.span, "no builtin or predicate declared before this point has this name")
                    .with_help(help.or(Some(
                        "a predicate may call only predicates declared before it (no recursion)".into(),
                    ))),
            );
        };
        let sig = &self.predicates[index];
        if sig.params.len() != args.len() {
            let (want, sspan) = (sig.params.len(), sig.span);
            return self.error(
                Diagnostic::error(
                    "E0212",
                    format!(
                        "`{}` takes {want} argument{}, found {}",
                        name.text,
                        if want == 1 { "" } else { "s" },
                        args.len()
                    ),
                )
                .at(span, "wrong number of arguments")
                .also(sspan, "declared here"),
            );
        }
        let params = sig.params.clone();
        let result = sig.result.clone();
        let mut exprs = Vec::new();
        for ((mut e, mut t), (param, arg)) in typed.into_iter().zip(params.iter().zip(args)) {
            self.coerce(&mut e, &mut t, param, arg.span);
            self.expect(&t, param, arg.span, "the argument must have the parameter's type");
            exprs.push(e);
        }
        (Expr::Call(index, exprs), result)
    }

    /// `period_end`'s calendar argument, when it names nothing at all.
    fn unknown_calendar(&self, arg: Option<&ast::Expr>) -> Option<Diagnostic> {
        let ast::ExprKind::Path(ast::Path { root: ast::PathRoot::Name(n), fields, .. }) = &arg?.kind else {
            return None;
        };
        let known = self.calendars.contains(&n.text)
            || self.vars.iter().any(|v| v.name == n.text)
            || self.consts.contains_key(&n.text)
            || self.schema.document_by_name(&n.text).is_some();
        if known || !fields.is_empty() {
            return None;
        }
        let help = did_you_mean(&n.text, self.calendars.iter().map(String::as_str)).or_else(|| {
            Some(if self.calendars.is_empty() {
                "declare one with `calendar NAME { covers … }`".to_string()
            } else {
                format!(
                    "declared calendars: {}",
                    self.calendars.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                )
            })
        });
        Some(
            Diagnostic::error("E0217", format!("unknown calendar `{}`", n.text))
                .at(n.span, "no calendar has this name")
                .with_help(help),
        )
    }

    fn builtin(
        &mut self,
        b: Builtin,
        name: &ast::Name,
        typed: Vec<Typed>,
        args: &[ast::Expr],
        span: Span,
    ) -> Typed {
        let arity = if b == Builtin::PeriodEnd {
            3
        } else if b == Builtin::Len {
            1
        } else {
            2
        };
        if typed.len() != arity {
            return self.error(
                Diagnostic::error(
                    "E0212",
                    format!(
                        "`{}` takes {arity} argument{}, found {}",
                        name.text,
                        if arity == 1 { "" } else { "s" },
                        typed.len()
                    ),
                )
                .at(span, "wrong number of arguments"),
            );
        }
        let tys: Vec<Ty> = typed.iter().map(|(_, t)| t.clone()).collect();
        let mut exprs: Vec<Expr> = typed.into_iter().map(|(e, _)| e).collect();
        match b {
            Builtin::Len => match &tys[0] {
                Ty::List(_) | Ty::Set(_) | Ty::Str | Ty::StrLit => (Expr::Builtin(b, exprs, None), Ty::Int),
                other => {
                    let n = self.type_name(other);
                    self.error(
                        Diagnostic::error("E0203", format!("`len` needs a list or a string, found {n}"))
                            .at(args[0].span, format!("this is {n}")),
                    )
                }
            },
            Builtin::Max | Builtin::Min => {
                if tys[0] != tys[1] || !matches!(tys[0], Ty::Int | Ty::Date | Ty::Duration) {
                    let (a, c) = (self.type_name(&tys[0]), self.type_name(&tys[1]));
                    return self.error(
                        Diagnostic::error(
                            "E0203",
                            format!(
                                "`{}` needs two dates, durations or integers, found {a} and {c}",
                                name.text
                            ),
                        )
                        .at(span, "arguments of different or unordered types"),
                    );
                }
                (Expr::Builtin(b, exprs, None), tys[0].clone())
            }
            Builtin::PeriodEnd => {
                self.expect(
                    &tys[0],
                    &Ty::Date,
                    args[0].span,
                    "`period_end(start, length, calendar)` starts at a date",
                );
                self.expect(
                    &tys[1],
                    &Ty::Duration,
                    args[1].span,
                    "`period_end(start, length, calendar)` counts a duration in days",
                );
                let calendar = match (&tys[2], exprs.pop()) {
                    (Ty::Calendar, Some(Expr::Lit(Lit::Str(c)))) => {
                        self.calendars.iter().position(|n| *n == c)
                    }
                    _ => None,
                };
                if calendar.is_none() {
                    let help = (!self.calendars.is_empty()).then(|| {
                        format!(
                            "declared calendars: {}",
                            self.calendars.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                        )
                    });
                    return self.error(
                        Diagnostic::error("E0217", "the third argument of `period_end` must be a calendar")
                            .at(args[2].span, "not a declared calendar")
                            .with_help(help),
                    );
                }
                (Expr::Builtin(b, exprs, calendar), Ty::Date)
            }
        }
    }
}
