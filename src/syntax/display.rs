//! Prints expressions back as clause source, with only the parentheses precedence needs.
//! Used for reasons ("applicability condition `…` is false"), explanations and docs.

use super::ast::*;

/// Binding strength: higher binds tighter. Shared with the formatter.
pub(crate) fn precedence(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Binary { op: BinaryOp::Or, .. } => 1,
        ExprKind::Binary { op: BinaryOp::And, .. } => 2,
        ExprKind::Unary { op: UnaryOp::Not, .. } => 3,
        ExprKind::Binary { op: BinaryOp::Add | BinaryOp::Sub, .. } => 5,
        ExprKind::Binary { .. } => 4,
        ExprKind::Unary { op: UnaryOp::Neg, .. } => 6,
        ExprKind::Unary { .. } => 7,
        // A quantifier's body extends as far as it can: it must be wrapped as an operand.
        ExprKind::Quantifier { .. } => 0,
        _ => 9,
    }
}

pub fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write(e, &mut out);
    out
}

fn operand(e: &Expr, min: u8, out: &mut String) {
    if precedence(e) < min {
        out.push('(');
        write(e, out);
        out.push(')');
    } else {
        write(e, out);
    }
}

fn write(e: &Expr, out: &mut String) {
    match &e.kind {
        ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ExprKind::Integer(i) => out.push_str(&i.to_string()),
        ExprKind::String(s) => string(s, out),
        ExprKind::Date(d) => out.push_str(&format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        ExprKind::Duration { amount, unit } => {
            let unit = match (unit, *amount == 1) {
                (TimeUnit::Days, true) => "day",
                (TimeUnit::Days, false) => "days",
                (TimeUnit::Weeks, true) => "week",
                (TimeUnit::Weeks, false) => "weeks",
                (TimeUnit::Months, true) => "month",
                (TimeUnit::Months, false) => "months",
                (TimeUnit::Years, true) => "year",
                (TimeUnit::Years, false) => "years",
            };
            out.push_str(&format!("{amount} {unit}"));
        }
        ExprKind::Set(items) => {
            out.push('{');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(item, out);
            }
            out.push('}');
        }
        ExprKind::Path(p) => out.push_str(&p.display()),
        ExprKind::Call { name, args } => {
            out.push_str(&name.text);
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(a, out);
            }
            out.push(')');
        }
        ExprKind::Unary { op, operand: inner } => match op {
            UnaryOp::Not => {
                out.push_str("not ");
                operand(inner, 3, out);
            }
            UnaryOp::Neg => {
                out.push('-');
                operand(inner, 7, out);
            }
            UnaryOp::IsPresent | UnaryOp::IsAbsent => {
                operand(inner, 8, out);
                out.push_str(if *op == UnaryOp::IsPresent { " is present" } else { " is absent" });
            }
        },
        ExprKind::Binary { op, left, right } => {
            let p = precedence(e);
            operand(left, p, out);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            // Left-associative: an equal-precedence right operand needs parentheses.
            operand(right, p + 1, out);
        }
        ExprKind::Quantifier { kind, var, collection, body } => {
            out.push_str(kind.keyword());
            out.push(' ');
            out.push_str(&var.text);
            out.push_str(" in ");
            operand(collection, 9, out);
            out.push_str(" where ");
            write(body, out);
        }
        ExprKind::Error => out.push_str("<error>"),
    }
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}
