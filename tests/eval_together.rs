//! Evaluating a subject's rules together (`eval::evaluate_rules`, what `clause check` does)
//! works out once what the rules share, such as whether the subject is within Art. 2's
//! scope. That must change nothing: every verdict, reason and list of missing facts is the
//! one the rule gives alone (`eval::evaluate_rule`), on generated subjects of every kind,
//! including subjects out of scope and with the scope's facts missing.

#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "../benches/support/pack.rs"]
mod pack;

use clause::eval::{Outcome, ReasonKind};
use pack::PROGRAM;

#[test]
fn rules_evaluated_together_give_the_verdicts_each_gives_alone() {
    let program = &*PROGRAM;
    let order = clause::eval::rule_order(program);
    let as_of = clause::time::Date::parse("2020-06-01");
    let mut lines = corpus::corpus(11, 400);
    // A fact of the scope missing: the scope is unknown for the app rules.
    lines.extend(
        corpus::corpus(12, 100).into_iter().map(|line| {
            line.replace("\"offered_in_prc\":true,", "").replace("\"offered_in_prc\":false,", "")
        }),
    );
    let (mut out_of_scope, mut unknown_scope) = (0, 0);
    for (index, line) in lines.iter().enumerate() {
        let facts = pack::parse(index, line).unwrap_or_else(|| panic!("does not load: {line}"));
        let together = clause::eval::evaluate_rules(program, &order, &facts, as_of);
        for (verdict, &rule) in together.iter().zip(&order) {
            let alone = clause::eval::evaluate_rule(program, rule, &facts, as_of);
            assert_eq!(verdict, &alone, "{}: {}", facts.subject.id, alone.rule);
            let kind = verdict.reason.as_ref().map(|r| r.kind);
            out_of_scope += usize::from(kind == Some(ReasonKind::OutOfScope));
            unknown_scope += usize::from(
                verdict.outcome == Outcome::Undetermined
                    && verdict.missing.iter().any(|m| m == "app.offered_in_prc"),
            );
        }
    }
    assert!(out_of_scope > 100, "only {out_of_scope} verdicts out of scope");
    assert!(unknown_scope > 100, "only {unknown_scope} verdicts undetermined by the scope");
}
