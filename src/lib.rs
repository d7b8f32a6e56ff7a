//! clause: declarative policy-as-code for the regulation of mobile apps.
//!
//! The pipeline is visible in the modules: [`syntax`] (source → typed AST with spans) →
//! [`check`] (names, fact schema, types → [`check::Program`]) → [`eval`] (program × facts →
//! verdicts) → [`report`] (text, JSON). [`facts`] turns YAML/JSON into fact values that carry
//! their source positions. The library does no I/O: callers hand it text and get data back.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod baseline;
pub mod check;
pub mod diagnostic;
pub mod doc;
pub mod engine;
pub mod eval;
pub mod facts;
pub mod format;
pub mod gen;
pub mod import;
pub mod lint;
pub mod pack;
pub mod report;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod testing;
pub mod time;
pub mod value;
pub mod waivers;

use diagnostic::Diagnostic;
use source::SourceMap;

/// Parses and checks a policy given as `(name, text)` files: the front half of the
/// pipeline in one call. Every file is parsed (all syntax errors are reported), then all are
/// checked together. The files are added to `sources` so diagnostics can be rendered.
pub fn compile(
    sources: &mut SourceMap,
    files: &[(String, String)],
) -> Result<check::Checked, Vec<Diagnostic>> {
    check::check(&parse_all(sources, files)?)
}

/// Parses a policy's files, reporting every file's syntax errors; adds them to `sources`.
pub fn parse_all(
    sources: &mut SourceMap,
    files: &[(String, String)],
) -> Result<Vec<syntax::ast::File>, Vec<Diagnostic>> {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in files {
        let id = sources.add(name.clone(), text.clone());
        match syntax::parse(id, text) {
            Ok(file) => parsed.push(file),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}
