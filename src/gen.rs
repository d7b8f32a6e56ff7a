//! Generators: documents derived from the checked facts [`Schema`], so the reference a facts
//! author reads can never drift from what the loader accepts.
//!
//! [`json_schema`] turns the schema into a JSON Schema (draft 2020-12) for one subject's facts
//! file — document kinds and the reserved `subject` key at the top, named records and enums
//! under `$defs`, inline records inlined, every property described by its `doc` and `source`,
//! nothing required and `null` allowed everywhere (facts may be partial) — for editors and for
//! validating facts produced by other tools. [`facts_markdown`] renders the facts reference
//! (`docs/facts.md`): one table per document kind with dotted paths, then the named records,
//! the enums and the subject kinds. Both outputs are deterministic (declaration order for the
//! Markdown, sorted keys for the JSON), so they are committed and checked by
//! `tests/generated_docs.rs`. The generators do no I/O and never panic. When the schema has a
//! `capability` enum, the reference ends with the importers' table of platform identifiers
//! (`capability_map.rs`), so the mapping is read where the capabilities are.

mod capability_map;
mod json_schema;
mod markdown;
pub(crate) mod walk;

pub use json_schema::{json_schema, json_schema_pretty, SCHEMA_ID};
pub use markdown::facts_markdown;
