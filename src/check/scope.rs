//! Which names are in view where: packs, and the constants, calendars and parties each one
//! can see.
//!
//! A pack's top-level constants, predicates, calendars and parties belong to it. They are in
//! view in the pack itself and in every pack that depends on it, directly or not. A name
//! declared by the pack being checked wins over a dependency's; a name that two dependencies
//! declare must be qualified with the pack's id (`base::app_provider`), and the checker says
//! so rather than choosing one. A qualified name is always accepted for a pack in view. The
//! fact schema is not scoped: one app has one set of facts, so types are one namespace across
//! every loaded pack (see `schema.rs`).

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::ast;
use std::collections::HashMap;

/// Which pack each file belongs to and which packs each one sees.
#[derive(Debug, Clone)]
pub struct PackMap {
    ids: Vec<String>,
    files: HashMap<FileId, usize>,
    /// For each pack: itself first, then every pack it depends on, directly or not, in load order.
    visible: Vec<Vec<usize>>,
}

impl PackMap {
    /// Every file in one pack that depends on nothing.
    pub fn single(id: &str) -> PackMap {
        PackMap { ids: vec![id.to_string()], files: HashMap::new(), visible: vec![vec![0]] }
    }

    /// Packs in load order (every pack after the packs it depends on), each with the indices
    /// of its direct dependencies.
    pub fn new(packs: &[(String, Vec<usize>)]) -> PackMap {
        let mut visible: Vec<Vec<usize>> = Vec::new();
        for (index, (_, deps)) in packs.iter().enumerate() {
            let mut seen = vec![index];
            for &dep in deps {
                for &transitive in visible.get(dep).map_or(&[][..], Vec::as_slice) {
                    if !seen.contains(&transitive) {
                        seen.push(transitive);
                    }
                }
            }
            visible.push(seen);
        }
        PackMap { ids: packs.iter().map(|(id, _)| id.clone()).collect(), files: HashMap::new(), visible }
    }

    pub fn assign(&mut self, file: FileId, pack: usize) {
        self.files.insert(file, pack);
    }

    /// The pack a declaration belongs to, by the file it is written in.
    pub fn of(&self, span: Span) -> usize {
        self.files.get(&span.file).copied().unwrap_or(0)
    }

    pub fn id(&self, pack: usize) -> &str {
        self.ids.get(pack).map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|i| i == id)
    }

    /// The pack itself and every pack it depends on.
    pub fn visible(&self, pack: usize) -> &[usize] {
        self.visible.get(pack).map_or(&[], Vec::as_slice)
    }

    pub fn sees(&self, pack: usize, other: usize) -> bool {
        self.visible(pack).contains(&other)
    }
}

/// `pack::name` split in two; `None` for an unqualified name.
pub fn split_qualified(name: &str) -> Option<(&str, &str)> {
    name.split_once("::")
}

/// How a name written in one pack resolves among declarations of several packs.
pub enum Lookup<T> {
    Found(T),
    Missing,
    /// Declared by several packs in view, none of them the one being checked.
    Ambiguous(Vec<String>),
    /// `pack::name` for a pack this one does not depend on.
    PackNotInView(String),
}

/// Resolves `written` (qualified or not) in `pack` among `(declaring pack, value)` pairs.
pub fn resolve<'v, T>(
    packs: &PackMap,
    pack: usize,
    written: &str,
    candidates: &'v [(usize, T)],
    name_of: impl Fn(&T) -> &str,
) -> Lookup<&'v T> {
    if let Some((qualifier, name)) = split_qualified(written) {
        let Some(target) = packs.index(qualifier).filter(|t| packs.sees(pack, *t)) else {
            return Lookup::PackNotInView(qualifier.to_string());
        };
        return candidates
            .iter()
            .find(|(p, v)| *p == target && name_of(v) == name)
            .map_or(Lookup::Missing, |(_, v)| Lookup::Found(v));
    }
    let matching: Vec<&(usize, T)> =
        candidates.iter().filter(|(p, v)| name_of(v) == written && packs.sees(pack, *p)).collect();
    if let Some((_, own)) = matching.iter().find(|(p, _)| *p == pack) {
        return Lookup::Found(own);
    }
    let mut declaring: Vec<usize> = matching.iter().map(|(p, _)| *p).collect();
    declaring.dedup();
    match (matching.first(), declaring.len()) {
        (None, _) => Lookup::Missing,
        (Some((_, only)), 1) => Lookup::Found(only),
        _ => Lookup::Ambiguous(declaring.iter().map(|p| packs.id(*p).to_string()).collect()),
    }
}

/// E0231: a name several packs in view declare, written without its pack.
pub fn ambiguous(what: &str, name: &ast::Name, packs: &[String]) -> Diagnostic {
    let list = packs.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" and ");
    let example = packs.first().map_or(String::new(), |p| format!("`{p}::{}`", name.text));
    Diagnostic::error("E0231", format!("the {what} `{}` is declared by packs {list}", name.text))
        .at(name.span, "which one is meant")
        .help(format!("qualify the name with the pack that declares it, e.g. {example}"))
}

/// E0231: `pack::name` for a pack that is not loaded or not a dependency.
pub fn pack_not_in_view(name: &ast::Name, pack: &str, packs: &PackMap, from: usize) -> Diagnostic {
    let in_view: Vec<String> = packs.visible(from).iter().map(|p| format!("`{}`", packs.id(*p))).collect();
    Diagnostic::error(
        "E0231",
        format!("`{}` names pack `{pack}`, which this pack does not depend on", name.text),
    )
    .at(name.span, "not a pack in view")
    .help(format!(
        "packs in view here: {}; add `requires {pack}` to this pack's manifest to use its names",
        in_view.join(", ")
    ))
}

/// A constant and the view its body is resolved in (the one where it is declared).
#[derive(Clone, Copy)]
pub struct ConstRef<'a> {
    pub decl: &'a ast::ConstDecl,
    pub view: usize,
}

/// The constants and calendars in view in one pack, or in one regulation (which adds its own
/// constants to its pack's).
#[derive(Clone)]
pub struct View<'a> {
    pub pack: usize,
    /// The regulation whose own predicates are in view, if any.
    pub regulation: Option<usize>,
    /// By the name as written: `x` and `pack::x`.
    pub consts: HashMap<String, ConstRef<'a>>,
    /// A calendar's name as written → its name in the program.
    pub calendars: HashMap<String, String>,
    /// Unqualified names several dependencies declare, with those packs.
    pub ambiguous: HashMap<String, Vec<String>>,
}

/// The views of every pack (view `i` is pack `i`'s): its own and its dependencies' constants
/// and calendars.
pub fn pack_views<'a>(
    packs: &PackMap,
    consts: &[(usize, &'a ast::ConstDecl)],
    calendars: &[(usize, String, String)],
) -> Vec<View<'a>> {
    (0..packs.len())
        .map(|pack| {
            let mut view = View {
                pack,
                regulation: None,
                consts: HashMap::new(),
                calendars: HashMap::new(),
                ambiguous: HashMap::new(),
            };
            let mut unqualified: HashMap<&str, Vec<usize>> = HashMap::new();
            for &(declaring, decl) in consts.iter().filter(|(p, _)| packs.sees(pack, *p)) {
                let r = ConstRef { decl, view: declaring };
                view.consts.insert(format!("{}::{}", packs.id(declaring), decl.name.text), r);
                unqualified.entry(&decl.name.text).or_default().push(declaring);
            }
            for (name, declaring) in unqualified {
                let chosen = if declaring.contains(&pack) {
                    Some(pack)
                } else if declaring.len() == 1 {
                    declaring.first().copied()
                } else {
                    None
                };
                match chosen {
                    Some(p) => {
                        if let Some(r) = view.consts.get(&format!("{}::{name}", packs.id(p))).copied() {
                            view.consts.insert(name.to_string(), r);
                        }
                    }
                    None => {
                        view.ambiguous.insert(
                            name.to_string(),
                            declaring.iter().map(|p| packs.id(*p).to_string()).collect(),
                        );
                    }
                }
            }
            let mut by_name: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
            for (declaring, name, canonical) in calendars.iter().filter(|(p, _, _)| packs.sees(pack, *p)) {
                view.calendars.insert(format!("{}::{name}", packs.id(*declaring)), canonical.clone());
                by_name.entry(name).or_default().push((*declaring, canonical));
            }
            for (name, declaring) in by_name {
                let own = declaring.iter().find(|(p, _)| *p == pack);
                match (own, declaring.as_slice()) {
                    (Some((_, canonical)), _) | (None, [(_, canonical)]) => {
                        view.calendars.insert(name.to_string(), (*canonical).to_string());
                    }
                    _ => {
                        view.ambiguous.insert(
                            name.to_string(),
                            declaring.iter().map(|(p, _)| packs.id(*p).to_string()).collect(),
                        );
                    }
                }
            }
            view
        })
        .collect()
}
