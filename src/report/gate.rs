//! The CI gate: which verdicts fail a run (`--fail-on`).
//!
//! Default: an `error`-severity rule that is `violated` or `undetermined` fails — facts
//! that cannot show compliance do not pass a gate. `--fail-on SEVERITY[:OUTCOME[+OUTCOME]]`
//! sets the lowest failing severity and the failing outcomes; `--fail-on never` never fails.

use crate::eval::{Outcome, Verdict};
use crate::syntax::ast::SeverityLevel;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailOn {
    /// The lowest severity that fails; `None` fails nothing.
    pub min_severity: Option<SeverityLevel>,
    pub outcomes: Vec<Outcome>,
}

impl Default for FailOn {
    fn default() -> FailOn {
        FailOn {
            min_severity: Some(SeverityLevel::Error),
            outcomes: vec![Outcome::Violated, Outcome::Undetermined],
        }
    }
}

fn rank(s: SeverityLevel) -> u8 {
    match s {
        SeverityLevel::Error => 3,
        SeverityLevel::Warning => 2,
        SeverityLevel::Info => 1,
    }
}

impl FailOn {
    pub fn parse(spec: &str) -> Result<FailOn, String> {
        if spec == "never" {
            return Ok(FailOn { min_severity: None, outcomes: Vec::new() });
        }
        let (severity, outcomes) = match spec.split_once(':') {
            Some((s, o)) => (s, Some(o)),
            None => (spec, None),
        };
        let min_severity = match severity {
            "error" => SeverityLevel::Error,
            "warning" => SeverityLevel::Warning,
            "info" => SeverityLevel::Info,
            other => {
                return Err(format!("`{other}` is not a severity; use `error`, `warning`, `info` or `never`"))
            }
        };
        let outcomes = match outcomes {
            None => FailOn::default().outcomes,
            Some(list) => list
                .split('+')
                .map(|o| match Outcome::parse(o) {
                    Some(Outcome::Satisfied) | None => Err(format!(
                        "`{o}` is not a failing outcome; use `violated`, `undetermined` or `not_applicable`, joined with `+`"
                    )),
                    Some(outcome) => Ok(outcome),
                })
                .collect::<Result<_, _>>()?,
        };
        Ok(FailOn { min_severity: Some(min_severity), outcomes })
    }

    /// Whether a verdict fails the run. A waived one, or one already in the baseline, never does.
    pub fn fails(&self, verdict: &Verdict) -> bool {
        if verdict.waiver.is_some() || verdict.in_baseline {
            return false;
        }
        match self.min_severity {
            Some(min) => rank(verdict.severity) >= rank(min) && self.outcomes.contains(&verdict.outcome),
            None => false,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs() {
        assert_eq!(FailOn::parse("error:violated+undetermined"), Ok(FailOn::default()));
        assert_eq!(FailOn::parse("never").map(|f| f.min_severity), Ok(None));
        let w = FailOn::parse("warning:violated").unwrap_or_default();
        assert_eq!(w.min_severity, Some(SeverityLevel::Warning));
        assert_eq!(w.outcomes, vec![Outcome::Violated]);
        assert!(FailOn::parse("fatal").is_err());
        assert!(FailOn::parse("error:satisfied").is_err());
    }
}
