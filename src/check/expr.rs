//! Type checking and compiling expressions.
//!
//! Paths are resolved against the schema and the variables in scope; constants are inlined
//! (and checked where they are used, so a set of strings can be checked against the enum
//! it is compared with); predicates are called by index; `matches` patterns are compiled
//! here, once. Every error is collected and the expression gets the type `Error`, which is
//! accepted everywhere, so one mistake gives one diagnostic.

use super::program::{Expr, Lit, Path, PathRoot};
use super::scope::{PackMap, View};
use super::types::Ty;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::schema::{RecordId, Schema};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind, TimeUnit, UnaryOp};
use crate::time::Date;

mod calls;
mod ops;

/// A checked predicate's signature.
pub struct PredicateSig {
    pub name: String,
    /// The pack that declares it, and the regulation for a regulation's own predicate.
    pub pack: usize,
    pub regulation: Option<usize>,
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
    pub packs: &'a PackMap,
    /// Every pack's and regulation's names in view; `view` is the one expressions are read in.
    pub views: &'a [View<'a>],
    view: usize,
    pub predicates: &'a [PredicateSig],
    /// The program's calendars by name, in the order of `Program::calendars`.
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
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        schema: &'a Schema,
        packs: &'a PackMap,
        views: &'a [View<'a>],
        view: usize,
        predicates: &'a [PredicateSig],
        calendars: &'a [String],
        regexes: &'a mut Vec<regex::Regex>,
        errors: &'a mut Vec<Diagnostic>,
    ) -> Self {
        ExprChecker {
            schema,
            packs,
            views,
            view,
            predicates,
            calendars,
            regexes,
            errors,
            vars: Vec::new(),
            expanding: Vec::new(),
        }
    }

    /// The names in view where the expression being checked is written.
    fn in_view(&self) -> Option<&'a View<'a>> {
        self.views.get(self.view)
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
        let view = self.in_view();
        if let Some(found) = view.and_then(|v| v.consts.get(&root.text)).copied() {
            let decl = found.decl;
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
            // The body is read where the constant is declared, whatever the view of its use.
            self.expanding.push(root.text.clone());
            let outer = std::mem::replace(&mut self.view, found.view);
            let (expr, ty) = self.expr(&decl.value);
            self.view = outer;
            self.expanding.pop();
            // A computed constant keeps its name, so explanations say `filing_clock_start`
            // rather than its expansion; literals stay bare, to be coerced where used.
            let expr = match expr {
                e @ (Expr::Lit(_) | Expr::Set(_) | Expr::Path(_)) => e,
                e => Expr::Const(root.text.clone(), Box::new(e)),
            };
            return (expr, ty);
        }
        if let Some(canonical) = view.and_then(|v| v.calendars.get(&root.text)) {
            if path.fields.is_empty() {
                return (Expr::Lit(Lit::Str(canonical.clone())), Ty::Calendar);
            }
        }
        if let Some(packs) = view.and_then(|v| v.ambiguous.get(&root.text)) {
            return self.error(super::scope::ambiguous("name", root, packs));
        }
        if let Some((pack, _)) = super::scope::split_qualified(&root.text) {
            let from = view.map_or(0, |v| v.pack);
            if !self.packs.index(pack).is_some_and(|p| self.packs.sees(from, p)) {
                return self.error(super::scope::pack_not_in_view(root, pack, self.packs, from));
            }
        }
        let candidates: Vec<&str> = self
            .vars
            .iter()
            .map(|v| v.name.as_str())
            .chain(self.schema.documents.iter().map(|d| d.name.as_str()))
            .chain(
                view.into_iter()
                    .flat_map(|v| v.consts.keys().map(String::as_str).filter(|k| !k.contains("::"))),
            )
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
                    Some(i) => *lit = Lit::Enum(enum_id, i),
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
}
