//! The checked program: what the evaluator accepts, and nothing else does.
//!
//! Names are resolved (fact paths to field indices, enum literals to variant indices,
//! constants inlined, regexes compiled), types are checked, and every rule knows its
//! citation. Spans are kept for explanations and docs; they are ignored by
//! [`Program::same_meaning`]-style comparisons done on the rendered form.

use crate::schema::{DocumentId, Schema, SubjectKindId};
use crate::source::Span;
use crate::syntax::ast::{Lang, ProvenanceStatus, QuantifierKind, SeverityLevel};
use crate::time::Date;
use regex::Regex;

#[derive(Debug)]
pub struct Program {
    pub schema: Schema,
    /// The packs the program was built from, in load order: id and the version of its
    /// encoding (empty for a policy compiled outside packs).
    pub packs: Vec<(String, Option<String>)>,
    pub regulations: Vec<RegulationInfo>,
    pub rules: Vec<RuleDef>,
    pub predicates: Vec<PredicateDef>,
    pub calendars: Vec<Calendar>,
    pub regexes: Vec<Regex>,
    /// Reasons that depend only on the program, worded by the evaluator on first use.
    pub prepared: std::sync::OnceLock<crate::eval::reasons::Prepared>,
}

/// Text in English and Chinese; either may be missing in a policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Bilingual {
    pub en: Option<String>,
    pub zh: Option<String>,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::Zh => self.zh.as_deref(),
        }
    }
}

#[derive(Debug)]
pub struct RegulationInfo {
    pub id: String,
    /// The pack that declares the regulation.
    pub pack: String,
    pub title: Bilingual,
    pub issuer: Option<String>,
    pub issued: Option<Date>,
    pub in_force_from: Date,
    /// Exclusive: the first day the regulation no longer applies.
    pub in_force_until: Option<Date>,
    pub version: Option<String>,
    /// Where the official text is published.
    pub url: Option<String>,
    /// What replaced the regulation, as the policy says it.
    pub superseded_by: Option<String>,
    pub parties: Vec<Party>,
    pub scopes: Vec<Scope>,
    /// Every article, in chapters or not, by number.
    pub articles: Vec<ProvisionInfo>,
    /// The chapters, by number; empty for a regulation without chapters.
    pub chapters: Vec<ChapterInfo>,
    pub span: Span,
}

impl Program {
    /// The version of the pack that declares regulation `r`, from its manifest.
    pub fn pack_version(&self, r: &RegulationInfo) -> Option<&str> {
        self.packs.iter().find(|(id, _)| *id == r.pack).and_then(|(_, v)| v.as_deref())
    }

    /// The version of `r`'s encoding: its header's `version`, else its pack's.
    pub fn regulation_version<'a>(&'a self, r: &'a RegulationInfo) -> Option<&'a str> {
        r.version.as_deref().or_else(|| self.pack_version(r))
    }
}

impl RegulationInfo {
    /// The chapter an article stands in, if the regulation has chapters.
    pub fn chapter_of(&self, article: u32) -> Option<&ChapterInfo> {
        self.chapters.iter().find(|c| c.articles.contains(&article))
    }

    /// Whether the regulation applies on `date`: from `in_force_from`, before `in_force_until`.
    pub fn in_force_on(&self, date: Date) -> bool {
        date >= self.in_force_from && self.in_force_until.is_none_or(|until| date < until)
    }
}

/// A chapter (章): structure for readers and the documentation site. Articles are numbered
/// through the regulation, so no citation names a chapter.
#[derive(Debug, Clone)]
pub struct ChapterInfo {
    pub number: u32,
    pub heading: Bilingual,
    pub text: Bilingual,
    pub provenance: Option<ProvenanceInfo>,
    /// The numbers of its articles, ascending.
    pub articles: Vec<u32>,
}

#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub subject: SubjectKindId,
    pub title: Bilingual,
}

/// The reach of a regulation for one party: outside it, its rules do not apply.
#[derive(Debug)]
pub struct Scope {
    pub party: usize,
    pub condition: Expr,
    pub citation: Citation,
    /// The condition as written, for reasons and explanations.
    pub source_text: String,
}

/// An article, paragraph or item, kept for reports and generated documentation.
#[derive(Debug)]
pub struct ProvisionInfo {
    pub citation: Citation,
    pub number: u32,
    pub heading: Bilingual,
    pub text: Bilingual,
    pub provenance: Option<ProvenanceInfo>,
    pub no_duty: Option<String>,
    pub children: Vec<ProvisionInfo>,
    /// Indices into [`Program::rules`].
    pub rules: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct ProvenanceInfo {
    pub status: ProvenanceStatus,
    pub note: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Citation {
    /// `cac-2016 Art. 7(6)`
    pub en: String,
    /// `cac-2016 第七条第（六）项`
    pub zh: String,
}

#[derive(Debug)]
pub struct RuleDef {
    /// `cac-2016/user-logs-kept-60-days`
    pub qualified_id: String,
    pub id: String,
    pub regulation: usize,
    pub article: u32,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
    pub citation: Citation,
    pub title: Bilingual,
    pub summary: Bilingual,
    pub severity: SeverityLevel,
    /// Indices into the regulation's parties.
    pub parties: Vec<usize>,
    pub when: Option<Condition>,
    pub for_each: Option<ForEach>,
    pub require: Condition,
    pub message_en: Option<Template>,
    pub message_zh: Option<Template>,
    /// How the text of the provision the rule stands in is known (inherited from above).
    pub provenance: Option<ProvenanceStatus>,
    pub span: Span,
}

/// An expression with the text it was written as.
#[derive(Debug)]
pub struct Condition {
    pub expr: Expr,
    pub source_text: String,
}

#[derive(Debug)]
pub struct ForEach {
    pub slot: usize,
    pub var: String,
    pub collection: Path,
    pub filter: Option<Expr>,
}

#[derive(Debug)]
pub struct PredicateDef {
    pub name: String,
    pub params: usize,
    pub body: Expr,
}

#[derive(Debug)]
pub struct Calendar {
    pub name: String,
    pub covers_from: Date,
    pub covers_to: Date,
    pub rest_weekends: bool,
    /// Sorted, inclusive day ranges.
    pub holidays: Vec<(Date, Date)>,
    pub workdays: Vec<(Date, Date)>,
}

/// A message with `{path}` holes.
#[derive(Debug)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
}

#[derive(Debug)]
pub enum TemplatePart {
    Text(String),
    /// A value to print, and the enum its variants belong to, if any.
    Value(Expr, Option<crate::schema::EnumId>),
}

/// A resolved fact path: a root and field indices.
#[derive(Debug, Clone)]
pub struct Path {
    pub root: PathRoot,
    pub steps: Vec<usize>,
    /// The enum of the value (or of a list's elements), to print its variant names.
    pub enum_type: Option<crate::schema::EnumId>,
    /// As written: `developer.logs.retention`; used for missing-fact lists.
    pub display: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy)]
pub enum PathRoot {
    Document(DocumentId),
    /// A variable bound by a quantifier, a `for each`, or a predicate parameter.
    Var(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrOp {
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Len,
    Max,
    Min,
    PeriodEnd,
    /// The calendar day of a datetime in China Standard Time (UTC+8).
    DateOf,
}

impl Builtin {
    /// Every builtin, in the order the language reference lists them.
    pub const ALL: [Builtin; 5] =
        [Builtin::Len, Builtin::Max, Builtin::Min, Builtin::PeriodEnd, Builtin::DateOf];

    /// The name it is called by.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Len => "len",
            Builtin::Max => "max",
            Builtin::Min => "min",
            Builtin::PeriodEnd => "period_end",
            Builtin::DateOf => "date_of",
        }
    }

    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }

    /// How many arguments it takes.
    pub fn arity(self) -> usize {
        match self {
            Builtin::Len | Builtin::DateOf => 1,
            Builtin::Max | Builtin::Min => 2,
            Builtin::PeriodEnd => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Bool(bool),
    Int(i64),
    Str(String),
    Date(Date),
    /// Whole days.
    Duration(i64),
    /// Calendar months (years are twelve months); only added to or subtracted from dates.
    Months(i64),
    /// A variant of an enum, by index.
    Enum(crate::schema::EnumId, u32),
}

#[derive(Debug)]
pub enum Expr {
    Lit(Lit),
    Set(Vec<Lit>),
    Path(Path),
    AsOf,
    SubjectId,
    SubjectKind,
    Not(Box<Expr>),
    Neg(Box<Expr>),
    /// `path is present`; never unknown.
    Present(Path),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// Membership of an element in a set literal or a list.
    In {
        element: Box<Expr>,
        collection: Box<Expr>,
        negated: bool,
    },
    Str(StrOp, Box<Expr>, Box<Expr>),
    Matches(Box<Expr>, usize),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Quantifier {
        kind: QuantifierKind,
        slot: usize,
        collection: Box<Expr>,
        body: Box<Expr>,
    },
    Builtin(Builtin, Vec<Expr>, Option<usize>),
    Call(usize, Vec<Expr>),
    /// A named constant's computed value (literal constants are inlined bare).
    Const(String, Box<Expr>),
}
