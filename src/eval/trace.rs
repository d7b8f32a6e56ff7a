//! Explanations: how an outcome was reached.
//!
//! When tracing is on, the evaluator records one [`TraceNode`] per expression it evaluates
//! (literals aside): the expression as written, its three-valued result, the fact a path
//! read with its source position, and the nodes beneath it in evaluation order — so a reader
//! sees which sub-condition decided, which collection elements were checked and which
//! failed, and which facts were missing. Tracing is off in ordinary runs and costs nothing
//! there but a branch.

use crate::check::program::{CmpOp, Expr, Lit, PathRoot, Program, StrOp};
use crate::eval::render;
use crate::eval::value::Val;
use crate::schema::EnumId;
use crate::source::Loc;

/// One evaluated expression.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceNode {
    /// The expression, or `element app.capabilities[1]` for one element of a quantifier.
    pub text: String,
    /// `true`, `false`, `unknown`, or a value (`60 days`).
    pub result: String,
    /// For a fact path: the concrete path read and where its value came from.
    pub path: Option<String>,
    pub loc: Option<Loc>,
    pub children: Vec<TraceNode>,
    /// This node decided its parent's result (the first `false` operand of a false `and`,
    /// the first `true` of a true `or`, the first failing element of a false `all`, …).
    pub decided: bool,
}

/// Which child decides a node's result, to mark it in explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decides {
    /// `and`: when false, its first false operand.
    And,
    /// `or`: when true, its first true operand.
    Or,
    /// `all`: when false, its first false element.
    All,
    /// `any` when true, `none` when false: the first true element.
    AnyOrNone,
    /// Nothing to mark.
    Nothing,
}

/// One stage of deciding a rule: in force, party, scope, `when`, an element, `require`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub label: String,
    /// What this stage found, in words, when it evaluated no expression.
    pub detail: Option<String>,
    pub nodes: Vec<TraceNode>,
}

/// A verdict with the stages that led to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<'p> {
    pub verdict: crate::eval::Verdict<'p>,
    pub steps: Vec<Step>,
}

/// Collects nodes as evaluation enters and leaves expressions.
#[derive(Debug, Default)]
pub struct Tracer {
    frames: Vec<Vec<TraceNode>>,
}

impl Tracer {
    pub fn new() -> Tracer {
        Tracer { frames: vec![Vec::new()] }
    }

    pub fn enter(&mut self) {
        self.frames.push(Vec::new());
    }

    /// Closes the innermost node, attaching the nodes evaluated beneath it. With `splice`,
    /// the first child's own children take its place: `a and b and c` is one node with three
    /// operands, not a left-leaning ladder.
    #[allow(clippy::too_many_arguments)]
    pub fn leave(
        &mut self,
        text: String,
        result: String,
        path: Option<String>,
        loc: Option<Loc>,
        splice: bool,
        decides: Decides,
    ) {
        let mut children = self.frames.pop().unwrap_or_default();
        if splice && !children.is_empty() {
            let first = children.remove(0);
            children.splice(0..0, first.children);
        }
        let (wanted, elements) = match (decides, result.as_str()) {
            (Decides::And, "false") => (Some("false"), false),
            (Decides::Or, "true") => (Some("true"), false),
            (Decides::All, "false") => (Some("false"), true),
            (Decides::AnyOrNone, "true" | "false") => (Some("true"), true),
            _ => (None, false),
        };
        if let Some(w) = wanted {
            // A quantifier's children are its collection and its `element …` nodes.
            if let Some(c) =
                children.iter_mut().find(|c| c.result == w && (!elements || c.text.starts_with("element ")))
            {
                c.decided = true;
            }
        }
        let node = TraceNode { text, result, path, loc, children, decided: false };
        match self.frames.last_mut() {
            Some(parent) => parent.push(node),
            None => self.frames.push(vec![node]),
        }
    }

    /// The nodes recorded at the top level since the last call.
    pub fn take(&mut self) -> Vec<TraceNode> {
        match self.frames.first_mut() {
            Some(top) => std::mem::take(top),
            None => Vec::new(),
        }
    }
}

/// A result in words.
pub fn result(program: &Program, v: &Val<'_>, enum_type: Option<EnumId>) -> String {
    match v {
        Val::Unknown => "unknown".into(),
        Val::Bool(b) => b.to_string(),
        other => render::val_as_written(&program.schema, other, enum_type),
    }
}

fn lit(program: &Program, l: &Lit) -> String {
    match l {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) => i.to_string(),
        Lit::Str(s) => format!("{s:?}"),
        Lit::Date(d) => d.to_string(),
        Lit::Duration(d) => crate::time::days_en(*d),
        Lit::Months(m) => format!("{m} month{}", if *m == 1 { "" } else { "s" }),
        Lit::Enum(e, i) => format!("{:?}", program.schema.enum_type(*e).variant_name(*i)),
    }
}

fn precedence(e: &Expr) -> u8 {
    match e {
        Expr::Or(..) => 1,
        Expr::And(..) => 2,
        Expr::Not(..) => 3,
        Expr::Compare(..) | Expr::In { .. } | Expr::Str(..) | Expr::Matches(..) => 4,
        Expr::Add(..) | Expr::Sub(..) => 5,
        Expr::Quantifier { .. } => 0,
        _ => 9,
    }
}

fn operand(program: &Program, e: &Expr, min: u8) -> String {
    let text = show(program, e);
    if precedence(e) < min {
        format!("({text})")
    } else {
        text
    }
}

/// A checked expression printed back as clause source.
pub fn show(program: &Program, e: &Expr) -> String {
    let bin = |l: &Expr, op: &str, r: &Expr, p: u8| {
        format!("{} {op} {}", operand(program, l, p), operand(program, r, p + 1))
    };
    match e {
        Expr::Lit(l) => lit(program, l),
        Expr::Set(items) => {
            format!("{{{}}}", items.iter().map(|l| lit(program, l)).collect::<Vec<_>>().join(", "))
        }
        Expr::Path(p) => p.display.clone(),
        Expr::AsOf => "as_of".into(),
        Expr::SubjectId => "subject.id".into(),
        Expr::SubjectKind => "subject.kind".into(),
        Expr::Not(inner) => match inner.as_ref() {
            Expr::Present(p) => format!("{} is absent", p.display),
            other => format!("not {}", operand(program, other, 3)),
        },
        Expr::Neg(inner) => format!("-{}", operand(program, inner, 9)),
        Expr::Present(p) => format!("{} is present", p.display),
        Expr::And(l, r) => bin(l, "and", r, 2),
        Expr::Or(l, r) => bin(l, "or", r, 1),
        Expr::Compare(op, l, r) => {
            let op = match op {
                CmpOp::Eq => "==",
                CmpOp::Ne => "!=",
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
            };
            bin(l, op, r, 4)
        }
        Expr::In { element, collection, negated } => {
            bin(element, if *negated { "not in" } else { "in" }, collection, 4)
        }
        Expr::Str(op, l, r) => {
            let op = match op {
                StrOp::Contains => "contains",
                StrOp::StartsWith => "starts_with",
                StrOp::EndsWith => "ends_with",
            };
            bin(l, op, r, 4)
        }
        Expr::Matches(l, regex) => {
            let pattern = program.regexes.get(*regex).map_or("?", |r| r.as_str());
            format!("{} matches {pattern:?}", operand(program, l, 4))
        }
        Expr::Add(l, r) => bin(l, "+", r, 5),
        Expr::Sub(l, r) => bin(l, "-", r, 5),
        Expr::Quantifier { kind, slot, collection, body } => {
            let var = var_name(body, *slot).unwrap_or_else(|| "x".to_string());
            format!(
                "{} {var} in {} where {}",
                kind.keyword(),
                operand(program, collection, 9),
                show(program, body)
            )
        }
        Expr::Builtin(b, args, calendar) => {
            let name = b.name();
            let mut parts: Vec<String> = args.iter().map(|a| show(program, a)).collect();
            if let Some(c) = calendar.and_then(|c| program.calendars.get(c)) {
                parts.push(c.name.clone());
            }
            format!("{name}({})", parts.join(", "))
        }
        Expr::Const(name, _) => name.clone(),
        Expr::Call(index, args) => {
            let name = program.predicates.get(*index).map_or("?", |p| p.name.as_str());
            format!("{name}({})", args.iter().map(|a| show(program, a)).collect::<Vec<_>>().join(", "))
        }
    }
}

/// The name a quantifier's variable was written with: the root of a path that uses its slot.
fn var_name(e: &Expr, slot: usize) -> Option<String> {
    let from_path = |p: &crate::check::program::Path| match p.root {
        PathRoot::Var(s) if s == slot => p.display.split('.').next().map(str::to_string),
        _ => None,
    };
    match e {
        Expr::Path(p) | Expr::Present(p) => from_path(p),
        Expr::Not(a) | Expr::Neg(a) | Expr::Matches(a, _) => var_name(a, slot),
        Expr::And(a, b)
        | Expr::Or(a, b)
        | Expr::Compare(_, a, b)
        | Expr::Str(_, a, b)
        | Expr::Add(a, b)
        | Expr::Sub(a, b) => var_name(a, slot).or_else(|| var_name(b, slot)),
        Expr::In { element, collection, .. } => {
            var_name(element, slot).or_else(|| var_name(collection, slot))
        }
        Expr::Quantifier { collection, body, .. } => {
            var_name(collection, slot).or_else(|| var_name(body, slot))
        }
        Expr::Builtin(_, args, _) | Expr::Call(_, args) => args.iter().find_map(|a| var_name(a, slot)),
        Expr::Const(_, value) => var_name(value, slot),
        Expr::Lit(_) | Expr::Set(_) | Expr::AsOf | Expr::SubjectId | Expr::SubjectKind => None,
    }
}
