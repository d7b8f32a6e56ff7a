//! The facts reference's "Platform identifiers → capabilities" section, generated from the
//! importers' table ([`MAPPINGS`]) so the reference shows exactly what `clause import` maps.
//! It is rendered only for a schema with a `capability` enum: one table per variant, in the
//! enum's order, then any table row naming no variant (none, as a test checks), so nothing
//! in the table is left out of the reference.

use crate::import::capabilities::{Mapping, MAPPINGS};
use crate::import::Platform;
use crate::schema::Schema;
use std::fmt::Write as _;

const TITLE: &str = "Platform identifiers → capabilities";
/// The anchor GitHub gives [`TITLE`]: the arrow is dropped, its spaces become hyphens.
const ANCHOR: &str = "platform-identifiers--capabilities";
const ENUM: &str = "capability";
const PLATFORMS: [Platform; 4] =
    [Platform::Android, Platform::Ios, Platform::HarmonyOs, Platform::MiniProgram];

/// The line of the contents list linking to the section, when the schema has one.
pub fn contents_entry(schema: &Schema, out: &mut String) {
    if has_capabilities(schema) {
        let _ = writeln!(out, "- [{TITLE}](#{ANCHOR})");
    }
}

/// The section, when the schema has a `capability` enum.
pub fn section(schema: &Schema, out: &mut String) {
    let Some(capability) = schema.enums.iter().find(|e| e.name == ENUM) else {
        return;
    };
    let _ = write!(
        out,
        "\n## {TITLE}\n\n`clause import` reads platform identifiers exactly as written (Android permissions \
         and `<queries>` children as `queries:package:NAME`, `queries:intent:ACTION` or \
         `queries:provider:AUTHORITIES`; Info.plist keys, `UIBackgroundModes:MODE`, \
         `LSApplicationQueriesSchemes:SCHEME` and a privacy manifest's `NSPrivacyTracking`; HarmonyOS \
         permissions; mini-program scopes, `requiredPrivateInfos` entries and \
         `requiredBackgroundModes:MODE`) and maps them to the [`{ENUM}`](#enum-{ENUM}) enum through this \
         one table (`src/import/capabilities.rs`), each entry citing where it was checked. An identifier \
         ending in `*` stands for every identifier starting with what precedes it; an exact entry wins over \
         a pattern, and a longer pattern over a shorter. Identifiers not listed (custom and vendor \
         permissions, and those that give no capability, such as `android.permission.INTERNET`) are kept \
         and reported as unmapped, never dropped.\n\n"
    );
    let counts: Vec<String> = PLATFORMS
        .iter()
        .map(|p| format!("{} {}", MAPPINGS.iter().filter(|m| m.platform == *p).count(), p.schema_name()))
        .collect();
    let _ = writeln!(out, "{} identifiers: {}.", MAPPINGS.len(), counts.join(", "));
    for variant in &capability.variants {
        let _ = write!(out, "\n### Capability `{}`\n\n", variant.name);
        if let Some(doc) = &variant.doc {
            let _ = write!(out, "{}\n\n", cell(doc));
        }
        table(MAPPINGS.iter().filter(|m| m.capability == variant.name), out);
    }
    let stray: Vec<&Mapping> =
        MAPPINGS.iter().filter(|m| capability.variant_index(m.capability).is_none()).collect();
    if !stray.is_empty() {
        out.push_str("\n### Not a variant of the enum\n\nThese entries name no `capability` variant:\n\n");
        table(stray.into_iter(), out);
    }
}

fn has_capabilities(schema: &Schema) -> bool {
    schema.enums.iter().any(|e| e.name == ENUM)
}

fn table<'a>(rows: impl Iterator<Item = &'a Mapping>, out: &mut String) {
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        out.push_str("No platform identifier maps to this capability.\n");
        return;
    }
    out.push_str("| platform | identifier | note | source |\n|---|---|---|---|\n");
    for m in rows {
        let note = if m.note.is_empty() { "—".to_string() } else { cell(m.note) };
        let _ =
            writeln!(out, "| {} | `{}` | {note} | {} |", m.platform.schema_name(), m.id, source(m.source));
    }
}

/// A source as a cell: a leading URL becomes a link, any words after it stay text.
fn source(text: &str) -> String {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    if first.starts_with("https://") {
        if rest.is_empty() {
            format!("<{first}>")
        } else {
            format!("<{first}> {}", cell(rest))
        }
    } else {
        cell(text)
    }
}

/// Text for a table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_link_their_url() {
        assert_eq!(source("https://a.example/x#y"), "<https://a.example/x#y>");
        assert_eq!(source("https://a.example/x (scope 列表)"), "<https://a.example/x> (scope 列表)");
        assert_eq!(source("AOSP | groups"), "AOSP \\| groups");
    }

    #[test]
    fn no_section_without_a_capability_enum() {
        let schema = Schema::default();
        let mut out = String::new();
        section(&schema, &mut out);
        contents_entry(&schema, &mut out);
        assert_eq!(out, "");
    }
}
