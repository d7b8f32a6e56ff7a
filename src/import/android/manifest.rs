//! One `AndroidManifest.xml`, read into the declarations the merge works on: every
//! identifier-declaring element with its merge marker (`tools:node`, `tools:selector`), the
//! `package` and the application's label. Nothing is merged or dropped here except what Android
//! itself ignores (an element out of place), so the merge sees each file as written.

use super::{ANDROID_NS, TOOLS_NS};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::import::{Artefact, Located};
use crate::source::Span;
use roxmltree::{Document, Node};

/// The kinds of element whose identifiers the importer reports. Two declarations are the
/// same element (for the merge and for duplicates) when kind and identifier are equal; a
/// permission in both `uses-permission` and `uses-permission-sdk-23` is two elements, as in
/// the merged manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Permission,
    PermissionSdk23,
    Feature,
    QueryPackage,
    QueryIntent,
    QueryProvider,
}

impl Kind {
    /// The element as written in messages.
    pub(super) fn element(self) -> &'static str {
        match self {
            Kind::Permission => "uses-permission",
            Kind::PermissionSdk23 => "uses-permission-sdk-23",
            Kind::Feature => "uses-feature",
            Kind::QueryPackage => "queries/package",
            Kind::QueryIntent => "queries/intent",
            Kind::QueryProvider => "queries/provider",
        }
    }

    const QUERIES: &'static [Kind] = &[Kind::QueryPackage, Kind::QueryIntent, Kind::QueryProvider];

    /// This kind alone, as a wipe's kinds.
    fn alone(self) -> &'static [Kind] {
        match self {
            Kind::Permission => &[Kind::Permission],
            Kind::PermissionSdk23 => &[Kind::PermissionSdk23],
            Kind::Feature => &[Kind::Feature],
            Kind::QueryPackage => &[Kind::QueryPackage],
            Kind::QueryIntent => &[Kind::QueryIntent],
            Kind::QueryProvider => &[Kind::QueryProvider],
        }
    }
}

/// A `tools:node` merge marker: what a declaration does to lower-priority twins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NodeOp {
    /// `merge` (the default), `merge-only-attributes`, `replace`, `strict`: the element is
    /// declared; for identifiers these differ only in attributes the importer does not report.
    Declare,
    /// `remove`: the element is not declared, and removes its lower-priority twins.
    Remove,
}

/// `tools:node` values the manifest merger accepts.
const NODE_OPS: &[&str] = &["merge", "merge-only-attributes", "replace", "strict", "remove", "removeAll"];

/// One identifier-declaring element.
#[derive(Debug, Clone)]
pub(super) struct Decl {
    pub kind: Kind,
    /// The identifier as reported: a permission or feature name, `queries:…`.
    pub id: String,
    /// The whole element: the provenance reported.
    pub span: Span,
    /// The start tag, or the `tools:node` attribute of a marker: for labels.
    pub tag: Span,
    pub op: NodeOp,
    /// `tools:selector`: the package of the lower-priority manifest the marker applies to.
    pub selector: Option<String>,
}

/// A keyless marker that removes every lower-priority element of some kinds:
/// `<uses-permission tools:node="removeAll"/>`, or `<queries tools:node="remove">`.
#[derive(Debug, Clone)]
pub(super) struct Wipe {
    pub kinds: &'static [Kind],
    /// The `tools:node` attribute, for warnings.
    pub span: Span,
    /// The marker as written, for warnings.
    pub marker: &'static str,
    pub selector: Option<String>,
}

/// What one manifest declares, in document order.
#[derive(Debug, Clone)]
pub(super) struct Manifest {
    /// The whole `<manifest>` element.
    pub root: Span,
    /// The `<manifest` start tag, for labels.
    pub root_tag: Span,
    pub package: Option<Located<String>>,
    /// `<application android:label>` as written (literal or reference).
    pub label: Option<Located<String>>,
    pub decls: Vec<Decl>,
    pub wipes: Vec<Wipe>,
}

/// Reads one manifest. Errors make the manifest unusable (`None`); warnings do not.
pub(super) fn read(artefact: &Artefact<'_>, diagnostics: &mut Vec<Diagnostic>) -> Option<Manifest> {
    let doc = match Document::parse(artefact.text) {
        Ok(doc) => doc,
        Err(err) => {
            diagnostics.push(xml_error(artefact, &err));
            return None;
        }
    };
    let root = doc.root_element();
    let span = |node: &Node<'_, '_>| Span::new(artefact.file, node.range().start, node.range().end);
    if root.tag_name().name() != "manifest" || root.tag_name().namespace().is_some() {
        diagnostics.push(
            Diagnostic::error(
                "E0502",
                format!("the root element is `<{}>`, not `<manifest>`", qualified(&root)),
            )
            .at(start_tag(artefact, &root), "expected `<manifest>` here")
            .help("an `AndroidManifest.xml` has one `<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\">` element around all others"),
        );
        return None;
    }
    let mut reader = Reader { artefact, diagnostics, errors: false, decls: Vec::new(), wipes: Vec::new() };
    let mut label = None;
    for child in root.children().filter(|n| is_plain_element(n)) {
        match child.tag_name().name() {
            "uses-permission" => reader.keyed(&child, Kind::Permission, "name", |name| name.to_string()),
            "uses-permission-sdk-23" => {
                reader.keyed(&child, Kind::PermissionSdk23, "name", |name| name.to_string())
            }
            "uses-feature" => reader.feature(&child),
            "queries" => reader.queries(&child),
            "application" => {
                label = child
                    .attribute_node((ANDROID_NS, "label"))
                    .map(|a| Located::new(a.value().to_string(), attr_span(artefact, &a)));
            }
            _ => {}
        }
    }
    reader.misplaced(&root);
    if reader.errors {
        return None;
    }
    let package =
        root.attribute_node("package").map(|a| Located::new(a.value().to_string(), attr_span(artefact, &a)));
    Some(Manifest {
        root: span(&root),
        root_tag: start_tag(artefact, &root),
        package,
        label,
        decls: reader.decls,
        wipes: reader.wipes,
    })
}

struct Reader<'r, 'a> {
    artefact: &'r Artefact<'a>,
    diagnostics: &'r mut Vec<Diagnostic>,
    errors: bool,
    decls: Vec<Decl>,
    wipes: Vec<Wipe>,
}

/// A `tools:node` value, read.
enum Marker {
    Op(NodeOp),
    RemoveAll,
    Replace,
}

impl Reader<'_, '_> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.errors = true;
        self.diagnostics.push(diagnostic);
    }

    fn span(&self, node: &Node<'_, '_>) -> Span {
        Span::new(self.artefact.file, node.range().start, node.range().end)
    }

    /// The element's `tools:node`, or `None` after an error.
    fn marker(&mut self, node: &Node<'_, '_>) -> Option<Marker> {
        let Some(attr) = node.attribute_node((TOOLS_NS, "node")) else {
            return Some(Marker::Op(NodeOp::Declare));
        };
        match attr.value() {
            "remove" => Some(Marker::Op(NodeOp::Remove)),
            "removeAll" => Some(Marker::RemoveAll),
            "replace" => Some(Marker::Replace),
            "merge" | "merge-only-attributes" | "strict" => Some(Marker::Op(NodeOp::Declare)),
            other => {
                let span = attr_span(self.artefact, &attr);
                self.error(
                    Diagnostic::error("E0504", format!("unknown `tools:node` value `{other}`"))
                        .at(span, "not a merge marker")
                        .with_help(did_you_mean(other, NODE_OPS.iter().copied()))
                        .note(format!("the manifest merger accepts {}", backticked(NODE_OPS))),
                );
                None
            }
        }
    }

    /// The label span of a declaration: its `tools:node="remove"` attribute, or its start tag.
    fn tag(&self, node: &Node<'_, '_>, op: NodeOp) -> Span {
        match (op, node.attribute_node((TOOLS_NS, "node"))) {
            (NodeOp::Remove, Some(attr)) => attr_span(self.artefact, &attr),
            _ => start_tag(self.artefact, node),
        }
    }

    fn selector(node: &Node<'_, '_>) -> Option<String> {
        node.attribute((TOOLS_NS, "selector")).map(str::to_string)
    }

    /// An element keyed by one Android attribute (`android:name`, `android:authorities`).
    fn keyed(&mut self, node: &Node<'_, '_>, kind: Kind, key: &str, id: impl Fn(&str) -> String) {
        let Some(marker) = self.marker(node) else { return };
        let value = node.attribute((ANDROID_NS, key)).filter(|v| !v.is_empty());
        let (op, value) = match (marker, value) {
            (Marker::RemoveAll, None) => {
                self.wipe(node, kind.alone(), "removeAll");
                return;
            }
            (Marker::RemoveAll, Some(value)) => {
                let span = start_tag(self.artefact, node);
                self.error(
                    Diagnostic::error(
                        "E0505",
                        format!("`tools:node=\"removeAll\"` on a `<{}>` that names `{value}`", qualified(node)),
                    )
                    .at(span, "`removeAll` takes no `android:".to_string() + key + "`")
                    .help(format!(
                        "to remove only `{value}`, write `tools:node=\"remove\"`; to remove every lower-priority `<{}>`, leave out `android:{key}`",
                        qualified(node)
                    )),
                );
                return;
            }
            (_, None) => {
                let span = start_tag(self.artefact, node);
                self.error(
                    Diagnostic::error("E0503", format!("`<{}>` without `android:{key}`", qualified(node)))
                        .at(span, "this element names nothing")
                        .help(format!(
                            "write `android:{key}=\"…\"`, with the `android` prefix bound to `{ANDROID_NS}`"
                        )),
                );
                return;
            }
            (Marker::Op(op), Some(value)) => (op, value),
            (Marker::Replace, Some(value)) => (NodeOp::Declare, value),
        };
        let tag = self.tag(node, op);
        self.decls.push(Decl {
            kind,
            id: id(value),
            span: self.span(node),
            tag,
            op,
            selector: Self::selector(node),
        });
    }

    fn wipe(&mut self, node: &Node<'_, '_>, kinds: &'static [Kind], marker: &'static str) {
        let span = match node.attribute_node((TOOLS_NS, "node")) {
            Some(attr) => attr_span(self.artefact, &attr),
            None => start_tag(self.artefact, node),
        };
        self.wipes.push(Wipe { kinds, span, marker, selector: Self::selector(node) });
    }

    /// `uses-feature` by `android:name`; one with only `android:glEsVersion` (an OpenGL ES
    /// version, not a feature name) is left out.
    fn feature(&mut self, node: &Node<'_, '_>) {
        if node.attribute((ANDROID_NS, "name")).is_none()
            && node.attribute((ANDROID_NS, "glEsVersion")).is_some()
        {
            return;
        }
        self.keyed(node, Kind::Feature, "name", |name| name.to_string());
    }

    /// `<queries>`: `<package>`, `<intent>` (by action), `<provider>`. The element itself
    /// may carry a marker against lower-priority `<queries>`.
    fn queries(&mut self, node: &Node<'_, '_>) {
        match self.marker(node) {
            None => return,
            Some(Marker::Op(NodeOp::Remove)) => {
                // The element and its children leave the merged manifest.
                self.wipe(node, Kind::QUERIES, "remove");
                return;
            }
            Some(Marker::RemoveAll) => {
                self.wipe(node, Kind::QUERIES, "removeAll");
                return;
            }
            Some(Marker::Replace) => self.wipe(node, Kind::QUERIES, "replace"),
            Some(Marker::Op(NodeOp::Declare)) => {}
        }
        for child in node.children().filter(|n| is_plain_element(n)) {
            match child.tag_name().name() {
                "package" => {
                    self.keyed(&child, Kind::QueryPackage, "name", |n| format!("queries:package:{n}"))
                }
                "provider" => self
                    .keyed(&child, Kind::QueryProvider, "authorities", |a| format!("queries:provider:{a}")),
                "intent" => self.intent(&child),
                _ => {}
            }
        }
    }

    /// One `queries:intent:ACTION` per action (`queries:intent` without one), each spanning
    /// the `<intent>`: the intent is what declares the query, its action only names it.
    fn intent(&mut self, node: &Node<'_, '_>) {
        let Some(marker) = self.marker(node) else { return };
        let op = match marker {
            Marker::Op(op) => op,
            Marker::Replace => NodeOp::Declare,
            // Intents have no key; removeAll of intents is a wipe of lower-priority intents.
            Marker::RemoveAll => {
                self.wipe(node, Kind::QueryIntent.alone(), "removeAll");
                return;
            }
        };
        let actions: Vec<&str> = node
            .children()
            .filter(|n| is_plain_element(n) && n.tag_name().name() == "action")
            .filter_map(|n| n.attribute((ANDROID_NS, "name")))
            .collect();
        let ids = if actions.is_empty() {
            vec!["queries:intent".to_string()]
        } else {
            actions.iter().map(|a| format!("queries:intent:{a}")).collect()
        };
        let (span, tag) = (self.span(node), self.tag(node, op));
        for id in ids {
            self.decls.push(Decl {
                kind: Kind::QueryIntent,
                id,
                span,
                tag,
                op,
                selector: Self::selector(node),
            });
        }
    }

    /// Declaring elements below `<manifest>`'s children are ignored by Android: a warning,
    /// since the author meant to declare something.
    fn misplaced(&mut self, root: &Node<'_, '_>) {
        for node in root.descendants().filter(|n| is_plain_element(n)) {
            let name = node.tag_name().name();
            if !matches!(name, "uses-permission" | "uses-permission-sdk-23" | "uses-feature" | "queries") {
                continue;
            }
            let Some(parent) = node.parent_element() else { continue };
            if parent == *root {
                continue;
            }
            let span = start_tag(self.artefact, &node);
            let parent_tag = start_tag(self.artefact, &parent);
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0504",
                    format!("`<{name}>` inside `<{}>` is ignored by Android", qualified(&parent)),
                )
                .at(span, "not a child of `<manifest>`")
                .also(parent_tag, "inside this element")
                .help(format!("move `<{name}>` up to be a direct child of `<manifest>`")),
            );
        }
    }
}

/// An element without a namespace: the manifest's own elements are unprefixed.
fn is_plain_element(node: &Node<'_, '_>) -> bool {
    node.is_element() && node.tag_name().namespace().is_none()
}

/// The element's name as written, prefix included.
fn qualified(node: &Node<'_, '_>) -> String {
    match node.tag_name().namespace().and_then(|ns| node.lookup_prefix(ns)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{}", node.tag_name().name()),
        _ => node.tag_name().name().to_string(),
    }
}

/// `<` and the element's name: a one-line label for an element that may span many lines.
pub(super) fn start_tag(artefact: &Artefact<'_>, node: &Node<'_, '_>) -> Span {
    let start = node.range().start;
    Span::new(artefact.file, start, start + 1 + qualified(node).len())
}

fn attr_span(artefact: &Artefact<'_>, attr: &roxmltree::Attribute<'_, '_>) -> Span {
    Span::new(artefact.file, attr.range().start, attr.range().end)
}

fn backticked(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// E0501 at the place roxmltree reports.
fn xml_error(artefact: &Artefact<'_>, err: &roxmltree::Error) -> Diagnostic {
    use roxmltree::Error as E;
    let text = artefact.text;
    let offset = match err {
        // These carry no position: point where the problem shows.
        E::UnclosedRootNode | E::UnexpectedEndOfStream => text.trim_end().len(),
        E::DtdDetected => text.find("<!DOCTYPE").unwrap_or(0),
        E::NoRootNode => text.len(),
        _ => offset_of(text, err.pos()),
    };
    let (what, label, help) = match err {
        E::UnknownNamespace(prefix, _) => (
            format!("unknown namespace prefix `{prefix}`"),
            "this prefix is not declared".to_string(),
            Some(match prefix.as_str() {
                "android" => format!("declare it on `<manifest>`: `xmlns:android=\"{ANDROID_NS}\"`"),
                "tools" => format!("declare it on `<manifest>`: `xmlns:tools=\"{TOOLS_NS}\"`"),
                _ => format!("declare it on `<manifest>` with `xmlns:{prefix}=\"…\"`"),
            }),
        ),
        E::UnexpectedCloseTag(expected, actual, _) => {
            (format!("`</{actual}>` closes `<{expected}>`"), format!("expected `</{expected}>`"), None)
        }
        E::UnclosedRootNode => (
            "the document ends before its root element is closed".to_string(),
            "expected the closing tag of the root element here".to_string(),
            None,
        ),
        E::UnexpectedEndOfStream => {
            ("the document ends in the middle of a tag".to_string(), "here".to_string(), None)
        }
        E::NoRootNode => {
            ("the document has no element".to_string(), "expected `<manifest>`".to_string(), None)
        }
        E::DtdDetected => (
            "a document type declaration (DTD) is not allowed in a manifest".to_string(),
            "DTD here".to_string(),
            None,
        ),
        E::MalformedEntityReference(_) => (
            "`&` that starts no entity reference".to_string(),
            "a literal `&` is written `&amp;`".to_string(),
            None,
        ),
        E::DuplicatedAttribute(name, _) => {
            (format!("attribute `{name}` given twice"), "second time here".to_string(), None)
        }
        E::InvalidComment(_) => (
            "a comment contains `--`".to_string(),
            "`--` is not allowed inside `<!-- … -->`".to_string(),
            None,
        ),
        other => {
            let pos = format!(" at {}", other.pos());
            let what = other.to_string().replace(&pos, "").replace('\'', "`");
            (what, "here".to_string(), None)
        }
    };
    let end =
        text.get(offset..).and_then(|rest| rest.chars().next()).map_or(offset, |c| offset + c.len_utf8());
    Diagnostic::error("E0501", format!("invalid XML: {what}"))
        .at(Span::new(artefact.file, offset, end), label)
        .with_help(help)
}

/// The byte offset of roxmltree's 1-based row and column (columns count characters, rows
/// count `\n`), clamped to the text.
pub(super) fn offset_of(text: &str, pos: roxmltree::TextPos) -> usize {
    let mut line_start = 0;
    for _ in 1..pos.row {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line = &text[line_start..];
    let skip = (pos.col as usize).saturating_sub(1);
    line.char_indices()
        .take_while(|(_, c)| *c != '\n')
        .nth(skip)
        .map_or_else(|| line_start + line.find('\n').unwrap_or(line.len()), |(i, _)| line_start + i)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use roxmltree::TextPos;

    #[test]
    fn text_positions_become_byte_offsets() {
        let text = "<a>\n  é<b\n";
        assert_eq!(offset_of(text, TextPos::new(1, 1)), 0);
        assert_eq!(offset_of(text, TextPos::new(2, 4)), 8);
        assert_eq!(&text[offset_of(text, TextPos::new(2, 4))..], "<b\n");
        assert_eq!(offset_of(text, TextPos::new(2, 99)), 10);
        assert_eq!(offset_of(text, TextPos::new(9, 1)), text.len());
    }
}
