//! Builds the [`Schema`] from `document`, `record`, `enum` and `subject` declarations.

use super::scope::PackMap;
use super::Names;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::schema::*;
use crate::source::Span;
use crate::syntax::ast;
use std::collections::HashMap;

const BUILTIN_TYPES: &[&str] = &["string", "integer", "boolean", "date", "datetime", "duration"];

pub struct SchemaBuilder<'a> {
    pub schema: Schema,
    pub errors: &'a mut Vec<Diagnostic>,
    packs: PackMap,
    /// Enums, records and documents share one namespace of type names, across packs: one
    /// app has one set of facts.
    type_names: HashMap<String, Span>,
    /// Where each field (by record name and field name) and enum value is declared, to name
    /// both places when an extension adds one again.
    declared_at: HashMap<(String, String), Span>,
}

impl<'a> SchemaBuilder<'a> {
    pub fn new(errors: &'a mut Vec<Diagnostic>, packs: &PackMap) -> Self {
        SchemaBuilder {
            schema: Schema::default(),
            errors,
            packs: packs.clone(),
            type_names: HashMap::new(),
            declared_at: HashMap::new(),
        }
    }

    fn pack_of(&self, span: Span) -> String {
        self.packs.id(self.packs.of(span)).to_string()
    }

    /// Records a type name; reports a second declaration, naming both packs when they differ.
    fn declare_type(&mut self, name: &ast::Name, keyword: &str) -> bool {
        let Some(first) = self.type_names.get(&name.text).copied() else {
            self.type_names.insert(name.text.clone(), name.span);
            return true;
        };
        let (here, there) = (self.packs.of(name.span), self.packs.of(first));
        let mut d = if here == there {
            Diagnostic::error("E0205", format!("the type `{}` is declared twice", name.text))
        } else {
            Diagnostic::error(
                "E0205",
                format!(
                    "the type `{}` is declared by pack `{}` and by pack `{}`",
                    name.text,
                    self.packs.id(there),
                    self.packs.id(here)
                ),
            )
            .note("documents, records and enums are one namespace across packs: one app has one set of facts")
        };
        d = d.at(name.span, "declared again here").also(first, "first declared here");
        if here != there {
            d = d.help(format!(
                "to add to the existing type, write `extend {keyword} {} {{ … }}`; for a different type, choose another name",
                name.text
            ));
        }
        self.errors.push(d);
        false
    }

    /// Declares every enum and named record first, so fields may refer to types declared
    /// later or in another file.
    pub fn declare(&mut self, items: &[&ast::Item]) {
        for item in items {
            match item {
                ast::Item::Enum(e) if self.declare_type(&e.name, "enum") => {
                    self.schema.enums.push(EnumType {
                        name: e.name.text.clone(),
                        doc: text(&e.doc),
                        doc_zh: text(&e.doc_zh),
                        variants: Vec::new(),
                        pack: self.pack_of(e.name.span),
                    });
                }
                // Documents are records too, found by name as a facts file's top-level key.
                ast::Item::Record(r) | ast::Item::Document(r)
                    if self.declare_type(
                        &r.name,
                        if matches!(item, ast::Item::Document(_)) { "document" } else { "record" },
                    ) =>
                {
                    let mut record = RecordType::new(r.name.text.clone(), None, Vec::new());
                    record.pack = self.pack_of(r.name.span);
                    self.schema.records.push(record);
                    if matches!(item, ast::Item::Document(_)) {
                        let record = RecordId(self.schema.records.len() as u32 - 1);
                        self.schema.documents.push(DocumentType { name: r.name.text.clone(), record });
                    }
                }
                _ => {}
            }
        }
    }

    /// Fills in enum variants and record fields, then adds the extensions, in load order.
    pub fn define(&mut self, items: &[&ast::Item]) {
        for item in items {
            match item {
                ast::Item::Enum(e) => self.define_enum(e),
                ast::Item::Record(r) | ast::Item::Document(r) => self.define_record(r),
                _ => {}
            }
        }
        for item in items {
            if let ast::Item::Extend(e) = item {
                self.extend(e);
            }
        }
    }

    /// `extend document|record|enum NAME { … }`: fields or values added at the end.
    fn extend(&mut self, ext: &ast::ExtendDecl) {
        let pack = self.pack_of(ext.span);
        let target = &ext.target.text;
        if ext.kind == ast::ExtendKind::Enum {
            let Some(index) = self.schema.enums.iter().position(|e| e.name == *target) else {
                let help = did_you_mean(target, self.schema.enums.iter().map(|e| e.name.as_str()));
                return self.unknown_extended(ext, "enum", help);
            };
            for v in &ext.variants {
                let key = (target.clone(), v.name.text.clone());
                if let Some(first) = self.declared_at.get(&key).copied() {
                    self.errors.push(self.added_twice("value", &v.name, target, first));
                    continue;
                }
                self.declared_at.insert(key, v.name.span);
                self.schema.enums[index].variants.push(enum_variant(v, &pack));
            }
            return;
        }
        let Some(index) = self.schema.records.iter().position(|r| r.name == *target) else {
            let names = self.schema.records.iter().map(|r| r.name.as_str());
            let help = did_you_mean(target, names).or_else(|| {
                target.contains('.').then(|| {
                    "only an inline record is extended by its path; a named record is extended by its name".to_string()
                })
            });
            return self.unknown_extended(ext, ext.kind.keyword(), help);
        };
        let is_document = self.schema.documents.iter().any(|d| d.name == *target);
        if is_document != (ext.kind == ast::ExtendKind::Document) {
            let (is, write) = if is_document { ("a document", "document") } else { ("a record", "record") };
            self.errors.push(
                Diagnostic::error("E0230", format!("`{target}` is {is}, not a {}", ext.kind.keyword()))
                    .at(ext.target.span, is)
                    .help(format!("write `extend {write} {target} {{ … }}`")),
            );
            return;
        }
        let mut added = Vec::new();
        for f in &ext.fields {
            let key = (target.clone(), f.name.text.clone());
            if let Some(first) = self.declared_at.get(&key).copied() {
                self.errors.push(self.added_twice("field", &f.name, target, first));
                continue;
            }
            added.push(self.field_type(target, f));
        }
        for field in added {
            self.schema.records[index].push_field(field);
        }
    }

    fn unknown_extended(&mut self, ext: &ast::ExtendDecl, what: &str, help: Option<String>) {
        self.errors.push(
            Diagnostic::error("E0230", format!("there is no {what} `{}` to extend", ext.target.text))
                .at(ext.target.span, format!("no {what} has this name"))
                .with_help(help.or_else(|| {
                    Some("an extension adds to a type declared in this pack or one it depends on".into())
                })),
        );
    }

    fn added_twice(&self, what: &str, name: &ast::Name, owner: &str, first: Span) -> Diagnostic {
        let (here, there) = (self.packs.of(name.span), self.packs.of(first));
        let message = if here == there {
            format!("`{owner}` already has the {what} `{}`", name.text)
        } else {
            format!("`{owner}` already has the {what} `{}`, from pack `{}`", name.text, self.packs.id(there))
        };
        Diagnostic::error("E0205", message)
            .at(name.span, "added again here")
            .also(first, "first declared here")
            .help(format!(
                "an extension adds new {what}s; give this one another name, or use the existing one"
            ))
    }

    fn define_enum(&mut self, decl: &ast::EnumDecl) {
        let Some(index) = self.schema.enums.iter().position(|e| e.name == decl.name.text) else { return };
        let mut seen = Names::new("variant");
        let mut variants = Vec::new();
        let pack = self.pack_of(decl.name.span);
        for v in &decl.variants {
            if seen.declare(&v.name, self.errors) {
                self.declared_at.insert((decl.name.text.clone(), v.name.text.clone()), v.name.span);
                variants.push(enum_variant(v, &pack));
            }
        }
        if variants.is_empty() {
            self.errors.push(
                Diagnostic::error("E0219", format!("enum `{}` has no variants", decl.name.text))
                    .at(decl.name.span, "declared here with nothing in it"),
            );
        }
        self.schema.enums[index].variants = variants;
    }

    fn define_record(&mut self, decl: &ast::RecordDecl) {
        let Some(index) = self.schema.records.iter().position(|r| r.name == decl.name.text) else { return };
        let fields = self.fields(&decl.name.text, &decl.fields);
        let doc = text(&decl.docs.doc);
        let mut record = RecordType::new(decl.name.text.clone(), doc, fields);
        record.pack = self.pack_of(decl.name.span);
        record.doc_zh = text(&decl.docs.doc_zh);
        if let Some(key) = &decl.key {
            record.key = self.record_key(&record, key);
        }
        self.schema.records[index] = record;
    }

    /// `key FIELD`: a string or enum field of the record, the things an element is named by.
    fn record_key(&mut self, record: &RecordType, key: &ast::Name) -> Option<usize> {
        let Some((index, field)) = record.field(&key.text) else {
            let names = record.fields.iter().map(|f| f.name.as_str());
            let help = did_you_mean(&key.text, names)
                .unwrap_or_else(|| "the key must be one of the record's own fields".to_string());
            self.errors.push(
                Diagnostic::error(
                    "E0221",
                    format!("`{}` has no field `{}` to key on", record.name, key.text),
                )
                .at(key.span, "not a field of this record")
                .help(help),
            );
            return None;
        };
        if !matches!(field.ty, Type::String | Type::Enum(_)) {
            self.errors.push(
                Diagnostic::error(
                    "E0221",
                    format!("the key `{}` must be a string or an enum field", key.text),
                )
                .at(key.span, format!("this field is {}", self.schema.type_name(&field.ty)))
                .help("an element of a list is identified by a name or an enum value, e.g. `key capability`"),
            );
            return None;
        }
        Some(index)
    }

    /// A field of `owner` (declared there or added by an extension), its type resolved and its
    /// place recorded; its pack is the one of the file it is written in.
    fn field_type(&mut self, owner: &str, f: &ast::Field) -> FieldType {
        self.declared_at.insert((owner.to_string(), f.name.text.clone()), f.name.span);
        let ty = self.resolve(&format!("{owner}.{}", f.name.text), &f.ty);
        FieldType {
            name: f.name.text.clone(),
            ty,
            doc: text(&f.docs.doc),
            doc_zh: text(&f.docs.doc_zh),
            source: text(&f.docs.source),
            source_zh: text(&f.docs.source_zh),
            pack: self.pack_of(f.name.span),
        }
    }

    fn fields(&mut self, owner: &str, fields: &[ast::Field]) -> Vec<FieldType> {
        let mut seen = Names::new("field");
        let mut out = Vec::new();
        for f in fields {
            if !seen.declare(&f.name, self.errors) {
                continue;
            }
            out.push(self.field_type(owner, f));
        }
        out
    }

    /// Resolves a written type. Unknown names are reported and become `string`, so one
    /// mistake gives one diagnostic.
    pub fn resolve(&mut self, owner: &str, ty: &ast::TypeExpr) -> Type {
        match ty {
            ast::TypeExpr::Named(name) => match name.text.as_str() {
                "string" => Type::String,
                "integer" => Type::Int,
                "boolean" => Type::Bool,
                "date" => Type::Date,
                "datetime" => Type::DateTime,
                "duration" => Type::Duration { unit: None },
                other => {
                    if let Some(i) = self.schema.enums.iter().position(|e| e.name == other) {
                        Type::Enum(EnumId(i as u32))
                    } else if let Some(i) = self.schema.records.iter().position(|r| r.name == other) {
                        if self.schema.documents.iter().any(|d| d.name == other) {
                            self.errors.push(
                                Diagnostic::error(
                                    "E0204",
                                    format!("`{other}` is a document kind, not a type"),
                                )
                                .at(name.span, "documents are top-level facts and cannot be nested")
                                .help("declare a `record` for the shared shape and use it in both places"),
                            );
                        }
                        Type::Record(RecordId(i as u32))
                    } else {
                        let candidates = BUILTIN_TYPES
                            .iter()
                            .copied()
                            .chain(self.schema.enums.iter().map(|e| e.name.as_str()))
                            .chain(self.schema.records.iter().map(|r| r.name.as_str()));
                        let help = did_you_mean(other, candidates).or_else(|| alias_hint(other));
                        self.errors.push(
                            Diagnostic::error("E0204", format!("unknown type `{other}`"))
                                .at(name.span, "no type has this name")
                                .with_help(help),
                        );
                        Type::String
                    }
                }
            },
            ast::TypeExpr::List { element, .. } => Type::List(Box::new(self.resolve(owner, element))),
            ast::TypeExpr::DurationIn { unit, span } => {
                let unit = match unit {
                    ast::TimeUnit::Days => DurationUnit::Days,
                    ast::TimeUnit::Weeks => DurationUnit::Weeks,
                    ast::TimeUnit::Months | ast::TimeUnit::Years => {
                        self.errors.push(
                            Diagnostic::error(
                                "E0214",
                                "a duration field cannot be counted in months or years",
                            )
                            .at(*span, "months and years are not a fixed number of days")
                            .help("use `duration in days` or `duration in weeks`"),
                        );
                        DurationUnit::Days
                    }
                };
                Type::Duration { unit: Some(unit) }
            }
            ast::TypeExpr::InlineRecord { docs, fields, span } => {
                let fields = self.fields(owner, fields);
                let mut record = RecordType::new(owner.to_string(), text(&docs.doc), fields);
                record.doc_zh = text(&docs.doc_zh);
                record.pack = self.pack_of(*span);
                self.schema.records.push(record);
                Type::Record(RecordId(self.schema.records.len() as u32 - 1))
            }
        }
    }

    /// Resolves a predicate parameter's type (no inline records there).
    pub fn resolve_param(
        schema: &Schema,
        ty: &ast::TypeExpr,
        errors: &mut Vec<Diagnostic>,
    ) -> super::types::Ty {
        let mut builder = SchemaBuilder {
            schema: schema.clone(),
            errors,
            packs: PackMap::single(""),
            type_names: HashMap::new(),
            declared_at: HashMap::new(),
        };
        if let ast::TypeExpr::InlineRecord { span, .. } = ty {
            builder.errors.push(
                Diagnostic::error("E0204", "a parameter's type cannot be an inline record")
                    .at(*span, "declare a named `record` and use its name"),
            );
            return super::types::Ty::Error;
        }
        let resolved = builder.resolve("parameter", ty);
        super::types::Ty::from_schema(&resolved)
    }

    /// Subject kinds, after the records are defined.
    pub fn subjects(&mut self, items: &[&ast::Item]) {
        let mut seen = Names::new("subject kind");
        for item in items {
            let ast::Item::Subject(decl) = item else { continue };
            if !seen.declare(&decl.name, self.errors) {
                continue;
            }
            if let Some(kind) = self.subject_kind(decl) {
                self.schema.subjects.push(kind);
            }
        }
    }

    fn subject_kind(&mut self, decl: &ast::SubjectDecl) -> Option<SubjectKind> {
        let ast::ExprKind::Path(path) = &decl.id.kind else { return None };
        let ast::PathRoot::Name(root) = &path.root else {
            self.errors.push(
                Diagnostic::error("E0201", "a subject's id must be a fact path in a document")
                    .at(path.span, "not a document path"),
            );
            return None;
        };
        let Some((document, doc_type)) = self.schema.document_by_name(&root.text) else {
            let help = did_you_mean(&root.text, self.schema.documents.iter().map(|d| d.name.as_str()));
            self.errors.push(
                Diagnostic::error("E0201", format!("unknown document `{}`", root.text))
                    .at(root.span, "no document kind has this name")
                    .with_help(help),
            );
            return None;
        };
        let mut record = doc_type.record;
        let mut id_fields = Vec::new();
        for (i, field) in path.fields.iter().enumerate() {
            let rec = self.schema.record(record);
            let Some((index, f)) = rec.field(&field.text) else {
                let help = did_you_mean(&field.text, rec.fields.iter().map(|f| f.name.as_str()));
                self.errors.push(
                    Diagnostic::error("E0202", format!("`{}` has no field `{}`", rec.name, field.text))
                        .at(field.span, "unknown field")
                        .with_help(help),
                );
                return None;
            };
            id_fields.push(index);
            match (&f.ty, i + 1 == path.fields.len()) {
                (Type::Record(r), false) => record = *r,
                (Type::String, true) => {}
                _ => {
                    self.errors.push(
                        Diagnostic::error("E0203", "a subject's id must be a string field")
                            .at(path.span, format!("this is {}", self.schema.type_name(&f.ty))),
                    );
                    return None;
                }
            }
        }
        if id_fields.is_empty() {
            self.errors.push(
                Diagnostic::error("E0203", "a subject's id must be a string field")
                    .at(path.span, "this is a whole document"),
            );
            return None;
        }
        Some(SubjectKind {
            name: decl.name.text.clone(),
            doc: text(&decl.doc),
            doc_zh: text(&decl.doc_zh),
            document,
            id_fields,
            id_path: path.display(),
        })
    }
}

/// A declaration's prose, as the schema keeps it.
fn text(t: &Option<ast::Text>) -> Option<String> {
    t.as_ref().map(|t| t.value.clone())
}

/// An enum value as the schema holds it, declared or added by `pack`.
fn enum_variant(v: &ast::EnumVariant, pack: &str) -> EnumVariant {
    EnumVariant {
        name: v.name.text.clone(),
        doc: text(&v.doc),
        doc_zh: text(&v.doc_zh),
        label_en: text(&v.label_en),
        label_zh: text(&v.label_zh),
        pack: pack.to_string(),
    }
}

fn alias_hint(name: &str) -> Option<String> {
    let canonical = match name {
        "str" | "text" => "string",
        "int" | "number" | "i64" => "integer",
        "bool" => "boolean",
        "timestamp" | "date_time" | "instant" => "datetime",
        _ => return None,
    };
    Some(format!("the type is spelled `{canonical}`"))
}
