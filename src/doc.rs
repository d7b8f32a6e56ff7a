//! `clause doc`: documentation for legal teams, generated from the policy itself.
//!
//! Being written (issue 8): [`plain`] says what a rule checks in plain language, in English
//! and Chinese; the site generator turns the program into static HTML and Markdown pages.

pub mod plain;
