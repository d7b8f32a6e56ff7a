//! The reasons that depend only on the program, worded once per program instead of once per
//! verdict: a rule binds no party the subject is, a subject is outside a regulation's scope, a
//! rule's `when` is false. In a catalogue most of an app's not-applicable verdicts are store
//! rules, and each spelled out the same sentence again in two languages.

use super::text;
use crate::check::program::{Bilingual, Program};

/// Built on a program's first evaluation (see [`prepared`]) and kept in it.
#[derive(Debug, Default)]
pub struct Prepared {
    /// `[rule][subject kind]`: why the rule does not bind a subject of that kind.
    party_not_bound: Vec<Vec<Bilingual>>,
    /// `[regulation][scope]`: why a subject is outside that scope.
    out_of_scope: Vec<Vec<Bilingual>>,
    /// `[rule]`: why the rule does not apply when its `when` is false.
    condition_false: Vec<Option<Bilingual>>,
}

/// The program's prepared reasons, worded on first use.
pub fn prepared(program: &Program) -> &Prepared {
    program.prepared.get_or_init(|| prepare(program))
}

impl Prepared {
    pub fn party_not_bound(&self, rule: usize, kind: usize) -> Option<&Bilingual> {
        self.party_not_bound.get(rule)?.get(kind)
    }

    pub fn out_of_scope(&self, regulation: usize, scope: usize) -> Option<&Bilingual> {
        self.out_of_scope.get(regulation)?.get(scope)
    }

    pub fn condition_false(&self, rule: usize) -> Option<&Bilingual> {
        self.condition_false.get(rule)?.as_ref()
    }
}

fn prepare(program: &Program) -> Prepared {
    let kinds: Vec<&str> = program.schema.subjects.iter().map(|k| k.name.as_str()).collect();
    let party_not_bound = program
        .rules
        .iter()
        .map(|rule| {
            let Some(reg) = program.regulations.get(rule.regulation) else { return Vec::new() };
            let parties: Vec<_> = rule.parties.iter().filter_map(|&p| reg.parties.get(p)).collect();
            let names = |lang_en: bool| -> Vec<&str> {
                parties
                    .iter()
                    .map(|p| {
                        let title = if lang_en { &p.title.en } else { &p.title.zh };
                        title.as_deref().unwrap_or(&p.name)
                    })
                    .collect()
            };
            let (en_parties, zh_parties) = (names(true).join(" and the "), names(false).join("和"));
            kinds
                .iter()
                .map(|kind| {
                    text(
                        format!("the rule binds the {en_parties}; the subject is of kind `{kind}`"),
                        format!("该规则约束{zh_parties}；本对象的类型为`{kind}`"),
                    )
                })
                .collect()
        })
        .collect();
    let out_of_scope = program
        .regulations
        .iter()
        .map(|reg| {
            reg.scopes
                .iter()
                .map(|scope| {
                    text(
                        format!(
                            "the subject is outside the scope of {} (`{}` is false)",
                            scope.citation.en, scope.source_text
                        ),
                        format!(
                            "本对象不属于{}规定的适用范围（`{}`不成立）",
                            scope.citation.zh, scope.source_text
                        ),
                    )
                })
                .collect()
        })
        .collect();
    let condition_false = program
        .rules
        .iter()
        .map(|rule| {
            rule.when.as_ref().map(|when| {
                text(
                    format!(
                        "the rule applies only when `{}`, which is false for this subject",
                        when.source_text
                    ),
                    format!("该规则仅在`{}`时适用，本对象不满足", when.source_text),
                )
            })
        })
        .collect();
    Prepared { party_not_bound, out_of_scope, condition_false }
}
