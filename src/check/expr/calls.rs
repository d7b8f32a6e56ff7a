//! Quantifiers, builtin functions and predicate calls.

use super::{err, ExprChecker, Typed};
use crate::check::program::{Builtin, Expr, Lit};
use crate::check::scope::Lookup;
use crate::check::types::Ty;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{self, QuantifierKind};

impl ExprChecker<'_> {
    pub(super) fn quantifier(
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

    pub(super) fn call(&mut self, name: &ast::Name, args: &[ast::Expr], span: Span) -> Typed {
        if name.text == "period_end" {
            if let Some(d) = self.unknown_calendar(args.get(2)) {
                return self.error(d);
            }
        }
        let typed: Vec<Typed> = args.iter().map(|a| self.expr(a)).collect();
        if typed.iter().any(|(_, t)| t.is_error()) {
            return err();
        }
        if let Some(b) = Builtin::from_name(&name.text) {
            return self.builtin(b, name, typed, args, span);
        }
        let index = match self.find_predicate(name) {
            Ok(index) => index,
            Err(d) => return self.error(d),
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

    /// The predicate a call names: the regulation's own, the pack's, or a dependency's
    /// (qualified where two dependencies declare it).
    fn find_predicate(&self, name: &ast::Name) -> Result<usize, Diagnostic> {
        let view = self.in_view();
        let pack = view.map_or(0, |v| v.pack);
        let regulation = view.and_then(|v| v.regulation);
        // A regulation's own predicates come first, then the pack's and its dependencies'.
        let local = self.predicates.iter().rposition(|p| {
            p.visible && p.regulation.is_some() && p.regulation == regulation && p.name == name.text
        });
        if let Some(index) = local {
            return Ok(index);
        }
        let candidates: Vec<(usize, (usize, &str))> = self
            .predicates
            .iter()
            .enumerate()
            .filter(|(_, p)| p.visible && p.regulation.is_none())
            .map(|(i, p)| (p.pack, (i, p.name.as_str())))
            .collect();
        match super::super::scope::resolve(self.packs, pack, &name.text, &candidates, |(_, n)| n) {
            Lookup::Found((index, _)) => Ok(*index),
            Lookup::Ambiguous(packs) => Err(super::super::scope::ambiguous("predicate", name, &packs)),
            Lookup::PackNotInView(p) => {
                Err(super::super::scope::pack_not_in_view(name, &p, self.packs, pack))
            }
            Lookup::Missing => {
                let in_view = self.predicates.iter().filter(|p| {
                    p.visible
                        && (p.regulation.is_none() && self.packs.sees(pack, p.pack)
                            || p.regulation.is_some() && p.regulation == regulation)
                });
                let candidates = Builtin::ALL
                    .into_iter()
                    .map(|b| -> &str { b.name() })
                    .chain(in_view.map(|p| p.name.as_str()));
                let help = did_you_mean(&name.text, candidates);
                Err(Diagnostic::error("E0212", format!("unknown function `{}`", name.text))
                    .at(name.span, "no builtin or predicate declared before this point has this name")
                    .with_help(help.or(Some(
                        "a predicate may call only predicates declared before it (no recursion)".into(),
                    ))))
            }
        }
    }

    /// `period_end`'s calendar argument, when it names nothing at all.
    fn unknown_calendar(&self, arg: Option<&ast::Expr>) -> Option<Diagnostic> {
        let ast::ExprKind::Path(ast::Path { root: ast::PathRoot::Name(n), fields, .. }) = &arg?.kind else {
            return None;
        };
        let view = self.in_view();
        let known = view.is_some_and(|v| {
            v.calendars.contains_key(&n.text)
                || v.consts.contains_key(&n.text)
                || v.ambiguous.contains_key(&n.text)
        }) || self.vars.iter().any(|v| v.name == n.text)
            || n.text.contains("::")
            || self.schema.document_by_name(&n.text).is_some();
        if known || !fields.is_empty() {
            return None;
        }
        let mut names: Vec<&str> = view
            .map(|v| v.calendars.keys().map(String::as_str).filter(|k| !k.contains("::")).collect())
            .unwrap_or_default();
        names.sort_unstable();
        let help = did_you_mean(&n.text, names.iter().copied()).or_else(|| {
            Some(if names.is_empty() {
                "declare one with `calendar NAME { covers … }`".to_string()
            } else {
                format!(
                    "declared calendars: {}",
                    names.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
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
        let arity = b.arity();
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
                if tys[0] != tys[1] || !matches!(tys[0], Ty::Int | Ty::Date | Ty::DateTime | Ty::Duration) {
                    let (a, c) = (self.type_name(&tys[0]), self.type_name(&tys[1]));
                    return self.error(
                        Diagnostic::error(
                            "E0203",
                            format!(
                                "`{}` needs two dates, datetimes, durations or integers, found {a} and {c}",
                                name.text
                            ),
                        )
                        .at(span, "arguments of different or unordered types"),
                    );
                }
                (Expr::Builtin(b, exprs, None), tys[0].clone())
            }
            Builtin::DateOf => {
                if tys[0] != Ty::DateTime {
                    let n = self.type_name(&tys[0]);
                    let help = (tys[0] == Ty::Date).then_some("it is a date already; use it as it is");
                    return self.error(
                        Diagnostic::error("E0203", format!("`date_of` needs a datetime, found {n}"))
                            .at(args[0].span, format!("this is {n}"))
                            .with_help(help.map(String::from)),
                    );
                }
                (Expr::Builtin(b, exprs, None), Ty::Date)
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
