//! `clause doc`: documentation for legal teams, generated from the policy itself, so the
//! documentation is the code.
//!
//! In: a checked [`Program`] and the policy's test cases with their facts
//! ([`CaseInput`], loaded by the caller). Out: the files of a static site, as
//! `(relative path, bytes)` sorted by path — the caller writes them; this module does no I/O.
//!
//! The site has two page trees, `en/` and `zh/`, that mirror each other and link to each
//! other: a front page per language (the regulation's header and a coverage matrix), one page
//! per article (Chinese and English side by side, provision by provision, with provenance,
//! and under each provision its rules: summary, [`plain`]-language structure, facts read,
//! worked examples from the test cases), the whole regulation on one printable page, and the
//! facts reference. The same pages are written as HTML ([`html`]: no scripts, nothing loaded
//! from outside, one local stylesheet, a print stylesheet) and as Markdown under `md/`
//! ([`markdown`]). Output is deterministic: no timestamps, and every list in a fixed order.
//! Anchors are a published scheme, in [`anchor`].
//!
//! Modules: [`model`] (pages as blocks and inlines), [`site`] (which pages, shared chrome),
//! `page_*` (one builder per kind of page), [`reads`] (the facts a rule reads),
//! [`examples`] (worked examples), [`words`] (the site's labels in both languages).

pub mod anchor;
pub mod examples;
pub mod html;
pub mod markdown;
pub mod model;
mod page_article;
mod page_facts;
mod page_index;
mod page_root;
mod page_rule;
pub mod plain;
pub mod reads;
pub mod site;
pub mod words;

pub use examples::{CaseInput, Examples};

use crate::check::Program;

/// The site for `program`, with worked examples from `cases`: `(path, bytes)`, sorted by path.
pub fn site(program: &Program, cases: &[CaseInput]) -> Vec<(String, Vec<u8>)> {
    let all: Vec<usize> = (0..program.regulations.len()).collect();
    site_of(program, cases, &all)
}

/// The site of only some of the program's regulations (indices into `program.regulations`);
/// the facts reference stays whole, since the facts are shared.
pub fn site_of(program: &Program, cases: &[CaseInput], regulations: &[usize]) -> Vec<(String, Vec<u8>)> {
    let examples = Examples::build(program, cases);
    site::Site::new(program, &examples).showing(regulations).files()
}
