//! Lints over expressions: unused declarations, constant conditions, contradictions.

use super::{Allows, Linter};
use crate::check::program::Builtin;
use crate::syntax::ast::{self, BinaryOp, ExprKind, Item, PathRoot, TimeUnit, UnaryOp};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Names an expression refers to: path roots and called functions.
fn names(e: &ast::Expr, out: &mut BTreeSet<String>) {
    match &e.kind {
        ExprKind::Path(p) => {
            if let PathRoot::Name(n) = &p.root {
                out.insert(n.text.clone());
            }
        }
        ExprKind::Call { name, args } => {
            out.insert(name.text.clone());
            args.iter().for_each(|a| names(a, out));
        }
        ExprKind::Set(items) => items.iter().for_each(|a| names(a, out)),
        ExprKind::Unary { operand, .. } => names(operand, out),
        ExprKind::Binary { left, right, .. } => {
            names(left, out);
            names(right, out);
        }
        ExprKind::Quantifier { collection, body, .. } => {
            names(collection, out);
            names(body, out);
        }
        ExprKind::Bool(_)
        | ExprKind::Integer(_)
        | ExprKind::String(_)
        | ExprKind::Date(_)
        | ExprKind::Duration { .. }
        | ExprKind::Error => {}
    }
}

/// `{name}` and `{name.field}` holes of a message: the roots they name.
fn template_names(text: &str, out: &mut BTreeSet<String>) {
    for hole in text.split('{').skip(1) {
        if let Some(inner) = hole.split('}').next() {
            if let Some(root) = inner.trim().split('.').next() {
                out.insert(root.to_string());
            }
        }
    }
}

fn rule_names(r: &ast::Rule, out: &mut BTreeSet<String>) {
    for e in [&r.when, &r.require].into_iter().flatten() {
        names(e, out);
    }
    if let Some(fe) = &r.for_each {
        names(&fe.collection, out);
        if let Some(f) = &fe.filter {
            names(f, out);
        }
    }
    for m in &r.messages {
        template_names(&m.text.value, out);
    }
}

fn provision_names(p: &ast::Provision, out: &mut BTreeSet<String>) {
    p.scopes.iter().for_each(|s| names(&s.condition, out));
    p.rules.iter().for_each(|r| rule_names(r, out));
    p.children.iter().for_each(|c| provision_names(c, out));
}

/// W0303: constants and predicates nothing refers to (other than themselves).
pub(super) fn unused(linter: &mut Linter<'_>, items: &[&Item]) {
    let mut declared: Vec<(&ast::Name, &'static str, Vec<&ast::Allow>)> = Vec::new();
    let mut used_by: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut used = BTreeSet::new();
    for item in items {
        match item {
            Item::Const(c) => {
                declared.push((&c.name, "constant", Vec::new()));
                let mut n = BTreeSet::new();
                names(&c.value, &mut n);
                used_by.push((c.name.text.clone(), n));
            }
            Item::Predicate(p) => {
                declared.push((&p.name, "predicate", Vec::new()));
                let mut n = BTreeSet::new();
                names(&p.body, &mut n);
                used_by.push((p.name.text.clone(), n));
            }
            Item::Subject(s) => names(&s.id, &mut used),
            Item::Regulation(r) => {
                for c in &r.consts {
                    declared.push((&c.name, "constant", r.allows.iter().collect()));
                    let mut n = BTreeSet::new();
                    names(&c.value, &mut n);
                    used_by.push((c.name.text.clone(), n));
                }
                for p in &r.predicates {
                    declared.push((&p.name, "predicate", r.allows.iter().collect()));
                    let mut n = BTreeSet::new();
                    names(&p.body, &mut n);
                    used_by.push((p.name.text.clone(), n));
                }
                r.all_articles().for_each(|(a, _)| provision_names(a, &mut used));
            }
            _ => {}
        }
    }
    // A declaration used only by unused declarations is unused too: grow the set from the
    // rules outwards.
    loop {
        let before = used.len();
        for (name, refs) in &used_by {
            if used.contains(name) {
                used.extend(refs.iter().filter(|r| *r != name).cloned());
            }
        }
        if used.len() == before {
            break;
        }
    }
    for (name, what, allows) in declared {
        if !used.contains(&name.text) {
            let allows = Allows::default().with(&allows.into_iter().cloned().collect::<Vec<_>>());
            linter.warn(
                &allows,
                "W0303",
                format!("the {what} `{}` is never used", name.text),
                name.span,
                "declared here, used nowhere",
                format!("use it in a rule, or remove it; a {what} no rule reaches checks nothing"),
            );
        }
    }
}

fn is_constant(e: &ast::Expr, consts: &HashMap<String, ast::Expr>, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match &e.kind {
        ExprKind::Bool(_)
        | ExprKind::Integer(_)
        | ExprKind::String(_)
        | ExprKind::Date(_)
        | ExprKind::Duration { .. } => true,
        ExprKind::Set(items) => items.iter().all(|i| is_constant(i, consts, depth + 1)),
        ExprKind::Path(p) => match &p.root {
            PathRoot::Name(n) if p.fields.is_empty() => {
                consts.get(&n.text).is_some_and(|v| is_constant(v, consts, depth + 1))
            }
            _ => false,
        },
        ExprKind::Call { name, args } => {
            Builtin::from_name(&name.text).is_some() && args.iter().all(|a| is_constant(a, consts, depth + 1))
        }
        ExprKind::Unary { op: UnaryOp::IsPresent | UnaryOp::IsAbsent, .. } => false,
        ExprKind::Unary { operand, .. } => is_constant(operand, consts, depth + 1),
        ExprKind::Binary { left, right, .. } => {
            is_constant(left, consts, depth + 1) && is_constant(right, consts, depth + 1)
        }
        ExprKind::Quantifier { .. } | ExprKind::Error => false,
    }
}

/// The constants of the policy, by name, for folding.
fn consts_of(linter: &Linter<'_>) -> HashMap<String, ast::Expr> {
    linter.consts.clone()
}

/// A whole condition (`when`, `require`, `scope`): constant as a whole, or in its parts.
pub(super) fn condition(linter: &mut Linter<'_>, allows: &Allows, e: &ast::Expr, clause: &str) {
    let consts = consts_of(linter);
    if is_constant(e, &consts, 0) {
        linter.warn(
            allows,
            "W0304",
            format!("this `{clause}` reads no fact: it is always the same"),
            e.span,
            "constant condition",
            "a condition that reads no fact decides nothing about the subject; compare a fact with the value"
                .into(),
        );
        return;
    }
    condition_parts(linter, allows, e, true);
}

/// Operands of `and`/`or` that are constant, and contradictory conjunctions.
pub(super) fn condition_parts(
    linter: &mut Linter<'_>,
    allows: &Allows,
    e: &ast::Expr,
    check_conjuncts: bool,
) {
    let consts = consts_of(linter);
    walk_operands(linter, allows, e, &consts);
    if check_conjuncts {
        contradictions(linter, allows, e);
    }
}

fn walk_operands(
    linter: &mut Linter<'_>,
    allows: &Allows,
    e: &ast::Expr,
    consts: &HashMap<String, ast::Expr>,
) {
    match &e.kind {
        ExprKind::Binary { op: op @ (BinaryOp::And | BinaryOp::Or), left, right } => {
            for side in [left, right] {
                if is_constant(side, consts, 0) {
                    linter.warn(
                        allows,
                        "W0304",
                        format!("this operand of `{}` reads no fact: it is always the same", op.symbol()),
                        side.span,
                        "constant operand",
                        "remove it, or compare a fact with the value".into(),
                    );
                } else {
                    walk_operands(linter, allows, side, consts);
                }
            }
        }
        ExprKind::Unary { operand, .. } => walk_operands(linter, allows, operand, consts),
        ExprKind::Quantifier { body, .. } => walk_operands(linter, allows, body, consts),
        _ => {}
    }
}

fn conjuncts<'e>(e: &'e ast::Expr, out: &mut Vec<&'e ast::Expr>) {
    match &e.kind {
        ExprKind::Binary { op: BinaryOp::And, left, right } => {
            conjuncts(left, out);
            conjuncts(right, out);
        }
        _ => out.push(e),
    }
}

/// A literal as a comparable key: (kind, value).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Int(i64),
    Days(i64),
    Date(i32, u32, u32),
    Text(String),
    Bool(bool),
}

fn key(e: &ast::Expr) -> Option<Key> {
    Some(match &e.kind {
        ExprKind::Integer(i) => Key::Int(*i),
        ExprKind::Bool(b) => Key::Bool(*b),
        ExprKind::String(s) => Key::Text(s.clone()),
        ExprKind::Date(d) => Key::Date(d.year, d.month, d.day),
        ExprKind::Duration { amount, unit: TimeUnit::Days } => Key::Days(*amount),
        ExprKind::Duration { amount, unit: TimeUnit::Weeks } => Key::Days(amount.checked_mul(7)?),
        _ => return None,
    })
}

fn same_kind(a: &Key, b: &Key) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// `path OP literal`, with the literal on either side (flipped to put the path first).
fn comparison(e: &ast::Expr) -> Option<(String, BinaryOp, Key)> {
    let ExprKind::Binary { op, left, right } = &e.kind else { return None };
    let flip = |op: BinaryOp| match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        other => other,
    };
    match (&left.kind, &right.kind) {
        (ExprKind::Path(p), _) => key(right).map(|k| (p.display(), *op, k)),
        (_, ExprKind::Path(p)) => key(left).map(|k| (p.display(), flip(*op), k)),
        _ => None,
    }
    .filter(|(_, op, _)| {
        matches!(op, BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge)
    })
}

fn contradicts(a: &(String, BinaryOp, Key), b: &(String, BinaryOp, Key)) -> bool {
    if a.0 != b.0 || !same_kind(&a.2, &b.2) {
        return false;
    }
    use BinaryOp::*;
    let (x, y) = (&a.2, &b.2);
    match (a.1, b.1) {
        (Eq, Eq) => x != y,
        (Eq, Ne) | (Ne, Eq) => x == y,
        (Eq, Lt) => x >= y,
        (Eq, Le) => x > y,
        (Eq, Gt) => x <= y,
        (Eq, Ge) => x < y,
        (Lt, Eq) | (Le, Eq) | (Gt, Eq) | (Ge, Eq) => contradicts(b, a),
        (Gt, Lt) | (Gt, Le) | (Ge, Lt) => x >= y,
        (Ge, Le) => x > y,
        (Lt, Gt) | (Le, Gt) | (Lt, Ge) => y >= x,
        (Le, Ge) => y > x,
        _ => false,
    }
}

fn contradictions(linter: &mut Linter<'_>, allows: &Allows, e: &ast::Expr) {
    let mut parts = Vec::new();
    conjuncts(e, &mut parts);
    let comparisons: Vec<(&ast::Expr, (String, BinaryOp, Key))> =
        parts.iter().filter_map(|p| comparison(p).map(|c| (*p, c))).collect();
    let mut reported = BTreeMap::new();
    for (i, (ea, a)) in comparisons.iter().enumerate() {
        for (eb, b) in &comparisons[i + 1..] {
            if contradicts(a, b) && reported.insert(a.0.clone(), ()).is_none() {
                let d = crate::diagnostic::Diagnostic::warning(
                    "W0305",
                    format!("these comparisons of `{}` can never both hold", a.0),
                )
                .at(eb.span, "contradicts the comparison before")
                .also(ea.span, "this comparison")
                .help("joined by `and`, the condition is always false; did you mean `or`?".to_string())
                .note("lint `contradictory-comparisons`; silence it here with `allow W0305 \"the reason\"`");
                if !allows.allows("W0305") {
                    linter.out.push(d);
                }
            }
        }
    }
    // Nested conditions (inside `or`, `not`, quantifiers) have their own conjunctions.
    let mut nested = Vec::new();
    for p in &parts {
        match &p.kind {
            ExprKind::Binary { op: BinaryOp::Or, left, right } => {
                nested.extend([left.as_ref(), right.as_ref()])
            }
            ExprKind::Unary { operand, .. } => nested.push(operand),
            ExprKind::Quantifier { body, .. } => nested.push(body),
            _ => {}
        }
    }
    for n in nested {
        contradictions(linter, allows, n);
    }
}
