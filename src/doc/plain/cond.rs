//! Conditions in words: `and`/`or`/`not` as lists, comparisons with their units, membership,
//! quantifiers, and predicates and constants expanded under their names.

use super::render::{Lead, Node, Renderer, Var, T};
use crate::check::program::{CmpOp, Expr, Lit, PathRoot, StrOp};
use crate::syntax::ast::{Lang, QuantifierKind};

/// Which list heading a flattened `and`/`or`/`not` gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    All,
    Any,
    NoneOf,
    NotAll,
}

pub(super) fn head(lang: Lang, h: Head) -> &'static str {
    match (lang, h) {
        (Lang::En, Head::All) => "all of the following hold",
        (Lang::En, Head::Any) => "at least one of the following holds",
        (Lang::En, Head::NoneOf) => "none of the following holds",
        (Lang::En, Head::NotAll) => "not all of the following hold",
        (Lang::Zh, Head::All) => "同时满足下列各项",
        (Lang::Zh, Head::Any) => "满足下列至少一项",
        (Lang::Zh, Head::NoneOf) => "不满足下列任何一项",
        (Lang::Zh, Head::NotAll) => "不同时满足下列各项",
    }
}

/// A node as one phrase, for places a list cannot go (a count's condition).
pub(super) fn inline(lang: Lang, node: Node) -> String {
    match node {
        Node::Inline(s) => s,
        Node::Block { head, items, .. } => {
            let items: Vec<String> = items.into_iter().map(|n| inline(lang, n)).collect();
            match lang {
                Lang::En => format!("{head}: {}", items.join("; ")),
                Lang::Zh => format!("{head}：{}", items.join("；")),
            }
        }
    }
}

/// The name a quantifier's variable was written with: the root of a path that uses its slot.
pub(super) fn var_code(e: &Expr, slot: usize) -> String {
    find_var(e, slot).unwrap_or_else(|| "x".to_string())
}

fn find_var(e: &Expr, slot: usize) -> Option<String> {
    match e {
        Expr::Path(p) | Expr::Present(p) => match p.root {
            PathRoot::Var(s) if s == slot => p.display.split('.').next().map(str::to_string),
            _ => None,
        },
        Expr::Not(a) | Expr::Neg(a) | Expr::Matches(a, _) => find_var(a, slot),
        Expr::And(a, b)
        | Expr::Or(a, b)
        | Expr::Compare(_, a, b)
        | Expr::Str(_, a, b)
        | Expr::Add(a, b)
        | Expr::Sub(a, b)
        | Expr::In { element: a, collection: b, .. } => find_var(a, slot).or_else(|| find_var(b, slot)),
        Expr::Quantifier { collection, body, .. } => {
            find_var(collection, slot).or_else(|| find_var(body, slot))
        }
        Expr::Builtin(_, args, _) | Expr::Call(_, args) => args.iter().find_map(|a| find_var(a, slot)),
        Expr::Const(_, value) => find_var(value, slot),
        Expr::Lit(_) | Expr::Set(_) | Expr::AsOf | Expr::SubjectId | Expr::SubjectKind => None,
    }
}

/// A condition that reads as one short phrase: an `and`/`or` of two of these stays on one
/// line. Dates computed from constants and periods get a list, however few they are.
fn is_leaf(e: &Expr) -> bool {
    fn atom(e: &Expr) -> bool {
        match e {
            Expr::Path(_)
            | Expr::Lit(_)
            | Expr::Set(_)
            | Expr::AsOf
            | Expr::SubjectId
            | Expr::SubjectKind => true,
            Expr::Builtin(crate::check::program::Builtin::Len, args, _) => args.iter().all(atom),
            _ => false,
        }
    }
    match e {
        Expr::Not(inner) => is_leaf(inner),
        Expr::Compare(_, a, b) | Expr::Str(_, a, b) | Expr::In { element: a, collection: b, .. } => {
            atom(a) && atom(b)
        }
        Expr::Matches(a, _) => atom(a),
        Expr::Present(_) | Expr::Path(_) | Expr::Lit(_) => true,
        _ => false,
    }
}

fn flatten<'e>(e: &'e Expr, and: bool, out: &mut Vec<&'e Expr>) {
    match (e, and) {
        (Expr::And(l, r), true) | (Expr::Or(l, r), false) => {
            flatten(l, and, out);
            flatten(r, and, out);
        }
        _ => out.push(e),
    }
}

fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
    }
}

impl Renderer<'_> {
    /// A condition: a phrase, or a heading over a list. With `lists`, a top-level `and`/`or`
    /// is always a list, however short (the requirement itself reads best as one).
    pub(super) fn cond_top(&mut self, e: &Expr, lists: bool) -> Node {
        match e {
            Expr::And(..) | Expr::Or(..) if lists => {
                let and = matches!(e, Expr::And(..));
                self.junction(e, and, false)
            }
            _ => self.cond(e),
        }
    }

    pub(super) fn cond(&mut self, e: &Expr) -> Node {
        match e {
            Expr::And(..) => self.junction(e, true, true),
            Expr::Or(..) => self.junction(e, false, true),
            Expr::Not(inner) => self.negation(inner),
            Expr::Path(p) => Node::Inline(self.fact(p, true)),
            Expr::Lit(Lit::Bool(b)) => Node::Inline(self.always(*b)),
            Expr::Present(p) => Node::Inline(self.present(p, true)),
            Expr::Compare(op, l, r) => self.compare(*op, l, r),
            Expr::In { element, collection, negated } => {
                Node::Inline(self.membership(element, collection, !negated))
            }
            Expr::Str(op, l, r) => Node::Inline(self.string_test(*op, l, r, true)),
            Expr::Matches(l, regex) => Node::Inline(self.matches(l, *regex, true)),
            Expr::Quantifier { kind, slot, collection, body } if *kind != QuantifierKind::Count => {
                self.quantifier(*kind, *slot, collection, body)
            }
            Expr::Call(index, args) => self.call(*index, args),
            Expr::Const(name, value) => {
                let name = format!("`{name}`");
                let body = self.cond(value);
                self.named(name, body)
            }
            other => Node::Inline(self.value(other)),
        }
    }

    fn always(&self, b: bool) -> String {
        match (self.lang, b) {
            (Lang::En, true) => "always (the condition is the constant true)".into(),
            (Lang::En, false) => "never (the condition is the constant false)".into(),
            (Lang::Zh, true) => "恒成立".into(),
            (Lang::Zh, false) => "恒不成立".into(),
        }
    }

    fn junction(&mut self, e: &Expr, and: bool, allow_inline: bool) -> Node {
        let mut operands = Vec::new();
        flatten(e, and, &mut operands);
        if and {
            if let Some(grouped) = self.grouped_membership(&operands) {
                return Node::Inline(grouped);
            }
        }
        if allow_inline && operands.len() == 2 && operands.iter().all(|o| is_leaf(o)) {
            let parts: Vec<String> = operands.iter().map(|o| inline(self.lang, self.cond(o))).collect();
            let word = match (self.lang, and) {
                (Lang::En, true) => " and ",
                (Lang::En, false) => " or ",
                (Lang::Zh, true) => "，且",
                (Lang::Zh, false) => "，或",
            };
            return Node::Inline(parts.join(word));
        }
        let items = operands.iter().map(|o| self.cond(o)).collect();
        let h = if and { Head::All } else { Head::Any };
        Node::Block { lead: Lead::Junction, head: head(self.lang, h).to_string(), items }
    }

    /// `l contains "a" and l contains "b" and …` on one list: "l includes all of a, b and c".
    fn grouped_membership(&mut self, operands: &[&Expr]) -> Option<String> {
        if operands.len() < 2 {
            return None;
        }
        let mut list = None;
        let mut values = Vec::new();
        for o in operands {
            let Expr::In { element, collection, negated: false } = o else { return None };
            let (Expr::Lit(value), Expr::Path(p)) = (element.as_ref(), collection.as_ref()) else {
                return None;
            };
            match list {
                None => list = Some(p),
                Some(q) if q.display == p.display => {}
                Some(_) => return None,
            }
            values.push(value.clone());
        }
        let list = list?;
        let parts: Vec<String> = values.iter().map(|v| self.lit(v, true)).collect();
        let reference = self.reference(list);
        Some(match self.lang {
            Lang::En => {
                format!("each of {} is among {reference}", super::words::join(self.lang, &parts, "and", "和"))
            }
            Lang::Zh => format!("{reference}同时包含{}", super::words::join(self.lang, &parts, "and", "和")),
        })
    }

    fn negation(&mut self, inner: &Expr) -> Node {
        match inner {
            Expr::Not(x) => self.cond(x),
            Expr::Path(p) => Node::Inline(self.fact(p, false)),
            Expr::Lit(Lit::Bool(b)) => Node::Inline(self.always(!b)),
            Expr::Present(p) => Node::Inline(self.present(p, false)),
            Expr::Compare(op, l, r) => self.compare(flip(*op), l, r),
            Expr::In { element, collection, negated } => {
                Node::Inline(self.membership(element, collection, *negated))
            }
            Expr::Str(op, l, r) => Node::Inline(self.string_test(*op, l, r, false)),
            Expr::Matches(l, regex) => Node::Inline(self.matches(l, *regex, false)),
            Expr::Or(..) => {
                let mut operands = Vec::new();
                flatten(inner, false, &mut operands);
                let items = operands.iter().map(|o| self.cond(o)).collect();
                Node::Block { lead: Lead::Junction, head: head(self.lang, Head::NoneOf).to_string(), items }
            }
            Expr::And(..) => {
                let mut operands = Vec::new();
                flatten(inner, true, &mut operands);
                let items = operands.iter().map(|o| self.cond(o)).collect();
                Node::Block { lead: Lead::Junction, head: head(self.lang, Head::NotAll).to_string(), items }
            }
            Expr::Quantifier { kind: QuantifierKind::Any, slot, collection, body } => {
                self.quantifier(QuantifierKind::None, *slot, collection, body)
            }
            Expr::Quantifier { kind: QuantifierKind::None, slot, collection, body } => {
                self.quantifier(QuantifierKind::Any, *slot, collection, body)
            }
            other => match self.cond(other) {
                Node::Inline(s) => Node::Inline(match self.lang {
                    Lang::En => format!("it is not the case that {s}"),
                    Lang::Zh => format!("并非{s}"),
                }),
                block => Node::Block {
                    lead: Lead::Clause,
                    head: self.t("the following does not hold", "下列情形不成立").to_string(),
                    items: vec![block],
                },
            },
        }
    }

    fn present(&self, p: &crate::check::program::Path, present: bool) -> String {
        let r = self.reference(p);
        match (self.lang, present) {
            (Lang::En, true) => format!("a value is given for {r}"),
            (Lang::En, false) => format!("no value is given for {r}"),
            (Lang::Zh, true) => format!("已提供{r}"),
            (Lang::Zh, false) => format!("未提供{r}"),
        }
    }

    fn compare(&mut self, op: CmpOp, l: &Expr, r: &Expr) -> Node {
        // `x == true`, `x != false`: the fact itself.
        if matches!(op, CmpOp::Eq | CmpOp::Ne) {
            for (side, other) in [(l, r), (r, l)] {
                if let Expr::Lit(Lit::Bool(b)) = other {
                    let holds = *b == (op == CmpOp::Eq);
                    return if holds { self.cond(side) } else { self.negation(side) };
                }
            }
        }
        // `len(x) >= 1`: "x has at least one entry".
        if let (Expr::Builtin(crate::check::program::Builtin::Len, args, _), Expr::Lit(Lit::Int(n))) = (l, r)
        {
            if let (Some(x), CmpOp::Ge, 1) | (Some(x), CmpOp::Gt, 0) = (args.first(), op, *n) {
                let string = self.ty(x) == T::Str;
                let x = self.value(x);
                return Node::Inline(match (self.lang, string) {
                    (Lang::En, false) => format!("there is at least one entry in {x}"),
                    (Lang::En, true) => format!("{x} is not empty"),
                    (Lang::Zh, false) => format!("{x}至少有一项"),
                    (Lang::Zh, true) => format!("{x}不为空"),
                });
            }
        }
        let kind = match self.ty(l) {
            T::Unknown => self.ty(r),
            k => k,
        };
        let both_facts = matches!((l, r), (Expr::Path(_), Expr::Path(_)));
        let a = self.value(l);
        let b = self.value(r);
        if both_facts
            && matches!(op, CmpOp::Eq | CmpOp::Ne)
            && !matches!(kind, T::Int | T::Dur | T::Date | T::DateTime)
        {
            return Node::Inline(match (self.lang, op == CmpOp::Eq) {
                (Lang::En, true) => format!("{a} is the same as {b}"),
                (Lang::En, false) => format!("{a} is not the same as {b}"),
                (Lang::Zh, true) => format!("{a}与{b}相同"),
                (Lang::Zh, false) => format!("{a}与{b}不同"),
            });
        }
        let words = comparison(self.lang, &kind, op);
        Node::Inline(match self.lang {
            Lang::En => format!("{a} {words} {b}"),
            Lang::Zh => format!("{a}{words}{b}"),
        })
    }

    fn membership(&mut self, element: &Expr, collection: &Expr, member: bool) -> String {
        if let Expr::Set(items) = collection {
            let x = self.value(element);
            if let [only] = items.as_slice() {
                let v = self.lit(only, true);
                return match (self.lang, member) {
                    (Lang::En, true) => format!("{x} is {v}"),
                    (Lang::En, false) => format!("{x} is not {v}"),
                    (Lang::Zh, true) => format!("{x}为{v}"),
                    (Lang::Zh, false) => format!("{x}不为{v}"),
                };
            }
            return match (self.lang, member) {
                (Lang::En, true) => format!("{x} is one of {}", self.set(items, "or", "或")),
                (Lang::En, false) => format!("{x} is none of {}", self.set(items, "or", "或")),
                (Lang::Zh, true) => format!("{x}为{}之一", self.set(items, "or", "或")),
                (Lang::Zh, false) => format!("{x}不为{}中的任何一项", self.set(items, "和", "、")),
            };
        }
        let list = self.value(collection);
        let x = self.value(element);
        match (self.lang, member) {
            (Lang::En, true) => format!("{x} is among {list}"),
            (Lang::En, false) => format!("{x} is not among {list}"),
            (Lang::Zh, true) => format!("{list}包含{x}"),
            (Lang::Zh, false) => format!("{list}不包含{x}"),
        }
    }

    fn string_test(&mut self, op: StrOp, l: &Expr, r: &Expr, holds: bool) -> String {
        let (a, b) = (self.value(l), self.value(r));
        match (self.lang, op, holds) {
            (Lang::En, StrOp::Contains, true) => format!("{a} contains the text {b}"),
            (Lang::En, StrOp::Contains, false) => format!("{a} does not contain the text {b}"),
            (Lang::En, StrOp::StartsWith, true) => format!("{a} starts with {b}"),
            (Lang::En, StrOp::StartsWith, false) => format!("{a} does not start with {b}"),
            (Lang::En, StrOp::EndsWith, true) => format!("{a} ends with {b}"),
            (Lang::En, StrOp::EndsWith, false) => format!("{a} does not end with {b}"),
            (Lang::Zh, StrOp::Contains, true) => format!("{a}包含文字{b}"),
            (Lang::Zh, StrOp::Contains, false) => format!("{a}不包含文字{b}"),
            (Lang::Zh, StrOp::StartsWith, true) => format!("{a}以{b}开头"),
            (Lang::Zh, StrOp::StartsWith, false) => format!("{a}不以{b}开头"),
            (Lang::Zh, StrOp::EndsWith, true) => format!("{a}以{b}结尾"),
            (Lang::Zh, StrOp::EndsWith, false) => format!("{a}不以{b}结尾"),
        }
    }

    fn matches(&mut self, l: &Expr, regex: usize, holds: bool) -> String {
        let a = self.value(l);
        let pattern = self.program.regexes.get(regex).map_or("?", |r| r.as_str()).to_string();
        match (self.lang, holds) {
            (Lang::En, true) => format!("{a} matches the pattern `{pattern}` (a regular expression)"),
            (Lang::En, false) => format!("{a} does not match the pattern `{pattern}` (a regular expression)"),
            (Lang::Zh, true) => format!("{a}符合正则表达式`{pattern}`"),
            (Lang::Zh, false) => format!("{a}不符合正则表达式`{pattern}`"),
        }
    }

    fn quantifier(&mut self, kind: QuantifierKind, slot: usize, collection: &Expr, body: &Expr) -> Node {
        // `any m in L where m in {a, b}`: "L includes at least one of a or b".
        if let Expr::In { element, collection: set, negated: false } = body {
            if let (Expr::Path(p), Expr::Set(items)) = (element.as_ref(), set.as_ref()) {
                if matches!(p.root, PathRoot::Var(s) if s == slot) && p.steps.is_empty() {
                    let list = self.value(collection);
                    let values = self.set(items, "or", "或");
                    return Node::Inline(match (self.lang, kind) {
                        (Lang::En, QuantifierKind::Any) => {
                            format!("at least one of {values} is among {list}")
                        }
                        (Lang::En, QuantifierKind::None) => format!("none of {values} is among {list}"),
                        (Lang::En, _) => format!("every entry of {list} is one of {values}"),
                        (Lang::Zh, QuantifierKind::Any) => format!("{list}至少包含{values}之一"),
                        (Lang::Zh, QuantifierKind::None) => {
                            format!("{list}不包含{}中的任何一项", self.set(items, "和", "、"))
                        }
                        (Lang::Zh, _) => format!("{list}中的每一项均为{values}之一"),
                    });
                }
            }
        }
        let list = self.value(collection);
        let code = var_code(body, slot);
        let (var, noun) = self.element_var(collection, &code, false);
        self.push(var);
        let node = self.cond(body);
        self.pop();
        let lead = match (self.lang, kind) {
            (Lang::En, QuantifierKind::Any) => format!("there is at least one {noun} in {list} for which"),
            (Lang::En, QuantifierKind::None) => format!("there is no {noun} in {list} for which"),
            (Lang::En, _) => format!("for every {noun} in {list},"),
            (Lang::Zh, QuantifierKind::Any) => format!("{list}中至少有一个{noun}"),
            (Lang::Zh, QuantifierKind::None) => format!("{list}中没有任何{noun}"),
            (Lang::Zh, _) => format!("{list}中的每一个{noun}均"),
        };
        match node {
            Node::Inline(s) => Node::Inline(match self.lang {
                Lang::En => format!("{lead} {s}"),
                Lang::Zh => format!("{lead}满足：{s}"),
            }),
            Node::Block { head, items, .. } => Node::Block {
                lead: Lead::Clause,
                head: match self.lang {
                    Lang::En => format!("{lead} {head}"),
                    Lang::Zh => format!("{lead}{head}"),
                },
                items,
            },
        }
    }

    /// A predicate call: named, then expanded with its parameters bound to the arguments.
    fn call(&mut self, index: usize, args: &[Expr]) -> Node {
        let program = self.program;
        let Some(def) = program.predicates.get(index) else {
            return Node::Inline("?".into());
        };
        let bound: Vec<Var> = args.iter().map(|a| self.argument(a)).collect();
        let saved = self.enter_frame(bound);
        let body = self.cond(&def.body);
        self.leave_frame(saved);
        self.named(format!("`{}`", def.name), body)
    }

    /// What a predicate's parameter stands for inside its body: the caller's variable itself,
    /// or the value passed.
    fn argument(&mut self, a: &Expr) -> Var {
        let ty = self.ty(a);
        if let Expr::Path(p) = a {
            if let (PathRoot::Var(_), true) = (p.root, p.steps.is_empty()) {
                if let Some(v) = self.var_of(p) {
                    return v;
                }
            }
        }
        let phrase = self.value(a);
        let origin = match a {
            Expr::Path(p) => self.full_path(p),
            _ => None,
        };
        Var { phrase, ty, origin }
    }

    fn named(&self, name: String, body: Node) -> Node {
        match (body, self.lang) {
            (Node::Inline(s), Lang::En) => Node::Inline(format!("{name}, that is, {s}")),
            (Node::Inline(s), Lang::Zh) => Node::Inline(format!("{name}，即{s}")),
            (Node::Block { head, items, .. }, Lang::En) => {
                Node::Block { lead: Lead::Named, head: format!("{name}, that is, {head}"), items }
            }
            (Node::Block { head, items, .. }, Lang::Zh) => {
                Node::Block { lead: Lead::Named, head: format!("{name}，即{head}"), items }
            }
        }
    }
}

/// Comparison words for a type: dates and times are before/after, lengths at least/at most.
fn comparison(lang: Lang, kind: &T, op: CmpOp) -> &'static str {
    use CmpOp::*;
    match (lang, kind) {
        (Lang::En, T::Date) => match op {
            Lt => "is before",
            Le => "is on or before",
            Gt => "is after",
            Ge => "is on or after",
            Eq => "is",
            Ne => "is not",
        },
        (Lang::En, T::DateTime) => match op {
            Lt => "is before",
            Le => "is at or before",
            Gt => "is after",
            Ge => "is at or after",
            Eq => "is the same instant as",
            Ne => "is not the same instant as",
        },
        (Lang::En, _) => match op {
            Lt => "is less than",
            Le => "is at most",
            Gt => "is more than",
            Ge => "is at least",
            Eq => "is",
            Ne => "is not",
        },
        (Lang::Zh, T::Date | T::DateTime) => match op {
            Lt => "早于",
            Le => "不晚于",
            Gt => "晚于",
            Ge => "不早于",
            Eq => "为",
            Ne => "不为",
        },
        (Lang::Zh, T::Dur) => match op {
            Lt => "少于",
            Le => "不超过",
            Gt => "超过",
            Ge => "不少于",
            Eq => "为",
            Ne => "不为",
        },
        (Lang::Zh, T::Int) => match op {
            Lt => "小于",
            Le => "不大于",
            Gt => "大于",
            Ge => "不小于",
            Eq => "等于",
            Ne => "不等于",
        },
        (Lang::Zh, _) => match op {
            Eq => "为",
            Ne => "不为",
            Lt => "小于",
            Le => "不大于",
            Gt => "大于",
            Ge => "不小于",
        },
    }
}
