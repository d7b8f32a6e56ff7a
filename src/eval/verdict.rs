//! Verdicts: what the evaluator returns, as plain data.

use crate::check::program::{Bilingual, Citation};
use crate::source::Loc;
use crate::syntax::ast::{ProvenanceStatus, SeverityLevel};
use std::borrow::Cow;

/// The four outcomes of a rule for a subject. Exactly one per rule per subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    Satisfied,
    Violated,
    /// The rule's applicability condition (or the regulation's date, party or scope) is false.
    NotApplicable,
    /// A fact the rule needs is absent; the missing paths are listed.
    Undetermined,
}

impl Outcome {
    pub const ALL: [Outcome; 4] =
        [Outcome::Satisfied, Outcome::Violated, Outcome::NotApplicable, Outcome::Undetermined];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Satisfied => "satisfied",
            Outcome::Violated => "violated",
            Outcome::NotApplicable => "not_applicable",
            Outcome::Undetermined => "undetermined",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// Why a rule is not applicable or undetermined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonKind {
    /// The as-of date lies outside the regulation's in-force window.
    NotInForce,
    /// The rule binds a party the subject is not (a store rule on an app).
    PartyNotBound,
    /// The subject is outside the regulation's scope (Art. 2).
    OutOfScope,
    /// The rule's own `when` condition is false.
    ConditionFalse,
    /// Facts the rule needs are absent.
    MissingFacts,
    /// The rule reads `as_of` and no date was given.
    NoAsOf,
    /// A legal period (`period_end`) runs past the dates its calendar knows.
    CalendarNotCovered,
}

impl ReasonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::NotInForce => "not_in_force",
            ReasonKind::PartyNotBound => "party_not_bound",
            ReasonKind::OutOfScope => "out_of_scope",
            ReasonKind::ConditionFalse => "condition_false",
            ReasonKind::MissingFacts => "missing_facts",
            ReasonKind::NoAsOf => "no_as_of",
            ReasonKind::CalendarNotCovered => "calendar_not_covered",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reason<'p> {
    pub kind: ReasonKind,
    /// Borrowed from the program when it depends on nothing else (see `eval::reasons`).
    pub message: Cow<'p, Bilingual>,
}

/// One offending element (for an iterating rule) or the rule's one failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub message: Bilingual,
    /// The fact path of the offending element or the fact read: `app.capabilities[1]`.
    pub path: Option<String>,
    /// The value there, as JSON (records and lists are left out).
    pub value: Option<serde_json::Value>,
    /// Where that fact was read from.
    pub loc: Option<Loc>,
}

/// One rule's result for one subject. What belongs to the rule (its id, citation and title)
/// is borrowed from the [`Program`](crate::check::Program): a catalogue run makes dozens of
/// verdicts per subject, and copying those strings into each was a tenth of its time.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict<'p> {
    /// `cac-2016/user-logs-kept-60-days`
    pub rule: &'p str,
    /// Index into the program's rules.
    pub rule_index: usize,
    pub regulation: &'p str,
    pub article: u32,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
    pub citation: &'p Citation,
    /// How the provision's text is known: a `reconstructed` text is unofficial.
    pub provenance: Option<ProvenanceStatus>,
    pub title: &'p Bilingual,
    pub severity: SeverityLevel,
    pub outcome: Outcome,
    pub reason: Option<Reason<'p>>,
    pub findings: Vec<Finding>,
    /// Fact paths that were needed and absent (for undetermined outcomes).
    pub missing: Vec<String>,
    /// A waiver that accepts this result: reported as waived, it does not fail the run.
    pub waiver: Option<crate::waivers::Waiver>,
    /// The same failure was already in the `--baseline` report: not new, it does not fail
    /// the run and is left out of the lists.
    pub in_baseline: bool,
}
