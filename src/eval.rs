//! Eval: checked [`Program`] × [`Facts`] → [`Verdict`]s.
//!
//! A library call free of I/O. Each rule, for each subject, ends in exactly one
//! [`Outcome`], decided in this order: the regulation is not in force on the as-of date →
//! not applicable; the rule binds a party the subject is not → not applicable; the subject
//! is outside the regulation's scope for that party → not applicable (unknown scope →
//! undetermined); the rule's `when` is false → not applicable (unknown → undetermined);
//! then the requirement, per element for `for each` rules: false → violated (one finding
//! per offending element), unknown → undetermined (missing facts listed), true → satisfied.
//! Cost: each construct is linear in the facts it reads, so a rule with quantifiers nested
//! `d` deep costs O(facts^d), and a policy O(rules × facts^depth). There is no recursion
//! (predicates call only earlier predicates) and no unbounded loop.

mod expr;
pub mod reasons;
pub mod render;
pub mod trace;
mod value;
pub mod verdict;

pub use expr::{is_rest_day, period_end};
pub use verdict::{Finding, Outcome, Reason, ReasonKind, Verdict};

use crate::check::program::{Bilingual, Condition, ProvisionInfo, RuleDef, Template, TemplatePart};
use crate::check::Program;
use crate::syntax::ast::Lang;
use crate::time::Date;
use crate::value::{Fact, Facts};
use expr::{Binding, Ctx, Origin};
use std::borrow::Cow;
use value::Val;

/// Evaluates every rule of every regulation in the program, in the order of the law
/// (regulation, article, paragraph, item), for one subject.
pub fn evaluate<'p>(program: &'p Program, facts: &Facts, as_of: Option<Date>) -> Vec<Verdict<'p>> {
    evaluate_rules(program, &rule_order(program), facts, as_of)
}

/// Evaluates the rules given (indices into the program's rules), in that order, for one
/// subject. What every rule works out alike, such as whether the subject is within the
/// regulation's scope, is worked out once.
pub fn evaluate_rules<'p>(
    program: &'p Program,
    rules: &[usize],
    facts: &Facts,
    as_of: Option<Date>,
) -> Vec<Verdict<'p>> {
    let mut shared = Shared::default();
    // From an exact-size iterator: one allocation, no regrowing (a verdict is large).
    rules.iter().map(|&i| run_rule(program, i, facts, as_of, None, &mut shared)).collect()
}

/// What the rules of one subject work out alike, kept from rule to rule.
#[derive(Default)]
struct Shared {
    /// Art. 2 is read by every app rule of the pack.
    scopes: Vec<ScopeResult>,
}

/// Whether the subject is within scope `scope` of regulation `regulation`, and the facts
/// found missing in deciding it.
struct ScopeResult {
    regulation: usize,
    scope: usize,
    truth: Option<bool>,
    missing: Vec<String>,
}

/// Rule indices in the order of the law.
pub fn rule_order(program: &Program) -> Vec<usize> {
    fn walk(p: &ProvisionInfo, out: &mut Vec<usize>) {
        out.extend(&p.rules);
        for c in &p.children {
            walk(c, out);
        }
    }
    let mut out = Vec::with_capacity(program.rules.len());
    for reg in &program.regulations {
        for article in &reg.articles {
            walk(article, &mut out);
        }
    }
    out
}

fn text(en: String, zh: String) -> Bilingual {
    Bilingual { en: Some(en), zh: Some(zh) }
}

/// The pieces joined, in one allocation: reasons are built for most verdicts of every
/// subject, where `format!` would grow the string several times.
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// Evaluates one rule for one subject.
pub fn evaluate_rule<'p>(
    program: &'p Program,
    index: usize,
    facts: &Facts,
    as_of: Option<Date>,
) -> Verdict<'p> {
    run_rule(program, index, facts, as_of, None, &mut Shared::default())
}

/// Evaluates one rule with tracing on: the verdict and every stage and condition that led to
/// it, with the facts read and their source lines.
pub fn explain_rule<'p>(
    program: &'p Program,
    index: usize,
    facts: &Facts,
    as_of: Option<Date>,
) -> trace::Explanation<'p> {
    let mut steps = Vec::new();
    let verdict = run_rule(program, index, facts, as_of, Some(&mut steps), &mut Shared::default());
    trace::Explanation { verdict, steps }
}

fn run_rule<'p>(
    program: &'p Program,
    index: usize,
    facts: &Facts,
    as_of: Option<Date>,
    steps: Option<&mut Vec<trace::Step>>,
    shared: &mut Shared,
) -> Verdict<'p> {
    let rule = &program.rules[index];
    let mut verdict = Verdict {
        rule: &rule.qualified_id,
        rule_index: index,
        regulation: program.regulations.get(rule.regulation).map_or("", |r| r.id.as_str()),
        article: rule.article,
        paragraph: rule.paragraph,
        item: rule.item,
        citation: &rule.citation,
        provenance: rule.provenance,
        title: &rule.title,
        severity: rule.severity,
        outcome: Outcome::Satisfied,
        reason: None,
        findings: Vec::new(),
        missing: Vec::new(),
        waiver: None,
        in_baseline: false,
    };
    let mut explain = Explain { steps };
    let (outcome, reason) = decide(program, rule, facts, as_of, &mut verdict, &mut explain, shared);
    verdict.outcome = outcome;
    verdict.reason = reason;
    verdict
}

type Decision<'p> = (Outcome, Option<Reason<'p>>);

fn not_applicable(kind: ReasonKind, message: Bilingual) -> Decision<'static> {
    (Outcome::NotApplicable, Some(Reason { kind, message: Cow::Owned(message) }))
}

/// A reason worded once for the program (see [`reasons`]).
fn prepared_reason(kind: ReasonKind, message: Option<&Bilingual>) -> Decision<'_> {
    // The indices come from the program and the schema it was checked against: always found.
    let message = message.map_or_else(|| Cow::Owned(Bilingual::default()), Cow::Borrowed);
    (Outcome::NotApplicable, Some(Reason { kind, message }))
}

fn undetermined(missing: &[String]) -> Decision<'static> {
    let no_date = missing.iter().any(|m| m == "as_of");
    let (kind, message) = if missing.is_empty() {
        (
            ReasonKind::CalendarNotCovered,
            text(
                "a legal period reaches beyond the dates its calendar covers, so its end is unknown".into(),
                "法定期间超出所用日历的覆盖范围，无法确定期间届满日".into(),
            ),
        )
    } else if no_date && missing.len() == 1 {
        (
            ReasonKind::NoAsOf,
            text(
                "the rule depends on the evaluation date and no as-of date was given".into(),
                "该规则取决于评估日期，但未提供评估日期（as-of）".into(),
            ),
        )
    } else {
        let mut list = String::new();
        for (i, m) in missing.iter().enumerate() {
            list.push_str(if i == 0 { "`" } else { ", `" });
            list.push_str(m);
            list.push('`');
        }
        (
            ReasonKind::MissingFacts,
            text(
                concat(&["facts needed to decide are missing: ", &list]),
                concat(&["缺少判定所需的事实：", &list]),
            ),
        )
    };
    (Outcome::Undetermined, Some(Reason { kind, message: Cow::Owned(message) }))
}

/// Where the stages of an explanation go; `steps` is `None` in ordinary runs.
struct Explain<'s> {
    steps: Option<&'s mut Vec<trace::Step>>,
}

impl Explain<'_> {
    fn on(&self) -> bool {
        self.steps.is_some()
    }

    fn note(&mut self, label: &str, detail: String) {
        if let Some(steps) = self.steps.as_mut() {
            steps.push(trace::Step { label: label.to_string(), detail: Some(detail), nodes: Vec::new() });
        }
    }

    /// A stage whose expressions the tracer recorded. The label is made only when
    /// explaining: this runs for every rule of every subject.
    fn traced(&mut self, label: impl FnOnce() -> String, ctx: &mut Ctx<'_>) {
        let nodes = ctx.trace.as_mut().map(trace::Tracer::take).unwrap_or_default();
        if let Some(steps) = self.steps.as_mut() {
            steps.push(trace::Step { label: label(), detail: None, nodes });
        }
    }
}

fn decide<'p>(
    program: &'p Program,
    rule: &RuleDef,
    facts: &Facts,
    as_of: Option<Date>,
    verdict: &mut Verdict,
    explain: &mut Explain<'_>,
    shared: &mut Shared,
) -> Decision<'p> {
    let Some(reg) = program.regulations.get(rule.regulation) else {
        return undetermined(&[]);
    };
    if explain.on() {
        let window = match reg.in_force_until {
            Some(u) => format!("{} from {} until {u} (exclusive)", reg.id, reg.in_force_from),
            None => format!("{} from {}", reg.id, reg.in_force_from),
        };
        let detail = match as_of {
            None => format!("no as-of date: evaluated as written ({window})"),
            Some(d) => {
                format!("{} on {d} ({window})", if reg.in_force_on(d) { "in force" } else { "not in force" })
            }
        };
        explain.note("in force", detail);
    }
    if let Some(date) = as_of {
        if !reg.in_force_on(date) {
            let window_en = match reg.in_force_until {
                Some(u) => format!("from {} until {} (exclusive)", reg.in_force_from, u),
                None => format!("from {}", reg.in_force_from),
            };
            let window_zh = match reg.in_force_until {
                Some(u) => format!("自{}起施行，{}起不再适用", reg.in_force_from.to_zh(), u.to_zh()),
                None => format!("自{}起施行", reg.in_force_from.to_zh()),
            };
            return not_applicable(
                ReasonKind::NotInForce,
                text(
                    format!("`{}` is not in force on {date}: it applies {window_en}", reg.id),
                    format!("{}在{}不适用：{window_zh}", reg.id, date.to_zh()),
                ),
            );
        }
    }

    // The parties this rule binds that the subject is (no list is built: this runs for every
    // rule of every subject).
    let is_subject = |p: usize| reg.parties.get(p).is_some_and(|party| party.subject == facts.subject.kind);
    let bound = |p: usize| rule.parties.contains(&p) && is_subject(p);
    let any_bound = rule.parties.iter().any(|&p| is_subject(p));
    if explain.on() {
        let kind =
            program.schema.subjects.get(facts.subject.kind.0 as usize).map_or("?", |k| k.name.as_str());
        let parties: Vec<String> =
            rule.parties.iter().filter_map(|&p| reg.parties.get(p)).map(|p| p.name.clone()).collect();
        let detail = if !any_bound {
            format!(
                "binds {}; the subject `{}` is of kind `{kind}`: not bound",
                parties.join(", "),
                facts.subject.id
            )
        } else {
            format!(
                "binds {}; the subject `{}` is of kind `{kind}`: bound",
                parties.join(", "),
                facts.subject.id
            )
        };
        explain.note("party", detail);
    }
    if !any_bound {
        let message =
            reasons::prepared(program).party_not_bound(verdict.rule_index, facts.subject.kind.0 as usize);
        return prepared_reason(ReasonKind::PartyNotBound, message);
    }

    let mut ctx = Ctx::new(program, facts, as_of);
    if explain.on() {
        ctx.trace = Some(trace::Tracer::new());
    }

    // Scope (Art. 2): the subject must be within the regulation's reach for a bound party.
    let mut scopes = reg.scopes.iter().enumerate().filter(|(_, s)| bound(s.party)).peekable();
    if scopes.peek().is_some() {
        let mut any_unknown = false;
        let mut out_of_scope = None;
        for (index, scope) in scopes {
            let regulation = rule.regulation;
            let known = shared
                .scopes
                .iter()
                .find(|s| s.regulation == regulation && s.scope == index)
                .filter(|_| !explain.on());
            let truth = match known {
                Some(known) => {
                    ctx.missing.extend(known.missing.iter().cloned());
                    known.truth
                }
                None => {
                    let mark = ctx.missing.len();
                    let truth = ctx.eval(&scope.condition).truth();
                    explain.traced(|| format!("scope ({})", scope.citation.en), &mut ctx);
                    let missing = ctx.missing.get(mark..).unwrap_or_default().to_vec();
                    shared.scopes.push(ScopeResult { regulation, scope: index, truth, missing });
                    truth
                }
            };
            match truth {
                Some(true) => {
                    any_unknown = false;
                    out_of_scope = None;
                    ctx.missing.clear();
                    break;
                }
                Some(false) => out_of_scope = out_of_scope.or(Some(index)),
                None => any_unknown = true,
            }
        }
        if any_unknown {
            verdict.missing = std::mem::take(&mut ctx.missing);
            return undetermined(&verdict.missing);
        }
        if let Some(index) = out_of_scope {
            let message = reasons::prepared(program).out_of_scope(rule.regulation, index);
            return prepared_reason(ReasonKind::OutOfScope, message);
        }
    }

    if let Some(when) = &rule.when {
        let truth = ctx.eval(&when.expr).truth();
        explain.traced(|| "when".to_string(), &mut ctx);
        match truth {
            Some(true) => ctx.missing.clear(),
            Some(false) => {
                let message = reasons::prepared(program).condition_false(verdict.rule_index);
                return prepared_reason(ReasonKind::ConditionFalse, message);
            }
            None => {
                verdict.missing = std::mem::take(&mut ctx.missing);
                return undetermined(&verdict.missing);
            }
        }
    }

    match &rule.for_each {
        None => {
            let decision = requirement(&mut ctx, rule, verdict);
            explain.traced(|| "require".to_string(), &mut ctx);
            decision
        }
        Some(fe) => {
            let collection = ctx.path(&fe.collection, true);
            if explain.on() {
                let found = match collection {
                    Val::List(items) => {
                        format!("{} element{}", items.len(), if items.len() == 1 { "" } else { "s" })
                    }
                    _ => "absent".to_string(),
                };
                let loc = ctx
                    .lookup(&fe.collection)
                    .map(|f| format!(" ({}:{})", f.loc.line, f.loc.column))
                    .unwrap_or_default();
                explain.note(
                    &format!("for each {} in {}", fe.var, fe.collection.display),
                    format!("{found}{loc}"),
                );
            }
            let items: &[Fact] = match collection {
                Val::List(items) => items,
                _ => {
                    verdict.missing = std::mem::take(&mut ctx.missing);
                    return undetermined(&verdict.missing);
                }
            };
            let mut unknown = false;
            for (index, fact) in items.iter().enumerate() {
                ctx.env.push(Binding {
                    val: Val::from_value(&fact.value),
                    fact: Some(fact),
                    origin: Origin::Element { path: &fe.collection, base: 0, index },
                });
                let applies = match &fe.filter {
                    Some(filter) => ctx.eval(filter).truth(),
                    None => Some(true),
                };
                match applies {
                    Some(false) => {}
                    None => unknown = true,
                    Some(true) => match ctx.eval(&rule.require.expr).truth() {
                        Some(true) => {}
                        None => unknown = true,
                        Some(false) => {
                            let path =
                                ctx.render_origin(Origin::Element { path: &fe.collection, base: 0, index });
                            let value = render::json(&program.schema, &fact.value, fe.collection.enum_type);
                            let finding = finding(&mut ctx, rule, Some(path), value, Some(fact));
                            verdict.findings.push(finding);
                        }
                    },
                }
                if explain.on() {
                    let label = ctx.render_origin(Origin::Element { path: &fe.collection, base: 0, index });
                    explain.traced(|| format!("element {label}"), &mut ctx);
                }
                ctx.env.pop();
            }
            verdict.missing = std::mem::take(&mut ctx.missing);
            if !verdict.findings.is_empty() {
                (Outcome::Violated, None)
            } else if unknown {
                undetermined(&verdict.missing)
            } else {
                verdict.missing.clear();
                (Outcome::Satisfied, None)
            }
        }
    }
}

fn requirement<'a>(ctx: &mut Ctx<'a>, rule: &'a RuleDef, verdict: &mut Verdict) -> Decision<'static> {
    ctx.last_read = None;
    match ctx.eval(&rule.require.expr).truth() {
        Some(true) => (Outcome::Satisfied, None),
        None => {
            verdict.missing = std::mem::take(&mut ctx.missing);
            undetermined(&verdict.missing)
        }
        Some(false) => {
            let read = ctx.last_read;
            let (path, value, fact) = match read {
                Some((p, f)) => (
                    Some(p.display.clone()),
                    render::json(&ctx.program.schema, &f.value, p.enum_type),
                    Some(f),
                ),
                None => (None, None, None),
            };
            let f = finding(ctx, rule, path, value, fact);
            verdict.findings.push(f);
            (Outcome::Violated, None)
        }
    }
}

fn finding<'a>(
    ctx: &mut Ctx<'a>,
    rule: &'a RuleDef,
    path: Option<String>,
    value: Option<serde_json::Value>,
    fact: Option<&Fact>,
) -> Finding {
    // Without a message: the rule's title in that language, or the requirement itself.
    let fallback = |lang: Lang| -> String {
        rule.title.get(lang).map_or_else(
            || match lang {
                Lang::En => format!("requirement `{}` is not met", rule.require.source_text),
                Lang::Zh => format!("未满足要求`{}`", rule.require.source_text),
            },
            str::to_string,
        )
    };
    let en = rule.message_en.as_ref().map_or_else(|| fallback(Lang::En), |t| message(ctx, t, Lang::En));
    let zh = rule.message_zh.as_ref().map_or_else(|| fallback(Lang::Zh), |t| message(ctx, t, Lang::Zh));
    Finding { message: text(en, zh), path, value, loc: fact.map(|f| f.loc) }
}

/// Renders a message template in the current environment. Reading facts here must not
/// change the verdict's list of missing facts.
fn message<'a>(ctx: &mut Ctx<'a>, template: &'a Template, lang: Lang) -> String {
    let mark = ctx.missing.len();
    // Rendering a message is not part of deciding: keep it out of the explanation.
    let tracer = ctx.trace.take();
    let mut out = String::new();
    for part in &template.parts {
        match part {
            TemplatePart::Text(t) => out.push_str(t),
            TemplatePart::Value(e, enum_type) => {
                let v = ctx.eval(e);
                out.push_str(&render::val(&ctx.program.schema, &v, *enum_type, lang));
            }
        }
    }
    ctx.missing.truncate(mark);
    ctx.trace = tracer;
    out
}

/// A condition's text, for explanations.
pub fn condition_text(c: &Condition) -> &str {
    &c.source_text
}
