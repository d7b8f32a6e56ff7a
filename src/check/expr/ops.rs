//! Binary operators: comparison, membership, string tests, `matches`, `+` and `-`.

use super::{err, ExprChecker, Typed};
use crate::check::program::{CmpOp, Expr, Lit, StrOp};
use crate::check::types::Ty;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{self, BinaryOp};
use crate::syntax::display;

impl ExprChecker<'_> {
    pub(super) fn binary(&mut self, op: BinaryOp, left: &ast::Expr, right: &ast::Expr, span: Span) -> Typed {
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
                self.compare(op, l, lt, r, rt, left, right)
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
            BinaryOp::Add | BinaryOp::Sub => self.arithmetic(op, l, lt, r, rt, left, right, span),
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
    fn compare(
        &mut self,
        op: BinaryOp,
        l: Expr,
        lt: Ty,
        r: Expr,
        rt: Ty,
        left: &ast::Expr,
        right: &ast::Expr,
    ) -> Typed {
        let (ls, rs) = (left.span, right.span);
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
                (Ty::DateTime, Ty::Date) | (Ty::Date, Ty::DateTime) => {
                    let (a, b) = (display::expr(left), display::expr(right));
                    let (a, b) = if lt == Ty::DateTime { (format!("date_of({a})"), b) } else { (a, format!("date_of({b})")) };
                    Some(format!(
                        "a datetime is an instant and a date a calendar day; compare the datetime's day in China Standard Time (UTC+8), `{a} {} {b}`, or compare it with another datetime",
                        op.symbol()
                    ))
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
        let ordered = matches!(lt, Ty::Int | Ty::Date | Ty::DateTime | Ty::Duration);
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
        left: &ast::Expr,
        right: &ast::Expr,
        span: Span,
    ) -> Typed {
        let (ls, rs) = (left.span, right.span);
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
                    (Ty::DateTime, Ty::Duration) => Some(format!(
                        "a datetime is not moved by days; move its day in China Standard Time instead: `date_of({}) {} {}`",
                        display::expr(left),
                        op.symbol(),
                        display::expr(right)
                    )),
                    (Ty::DateTime, Ty::DateTime) if op == BinaryOp::Sub => Some(format!(
                        "compare the two datetimes, or count the days between their days in China Standard Time: `date_of({}) - date_of({})`",
                        display::expr(left),
                        display::expr(right)
                    )),
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
}
