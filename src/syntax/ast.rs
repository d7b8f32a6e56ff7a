//! The typed syntax tree. Every node carries a `Copy` [`Span`]; names keep their own span so
//! diagnostics can point at exactly the word that is wrong.

use crate::source::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// A parsed policy file: its declarations in source order and its comments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
}

/// A `// …` comment, kept with its position so a formatter can put it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

// Declarations differ in size; a file holds a handful, so boxing them buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Document(RecordDecl),
    Record(RecordDecl),
    Enum(EnumDecl),
    Subject(SubjectDecl),
    Const(ConstDecl),
    Predicate(PredicateDecl),
    Calendar(CalendarDecl),
    /// A party declared outside a regulation, for the regulations of this pack and of the
    /// packs that depend on it.
    Party(PartyDecl),
    /// `pack ID { … }`: the manifest of the pack the file belongs to.
    Pack(PackDecl),
    /// Fields or enum values added to a type that may be declared in another pack.
    Extend(ExtendDecl),
    Regulation(Regulation),
    /// A rule outside any provision: a compile error, kept so the checker can say where.
    StrayRule(Rule),
}

/// Prose in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub value: String,
    pub span: Span,
    /// Written as a `"""raw"""` literal (kept exactly) rather than an escaped string.
    pub raw: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LangText {
    pub lang: Lang,
    pub text: Text,
    pub span: Span,
}

/// What a declaration means (`doc`) and where its value comes from (`source`), in English
/// (`doc`, `doc.en`) and in Chinese (`doc.zh`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    pub doc: Option<Text>,
    pub doc_zh: Option<Text>,
    pub source: Option<Text>,
    pub source_zh: Option<Text>,
}

// ───────────── schema ─────────────

#[derive(Debug, Clone, PartialEq)]
pub struct RecordDecl {
    pub name: Name,
    pub docs: Docs,
    /// `key FIELD` (named records only): the field that identifies an element of a list.
    pub key: Option<Name>,
    pub fields: Vec<Field>,
    /// Lints silenced for the declaration and everything in it.
    pub allows: Vec<Allow>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Name,
    pub ty: TypeExpr,
    pub docs: Docs,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A named type: a builtin (`string`, `integer`, `boolean`, `date`, `duration`) or a
    /// declared record or enum.
    Named(Name),
    List {
        element: Box<TypeExpr>,
        span: Span,
    },
    /// `duration in days`: a number in facts is read in this unit.
    DurationIn {
        unit: TimeUnit,
        span: Span,
    },
    InlineRecord {
        docs: Docs,
        fields: Vec<Field>,
        span: Span,
    },
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named(n) => n.span,
            TypeExpr::List { span, .. }
            | TypeExpr::DurationIn { span, .. }
            | TypeExpr::InlineRecord { span, .. } => *span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDecl {
    pub name: Name,
    pub doc: Option<Text>,
    pub doc_zh: Option<Text>,
    pub variants: Vec<EnumVariant>,
    /// Lints silenced for the enumeration and its values.
    pub allows: Vec<Allow>,
    pub span: Span,
}

/// `news "Internet news information service" label.zh "新闻" doc.zh "互联网新闻信息服务"`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: Name,
    /// The English description: the string after the name, or `doc.en`.
    pub doc: Option<Text>,
    pub doc_zh: Option<Text>,
    /// `label.en`, `label.zh`: the short words for the value inside a sentence.
    pub label_en: Option<Text>,
    pub label_zh: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubjectDecl {
    pub name: Name,
    pub id: Expr,
    pub doc: Option<Text>,
    pub doc_zh: Option<Text>,
    pub allows: Vec<Allow>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConstDecl {
    pub name: Name,
    pub value: Expr,
    pub doc: Option<Text>,
    pub doc_zh: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PredicateDecl {
    pub name: Name,
    pub params: Vec<Param>,
    pub body: Expr,
    pub doc: Option<Text>,
    pub doc_zh: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Name,
    pub ty: TypeExpr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarDecl {
    pub name: Name,
    pub docs: Docs,
    pub covers: DateRange,
    pub rest_weekends: bool,
    pub holidays: Vec<DateRange>,
    pub workdays: Vec<DateRange>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateRange {
    pub from: DateLit,
    pub to: DateLit,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateLit {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub span: Span,
}

// ───────────── packs ─────────────

/// A pack's manifest: `pack cac-2016 { version "2.0.0" requires base }`.
#[derive(Debug, Clone, PartialEq)]
pub struct PackDecl {
    pub id: Name,
    pub titles: Vec<LangText>,
    /// The version of the encoding (not of the law).
    pub version: Option<Text>,
    /// The packs this one depends on, as written.
    pub requires: Vec<Name>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtendKind {
    Document,
    Record,
    Enum,
}

impl ExtendKind {
    pub fn keyword(self) -> &'static str {
        match self {
            ExtendKind::Document => "document",
            ExtendKind::Record => "record",
            ExtendKind::Enum => "enum",
        }
    }
}

/// `extend document app { … }`, `extend record app.registration { … }`, `extend enum platform { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtendDecl {
    pub kind: ExtendKind,
    /// The type extended: a name, or for an inline record its path (`app.registration`).
    pub target: Name,
    /// Fields added (documents and records).
    pub fields: Vec<Field>,
    /// Values added (enums).
    pub variants: Vec<EnumVariant>,
    pub span: Span,
}

// ───────────── regulation ─────────────

#[derive(Debug, Clone, PartialEq)]
pub struct Regulation {
    pub id: Name,
    pub titles: Vec<LangText>,
    pub issuer: Option<Text>,
    pub issued: Option<DateLit>,
    pub in_force: Option<InForce>,
    pub version: Option<Text>,
    /// `url "…"`: where the official text is published.
    pub url: Option<Text>,
    /// `superseded by "…"`: what replaced the regulation.
    pub superseded_by: Option<Text>,
    pub parties: Vec<PartyDecl>,
    pub consts: Vec<ConstDecl>,
    pub predicates: Vec<PredicateDecl>,
    /// Articles standing directly in the regulation (one without chapters).
    pub articles: Vec<Provision>,
    pub chapters: Vec<Chapter>,
    pub stray_rules: Vec<Rule>,
    pub allows: Vec<Allow>,
    pub span: Span,
}

impl Regulation {
    /// Every article of the block, with the chapter it stands in: the bare articles first,
    /// then each chapter's, in source order within each.
    pub fn all_articles(&self) -> impl Iterator<Item = (&Provision, Option<&Chapter>)> {
        let bare = self.articles.iter().map(|a| (a, None));
        bare.chain(self.chapters.iter().flat_map(|c| c.articles.iter().map(move |a| (a, Some(c)))))
    }
}

/// A chapter (章): headings, texts and provenance for readers, and its articles. Articles are
/// numbered through the whole regulation, so a chapter is no part of any citation.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub number: u32,
    pub number_span: Span,
    pub headings: Vec<LangText>,
    pub texts: Vec<LangText>,
    /// Inherited by the chapter's articles that do not give their own.
    pub provenance: Option<Provenance>,
    pub articles: Vec<Provision>,
    /// Rules written directly in the chapter: a compile error, kept so the checker can say where.
    pub stray_rules: Vec<Rule>,
    pub allows: Vec<Allow>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InForce {
    pub from: DateLit,
    pub until: Option<DateLit>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartyDecl {
    pub name: Name,
    pub subject: Name,
    pub titles: Vec<LangText>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProvisionLevel {
    Article,
    Paragraph,
    Item,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProvenanceStatus {
    Verbatim,
    Assembled,
    Reconstructed,
}

impl ProvenanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProvenanceStatus::Verbatim => "verbatim",
            ProvenanceStatus::Assembled => "assembled",
            ProvenanceStatus::Reconstructed => "reconstructed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub status: ProvenanceStatus,
    pub note: Option<Text>,
    pub source: Option<Text>,
    pub span: Span,
}

/// An article (条), paragraph (款) or item (项).
#[derive(Debug, Clone, PartialEq)]
pub struct Provision {
    pub level: ProvisionLevel,
    pub number: u32,
    pub number_span: Span,
    pub headings: Vec<LangText>,
    pub texts: Vec<LangText>,
    pub provenance: Option<Provenance>,
    pub no_duty: Option<Text>,
    pub scopes: Vec<ScopeDecl>,
    pub children: Vec<Provision>,
    pub rules: Vec<Rule>,
    pub allows: Vec<Allow>,
    pub span: Span,
}

/// `allow W0307 "reason"`: silences a lint in the block it stands in.
#[derive(Debug, Clone, PartialEq)]
pub struct Allow {
    pub code: Name,
    pub reason: Text,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScopeDecl {
    pub party: Name,
    pub condition: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SeverityLevel {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: Name,
    pub titles: Vec<LangText>,
    pub summaries: Vec<LangText>,
    pub messages: Vec<LangText>,
    pub severity: Option<(SeverityLevel, Span)>,
    pub applies_to: Vec<Name>,
    pub when: Option<Expr>,
    pub for_each: Option<ForEach>,
    pub require: Option<Expr>,
    pub allows: Vec<Allow>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForEach {
    pub var: Name,
    pub collection: Expr,
    pub filter: Option<Expr>,
    pub span: Span,
}

// ───────────── expressions ─────────────

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Days,
    Weeks,
    Months,
    Years,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Contains,
    StartsWith,
    EndsWith,
    Matches,
    Add,
    Sub,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Contains => "contains",
            BinaryOp::StartsWith => "starts_with",
            BinaryOp::EndsWith => "ends_with",
            BinaryOp::Matches => "matches",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Not,
    Neg,
    IsPresent,
    IsAbsent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantifierKind {
    All,
    Any,
    None,
    Count,
}

impl QuantifierKind {
    pub fn keyword(self) -> &'static str {
        match self {
            QuantifierKind::All => "all",
            QuantifierKind::Any => "any",
            QuantifierKind::None => "none",
            QuantifierKind::Count => "count",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathRoot {
    /// A document, variable, constant or parameter name; resolved by the checker.
    Name(Name),
    AsOf(Span),
    Subject(Span),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub root: PathRoot,
    pub fields: Vec<Name>,
    pub span: Span,
}

impl Path {
    /// The path as written: `developer.logs.retention`.
    pub fn display(&self) -> String {
        let mut out = match &self.root {
            PathRoot::Name(n) => n.text.clone(),
            PathRoot::AsOf(_) => "as_of".to_string(),
            PathRoot::Subject(_) => "subject".to_string(),
        };
        for f in &self.fields {
            out.push('.');
            out.push_str(&f.text);
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Integer(i64),
    String(String),
    Date(DateLit),
    Duration {
        amount: i64,
        unit: TimeUnit,
    },
    Set(Vec<Expr>),
    Path(Path),
    Call {
        name: Name,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Quantifier {
        kind: QuantifierKind,
        var: Name,
        collection: Box<Expr>,
        body: Box<Expr>,
    },
    /// Stands in for an expression that failed to parse, so later passes can go on.
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}
