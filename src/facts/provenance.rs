//! `sources:`, the reserved top-level key that says where imported facts came from.
//!
//! `clause import` writes facts read from a manifest or property list, and beside them a
//! mapping from fact paths to the artefact position that declares each fact:
//!
//! ```yaml
//! sources:
//!   app.capabilities[0]: app/src/main/AndroidManifest.xml:12:5
//! ```
//!
//! The loader reads that mapping into [`Bundle::provenance`]; [`relocate`] then moves each
//! named fact's position to the artefact, so a finding on an imported permission points at
//! the manifest line, not at the generated file. The paths of files are as written,
//! relative to the facts file's directory; resolving them is the caller's (the library does
//! no I/O).

use super::reader::{describe, Ev, Fatal, Item, Loader, Seg};
use super::Bundle;
use crate::diagnostic::Diagnostic;
use crate::schema::{Schema, Type};
use crate::source::{FileId, Loc, Span};
use crate::value::{Fact, Value};

pub(crate) const SOURCES_KEY: &str = "sources";

/// One entry of `sources:`: the fact at `path` was read from `file` at `line`:`column`.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub path: String,
    /// Where the entry itself is, for diagnostics about it.
    pub entry: Span,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl<'a> Loader<'a, '_> {
    /// The value of `sources:`: a mapping of fact paths to `FILE:LINE:COLUMN`.
    pub(crate) fn load_sources(&mut self, value: &Item<'a>, out: &mut Vec<Provenance>) -> Result<(), Fatal> {
        if value.is_null() {
            return Ok(());
        }
        if value.ev != Ev::MapStart {
            let found = describe(value);
            self.report(
                Diagnostic::error("E0427", format!("expected a mapping for `sources`, found {found}"))
                    .at(value.span, "expected a mapping here")
                    .help("`sources` maps fact paths to `FILE:LINE:COLUMN`, as `clause import` writes it"),
            );
            return self.skip(value);
        }
        self.path.push(Seg::Key(SOURCES_KEY));
        let result = self.sources_entries(out);
        self.path.pop();
        result
    }

    fn sources_entries(&mut self, out: &mut Vec<Provenance>) -> Result<(), Fatal> {
        loop {
            let key = self.next()?;
            let path = match &key.ev {
                Ev::MapEnd => return Ok(()),
                Ev::Scalar { text, .. } => text.to_string(),
                _ => {
                    self.report(
                        Diagnostic::error("E0411", "a key in `sources` is not a plain name")
                            .at(key.span, "this key is a mapping or a list"),
                    );
                    self.skip(&key)?;
                    let value = self.next()?;
                    self.skip(&value)?;
                    continue;
                }
            };
            let value = self.next()?;
            let parsed = match &value.ev {
                Ev::Scalar { text, .. } => parse_position(text),
                _ => None,
            };
            match parsed {
                Some((file, line, column)) => {
                    out.push(Provenance { path, entry: key.span, file, line, column });
                }
                None => {
                    self.report(
                        Diagnostic::error(
                            "E0427",
                            format!("`sources.{path}` is not a `FILE:LINE:COLUMN` position"),
                        )
                        .at(value.span, "expected e.g. `AndroidManifest.xml:12:5`"),
                    );
                    self.skip(&value)?;
                }
            }
        }
    }
}

/// `dir/AndroidManifest.xml:12:5` → (file, 12, 5); the file may itself contain `:`.
fn parse_position(text: &str) -> Option<(String, u32, u32)> {
    let mut parts = text.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let file = parts.next()?.trim();
    (!file.is_empty() && line > 0 && column > 0).then(|| (file.to_string(), line, column))
}

/// Moves each fact named in `bundle.provenance` to its artefact position; `resolve` gives
/// the [`FileId`] of a file named in `sources:`. A path that names no fact is a warning
/// (`W0402`): the facts were edited after import. The provenance list is consumed.
pub fn relocate(
    bundle: &mut Bundle,
    schema: &Schema,
    resolve: &mut dyn FnMut(&str) -> FileId,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for entry in std::mem::take(&mut bundle.provenance) {
        match find_fact(bundle, schema, &entry.path) {
            Some(fact) => {
                fact.loc = Loc { file: resolve(&entry.file), line: entry.line, column: entry.column };
            }
            None => diagnostics.push(
                Diagnostic::warning(
                    "W0402",
                    format!("`sources` names `{}`, which is not in this file", entry.path),
                )
                .at(entry.entry, "no fact at this path")
                .help("the facts were edited after `clause import`; import again, or remove the entry"),
            ),
        }
    }
    diagnostics
}

/// The fact at a path such as `app.capabilities[0].platform_permissions[1]`.
fn find_fact<'b>(bundle: &'b mut Bundle, schema: &Schema, path: &str) -> Option<&'b mut Fact> {
    let mut segments = segments(path)?.into_iter();
    let Some(PathSeg::Key(document)) = segments.next() else { return None };
    let (id, doc) = schema.document_by_name(document)?;
    let mut ty = Type::Record(doc.record);
    let mut fact = bundle.documents.get_mut(id.0 as usize)?.as_mut()?;
    for segment in segments {
        match (segment, ty, &mut fact.value) {
            (PathSeg::Key(name), Type::Record(r), Value::Record(record)) => {
                let (index, field) = schema.record(r).field(name)?;
                ty = field.ty.clone();
                fact = record.fields.get_mut(index)?.as_mut()?;
            }
            (PathSeg::Index(i), Type::List(element), Value::List(items)) => {
                ty = *element;
                fact = items.get_mut(i)?;
            }
            _ => return None,
        }
    }
    Some(fact)
}

/// A step of a written fact path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathSeg<'p> {
    Key(&'p str),
    Index(usize),
}

/// `app.capabilities[0].platform_permissions[1]` → keys and indices.
fn segments(path: &str) -> Option<Vec<PathSeg<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if name.is_empty() {
            return None;
        }
        out.push(PathSeg::Key(name));
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            out.push(PathSeg::Index(index.parse().ok()?));
            rest = match after {
                "" => "",
                more => more.strip_prefix('[')?,
            };
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_paths() {
        assert_eq!(parse_position("a/b.xml:12:5"), Some(("a/b.xml".into(), 12, 5)));
        assert_eq!(parse_position("C:/x/Info.plist:3:1"), Some(("C:/x/Info.plist".into(), 3, 1)));
        assert_eq!(parse_position("b.xml:0:5"), None);
        assert_eq!(parse_position("b.xml:12"), None);
        assert_eq!(
            segments("app.capabilities[0].platform_permissions[12]"),
            Some(vec![
                PathSeg::Key("app"),
                PathSeg::Key("capabilities"),
                PathSeg::Index(0),
                PathSeg::Key("platform_permissions"),
                PathSeg::Index(12),
            ])
        );
        assert_eq!(segments("app..x"), None);
        assert_eq!(segments("app.x[a]"), None);
        assert_eq!(segments("app.x[0]y"), None);
    }
}
