//! The cac-2016 pack, the twelve rules of issue 6's comparison and the per-line loading of
//! `clause check --catalog`, shared by the benches through `#[path]`.

// Each includer uses a different part of this module.
#![allow(dead_code)]

use clause::check::Program;
use clause::facts::{self, Format, LoadOptions};
use clause::source::SourceMap;
use clause::time::Date;
use clause::value::Facts;
use std::sync::LazyLock;

/// The twelve rules of the regorus comparison in issue 6, mapped to the pack's rule ids
/// (table in docs/performance.md).
pub const TWELVE: [&str; 12] = [
    "cac-2016/required-licences-held",
    "cac-2016/registered-users-real-name-verified",
    "cac-2016/disclosure-states-purpose-method-scope",
    "cac-2016/personal-information-collected-with-consent",
    "cac-2016/content-review-mechanism-in-place",
    "cac-2016/content-disposals-recorded-and-reported",
    "cac-2016/no-named-sensitive-function-without-notice-and-consent",
    "cac-2016/no-unrelated-function",
    "cac-2016/no-unrelated-bundled-install",
    "cac-2016/no-confirmed-ip-infringement",
    "cac-2016/user-logs-kept-60-days",
    "cac-2016/app-complaint-entry-provided",
];

/// The bundled cac-2016 pack, compiled from `policies/cac-2016`.
pub static PROGRAM: LazyLock<Program> = LazyLock::new(|| {
    let mut files: Vec<(String, String)> = Vec::new();
    for pack in ["base", "cac-2016"] {
        let dir = format!("{}/policies/{pack}", env!("CARGO_MANIFEST_DIR"));
        let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "clause"))
                    .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        files.extend(found);
    }
    let mut sources = SourceMap::new();
    match clause::compile(&mut sources, &files) {
        Ok(checked) => checked.program,
        Err(errors) => panic!("the cac-2016 pack does not compile: {errors:?}"),
    }
});

/// Rule indices of [`TWELVE`] in [`PROGRAM`].
pub static TWELVE_INDICES: LazyLock<Vec<usize>> = LazyLock::new(|| {
    TWELVE
        .iter()
        .map(|id| {
            PROGRAM
                .rules
                .iter()
                .position(|r| r.qualified_id == *id)
                .unwrap_or_else(|| panic!("no rule `{id}` in the pack"))
        })
        .collect()
});

/// The as-of date of every measurement.
pub fn as_of() -> Option<Date> {
    Date::from_ymd(2020, 6, 1)
}

/// What `clause check --catalog` does to load line `index`: a source map for the line, then
/// `facts::parse` and `facts::finish`.
pub fn parse(index: usize, text: &str) -> Option<Facts> {
    let mut sources = SourceMap::new();
    let offset = u32::try_from(index).unwrap_or(u32::MAX);
    let id = sources.add_with_line_offset("<bench>", text, offset);
    let options = LoadOptions { line_offset: offset, ..LoadOptions::default() };
    let parsed = facts::parse(&PROGRAM.schema, id, text, Format::Json, &options);
    facts::finish(&PROGRAM.schema, parsed.bundle?, &sources, id).ok()
}
