//! Builds the [`Schema`] from `document`, `record`, `enum` and `subject` declarations.

use super::Names;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::schema::*;
use crate::syntax::ast;

const BUILTIN_TYPES: &[&str] = &["string", "integer", "boolean", "date", "duration"];

pub struct SchemaBuilder<'a> {
    pub schema: Schema,
    pub errors: &'a mut Vec<Diagnostic>,
    /// Enums, records and documents share one namespace of type names.
    type_names: Names,
}

impl<'a> SchemaBuilder<'a> {
    pub fn new(errors: &'a mut Vec<Diagnostic>) -> Self {
        SchemaBuilder { schema: Schema::default(), errors, type_names: Names::new("type") }
    }

    /// Declares every enum and named record first, so fields may refer to types declared
    /// later or in another file.
    pub fn declare(&mut self, items: &[&ast::Item]) {
        for item in items {
            match item {
                ast::Item::Enum(e) if self.type_names.declare(&e.name, self.errors) => {
                    self.schema.enums.push(EnumType {
                        name: e.name.text.clone(),
                        doc: text(&e.doc),
                        doc_zh: text(&e.doc_zh),
                        variants: Vec::new(),
                    });
                }
                // Documents are records too, found by name as a facts file's top-level key.
                ast::Item::Record(r) | ast::Item::Document(r)
                    if self.type_names.declare(&r.name, self.errors) =>
                {
                    self.schema.records.push(RecordType::new(r.name.text.clone(), None, Vec::new()));
                    if matches!(item, ast::Item::Document(_)) {
                        let record = RecordId(self.schema.records.len() as u32 - 1);
                        self.schema.documents.push(DocumentType { name: r.name.text.clone(), record });
                    }
                }
                _ => {}
            }
        }
    }

    /// Fills in enum variants and record fields.
    pub fn define(&mut self, items: &[&ast::Item]) {
        for item in items {
            match item {
                ast::Item::Enum(e) => self.define_enum(e),
                ast::Item::Record(r) | ast::Item::Document(r) => self.define_record(r),
                _ => {}
            }
        }
    }

    fn define_enum(&mut self, decl: &ast::EnumDecl) {
        let Some(index) = self.schema.enums.iter().position(|e| e.name == decl.name.text) else { return };
        let mut seen = Names::new("variant");
        let mut variants = Vec::new();
        for v in &decl.variants {
            if seen.declare(&v.name, self.errors) {
                variants.push(EnumVariant {
                    name: v.name.text.clone(),
                    doc: text(&v.doc),
                    doc_zh: text(&v.doc_zh),
                    label_en: text(&v.label_en),
                    label_zh: text(&v.label_zh),
                });
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

    fn fields(&mut self, owner: &str, fields: &[ast::Field]) -> Vec<FieldType> {
        let mut seen = Names::new("field");
        let mut out = Vec::new();
        for f in fields {
            if !seen.declare(&f.name, self.errors) {
                continue;
            }
            let ty = self.resolve(&format!("{owner}.{}", f.name.text), &f.ty);
            out.push(FieldType {
                name: f.name.text.clone(),
                ty,
                doc: text(&f.docs.doc),
                doc_zh: text(&f.docs.doc_zh),
                source: text(&f.docs.source),
                source_zh: text(&f.docs.source_zh),
            });
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
            ast::TypeExpr::InlineRecord { docs, fields, .. } => {
                let fields = self.fields(owner, fields);
                let mut record = RecordType::new(owner.to_string(), text(&docs.doc), fields);
                record.doc_zh = text(&docs.doc_zh);
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
        let mut builder = SchemaBuilder { schema: schema.clone(), errors, type_names: Names::new("type") };
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

fn alias_hint(name: &str) -> Option<String> {
    let canonical = match name {
        "str" | "text" => "string",
        "int" | "number" | "i64" => "integer",
        "bool" => "boolean",
        _ => return None,
    };
    Some(format!("the type is spelled `{canonical}`"))
}
