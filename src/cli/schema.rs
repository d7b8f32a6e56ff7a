//! `clause schema`: the facts schema as JSON Schema 2020-12.

use super::args::{Color, SchemaArgs};
use super::output;
use super::{policy, Exit};
use clause::source::SourceMap;

pub fn run(args: SchemaArgs) -> Exit {
    let mut sources = SourceMap::new();
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
