//! Combining bundles (directory subjects, test-case overlays) and settling identity.

use super::Bundle;
use crate::diagnostic::Diagnostic;
use crate::schema::{Schema, SubjectKindId, Type};
use crate::source::{FileId, Loc, SourceMap, Span};
use crate::value::{Fact, Facts, Subject, Value};

/// Deep merge of `other` into `base`, for the files of one directory subject. Records merge
/// field by field, and so do the elements of a list of a keyed record (`key capability`) that
/// have the same key; the same leaf in both (a scalar, or a whole list of anything else) is an
/// `E0419` conflict naming both places, even when the values are equal. `sources` turns fact positions into
/// labels. On conflict `base` keeps its value.
pub fn merge(base: &mut Bundle, other: Bundle, schema: &Schema, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut conflict = |path: String, first: Loc, second: Loc| {
        diagnostics.push(
            Diagnostic::error("E0419", format!("`{path}` is given in two facts files"))
                .at(sources.span_of_loc(second), "given again here")
                .also(sources.span_of_loc(first), "first given here")
                .help("each fact of a subject may be given in only one of its files; remove one of them"),
        );
    };
    if let (Some(a), Some(b)) = (&base.subject.id, &other.subject.id) {
        conflict("subject.id".into(), a.1, b.1);
    } else if other.subject.id.is_some() {
        base.subject.id = other.subject.id;
    }
    if let (Some(a), Some(b)) = (&base.subject.kind, &other.subject.kind) {
        conflict("subject.kind".into(), a.1, b.1);
    } else if other.subject.kind.is_some() {
        base.subject.kind = other.subject.kind;
    }
    combine(base, other.documents, schema, true, &mut |path, a, b| {
        conflict(path, a.loc, b.loc);
        false
    });
    diagnostics
}

/// Overlay for test cases: `overlay`'s leaves (scalars, whole lists, the subject's id and
/// kind) replace `base`'s; records merge field by field.
pub fn overlay(base: &mut Bundle, overlay: Bundle, schema: &Schema) {
    if overlay.subject.id.is_some() {
        base.subject.id = overlay.subject.id;
    }
    if overlay.subject.kind.is_some() {
        base.subject.kind = overlay.subject.kind;
    }
    combine(base, overlay.documents, schema, false, &mut |_, _, _| true);
}

/// Walks both bundles; `leaf(path, base, other)` decides whether `other` replaces `base`.
/// With `keyed`, lists of keyed records merge element by element instead of being leaves.
fn combine(
    base: &mut Bundle,
    other: Vec<Option<Fact>>,
    schema: &Schema,
    keyed: bool,
    leaf: &mut dyn FnMut(String, &Fact, &Fact) -> bool,
) {
    if base.documents.len() < other.len() {
        base.documents.resize(other.len(), None);
    }
    for (i, fact) in other.into_iter().enumerate() {
        let Some(fact) = fact else { continue };
        let Some(doc) = schema.documents.get(i) else {
            continue;
        };
        match &mut base.documents[i] {
            slot @ None => *slot = Some(fact),
            Some(b) => {
                let mut path = doc.name.clone();
                let mut walk = Walk { schema, keyed, path: &mut path, leaf };
                walk.fact(b, fact, &Type::Record(doc.record));
            }
        }
    }
}

struct Walk<'a, 'l> {
    schema: &'a Schema,
    keyed: bool,
    path: &'a mut String,
    leaf: &'l mut dyn FnMut(String, &Fact, &Fact) -> bool,
}

impl Walk<'_, '_> {
    fn fact(&mut self, base: &mut Fact, other: Fact, ty: &Type) {
        let loc = other.loc;
        match (ty, &mut base.value, other.value) {
            (Type::Record(id), Value::Record(b), Value::Record(o)) => {
                let record = self.schema.record(*id);
                if b.fields.len() < o.fields.len() {
                    b.fields.resize(o.fields.len(), None);
                }
                for (i, field) in o.fields.into_iter().enumerate() {
                    let Some(field) = field else { continue };
                    match &mut b.fields[i] {
                        slot @ None => *slot = Some(field),
                        Some(bf) => {
                            let (name, fty) = match record.fields.get(i) {
                                Some(f) => (f.name.as_str(), &f.ty),
                                None => ("?", &Type::String),
                            };
                            let len = self.path.len();
                            self.path.push('.');
                            self.path.push_str(name);
                            self.fact(bf, field, fty);
                            self.path.truncate(len);
                        }
                    }
                }
            }
            (Type::List(element), Value::List(b), Value::List(o))
                if self.keyed && keyed_elements(self.schema, element, b, &o).is_some() =>
            {
                let Some(key) = keyed_elements(self.schema, element, b, &o) else { return };
                for mut item in o {
                    let value = key_of(&item, key).cloned();
                    match b.iter_mut().find(|e| key_of(e, key) == value.as_ref()) {
                        Some(existing) => {
                            // Equal by construction: the key is what matched, not a conflict.
                            if let Value::Record(r) = &mut item.value {
                                if let Some(slot) = r.fields.get_mut(key) {
                                    *slot = None;
                                }
                            }
                            let len = self.path.len();
                            self.path.push_str(&format!("[{}]", key_label(self.schema, element, value)));
                            self.fact(existing, item, element);
                            self.path.truncate(len);
                        }
                        None => b.push(item),
                    }
                }
            }
            (_, _, value) => {
                let other = Fact { value, loc };
                if (self.leaf)(self.path.clone(), base, &other) {
                    *base = other;
                }
            }
        }
    }
}

/// The key field of a list of keyed records, when every element of both lists has its key
/// (an element without one cannot be matched, so the lists stay leaves).
fn keyed_elements(schema: &Schema, element: &Type, base: &[Fact], other: &[Fact]) -> Option<usize> {
    let Type::Record(id) = element else { return None };
    let key = schema.record(*id).key?;
    base.iter().chain(other).all(|e| key_of(e, key).is_some()).then_some(key)
}

fn key_of(element: &Fact, key: usize) -> Option<&Value> {
    match &element.value {
        Value::Record(r) => r.get(key).map(|f| &f.value),
        _ => None,
    }
}

/// `location` in `app.capabilities[location].consent_obtained`.
fn key_label(schema: &Schema, element: &Type, value: Option<Value>) -> String {
    match (element, value) {
        (_, Some(Value::Str(s))) => s.to_string(),
        (Type::Record(id), Some(Value::Enum(v))) => {
            let record = schema.record(*id);
            let variant = record.key.and_then(|k| record.fields.get(k)).and_then(|f| match &f.ty {
                Type::Enum(e) => {
                    schema.enums.get(e.0 as usize)?.variants.get(v as usize).map(|x| x.name.clone())
                }
                _ => None,
            });
            variant.unwrap_or_else(|| v.to_string())
        }
        _ => "?".to_string(),
    }
}

/// Settles the subject's identity and returns the facts for evaluation.
///
/// The kind is the explicit `subject.kind`, else the one schema subject kind whose document
/// is present (`E0420` if none or several). The id is the explicit `subject.id`, else the
/// string at the kind's `id_fields` in that document (`E0422` if absent). Errors without a
/// fact to point at are labelled at the start of `file_for_errors`.
pub fn finish(
    schema: &Schema,
    bundle: Bundle,
    sources: &SourceMap,
    file_for_errors: FileId,
) -> Result<Facts, Vec<Diagnostic>> {
    let file_start = Span::new(file_for_errors, 0, 0);
    let first_doc_span =
        || bundle.documents.iter().flatten().next().map_or(file_start, |f| sources.span_of_loc(f.loc));
    let kind = match bundle.subject.kind {
        Some((kind, _)) => kind,
        None => {
            let present: Vec<usize> = (0..schema.subjects.len())
                .filter(|&i| {
                    let doc = schema.subjects[i].document.0 as usize;
                    bundle.documents.get(doc).is_some_and(Option::is_some)
                })
                .collect();
            match present.as_slice() {
                [one] => SubjectKindId(*one as u32),
                [] => {
                    let docs: Vec<String> = schema
                        .subjects
                        .iter()
                        .map(|s| format!("`{}` (for {})", schema.document(s.document).name, s.name))
                        .collect();
                    return Err(vec![Diagnostic::error(
                        "E0420",
                        "cannot tell what kind of subject these facts are about",
                    )
                    .at(first_doc_span(), "no document here identifies the subject")
                    .note(format!("a subject is identified by one of the documents {}", docs.join(", ")))
                    .help("add that document, or set `subject.kind`")]);
                }
                several => {
                    let names: Vec<String> =
                        several.iter().map(|&i| format!("`{}`", schema.subjects[i].name)).collect();
                    return Err(vec![Diagnostic::error(
                        "E0420",
                        format!("these facts could be about a subject of kind {}", names.join(" or ")),
                    )
                    .at(first_doc_span(), "documents of several subject kinds")
                    .help("set `subject.kind` to say which")]);
                }
            }
        }
    };
    let subject_kind = &schema.subjects[kind.0 as usize];
    let (id, loc) = match bundle.subject.id {
        Some((id, loc)) => (id, Some(loc)),
        None => {
            let doc = bundle.documents.get(subject_kind.document.0 as usize).and_then(Option::as_ref);
            match doc.and_then(|d| read_path(d, &subject_kind.id_fields)) {
                Some((id, loc)) => (id, Some(loc)),
                None => {
                    let span = doc.map_or_else(first_doc_span, |d| sources.span_of_loc(d.loc));
                    return Err(vec![Diagnostic::error(
                        "E0422",
                        format!("the {} has no id: `{}` is missing", subject_kind.name, subject_kind.id_path),
                    )
                    .at(span, format!("`{}` is not given here", subject_kind.id_path))
                    .help(format!("fill in `{}`, or set `subject.id`", subject_kind.id_path))]);
                }
            }
        }
    };
    Ok(Facts { subject: Subject { id, kind, loc }, documents: bundle.documents })
}

/// The id at a field path: a string (or an integer, written out).
fn read_path(doc: &Fact, fields: &[usize]) -> Option<(String, Loc)> {
    let mut fact = doc;
    for &i in fields {
        let Value::Record(r) = &fact.value else {
            return None;
        };
        fact = r.get(i)?;
    }
    match &fact.value {
        Value::Str(s) if !s.is_empty() => Some((s.to_string(), fact.loc)),
        Value::Int(n) => Some((n.to_string(), fact.loc)),
        _ => None,
    }
}
