//! clause: declarative policy-as-code for the regulation of mobile apps.
//!
//! The pipeline is visible in the modules: [`syntax`] (source → typed AST with spans) →
//! [`check`] (names, fact schema, types → [`check::Program`]) → [`eval`] (program × facts →
//! verdicts) → [`report`] (text, JSON). [`facts`] turns YAML/JSON into fact values that carry
//! their source positions. The library does no I/O: callers hand it text and get data back.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod diagnostic;
pub mod facts;
pub mod source;
pub mod schema;
pub mod time;
pub mod value;
pub mod syntax;
pub mod check;
pub mod eval;
