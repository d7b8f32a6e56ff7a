//! Syntax: policy source text → typed AST with spans.
//!
//! In: one file's text and its [`FileId`]. Out: an [`ast::File`] holding the declarations
//! and every `// comment` with its position (so a formatter needs no other parser), or the
//! syntax errors. The grammar (`grammar/clause.pest`) is the only definition of the syntax;
//! [`lower`] turns pest pairs into the AST, one function per grammar rule; [`errors`] turns
//! pest's errors into friendly diagnostics (token names in words, hints for full-width
//! punctuation and curly quotes pasted from legal text). After the first error, parsing
//! resumes at the next top-level declaration so several independent errors are reported.
//! Before any of that, [`limits`] bounds the size and nesting of the text, so hostile input
//! cannot exhaust the stack of the recursive passes.
//! This module is the only one that imports pest.

pub mod ast;
mod comments;
pub mod display;
mod errors;
mod limits;
mod lower;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/clause.pest"]
pub(crate) struct ClauseParser;

/// Parses one policy file.
pub fn parse(file: FileId, text: &str) -> Result<ast::File, Vec<Diagnostic>> {
    if let Some(too_much) = limits::check(file, text) {
        return Err(vec![too_much]);
    }
    match ClauseParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let comments = comments::collect(file, text);
            match pairs.next() {
                Some(root) => lower::file(file, root, comments),
                None => Ok(ast::File { items: Vec::new(), comments }),
            }
        }
        Err(first) => Err(errors::with_recovery(file, text, first)),
    }
}
