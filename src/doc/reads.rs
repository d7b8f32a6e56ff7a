//! Which facts a rule (or a scope) reads, found in its compiled conditions: `when`, the
//! `for each` list and filter, `require`, and the bodies of the predicates and constants they
//! use, with variables followed back to the lists they range over. Each fact is named by its
//! path in the facts reference (`app.capabilities[].consent_obtained`) and the reference's
//! anchor for it; fields of a named record link to that record's table.

use super::anchor;
use crate::check::program::{Expr, Path, PathRoot, Program, RuleDef, Scope};
use crate::gen::walk::{record_role, RecordRole};
use crate::schema::{Schema, Type};

/// A fact a rule reads, as the facts reference names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FactRef {
    /// `developer.logs.retention`, `app.capabilities[].used`.
    pub path: String,
    /// The facts reference's anchor for the row that describes it.
    pub anchor: String,
}

/// Where a value sits in the schema.
#[derive(Debug, Clone)]
struct Loc {
    ty: Type,
    /// From the document: `app.capabilities[]`.
    path: String,
    /// The innermost named record the value is inside, and the path within it.
    owner: Option<(String, String)>,
}

impl Loc {
    fn fact(&self) -> FactRef {
        let anchor = match &self.owner {
            Some((record, rel)) => anchor::record_field(record, rel),
            None => anchor::fact(&self.path),
        };
        FactRef { path: self.path.clone(), anchor }
    }
}

struct Walker<'a> {
    program: &'a Program,
    env: Vec<Option<Loc>>,
    base: usize,
    depth: usize,
    reads: Vec<FactRef>,
}

/// Every fact the rule reads, in the order first read.
pub fn rule(program: &Program, rule: &RuleDef) -> Vec<FactRef> {
    let mut w = Walker { program, env: Vec::new(), base: 0, depth: 0, reads: Vec::new() };
    if let Some(when) = &rule.when {
        w.expr(&when.expr);
    }
    if let Some(fe) = &rule.for_each {
        let list = w.path(&fe.collection);
        w.env.push(list.map(element));
        if let Some(filter) = &fe.filter {
            w.expr(filter);
        }
    }
    w.expr(&rule.require.expr);
    w.reads
}

/// Every fact a scope condition reads.
pub fn scope(program: &Program, scope: &Scope) -> Vec<FactRef> {
    let mut w = Walker { program, env: Vec::new(), base: 0, depth: 0, reads: Vec::new() };
    w.expr(&scope.condition);
    w.reads
}

/// The reads worth listing: a list is left out when a field of its elements is read.
pub fn shown(reads: &[FactRef]) -> Vec<FactRef> {
    reads
        .iter()
        .filter(|r| {
            !reads.iter().any(|o| {
                o.path.len() > r.path.len()
                    && o.path.starts_with(&r.path)
                    && matches!(o.path.as_bytes().get(r.path.len()), Some(b'.' | b'['))
            })
        })
        .cloned()
        .collect()
}

/// The value of one element of a list.
fn element(list: Loc) -> Loc {
    match list.ty {
        Type::List(inner) => Loc { ty: *inner, ..list },
        _ => list,
    }
}

fn field(schema: &Schema, from: &Loc, step: usize) -> Option<Loc> {
    let Type::Record(id) = &from.ty else { return None };
    let record = schema.records.get(id.0 as usize)?;
    let f = record.fields.get(step)?;
    let name = format!("{}{}", f.name, crate::gen::walk::list_suffix(&f.ty));
    let owner = match record_role(schema, *id) {
        RecordRole::Named => Some((record.name.clone(), name.clone())),
        RecordRole::Inline => from.owner.as_ref().map(|(r, rel)| (r.clone(), format!("{rel}.{name}"))),
        RecordRole::Document => None,
    };
    Some(Loc { ty: f.ty.clone(), path: format!("{}.{name}", from.path), owner })
}

impl Walker<'_> {
    fn note(&mut self, loc: &Loc) {
        let fact = loc.fact();
        if !self.reads.contains(&fact) {
            self.reads.push(fact);
        }
    }

    /// Resolves a path and records every fact along it that is a field.
    fn path(&mut self, p: &Path) -> Option<Loc> {
        let schema = &self.program.schema;
        let mut loc = match p.root {
            PathRoot::Document(d) => {
                let doc = schema.documents.get(d.0 as usize)?;
                Loc { ty: Type::Record(doc.record), path: doc.name.clone(), owner: None }
            }
            PathRoot::Var(slot) => self.env.get(self.base + slot)?.clone()?,
        };
        if p.steps.is_empty() {
            if matches!(p.root, PathRoot::Var(_)) {
                self.note(&loc);
            }
            return Some(loc);
        }
        for &step in &p.steps {
            loc = field(schema, &loc, step)?;
        }
        self.note(&loc);
        Some(loc)
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Path(p) | Expr::Present(p) => {
                self.path(p);
            }
            Expr::Lit(_) | Expr::Set(_) | Expr::AsOf | Expr::SubjectId | Expr::SubjectKind => {}
            Expr::Not(a) | Expr::Neg(a) | Expr::Matches(a, _) => self.expr(a),
            Expr::Const(_, a) => self.expr(a),
            Expr::And(a, b)
            | Expr::Or(a, b)
            | Expr::Compare(_, a, b)
            | Expr::Str(_, a, b)
            | Expr::Add(a, b)
            | Expr::Sub(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            Expr::In { element, collection, .. } => {
                self.expr(element);
                self.expr(collection);
            }
            Expr::Quantifier { collection, body, .. } => {
                let list = match collection.as_ref() {
                    Expr::Path(p) => self.path(p),
                    other => {
                        self.expr(other);
                        None
                    }
                };
                self.env.push(list.map(element));
                self.expr(body);
                self.env.pop();
            }
            Expr::Builtin(_, args, _) => {
                for a in args {
                    self.expr(a);
                }
            }
            Expr::Call(index, args) => self.call(*index, args),
        }
    }

    fn call(&mut self, index: usize, args: &[Expr]) {
        // Predicates call only earlier predicates, so this ends; the bound is for safety.
        let Some(def) = self.program.predicates.get(index).filter(|_| self.depth < 64) else { return };
        let bindings: Vec<Option<Loc>> = args
            .iter()
            .map(|a| match a {
                Expr::Path(p) => self.path(p),
                other => {
                    self.expr(other);
                    None
                }
            })
            .collect();
        let (caller_base, frame) = (self.base, self.env.len());
        self.env.extend(bindings);
        self.base = frame;
        self.depth += 1;
        self.expr(&def.body);
        self.depth -= 1;
        self.env.truncate(frame);
        self.base = caller_base;
    }
}
