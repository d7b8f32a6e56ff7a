//! Report: verdicts → text or JSON, and the CI gate.
//!
//! Pure functions from a [`Run`] (the program, the sources, the subjects' verdicts) to a
//! string or a JSON value; the CLI decides where they go. The JSON form is a contract
//! (`docs/output.md`, `format_version`); the text form is for people and may change.

pub mod explain;
pub mod gate;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use crate::check::Program;
use crate::eval::{Outcome, Verdict};
use crate::source::SourceMap;
use crate::time::Date;

/// Version of the JSON report format; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// How the as-of date was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// No date: regulations are evaluated as written, whatever their in-force window.
    None,
    Given(Date),
    /// `--as-of today`, recorded as the date it resolved to.
    Today(Date),
}

impl AsOf {
    pub fn date(self) -> Option<Date> {
        match self {
            AsOf::None => None,
            AsOf::Given(d) | AsOf::Today(d) => Some(d),
        }
    }
}

/// Where the policy came from, with its digest (audit evidence).
#[derive(Debug, Clone)]
pub struct PolicyInfo {
    /// `bundled` or the path given to `--policy`.
    pub source: String,
    /// `sha256:…` over the policy files' names and contents.
    pub digest: String,
    /// Base URL of the policy's documentation site (`clause doc`), if published: reports link
    /// each rule to its page there.
    pub doc_url: Option<String>,
}

impl PolicyInfo {
    /// The URL of a rule's documentation (English pages), when the site's base URL is known.
    pub fn rule_doc_url(&self, program: &Program, rule: &crate::check::program::RuleDef) -> Option<String> {
        self.rule_doc_url_in(program, rule, crate::syntax::ast::Lang::En)
    }

    /// The same, in the page tree of `lang`.
    pub fn rule_doc_url_in(
        &self,
        program: &Program,
        rule: &crate::check::program::RuleDef,
        lang: crate::syntax::ast::Lang,
    ) -> Option<String> {
        let base = self.doc_url.as_deref()?.trim_end_matches('/');
        Some(format!("{base}/{}", crate::doc::anchor::rule_href(program, rule, lang)))
    }
}

#[derive(Debug, Clone)]
pub struct SubjectReport<'p> {
    pub id: String,
    pub kind: String,
    /// The facts files the subject was read from.
    pub files: Vec<String>,
    pub verdicts: Vec<Verdict<'p>>,
    /// With `--explain`: how the failing verdicts were reached.
    pub explanations: Vec<crate::eval::trace::Explanation<'p>>,
}

impl<'p> SubjectReport<'p> {
    pub fn explanation(&self, rule_index: usize) -> Option<&crate::eval::trace::Explanation<'p>> {
        self.explanations.iter().find(|e| e.verdict.rule_index == rule_index)
    }
}

/// Everything a report shows.
pub struct Run<'a> {
    pub program: &'a Program,
    pub sources: &'a SourceMap,
    pub policy: PolicyInfo,
    /// Indices of the regulations evaluated.
    pub regulations: Vec<usize>,
    pub as_of: AsOf,
    pub subjects: Vec<SubjectReport<'a>>,
    /// Report only the results that fail the gate; summaries still count every result.
    pub only_failures: bool,
}

/// Counts of each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub satisfied: usize,
    pub violated: usize,
    pub not_applicable: usize,
    pub undetermined: usize,
}

impl Summary {
    pub fn of<'a, 'p: 'a>(verdicts: impl IntoIterator<Item = &'a Verdict<'p>>) -> Summary {
        let mut s = Summary::default();
        for v in verdicts {
            s.add(v.outcome);
        }
        s
    }

    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Satisfied => self.satisfied += 1,
            Outcome::Violated => self.violated += 1,
            Outcome::NotApplicable => self.not_applicable += 1,
            Outcome::Undetermined => self.undetermined += 1,
        }
    }

    pub fn get(&self, outcome: Outcome) -> usize {
        match outcome {
            Outcome::Satisfied => self.satisfied,
            Outcome::Violated => self.violated,
            Outcome::NotApplicable => self.not_applicable,
            Outcome::Undetermined => self.undetermined,
        }
    }
}

/// The article outcome: violated if any rule is, else undetermined if any is, else
/// satisfied if any is, else not applicable.
pub fn combine(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
    let s = outcomes.into_iter().fold(Summary::default(), |mut s, o| {
        s.add(o);
        s
    });
    if s.violated > 0 {
        Outcome::Violated
    } else if s.undetermined > 0 {
        Outcome::Undetermined
    } else if s.satisfied > 0 {
        Outcome::Satisfied
    } else {
        Outcome::NotApplicable
    }
}
