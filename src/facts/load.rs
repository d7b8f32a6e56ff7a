//! The typed layer: descends the schema while reading events, building [`Fact`]s.

use super::reader::{describe, Ev, Fatal, Item, Loader, Seg};
use super::{Bundle, ExplicitSubject};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::schema::{FieldType, RecordId, RecordType, Type};
use crate::source::{Loc, Span};
use crate::time::{parse_iso_duration, Date, DateTime, DateTimeProblem};
use crate::value::{Fact, Record, Value};
use std::borrow::Cow;

use super::provenance::SOURCES_KEY;

const SUBJECT_KEY: &str = "subject";

impl<'a, 's> Loader<'a, 's> {
    /// A whole facts file: exactly one YAML document whose top level is a mapping.
    pub fn load_file(&mut self) -> Option<Bundle> {
        self.load_file_inner().ok()
    }

    fn load_file_inner(&mut self) -> Result<Bundle, Fatal> {
        let mut item = self.next()?;
        if item.ev == Ev::StreamStart {
            item = self.next()?;
        }
        if item.ev == Ev::StreamEnd {
            return Err(self.empty_file(item.span));
        }
        // DocStart, then the top value.
        let top = self.next()?;
        let bundle = match top.ev {
            Ev::MapStart => self.load_top()?,
            _ if top.is_null() => return Err(self.empty_file(top.span)),
            _ => {
                let found = describe(&top);
                return Err(self.fatal(
                    Diagnostic::error(
                        "E0406",
                        format!("the top level of a facts file must be a mapping, found {found}"),
                    )
                    .at(top.span, "expected a mapping of document kinds here")
                    .help("start the file with a document kind, as in `app:`"),
                ));
            }
        };
        let end = self.next()?; // DocEnd
        if end.ev != Ev::DocEnd {
            return Err(self
                .fatal(Diagnostic::error("E0404", "syntax error: unexpected content").at(end.span, "here")));
        }
        let after = self.next()?;
        match after.ev {
            Ev::StreamEnd => Ok(bundle),
            _ => Err(self.fatal(
                Diagnostic::error("E0407", "a facts file must hold one YAML document, found several")
                    .at(after.span, "a second document starts here")
                    .help("put each subject's facts in its own file, or remove the `---` separator"),
            )),
        }
    }

    fn empty_file(&mut self, span: Span) -> Fatal {
        self.fatal(
            Diagnostic::error("E0405", "the facts file is empty")
                .at(span, "no facts here")
                .help("a facts file is a mapping of document kinds, as in `app: {package_id: com.example}`"),
        )
    }

    /// The top-level mapping (after its `MapStart`): document kinds and `subject`.
    pub fn load_top(&mut self) -> Result<Bundle, Fatal> {
        let schema = self.schema;
        let mut bundle = Bundle::empty(schema);
        let mut seen: Vec<Option<Span>> = vec![None; schema.documents.len()];
        let mut subject_seen: Option<Span> = None;
        let mut sources_seen: Option<Span> = None;
        let mut unknown: Vec<(String, Span)> = Vec::new();
        while let Some((key, key_span)) = self.next_key()? {
            let value = self.next()?;
            if key == SOURCES_KEY {
                if self.check_duplicate(&key, key_span, sources_seen) {
                    self.skip(&value)?;
                    continue;
                }
                sources_seen = Some(key_span);
                self.load_sources(&value, &mut bundle.provenance)?;
            } else if key == SUBJECT_KEY {
                if self.check_duplicate(&key, key_span, subject_seen) {
                    self.skip(&value)?;
                    continue;
                }
                subject_seen = Some(key_span);
                self.path.push(Seg::Key(SUBJECT_KEY));
                let r = self.load_subject(&value);
                self.path.pop();
                if let Some(subject) = r? {
                    bundle.subject = subject;
                }
            } else if let Some((id, doc)) = schema.document_by_name(&key) {
                let i = id.0 as usize;
                if self.check_duplicate(&key, key_span, seen[i]) {
                    self.skip(&value)?;
                    continue;
                }
                seen[i] = Some(key_span);
                self.path.push(Seg::Key(&doc.name));
                let fact = self.load_value(&Type::Record(doc.record), value);
                self.path.pop();
                bundle.documents[i] = fact?;
            } else {
                let names =
                    schema.documents.iter().map(|d| d.name.as_str()).chain([SUBJECT_KEY, SOURCES_KEY]);
                let help = did_you_mean(&key, names).unwrap_or_else(|| {
                    let list: Vec<String> =
                        schema.documents.iter().map(|d| format!("`{}`", d.name)).collect();
                    format!("the document kinds are {} (and `subject`)", list.join(", "))
                });
                self.unknown_key(&key, key_span, "not a document kind", help, &mut unknown);
                self.skip(&value)?;
            }
        }
        Ok(bundle)
    }

    /// The next key of a mapping, or `None` at its end. Non-scalar keys are reported and
    /// skipped together with their values.
    fn next_key(&mut self) -> Result<Option<(Cow<'a, str>, Span)>, Fatal> {
        loop {
            let item = self.next()?;
            match item.ev {
                Ev::MapEnd => return Ok(None),
                // Borrowed from the text unless the key has escapes: no allocation per key.
                Ev::Scalar { text, .. } => return Ok(Some((text, item.span))),
                _ => {
                    let path = self.path_string();
                    self.report(
                        Diagnostic::error("E0411", format!("a key in `{path}` is not a plain name"))
                            .at(item.span, "this key is a mapping or a list")
                            .help("keys of facts are field names, as in `name: Example`"),
                    );
                    self.skip(&item)?;
                    let value = self.next()?;
                    self.skip(&value)?;
                }
            }
        }
    }

    /// Reports a duplicate key if `first` is set; returns whether it was a duplicate.
    fn check_duplicate(&mut self, key: &str, span: Span, first: Option<Span>) -> bool {
        let Some(first) = first else { return false };
        let path = self.path_with(key);
        self.report(
            Diagnostic::error("E0412", format!("`{path}` is given twice"))
                .at(span, "given again here")
                .also(first, "first given here")
                .help("remove one of them"),
        );
        true
    }

    fn unknown_key(
        &mut self,
        key: &str,
        span: Span,
        label: &str,
        help: String,
        seen: &mut Vec<(String, Span)>,
    ) {
        if let Some((_, first)) = seen.iter().find(|(k, _)| k == key) {
            let first = *first;
            self.check_duplicate(key, span, Some(first));
            return;
        }
        seen.push((key.to_string(), span));
        let path = self.path_with(key);
        let d = if self.options.strict {
            Diagnostic::error("E0413", format!("unknown key `{path}`"))
        } else {
            Diagnostic::warning("W0401", format!("unknown key `{path}` is ignored"))
        };
        self.report(d.at(span, label).help(help));
    }

    /// `subject: {id, kind}`; `None` when null.
    fn load_subject(&mut self, value: &Item<'a>) -> Result<Option<ExplicitSubject>, Fatal> {
        if value.is_null() {
            return Ok(None);
        }
        if value.ev != Ev::MapStart {
            let found = describe(value);
            self.report(
                Diagnostic::error("E0414", format!("expected a mapping for `subject`, found {found}"))
                    .at(value.span, "expected a mapping here")
                    .help("write `subject: {id: com.example.app, kind: app}`"),
            );
            self.skip(value)?;
            return Ok(None);
        }
        let mut subject = ExplicitSubject::default();
        let (mut id_seen, mut kind_seen) = (None, None);
        let mut unknown = Vec::new();
        while let Some((key, key_span)) = self.next_key()? {
            let value = self.next()?;
            let slot = match key.as_ref() {
                "id" => &mut id_seen,
                "kind" => &mut kind_seen,
                _ => {
                    let help = did_you_mean(&key, ["id", "kind"])
                        .unwrap_or_else(|| "`subject` has the keys `id` and `kind`".into());
                    self.unknown_key(&key, key_span, "not a key of `subject`", help, &mut unknown);
                    self.skip(&value)?;
                    continue;
                }
            };
            let first = *slot;
            *slot = Some(key_span);
            if self.check_duplicate(&key, key_span, first) || value.is_null() {
                self.skip(&value)?;
                continue;
            }
            let text = match &value.ev {
                Ev::Scalar { text, .. } => text.to_string(),
                _ => {
                    let path = self.path_with(&key);
                    let found = describe(&value);
                    self.report(
                        Diagnostic::error("E0414", format!("expected a string for `{path}`, found {found}"))
                            .at(value.span, "expected a string here"),
                    );
                    self.skip(&value)?;
                    continue;
                }
            };
            if key == "id" {
                subject.id = Some((text, value.loc));
            } else if let Some((kind, _)) = self.schema.subject_by_name(&text) {
                subject.kind = Some((kind, value.loc));
            } else {
                let names = self.schema.subjects.iter().map(|s| s.name.as_str());
                let help = did_you_mean(&text, names).unwrap_or_else(|| {
                    let list: Vec<String> =
                        self.schema.subjects.iter().map(|s| format!("`{}`", s.name)).collect();
                    format!("the subject kinds are {}", list.join(", "))
                });
                self.report(
                    Diagnostic::error("E0421", format!("`{text}` is not a subject kind"))
                        .at(value.span, "unknown subject kind")
                        .help(help),
                );
            }
        }
        Ok(Some(subject))
    }

    /// A value of type `ty` starting with `first`; `None` when null or wrong (reported).
    pub fn load_value(&mut self, ty: &Type, first: Item<'a>) -> Result<Option<Fact>, Fatal> {
        if first.is_null() {
            return Ok(None);
        }
        let loc = first.loc;
        match (ty, &first.ev) {
            (Type::Record(id), Ev::MapStart) => self.load_record(*id, loc).map(Some),
            (Type::List(element), Ev::SeqStart) => self.load_list(element, loc).map(Some),
            (Type::Record(_) | Type::List(_), _) | (_, Ev::MapStart | Ev::SeqStart) => {
                self.wrong_type(ty, &first, None);
                self.skip(&first)?;
                Ok(None)
            }
            (_, Ev::Scalar { text, quoted }) => {
                Ok(self.scalar(ty, text, *quoted, &first).map(|value| Fact { value, loc }))
            }
            _ => {
                self.wrong_type(ty, &first, None);
                Ok(None)
            }
        }
    }

    fn load_record(&mut self, id: RecordId, loc: Loc) -> Result<Fact, Fatal> {
        let record = self.schema.record(id);
        let mut fields: Vec<Option<Fact>> = vec![None; record.fields.len()];
        // Where each field's key was first seen, on the loader's stack of them (nested records
        // above their parent's): no vector per record.
        let seen = self.seen_keys.len();
        self.seen_keys.resize(seen + record.fields.len(), None);
        let read = self.record_fields(record, &mut fields, seen);
        self.seen_keys.truncate(seen);
        read?;
        Ok(Fact { value: Value::Record(Record { fields }), loc })
    }

    fn record_fields(
        &mut self,
        record: &'s RecordType,
        fields: &mut [Option<Fact>],
        seen: usize,
    ) -> Result<(), Fatal> {
        let mut unknown = Vec::new();
        // Keys usually come in the schema's order: try the field after the last one first.
        let mut next_field = 0;
        while let Some((key, key_span)) = self.next_key()? {
            let value = self.next()?;
            match field_named(record, &key, next_field) {
                Some((i, field)) => {
                    next_field = i + 1;
                    let first = self.seen_keys.get(seen + i).copied().flatten();
                    if self.check_duplicate(&key, key_span, first) {
                        self.skip(&value)?;
                        continue;
                    }
                    if let Some(slot) = self.seen_keys.get_mut(seen + i) {
                        *slot = Some(key_span);
                    }
                    self.path.push(Seg::Key(&field.name));
                    let fact = self.load_value(&field.ty, value);
                    self.path.pop();
                    if let Some(slot) = fields.get_mut(i) {
                        *slot = fact?;
                    }
                }
                None => {
                    let names = record.fields.iter().map(|f| f.name.as_str());
                    let help = did_you_mean(&key, names).unwrap_or_else(|| {
                        let list: Vec<String> =
                            record.fields.iter().map(|f| format!("`{}`", f.name)).collect();
                        format!("the fields of `{}` are {}", record.name, list.join(", "))
                    });
                    let label = format!("not a field of `{}`", record.name);
                    self.unknown_key(&key, key_span, &label, help, &mut unknown);
                    self.skip(&value)?;
                }
            }
        }
        Ok(())
    }

    fn load_list(&mut self, element: &Type, loc: Loc) -> Result<Fact, Fatal> {
        // Elements gather on the loader's stack of them (a nested list's above its parent's)
        // and move into a vector of their exact length: no regrowing per list.
        let start = self.elements.len();
        let read = self.list_elements(element);
        let items = self.elements.split_off(start);
        read?;
        Ok(Fact { value: Value::List(items), loc })
    }

    fn list_elements(&mut self, element: &Type) -> Result<(), Fatal> {
        let mut index = 0;
        loop {
            let item = self.next()?;
            if item.ev == Ev::SeqEnd {
                break;
            }
            self.path.push(Seg::Index(index));
            if item.is_null() {
                self.wrong_type(element, &item, Some("a list element cannot be null; remove it".into()));
            } else if let Some(fact) = self.load_value(element, item)? {
                self.elements.push(fact);
            }
            self.path.pop();
            index += 1;
        }
        Ok(())
    }

    /// A scalar converted to `ty` (not a record or list), or `None` after a report.
    fn scalar(&mut self, ty: &Type, text: &str, quoted: bool, item: &Item<'a>) -> Option<Value> {
        if let Some(value) = convert(self.schema, ty, text, quoted) {
            return Some(value);
        }
        // Not a value of `ty`: what follows words why (every scalar is a string).
        match ty {
            Type::String => None,
            Type::Bool => match (text, quoted) {
                ("true" | "false", true) => self.wrong(ty, item, "remove the quotes"),
                _ => self.wrong(ty, item, "write `true` or `false`"),
            },
            Type::Int => self.int(ty, text, quoted, item),
            Type::Date => self.date(ty, text, item),
            Type::DateTime => self.datetime(ty, text, item),
            Type::Duration { unit } => {
                if let (Some(_), false, Some(_)) = (unit, quoted, parse_decimal(text)) {
                    return self.invalid_duration(
                        text,
                        item,
                        "a duration is a non-negative number of days".into(),
                    );
                }
                let reason = match parse_iso_duration(text) {
                    Err(reason) if text.starts_with('P') => reason,
                    _ if unit.is_none() && parse_decimal(text).is_some() => {
                        format!("this field takes an ISO 8601 duration, as in `P{text}D`")
                    }
                    _ => "write a duration as in `P60D` (60 days) or `P8W` (8 weeks)".into(),
                };
                self.invalid_duration(text, item, reason)
            }
            Type::Enum(id) => {
                let e = self.schema.enum_type(*id);
                let path = self.path_string();
                let help =
                    did_you_mean(text, e.variants.iter().map(|v| v.name.as_str())).unwrap_or_else(|| {
                        let list: Vec<String> = e.variants.iter().map(|v| format!("`{}`", v.name)).collect();
                        format!("the values of `{}` are {}", e.name, list.join(", "))
                    });
                self.report(
                    Diagnostic::error("E0418", format!("`{text}` is not a `{}` value, in `{path}`", e.name))
                        .at(item.span, format!("not one of the `{}` values", e.name))
                        .help(help),
                );
                None
            }
            Type::Record(_) | Type::List(_) => self.wrong(ty, item, ""),
        }
    }

    /// Why `text` is not an integer (`convert` found it is not one).
    fn int(&mut self, ty: &Type, text: &str, quoted: bool, item: &Item<'a>) -> Option<Value> {
        match parse_decimal(text) {
            Some(Err(())) if !quoted => {
                let path = self.path_string();
                self.report(
                    Diagnostic::error("E0415", format!("the integer `{text}` in `{path}` is out of range"))
                        .at(item.span, "too large for a 64-bit integer")
                        .help("integers in facts lie between -9223372036854775808 and 9223372036854775807"),
                );
                None
            }
            Some(_) => self.wrong(ty, item, "remove the quotes"),
            None => self.wrong(ty, item, "write a whole number, as in `3`"),
        }
    }

    /// Why `text` is not a date (`convert` found it is not one).
    fn date(&mut self, ty: &Type, text: &str, item: &Item<'a>) -> Option<Value> {
        let looks_like_date = text.len() >= 8
            && text.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && text.chars().all(|c| c.is_ascii_digit() || "-:.TZ+ t".contains(c));
        if !looks_like_date {
            return self.wrong(ty, item, "write the date as year-month-day, as in `2017-03-01`");
        }
        let path = self.path_string();
        let help = match text.get(..10).and_then(Date::parse) {
            Some(d) => format!("facts dates are calendar days without a time; write `{d}`"),
            None => {
                "write the date as year-month-day with two-digit month and day, as in `2017-03-01`".into()
            }
        };
        self.report(
            Diagnostic::error("E0416", format!("`{text}` is not a valid date, in `{path}`"))
                .at(item.span, "not a calendar date")
                .help(help),
        );
        None
    }

    /// Why `text` is not a date and time (`convert` found it is not one): `E0414` when it does
    /// not even start like one, else `E0416` with the reason and the fix.
    fn datetime(&mut self, ty: &Type, text: &str, item: &Item<'a>) -> Option<Value> {
        let problem = match DateTime::parse(text) {
            Err(problem) if problem != DateTimeProblem::NotADateTime => problem,
            // `Ok` cannot happen here; it is worded as the generic case.
            _ if parse_decimal(text).is_some() => {
                return self.wrong(
                    ty,
                    item,
                    "a number of seconds is not read as a time; write the date and time with its UTC \
                     offset, as in `2024-03-01T10:15:30+08:00`",
                );
            }
            _ => return self.wrong(ty, item, &DateTimeProblem::NotADateTime.help(text)),
        };
        let path = self.path_string();
        self.report(
            Diagnostic::error("E0416", format!("`{text}` is not a valid date and time, in `{path}`"))
                .at(item.span, problem.label())
                .help(problem.help(text)),
        );
        None
    }

    fn invalid_duration(&mut self, text: &str, item: &Item<'a>, reason: String) -> Option<Value> {
        let path = self.path_string();
        self.report(
            Diagnostic::error("E0417", format!("`{text}` is not a valid duration, in `{path}`"))
                .at(item.span, "not a duration")
                .help(reason),
        );
        None
    }

    fn wrong(&mut self, ty: &Type, item: &Item<'a>, help: &str) -> Option<Value> {
        let help = (!help.is_empty()).then(|| help.to_string());
        self.wrong_type(ty, item, help);
        None
    }

    /// `E0414`: `expected a date like 2017-03-01, found the string "next week"`.
    pub fn wrong_type(&mut self, ty: &Type, item: &Item<'a>, help: Option<String>) {
        let path = self.path_string();
        let expected = expected(self.schema, ty);
        let found = describe(item);
        self.report(
            Diagnostic::error("E0414", format!("expected {expected}, found {found}, in `{path}`"))
                .at(item.span, format!("expected {expected}"))
                .with_help(help),
        );
    }
}

/// The field called `key`, looked for at `hint` first: comparing a few short names is cheaper
/// than hashing the key.
pub(super) fn field_named<'r>(
    record: &'r RecordType,
    key: &str,
    hint: usize,
) -> Option<(usize, &'r FieldType)> {
    if let Some(field) = record.fields.get(hint).filter(|f| f.name == key) {
        return Some((hint, field));
    }
    record.fields.iter().enumerate().find(|(_, f)| f.name == key)
}

/// A scalar's value as type `ty` (never a record or a list), or `None` when it is not one;
/// `quoted` is true for quoted and block scalars. The one definition of what facts accept,
/// shared by the event loader (which then words why not) and the JSON fast path.
pub(super) fn convert(schema: &crate::schema::Schema, ty: &Type, text: &str, quoted: bool) -> Option<Value> {
    match ty {
        Type::String => Some(Value::Str(text.into())),
        Type::Bool => match (text, quoted) {
            ("true" | "True" | "TRUE", false) => Some(Value::Bool(true)),
            ("false" | "False" | "FALSE", false) => Some(Value::Bool(false)),
            _ => None,
        },
        Type::Int => match parse_decimal(text) {
            Some(Ok(n)) if !quoted => Some(Value::Int(n)),
            _ => None,
        },
        Type::Date => Date::parse(text).map(Value::Date),
        Type::DateTime => DateTime::parse(text).ok().map(Value::DateTime),
        Type::Duration { unit } => {
            // Only a text starting with `P` can be one (and a failed parse allocates its reason).
            if let Some(Ok(days)) = text.starts_with('P').then(|| parse_iso_duration(text)) {
                return Some(Value::Duration(days));
            }
            match (unit, quoted, parse_decimal(text)) {
                (Some(unit), false, Some(Ok(n))) => {
                    n.checked_mul(unit.days()).filter(|d| *d >= 0).map(Value::Duration)
                }
                _ => None,
            }
        }
        Type::Enum(id) => schema.enum_type(*id).variant_index(text).map(Value::Enum),
        Type::Record(_) | Type::List(_) => None,
    }
}

/// `Some(Ok(n))` for a decimal integer, `Some(Err(()))` when it overflows i64.
pub(super) fn parse_decimal(text: &str) -> Option<Result<i64, ()>> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse::<i64>().map_err(|_| ()))
}

/// What a type expects, in words: `a date like 2017-03-01`.
pub(crate) fn expected(schema: &crate::schema::Schema, ty: &Type) -> String {
    match ty {
        Type::Bool => "a boolean (`true` or `false`)".into(),
        Type::Int => "an integer".into(),
        Type::String => "a string".into(),
        Type::Date => "a date like 2017-03-01".into(),
        Type::DateTime => "a date and time like 2024-03-01T10:15:30+08:00".into(),
        Type::Duration { unit: None } => "a duration like `P60D`".into(),
        Type::Duration { unit: Some(u) } => {
            format!("a duration like `P60D` or a number of {}", u.name())
        }
        Type::Enum(id) => format!("a `{}` value", schema.enum_type(*id).name),
        Type::Record(id) => format!("a `{}` record (a mapping)", schema.record(*id).name),
        Type::List(_) => format!("a {}", schema.type_name(ty)),
    }
}
