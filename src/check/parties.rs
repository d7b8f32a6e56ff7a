//! Parties: a regulation's own, and those a pack shares with its regulations and its
//! dependents', resolved where a rule or scope names them.

use super::program::{Party, Scope};
use super::scope::{Lookup, PackMap};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::source::Span;
use crate::syntax::ast;
use std::collections::HashMap;

/// A party declared outside any regulation, in the pack that declares it.
pub(super) struct SharedParty {
    pub(super) name: String,
    pub(super) party: Party,
}

pub(super) struct RegCtx<'a> {
    pub(super) index: usize,
    pub(super) id: String,
    pub(super) pack: usize,
    pub(super) view: usize,
    pub(super) packs: &'a PackMap,
    /// The regulation's own parties, then the shared ones its rules name, as they are named.
    pub(super) parties: Vec<Party>,
    pub(super) shared: &'a [(usize, SharedParty)],
    /// Shared party (index in `shared`) → its index in `parties`.
    pub(super) shared_used: HashMap<usize, usize>,
    pub(super) scopes: Vec<Scope>,
    pub(super) rule_ids: HashMap<String, Span>,
}

impl RegCtx<'_> {
    /// The party a rule or scope names: the regulation's own, else one its pack or a
    /// dependency shares (qualified where two declare it).
    pub(super) fn party(&mut self, name: &ast::Name, errors: &mut Vec<Diagnostic>) -> Option<usize> {
        if !name.text.contains("::") {
            if let Some(own) = self.parties.iter().position(|p| p.name == name.text) {
                return Some(own);
            }
        }
        let indexed: Vec<(usize, (usize, &str))> =
            self.shared.iter().enumerate().map(|(i, (pack, s))| (*pack, (i, s.name.as_str()))).collect();
        match super::scope::resolve(self.packs, self.pack, &name.text, &indexed, |(_, n): &(usize, &str)| *n)
        {
            Lookup::Found((shared, _)) => {
                if let Some(used) = self.shared_used.get(shared) {
                    return Some(*used);
                }
                let party = self.shared.get(*shared).map(|(_, s)| s.party.clone())?;
                self.parties.push(party);
                self.shared_used.insert(*shared, self.parties.len() - 1);
                Some(self.parties.len() - 1)
            }
            Lookup::Ambiguous(packs) => {
                errors.push(super::scope::ambiguous("party", name, &packs));
                None
            }
            Lookup::PackNotInView(p) => {
                errors.push(super::scope::pack_not_in_view(name, &p, self.packs, self.pack));
                None
            }
            Lookup::Missing => {
                let names = self.parties.iter().map(|p| p.name.as_str()).chain(
                    self.shared
                        .iter()
                        .filter(|(pack, _)| self.packs.sees(self.pack, *pack))
                        .map(|(_, s)| s.name.as_str()),
                );
                let help = did_you_mean(&name.text, names);
                errors.push(
                    Diagnostic::error("E0209", format!("unknown party `{}`", name.text))
                        .at(name.span, format!("regulation `{}` declares no such party", self.id))
                        .with_help(help),
                );
                None
            }
        }
    }
}
