//! Lint: warnings about policies that check but are probably wrong, incomplete or hard to
//! maintain — with the quality of compile errors: a code, a span, a label, a help.
//!
//! In: the parsed files of a policy, its checked [`Program`], and the rule ids its test cases
//! name. Out: warnings (`W03xx`, catalogued in `docs/diagnostics.md`). A lint is silenced in
//! the policy, where the reader sees it, with `allow W03xx "reason"` in the rule, provision or
//! regulation it concerns, or in the `document`, `record`, `enum` or `subject` declaration
//! (for the schema's lints); the reason is required.

mod exprs;
mod schema;
mod text;

use crate::check::Program;
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{self, Item, Lang, ProvisionLevel};
use std::collections::BTreeSet;

/// Every lint: code, name, what it finds.
pub const LINTS: &[(&str, &str, &str)] = &[
    ("W0301", "untested-rule", "a rule that no policy test case names"),
    ("W0302", "article-without-rules", "an article with text but neither rules, a scope, nor a `no checkable duty` mark"),
    ("W0303", "unused-declaration", "a constant or predicate that nothing uses"),
    ("W0304", "constant-condition", "a condition, or an operand of `and`/`or`, that reads no fact: its value never changes"),
    ("W0305", "contradictory-comparisons", "comparisons joined by `and` that can never all hold (one path equal to two values, or outside an empty range)"),
    ("W0306", "message-without-element", "an iterating rule whose message does not name the offending element"),
    ("W0307", "number-in-message", "a number written into a message instead of interpolated from the facts or a constant"),
    ("W0308", "missing-law-text", "a provision missing its Chinese or English text"),
    ("W0309", "chinese-text-characters", "Kangxi radicals, ASCII punctuation or stray spaces in Chinese law text"),
    ("W0310", "schema-without-chinese", "a document, record, field, enum, enum value or subject documented in English with no `doc.zh` (or `source.zh`), or an enum value with no `label.zh`"),
];

/// What the linter knows besides the policy itself.
#[derive(Debug, Default)]
pub struct Context {
    /// Qualified rule ids that some test case names in `expect` or `findings`; `None` when the
    /// policy's test cases were not looked at.
    pub tested_rules: Option<BTreeSet<String>>,
}

/// The allows in force where a lint fires: regulation, provision chain, rule.
#[derive(Debug, Clone, Default)]
struct Allows(Vec<String>);

impl Allows {
    fn with(&self, more: &[ast::Allow]) -> Allows {
        let mut all = self.0.clone();
        all.extend(more.iter().map(|a| a.code.text.clone()));
        Allows(all)
    }
    fn allows(&self, code: &str) -> bool {
        self.0.iter().any(|c| c == code)
    }
}

pub(crate) struct Linter<'a> {
    program: &'a Program,
    out: Vec<Diagnostic>,
    /// Every constant's value, for folding conditions.
    consts: std::collections::HashMap<String, ast::Expr>,
}

impl Linter<'_> {
    fn warn(
        &mut self,
        allows: &Allows,
        code: &'static str,
        message: String,
        span: Span,
        label: &str,
        help: String,
    ) {
        if allows.allows(code) {
            return;
        }
        let name = LINTS.iter().find(|l| l.0 == code).map_or("", |l| l.1);
        self.out.push(Diagnostic::warning(code, message).at(span, label).help(help).note(format!(
            "lint `{name}`; silence it {} with `allow {code} \"the reason\"`",
            where_allowed(code)
        )));
    }
}

/// Where an `allow` for `code` goes: the schema's lints are silenced in the declaration, since
/// a field or an enum value has no room for one.
fn where_allowed(code: &str) -> &'static str {
    match code {
        "W0310" => "in its `document`, `record`, `enum` or `subject` declaration",
        _ => "here",
    }
}

/// Lints a checked policy.
pub fn lint(files: &[ast::File], program: &Program, context: &Context) -> Vec<Diagnostic> {
    let items: Vec<&Item> = files.iter().flat_map(|f| f.items.iter()).collect();
    let mut consts = std::collections::HashMap::new();
    for item in &items {
        match item {
            Item::Const(c) => {
                consts.insert(c.name.text.clone(), c.value.clone());
            }
            Item::Regulation(r) => {
                for c in &r.consts {
                    consts.insert(c.name.text.clone(), c.value.clone());
                }
            }
            _ => {}
        }
    }
    let mut linter = Linter { program, out: Vec::new(), consts };
    exprs::unused(&mut linter, &items);
    for item in &items {
        match item {
            Item::Regulation(reg) => {
                let allows = Allows::default().with(&reg.allows);
                for article in &reg.articles {
                    provision(&mut linter, &reg.id.text, article, &allows, context);
                }
                for chapter in &reg.chapters {
                    let allows = allows.with(&chapter.allows);
                    for t in chapter.texts.iter().filter(|t| t.lang == Lang::Zh) {
                        text::chinese(&mut linter, &allows, &t.text);
                    }
                    for article in &chapter.articles {
                        provision(&mut linter, &reg.id.text, article, &allows, context);
                    }
                }
            }
            Item::Const(c) => exprs::condition_parts(&mut linter, &Allows::default(), &c.value, false),
            Item::Predicate(p) => exprs::condition_parts(&mut linter, &Allows::default(), &p.body, true),
            Item::Document(_) | Item::Record(_) | Item::Enum(_) | Item::Subject(_) => {
                schema::chinese_docs(&mut linter, item);
            }
            _ => {}
        }
    }
    linter.out.sort_by_key(|d| d.primary_span().map(|s| (s.file, s.start)));
    linter.out
}

fn has_rules(p: &ast::Provision) -> bool {
    !p.rules.is_empty() || p.children.iter().any(has_rules)
}

fn provision(
    linter: &mut Linter<'_>,
    regulation: &str,
    p: &ast::Provision,
    outer: &Allows,
    context: &Context,
) {
    let allows = outer.with(&p.allows);
    let langs: Vec<Lang> = p.texts.iter().map(|t| t.lang).collect();
    let what = match p.level {
        ProvisionLevel::Article => format!("article {}", p.number),
        ProvisionLevel::Paragraph => format!("paragraph {}", p.number),
        ProvisionLevel::Item => format!("item {}", p.number),
    };
    let must_have_text = p.level == ProvisionLevel::Article || !langs.is_empty();
    for (lang, field) in [(Lang::Zh, "text.zh"), (Lang::En, "text.en")] {
        if must_have_text && !langs.contains(&lang) {
            linter.warn(
                &allows,
                "W0308",
                format!("{what} has no `{field}`"),
                p.number_span,
                &format!("no `{field}` here"),
                "a legal reader needs the law's text in both languages beside what the rules check".into(),
            );
        }
    }
    if p.level == ProvisionLevel::Article
        && !p.texts.is_empty()
        && p.no_duty.is_none()
        && !has_rules(p)
        && p.scopes.is_empty()
    {
        linter.warn(
            &allows,
            "W0302",
            format!("article {} has text but no rules and no `no checkable duty` mark", p.number),
            p.number_span,
            "neither rules nor a mark",
            "encode its duties as rules, or mark it `no checkable duty \"why\"` so the policy shows the whole law".into(),
        );
    }
    for t in &p.texts {
        if t.lang == Lang::Zh {
            text::chinese(linter, &allows, &t.text);
        }
    }
    for scope in &p.scopes {
        exprs::condition(linter, &allows, &scope.condition, "scope");
    }
    for rule in &p.rules {
        let rule_allows = allows.with(&rule.allows);
        rule_lints(linter, regulation, rule, &rule_allows, context);
    }
    for child in &p.children {
        provision(linter, regulation, child, &allows, context);
    }
}

fn rule_lints(
    linter: &mut Linter<'_>,
    regulation: &str,
    rule: &ast::Rule,
    allows: &Allows,
    context: &Context,
) {
    let qualified = format!("{regulation}/{}", rule.id.text);
    if let Some(tested) = &context.tested_rules {
        if !tested.contains(&qualified) {
            linter.warn(
                allows,
                "W0301",
                format!("rule `{qualified}` has no test case"),
                rule.id.span,
                "no case names this rule",
                "add cases to the policy's `tests/` that make it `satisfied` and `violated`".into(),
            );
        }
    }
    if let Some(w) = &rule.when {
        exprs::condition(linter, allows, w, "when");
    }
    if let Some(fe) = &rule.for_each {
        if let Some(filter) = &fe.filter {
            exprs::condition_parts(linter, allows, filter, true);
        }
    }
    if let Some(r) = &rule.require {
        exprs::condition(linter, allows, r, "require");
    }
    text::messages(linter, allows, rule);
    let _ = linter.program;
}
