//! `clause schema`: the facts schema as JSON Schema 2020-12.

use super::args::{Color, SchemaArgs};
use super::output;
use super::{policy, Exit};
use clause::source::SourceMap;

pub fn run(args: SchemaArgs) -> Exit {
    let mut sources = SourceMap::new();
    if !args.policy.regulation.is_empty() {
        // One app has one set of facts, whatever the laws: a regulation has no schema of its own.
        let d = clause::diagnostic::Diagnostic::error(
            "E0004",
            "`clause schema` prints the packs' merged facts schema; `--regulation` does not narrow it",
        )
        .help("choose the packs with `--policy`; every regulation of them reads the same facts");
        output::eprint_diagnostics(&sources, &[d], Color::Auto);
        return Exit::Invalid;
    }
    match policy::load(&args.policy, &mut sources) {
        Ok(loaded) => {
            output::print_json(&clause::gen::json_schema(&loaded.checked.program.schema));
            Exit::Ok
        }
        Err(diagnostics) => {
            output::eprint_diagnostics(&sources, &diagnostics, Color::Auto);
            Exit::Invalid
        }
    }
}
