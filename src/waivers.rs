//! Waivers: accepted exceptions, each with a reason, an approver or ticket, and an expiry.
//!
//! A waivers file (`--waivers FILE`, YAML or JSON) lists entries that name a rule and,
//! optionally, one subject. A matching result is reported as waived and does not fail the
//! run. An expired waiver no longer applies and is reported (`W0003`); one that matches no
//! result is reported (`W0004`); one without a reason, or with neither an approver nor a
//! ticket, is an error (`E0005`). Expiry is judged against the run's own date, not the law's
//! as-of date.

use crate::diagnostic::{suggest, Diagnostic};
use crate::eval::Verdict;
use crate::source::{FileId, Span};
use crate::time::Date;
use serde::Deserialize;

/// One accepted exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// Qualified rule id: `cac-2016/user-logs-kept-60-days`.
    pub rule: String,
    /// The one subject it covers; every subject when absent.
    pub subject: Option<String>,
    pub reason: String,
    pub approved_by: Option<String>,
    pub ticket: Option<String>,
    /// The last day it applies.
    pub expires: Date,
    /// Where it is written, for diagnostics.
    pub span: Span,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    waivers: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    approved_by: Option<String>,
    #[serde(default)]
    ticket: Option<String>,
    expires: String,
}

/// The span of the `n`th occurrence of `rule:` in the text: where an entry starts.
fn entry_span(file: FileId, text: &str, n: usize) -> Span {
    let at = text.match_indices("rule").nth(n).map_or(0, |(i, _)| i);
    Span::new(file, at, at + 4)
}

/// Parses a waivers file. All problems are reported together.
pub fn parse(file: FileId, text: &str) -> Result<Vec<Waiver>, Vec<Diagnostic>> {
    let shape: FileShape = serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map_or(0, |l| l.index());
        vec![Diagnostic::error("E0005", format!("invalid waivers file: {e}"))
            .at(Span::new(file, at, at), "here")
            .help("a waivers file is `waivers:` followed by entries with `rule`, `reason`, `approved_by` or `ticket`, and `expires`")]
    })?;
    let mut errors = Vec::new();
    let mut waivers = Vec::new();
    for (n, e) in shape.waivers.into_iter().enumerate() {
        let span = entry_span(file, text, n);
        let reason = e.reason.filter(|r| !r.trim().is_empty());
        if reason.is_none() {
            errors.push(
                Diagnostic::error("E0005", format!("the waiver of `{}` gives no reason", e.rule))
                    .at(span, "no `reason`")
                    .help("say why the result is accepted, so an auditor can judge it"),
            );
        }
        if e.approved_by.is_none() && e.ticket.is_none() {
            errors.push(
                Diagnostic::error(
                    "E0005",
                    format!("the waiver of `{}` names neither an approver nor a ticket", e.rule),
                )
                .at(span, "no `approved_by` or `ticket`")
                .help("add who approved it (`approved_by`) or the ticket that records it (`ticket`)"),
            );
        }
        let Some(expires) = Date::parse(e.expires.trim()) else {
            errors.push(
                Diagnostic::error("E0005", format!("the waiver of `{}` has no valid expiry date", e.rule))
                    .at(span, format!("`expires: {}`", e.expires))
                    .help("write the last day it applies as `YYYY-MM-DD`"),
            );
            continue;
        };
        if let Some(reason) = reason {
            waivers.push(Waiver {
                rule: e.rule,
                subject: e.subject,
                reason,
                approved_by: e.approved_by,
                ticket: e.ticket,
                expires,
                span,
            });
        }
    }
    if errors.is_empty() {
        Ok(waivers)
    } else {
        Err(errors)
    }
}

/// The waivers of a run, and which of them matched: marks verdicts subject by subject (a
/// catalogue streams), then reports the expired and the unused ones.
#[derive(Debug)]
pub struct WaiverSet {
    waivers: Vec<Waiver>,
    /// The run's own date (`--today`), against which expiry is judged.
    today: Date,
    used: Vec<bool>,
}

impl WaiverSet {
    pub fn new(waivers: Vec<Waiver>, today: Date) -> WaiverSet {
        let used = vec![false; waivers.len()];
        WaiverSet { waivers, today, used }
    }

    /// Marks one subject's verdicts that a live waiver covers.
    pub fn mark(&mut self, subject: &str, verdicts: &mut [Verdict]) {
        let used = self.apply(subject, verdicts);
        self.record(&used);
    }

    /// Marks verdicts without recording use (for parallel evaluation); returns the indices of
    /// the waivers that matched, to [`record`](Self::record) afterwards in order.
    pub fn apply(&self, subject: &str, verdicts: &mut [Verdict]) -> Vec<usize> {
        let mut used = Vec::new();
        for v in verdicts.iter_mut() {
            for (i, w) in self.waivers.iter().enumerate() {
                if w.rule == v.rule && w.subject.as_deref().is_none_or(|s| s == subject) {
                    used.push(i);
                    if w.expires >= self.today {
                        v.waiver = Some(w.clone());
                    }
                }
            }
        }
        used
    }

    pub fn record(&mut self, used: &[usize]) {
        for &i in used {
            if let Some(u) = self.used.get_mut(i) {
                *u = true;
            }
        }
    }

    /// Warnings for waivers that expired or matched nothing (with "did you mean").
    pub fn finish(&self, rule_ids: &[&str]) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        for (w, used) in self.waivers.iter().zip(&self.used) {
            if w.expires < self.today {
                warnings.push(
                    Diagnostic::warning(
                        "W0003",
                        format!("the waiver of `{}` expired on {}", w.rule, w.expires),
                    )
                    .at(w.span, "expired: it no longer applies")
                    .help("renew it with a new expiry date and approval, or fix what it covered"),
                );
            } else if !used {
                let help = if rule_ids.contains(&w.rule.as_str()) {
                    Some("no result of this rule was checked in this run (for this subject)".to_string())
                } else {
                    suggest(&w.rule, rule_ids.iter().copied()).map(|s| format!("did you mean `{s}`?"))
                };
                warnings.push(
                    Diagnostic::warning("W0004", format!("the waiver of `{}` matches nothing", w.rule))
                        .at(w.span, "matches no result")
                        .with_help(help),
                );
            }
        }
        warnings
    }
}
