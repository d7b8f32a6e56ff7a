//! Expressions: printed with only the parentheses precedence needs (the rules of
//! [`syntax::display`](crate::syntax::display)), literals copied from the source, and broken
//! over lines when a clause does not fit.

use super::{Blank, Printer};
use crate::syntax::ast::*;

use crate::syntax::display::precedence;

/// Whether an operand of `parent` needs parentheses: for precedence, and, for the reader, an
/// `and` inside an `or` (`a or (b and c)`), which the Kleene logic makes easy to misread.
fn wrap(parent: BinaryOp, e: &Expr, min: u8) -> bool {
    precedence(e) < min
        || (parent == BinaryOp::Or && matches!(e.kind, ExprKind::Binary { op: BinaryOp::And, .. }))
}

/// The operands of a left-nested chain of one operator: `a and b and c` → `[a, b, c]`.
fn chain<'e>(e: &'e Expr, op: BinaryOp, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary { op: o, left, right } if *o == op => {
            chain(left, op, out);
            out.push(right);
        }
        _ => out.push(e),
    }
}

fn unit_word(amount: i64, unit: TimeUnit) -> &'static str {
    match (unit, amount == 1) {
        (TimeUnit::Days, true) => "day",
        (TimeUnit::Days, false) => "days",
        (TimeUnit::Weeks, true) => "week",
        (TimeUnit::Weeks, false) => "weeks",
        (TimeUnit::Months, true) => "month",
        (TimeUnit::Months, false) => "months",
        (TimeUnit::Years, true) => "year",
        (TimeUnit::Years, false) => "years",
    }
}

impl Printer<'_> {
    /// The expression on one line.
    pub(super) fn flat(&self, e: &Expr) -> String {
        let mut out = String::new();
        self.write(e, &mut out);
        out
    }

    fn operand_in(&self, parent: BinaryOp, e: &Expr, min: u8, out: &mut String) {
        if wrap(parent, e, min) {
            out.push('(');
            self.write(e, out);
            out.push(')');
        } else {
            self.write(e, out);
        }
    }

    fn operand(&self, e: &Expr, min: u8, out: &mut String) {
        if precedence(e) < min {
            out.push('(');
            self.write(e, out);
            out.push(')');
        } else {
            self.write(e, out);
        }
    }

    /// A quantifier's collection: the grammar takes only a call, a path, a set or `( … )`.
    fn collection(&self, e: &Expr) -> String {
        match &e.kind {
            ExprKind::Path(_) | ExprKind::Call { .. } | ExprKind::Set(_) => self.flat(e),
            _ => format!("({})", self.flat(e)),
        }
    }

    fn list(&self, items: &[Expr], out: &mut String) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.write(item, out);
        }
    }

    fn write(&self, e: &Expr, out: &mut String) {
        match &e.kind {
            ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            ExprKind::Integer(i) => out.push_str(&i.to_string()),
            // Copied as written: escapes stay as the author wrote them.
            ExprKind::String(_) => out.push_str(self.slice(e.span)),
            ExprKind::Date(d) => out.push_str(self.slice(d.span)),
            ExprKind::Duration { amount, unit } => {
                out.push_str(&format!("{amount} {}", unit_word(*amount, *unit)));
            }
            ExprKind::Set(items) => {
                out.push('{');
                self.list(items, out);
                out.push('}');
            }
            ExprKind::Path(p) => out.push_str(&p.display()),
            ExprKind::Call { name, args } => {
                out.push_str(&name.text);
                out.push('(');
                self.list(args, out);
                out.push(')');
            }
            ExprKind::Unary { op, operand: inner } => match op {
                UnaryOp::Not => {
                    out.push_str("not ");
                    self.operand(inner, 3, out);
                }
                UnaryOp::Neg => {
                    out.push('-');
                    self.operand(inner, 7, out);
                }
                UnaryOp::IsPresent | UnaryOp::IsAbsent => {
                    self.operand(inner, 8, out);
                    out.push_str(if *op == UnaryOp::IsPresent { " is present" } else { " is absent" });
                }
            },
            ExprKind::Binary { op, left, right } => {
                let p = precedence(e);
                self.operand_in(*op, left, p, out);
                out.push(' ');
                out.push_str(op.symbol());
                out.push(' ');
                // Left-associative: an equal-precedence right operand needs parentheses.
                self.operand_in(*op, right, p + 1, out);
            }
            ExprKind::Quantifier { kind, var, collection, body } => {
                out.push_str(&format!(
                    "{} {} in {} where ",
                    kind.keyword(),
                    var.text,
                    self.collection(collection)
                ));
                self.write(body, out);
            }
            // Not produced for a file that parsed.
            ExprKind::Error => out.push_str("<error>"),
        }
    }

    /// Prints `head`, the expression and `tail`, starting at `indent`; continuation lines go
    /// at `cont`. One line if it fits; else an `and`/`or` chain one operand per line, operator
    /// leading, each operand laid out the same way (a parenthesised chain continues one level
    /// deeper); else a quantifier broken before `where`; else one long line.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn layout(
        &mut self,
        indent: usize,
        cont: usize,
        head: &str,
        tail: &str,
        start: usize,
        e: &Expr,
        blank: Blank,
    ) {
        let one = format!("{head}{}{tail}", self.flat(e));
        let end = self.end(e.span);
        if Self::fits(indent, &one) {
            self.push(indent, one, start, end, blank);
            return;
        }
        match &e.kind {
            ExprKind::Binary { op: op @ (BinaryOp::And | BinaryOp::Or), .. } => {
                let p = precedence(e);
                let mut operands = Vec::new();
                chain(e, *op, &mut operands);
                let last = operands.len().saturating_sub(1);
                for (i, o) in operands.iter().enumerate() {
                    let min = if i == 0 { p } else { p + 1 };
                    let parens = wrap(*op, o, min);
                    let mut prefix = if i == 0 { head.to_string() } else { format!("{} ", op.symbol()) };
                    let mut suffix = String::new();
                    if parens {
                        prefix.push('(');
                        suffix.push(')');
                    }
                    if i == last {
                        suffix.push_str(tail);
                    }
                    let (line_indent, o_start, o_blank) = if i == 0 {
                        (indent, start, blank)
                    } else {
                        (cont, o.span.start as usize, Blank::Never)
                    };
                    self.layout(line_indent, cont + 1, &prefix, &suffix, o_start, o, o_blank);
                }
            }
            ExprKind::Quantifier { kind, var, collection, body } => {
                let text =
                    format!("{head}{} {} in {}", kind.keyword(), var.text, self.collection(collection));
                let c_end = self.end(collection.span);
                self.push(indent, text, start, c_end, blank);
                self.layout(cont, cont + 1, "where ", tail, body.span.start as usize, body, Blank::Never);
            }
            _ => self.push(indent, one, start, end, blank),
        }
    }
}
