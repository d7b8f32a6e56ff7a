//! The engine: packs and facts in, the regulations selected and their verdicts out.
//!
//! The one entry point for front ends (the CLI, a binding, a server): it takes packs as
//! texts ([`PackSource`]), resolves their dependencies (from the bundled packs unless told
//! otherwise), checks them together, selects regulations and evaluates a subject's facts on a
//! date. It reads no file and no clock: the caller supplies the texts and the date (today's,
//! for a run "as of today"), and owns the [`SourceMap`] diagnostics are rendered from.
//!
//! ```
//! use clause::engine::Engine;
//! use clause::facts::Format;
//! use clause::source::SourceMap;
//! use clause::time::Date;
//!
//! let mut sources = SourceMap::new();
//! let engine = Engine::bundled(&mut sources).expect("the bundled packs check");
//! let as_of = Date::parse("2020-06-01");
//! let selection = engine.select(&["cac-2016".to_string()], as_of).expect("cac-2016 is bundled");
//! let facts = "app: { package_id: com.example.torch, provides_information_services: true,
//!   runs_on_mobile_smart_terminal: true, offered_in_prc: true, distribution: [download] }
//! developer: { logs: { recorded: true, retention: 7 } }\n";
//! let verdicts = engine.check(&mut sources, &selection, "torch.yaml", facts, Format::Yaml).expect("valid facts");
//! let logs = verdicts.iter().find(|v| v.rule == "cac-2016/user-logs-kept-60-days").expect("the rule ran");
//! assert_eq!(logs.outcome, clause::eval::Outcome::Violated);
//! ```

use crate::check::Program;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::eval::{self, Verdict};
use crate::facts::{self, Format, LoadOptions};
use crate::pack::{self, Loaded, PackInfo, PackSource};
use crate::source::SourceMap;
use crate::time::Date;

/// Checked packs, ready to evaluate subjects.
#[derive(Debug)]
pub struct Engine {
    loaded: Loaded,
}

/// The regulations a run evaluates, and on which date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Indices into [`Program::regulations`], in the program's order.
    pub regulations: Vec<usize>,
    /// The rules of those regulations, in the order of the law.
    pub rules: Vec<usize>,
    pub as_of: Option<Date>,
}

impl Selection {
    /// Whether regulation `index` is in force on the date (`None` without a date).
    pub fn in_force(&self, program: &Program, index: usize) -> Option<bool> {
        Some(program.regulations.get(index)?.in_force_on(self.as_of?))
    }
}

impl Engine {
    /// Loads `packs` and the packs they require, taken from `available` when not given.
    pub fn new(
        sources: &mut SourceMap,
        packs: Vec<PackSource>,
        available: &[PackSource],
    ) -> Result<Engine, Vec<Diagnostic>> {
        Ok(Engine { loaded: pack::load(sources, packs, available)? })
    }

    /// Every bundled pack.
    pub fn bundled(sources: &mut SourceMap) -> Result<Engine, Vec<Diagnostic>> {
        let bundled = pack::bundled();
        Engine::new(sources, bundled.clone(), &bundled)
    }

    pub fn program(&self) -> &Program {
        &self.loaded.checked.program
    }

    /// The packs loaded, in load order.
    pub fn packs(&self) -> &[PackInfo] {
        &self.loaded.packs
    }

    /// Warnings found while checking the packs.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.loaded.checked.warnings
    }

    /// `sha256:` over the packs' files (audit evidence of the rules applied).
    pub fn digest(&self) -> &str {
        &self.loaded.digest
    }

    /// The packs' checked program and what was loaded, for front ends that need the syntax too.
    pub fn into_loaded(self) -> Loaded {
        self.loaded
    }

    /// The regulations with these ids (every regulation when `ids` is empty), evaluated as of
    /// `as_of`. An unknown id is an error naming the regulations there are.
    pub fn select(&self, ids: &[String], as_of: Option<Date>) -> Result<Selection, Diagnostic> {
        let regulations = select(self.program(), ids)?;
        Ok(Selection { rules: rules_of(self.program(), &regulations), regulations, as_of })
    }

    /// Reads one subject's facts (`name` is how diagnostics name the text) and evaluates the
    /// selected rules. Facts with an error are not evaluated: the diagnostics come back instead.
    pub fn check<'e>(
        &'e self,
        sources: &mut SourceMap,
        selection: &Selection,
        name: &str,
        text: &str,
        format: Format,
    ) -> Result<Vec<Verdict<'e>>, Vec<Diagnostic>> {
        let program = self.program();
        let id = sources.add(name.to_string(), text.to_string());
        let parsed = facts::parse(&program.schema, id, text, format, &LoadOptions::default());
        let Some(bundle) = parsed.bundle else { return Err(parsed.diagnostics) };
        let facts = facts::finish(&program.schema, bundle, sources, id)?;
        Ok(eval::evaluate_rules(program, &selection.rules, &facts, selection.as_of))
    }
}

/// The indices of the regulations `ids` names, in the program's order; all when `ids` is empty.
pub fn select(program: &Program, ids: &[String]) -> Result<Vec<usize>, Diagnostic> {
    if ids.is_empty() {
        return Ok((0..program.regulations.len()).collect());
    }
    for id in ids {
        if !program.regulations.iter().any(|r| &r.id == id) {
            let names = program.regulations.iter().map(|r| r.id.as_str());
            let help = did_you_mean(id, names).or_else(|| {
                Some(format!(
                    "the packs loaded have: {}",
                    program.regulations.iter().map(|r| format!("`{}`", r.id)).collect::<Vec<_>>().join(", ")
                ))
            });
            return Err(Diagnostic::error("E0004", format!("unknown regulation `{id}`")).with_help(help));
        }
    }
    Ok((0..program.regulations.len()).filter(|&i| ids.contains(&program.regulations[i].id)).collect())
}

/// The rules of the regulations evaluated, in the order of the law.
pub fn rules_of(program: &Program, regulations: &[usize]) -> Vec<usize> {
    eval::rule_order(program)
        .into_iter()
        .filter(|&i| program.rules.get(i).is_some_and(|r| regulations.contains(&r.regulation)))
        .collect()
}
