//! Report: verdicts → text or JSON, and the CI gate.
//!
//! Pure functions from a [`Run`] (the program, the sources, the subjects' verdicts) to a
//! string or a JSON value; the CLI decides where they go. The JSON form is a contract
//! (`docs/output.md`, `format_version`); the text form is for people and may change.
//!
//! A run may evaluate several regulations over the same facts, so every report is grouped by
//! regulation: [`ByRegulation`] counts a subject's verdicts per regulation in one pass (the
//! subject's own counts are their sum), and [`Run::in_force`] says whether a regulation is in
//! force on the as-of date. The reports for people ([`text`], [`markdown`]) show a regulation
//! that is not in force, or none of whose rules applies, as one line ([`Run::one_line`]); the
//! machine formats keep one result per rule.

pub mod explain;
pub mod gate;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use crate::check::program::RegulationInfo;
use crate::check::Program;
use crate::eval::{Outcome, Verdict};
use crate::source::SourceMap;
use crate::time::Date;
use gate::FailOn;

/// Version of the JSON report format; bumped on any incompatible change (2: grouped by
/// regulation, see `docs/output.md`).
pub const FORMAT_VERSION: u32 = 2;

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

/// Where the policy came from, with its digest (audit evidence). Built with [`PolicyInfo::new`]
/// and written into reports by [`PolicyInfo::json`] alone, so that a field added here is added
/// in one constructor and one writer.
#[derive(Debug, Clone, Default)]
pub struct PolicyInfo {
    /// `bundled` or the path given to `--policy`.
    pub source: String,
    /// `sha256:…` over the policy files' names and contents.
    pub digest: String,
    /// Base URL of the policy's documentation site (`clause doc`), if published: reports link
    /// each rule to its page there.
    pub doc_url: Option<String>,
    /// The packs loaded, in load order: id and the version of its encoding.
    pub packs: Vec<(String, Option<String>)>,
}

impl PolicyInfo {
    /// A policy read from `source` with `digest`, its documentation site unknown.
    pub fn new(source: impl Into<String>, digest: impl Into<String>) -> PolicyInfo {
        PolicyInfo { source: source.into(), digest: digest.into(), ..PolicyInfo::default() }
    }

    /// The `policy` object of the JSON reports (and of SARIF's run properties).
    pub fn json(&self) -> serde_json::Value {
        let mut policy = serde_json::json!({ "source": self.source, "digest": self.digest });
        if !self.packs.is_empty() {
            let packs: Vec<serde_json::Value> = self
                .packs
                .iter()
                .map(|(id, version)| serde_json::json!({ "id": id, "version": version }))
                .collect();
            policy["packs"] = serde_json::Value::Array(packs);
        }
        policy
    }

    /// `base 1.0.0, cac-2016 2.0.0`: the packs for a line of text; empty outside packs.
    pub fn packs_text(&self) -> String {
        let packs: Vec<String> = self
            .packs
            .iter()
            .map(|(id, version)| version.as_ref().map_or_else(|| id.clone(), |v| format!("{id} {v}")))
            .collect();
        packs.join(", ")
    }

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

impl Run<'_> {
    /// The regulations evaluated, in order, with their indices into the program's.
    pub fn evaluated(&self) -> impl Iterator<Item = (usize, &RegulationInfo)> + '_ {
        self.regulations.iter().filter_map(|&i| self.program.regulations.get(i).map(|r| (i, r)))
    }

    /// Whether the regulation is in force on the as-of date; `None` without a date (it is then
    /// evaluated as written).
    pub fn in_force(&self, regulation: &RegulationInfo) -> Option<bool> {
        self.as_of.date().map(|d| regulation.in_force_on(d))
    }

    /// The number of the program's rules that belong to the regulation.
    pub fn rules_of(&self, regulation: usize) -> usize {
        self.program.rules.iter().filter(|r| r.regulation == regulation).count()
    }

    /// Whether the reports for people show the regulation as one line for a subject rather than
    /// article by article: when it is not in force on the as-of date (every rule is then
    /// `not_applicable` for that one reason), or when none of its rules applies to the subject
    /// and none fails the gate or is waived (so nothing would be hidden that a reader must see).
    pub fn one_line(&self, regulation: &RegulationInfo, tally: &Tally) -> bool {
        let s = &tally.summary;
        self.in_force(regulation) == Some(false)
            || (s.satisfied + s.violated + s.undetermined == 0 && tally.failing == 0 && tally.waived == 0)
    }
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

    /// Adds another summary's counts.
    pub fn merge(&mut self, other: &Summary) {
        self.satisfied += other.satisfied;
        self.violated += other.violated;
        self.not_applicable += other.not_applicable;
        self.undetermined += other.undetermined;
    }

    /// The number of verdicts counted.
    pub fn total(&self) -> usize {
        self.satisfied + self.violated + self.not_applicable + self.undetermined
    }
}

/// The counts of a set of verdicts: each outcome, and how many fail the gate, are waived, or
/// were already in the baseline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub summary: Summary,
    pub failing: usize,
    pub waived: usize,
    pub in_baseline: usize,
}

impl Tally {
    pub fn add(&mut self, v: &Verdict, fail_on: &FailOn) {
        self.summary.add(v.outcome);
        self.failing += usize::from(fail_on.fails(v));
        self.waived += usize::from(v.waiver.is_some());
        self.in_baseline += usize::from(v.in_baseline);
    }

    pub fn merge(&mut self, other: &Tally) {
        self.summary.merge(&other.summary);
        self.failing += other.failing;
        self.waived += other.waived;
        self.in_baseline += other.in_baseline;
    }
}

/// A [`Tally`] per regulation, by index into the program's regulations. One pass over a
/// subject's verdicts gives each regulation's counts, and their sum the subject's; a run's are
/// the sum of its subjects'.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ByRegulation {
    tallies: Vec<Tally>,
}

impl ByRegulation {
    /// The counts of one subject's verdicts.
    pub fn of(program: &Program, verdicts: &[Verdict], fail_on: &FailOn) -> ByRegulation {
        let mut counts = ByRegulation { tallies: vec![Tally::default(); program.regulations.len()] };
        for v in verdicts {
            let regulation = program.rules.get(v.rule_index).map(|r| r.regulation);
            if let Some(t) = regulation.and_then(|r| counts.tallies.get_mut(r)) {
                t.add(v, fail_on);
            }
        }
        counts
    }

    /// Adds counts to a regulation's.
    pub fn add(&mut self, regulation: usize, tally: &Tally) {
        if self.tallies.len() <= regulation {
            self.tallies.resize(regulation + 1, Tally::default());
        }
        if let Some(t) = self.tallies.get_mut(regulation) {
            t.merge(tally);
        }
    }

    /// Adds another set of counts (another subject's) to these.
    pub fn merge(&mut self, other: &ByRegulation) {
        for (regulation, tally) in other.tallies.iter().enumerate() {
            self.add(regulation, tally);
        }
    }

    /// The counts of one regulation (zero when none were added).
    pub fn get(&self, regulation: usize) -> Tally {
        self.tallies.get(regulation).copied().unwrap_or_default()
    }

    /// The counts of every regulation together.
    pub fn total(&self) -> Tally {
        self.tallies.iter().fold(Tally::default(), |mut sum, t| {
            sum.merge(t);
            sum
        })
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
