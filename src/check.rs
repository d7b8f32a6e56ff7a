//! Check: typed AST → [`Program`].
//!
//! In: the parsed files of one policy. Out: a [`Program`] — the schema of facts, the
//! regulations with their provisions, and every rule with its citation, its resolved and
//! type-checked conditions and message templates — plus warnings; or every error found.
//! All errors of the pass are reported together: unknown names and fact paths with "did you
//! mean", type errors, duplicate ids (both places shown), rules outside a provision, enum
//! values the schema does not allow, bad regexes, unknown template paths. Codes are
//! `E02xx` (listed in `docs/language.md`).

mod calendar;
mod chapter;
mod citation;
mod expr;
mod parties;
pub mod program;
mod regulation;
mod schema;
pub mod scope;
mod types;

pub use citation::{cite, Place};
pub use program::Program;
pub use scope::PackMap;

use crate::diagnostic::{has_errors, Diagnostic};
use crate::source::Span;
use crate::syntax::ast;
use std::collections::HashMap;

/// A checked program and the warnings found on the way.
#[derive(Debug)]
pub struct Checked {
    pub program: Program,
    pub warnings: Vec<Diagnostic>,
}

/// Checks the files of one policy together, as one pack that depends on nothing.
pub fn check(files: &[ast::File]) -> Result<Checked, Vec<Diagnostic>> {
    check_packs(files, &PackMap::single("policy"))
}

/// Checks the files of several packs together. `packs` says which pack each file belongs to
/// and which packs each one depends on; `files` are in load order (a pack's dependencies
/// before it), which is the order extensions are applied and predicates declared in.
pub fn check_packs(files: &[ast::File], packs: &PackMap) -> Result<Checked, Vec<Diagnostic>> {
    let items: Vec<&ast::Item> = files.iter().flat_map(|f| f.items.iter()).collect();
    let mut diagnostics = Vec::new();

    let mut builder = schema::SchemaBuilder::new(&mut diagnostics, packs);
    builder.declare(&items);
    builder.define(&items);
    builder.subjects(&items);
    let schema = builder.schema;

    let program = regulation::build(schema, &items, packs, &mut diagnostics);
    if has_errors(&diagnostics) {
        diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.file, s.start)));
        // A constant is checked where it is declared and where it is used: say things once.
        diagnostics.dedup();
        return Err(diagnostics);
    }
    Ok(Checked { program, warnings: diagnostics })
}

/// Declared names of one kind, to report duplicates with both places.
pub(crate) struct Names {
    what: &'static str,
    seen: HashMap<String, Span>,
}

impl Names {
    pub fn new(what: &'static str) -> Names {
        Names { what, seen: HashMap::new() }
    }

    /// Records a declaration; reports and returns false when the name is taken.
    pub fn declare(&mut self, name: &ast::Name, errors: &mut Vec<Diagnostic>) -> bool {
        if let Some(first) = self.seen.get(&name.text) {
            errors.push(
                Diagnostic::error("E0205", format!("the {} `{}` is declared twice", self.what, name.text))
                    .at(name.span, "declared again here")
                    .also(*first, "first declared here"),
            );
            return false;
        }
        self.seen.insert(name.text.clone(), name.span);
        true
    }
}
