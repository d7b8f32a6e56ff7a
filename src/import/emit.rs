//! The shared step after every importer: platform identifiers → the schema's capabilities
//! (through [`capabilities`](super::capabilities)), written as a facts YAML file whose
//! `sources:` says which artefact line each fact came from.
//!
//! One `capability_use` per capability, in the order the capabilities are first declared:
//! its platform identifiers (each once), `declared: true`, and the purpose strings the
//! platform shows. Identifiers the table does not map (custom permissions, new ones, and
//! well-known ones such as `INTERNET` that need no consent) go to `app.unmapped_permissions`,
//! never dropped, and the unknown ones are reported (`W0580`). Privacy-manifest data types
//! become disclosure items, one per data type, the declarations of the app and its SDKs
//! combined. Only what the artefacts say is written: `used`, consent and the rest stay
//! absent, so the rules that need them are undetermined until a facts file says them.

use super::{capabilities, ImportedApp, Located, Platform};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceMap, Span};
use std::fmt::Write as _;

/// The facts file written for one imported app, and the warnings about it.
#[derive(Debug, Clone)]
pub struct Emitted {
    pub yaml: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A node of the facts tree, with the artefact range it came from.
#[derive(Debug, Clone)]
struct Node {
    value: Tree,
    at: Option<Span>,
}

#[derive(Debug, Clone)]
enum Tree {
    Map(Vec<(&'static str, Node)>),
    List(Vec<Node>),
    Str(String),
    Bool(bool),
}

fn node(value: Tree, at: Option<Span>) -> Node {
    Node { value, at }
}

fn text(value: &Located<String>) -> Node {
    node(Tree::Str(value.value.clone()), Some(value.span))
}

/// Writes `app` as facts. `header` is the comment put at the top (the command and its
/// inputs); `file_name` names an artefact file in `sources:` (relative to where the facts
/// file will be read from).
pub fn to_facts(
    app: &ImportedApp,
    sources: &SourceMap,
    header: &str,
    file_name: &dyn Fn(&str) -> String,
) -> Emitted {
    let mut diagnostics = Vec::new();
    let mut top: Vec<(&'static str, Node)> = Vec::new();
    let app_node = app_document(app, &mut diagnostics);
    if let Tree::Map(fields) = &app_node.value {
        if !fields.is_empty() {
            top.push(("app", app_node));
        }
    }
    if let Some(privacy) = privacy_document(app) {
        top.push(("privacy", privacy));
    }
    let mut yaml = String::new();
    for line in header.lines() {
        let _ = writeln!(yaml, "# {line}");
    }
    let mut positions: Vec<(String, Span)> = Vec::new();
    let root = node(Tree::Map(top), None);
    write_top(&root, &mut yaml, &mut positions);
    if !positions.is_empty() {
        yaml.push_str(
            "# Where each fact was read from (FILE:LINE:COLUMN): findings point there.\nsources:\n",
        );
        for (path, span) in positions {
            let (line, column) = sources.get(span.file).map_or((1, 1), |f| f.line_col(span.start as usize));
            let place = format!("{}:{line}:{column}", file_name(sources.name(span.file)));
            let _ = writeln!(yaml, "  {}: {}", scalar(&path), scalar(&place));
        }
    }
    Emitted { yaml, diagnostics }
}

fn app_document(app: &ImportedApp, diagnostics: &mut Vec<Diagnostic>) -> Node {
    let mut fields: Vec<(&'static str, Node)> = Vec::new();
    if let Some(id) = app.package_id.as_ref().filter(|id| is_literal(&id.value)) {
        fields.push(("package_id", text(id)));
    }
    if let Some(name) = app.name.as_ref().filter(|n| is_literal(&n.value)) {
        fields.push(("name", text(name)));
    }
    let Some(platform) = &app.platform else {
        return node(Tree::Map(fields), None);
    };
    fields.push(("platform", node(Tree::Str(platform.value.schema_name().into()), Some(platform.span))));
    let (uses, unmapped) = collate(app, platform.value);
    if !uses.is_empty() {
        fields.push(("capabilities", node(Tree::List(uses), None)));
    }
    if !unmapped.is_empty() {
        for id in
            unmapped.iter().filter(|id| !capabilities::known_without_capability(platform.value, &id.value))
        {
            diagnostics.push(
                Diagnostic::warning("W0580", format!("`{}` maps to no capability", id.value))
                    .at(id.span, "kept in `app.unmapped_permissions`")
                    .help("a custom permission, or one the capability table does not know; see the facts reference"),
            );
        }
        fields.push(("unmapped_permissions", strings(&unmapped)));
    }
    let features = dedup(app.features.iter());
    if !features.is_empty() {
        fields.push(("platform_features", strings(&features)));
    }
    let domains = dedup(app.tracking_domains.iter());
    if !domains.is_empty() {
        fields.push(("tracking_domains", strings(&domains)));
    }
    node(Tree::Map(fields), None)
}

/// `${applicationId}`, `$(PRODUCT_BUNDLE_IDENTIFIER)`, `$string:app_name`: build variables
/// and references are not the value, so they are not facts.
fn is_literal(value: &str) -> bool {
    !value.is_empty() && !value.contains("${") && !value.contains("$(") && !value.starts_with('$')
}

/// One `capability_use` per capability, and the identifiers that map to none.
fn collate(app: &ImportedApp, platform: Platform) -> (Vec<Node>, Vec<Located<String>>) {
    struct Use<'a> {
        capability: &'static str,
        first: Span,
        ids: Vec<Located<String>>,
        purposes: Vec<&'a Located<String>>,
    }
    let mut uses: Vec<Use> = Vec::new();
    let mut unmapped: Vec<Located<String>> = Vec::new();
    for permission in &app.permissions {
        let id = Located::new(permission.id.clone(), permission.span);
        let Some(mapping) = capabilities::lookup(platform, &permission.id) else {
            if !unmapped.iter().any(|u| u.value == id.value) {
                unmapped.push(id);
            }
            continue;
        };
        let index = match uses.iter().position(|u| u.capability == mapping.capability) {
            Some(i) => i,
            None => {
                uses.push(Use {
                    capability: mapping.capability,
                    first: permission.span,
                    ids: Vec::new(),
                    purposes: Vec::new(),
                });
                uses.len() - 1
            }
        };
        let entry = &mut uses[index];
        if !entry.ids.iter().any(|i| i.value == id.value) {
            entry.ids.push(id);
        }
        for purpose in &permission.purposes {
            if !entry.purposes.iter().any(|p| p.value == purpose.value) {
                entry.purposes.push(purpose);
            }
        }
    }
    let nodes = uses
        .into_iter()
        .map(|u| {
            let mut fields = vec![
                ("capability", node(Tree::Str(u.capability.into()), Some(u.first))),
                ("platform_permissions", strings(&u.ids)),
                ("declared", node(Tree::Bool(true), Some(u.first))),
            ];
            if !u.purposes.is_empty() {
                let purposes: Vec<Node> = u.purposes.iter().map(|p| text(p)).collect();
                fields.push(("purpose_strings", node(Tree::List(purposes), None)));
            }
            node(Tree::Map(fields), Some(u.first))
        })
        .collect();
    (nodes, unmapped)
}

/// Disclosure items from privacy manifests, one per data type.
fn privacy_document(app: &ImportedApp) -> Option<Node> {
    if app.collected_data.is_empty() {
        return None;
    }
    struct Item<'a> {
        first: &'a super::CollectedData,
        purposes: Vec<String>,
        linked: Option<bool>,
        tracking: Option<bool>,
    }
    let mut items: Vec<Item> = Vec::new();
    for data in &app.collected_data {
        let item = match items.iter_mut().position(|i| i.first.data_type == data.data_type) {
            Some(i) => &mut items[i],
            None => {
                items.push(Item { first: data, purposes: Vec::new(), linked: None, tracking: None });
                let last = items.len() - 1;
                &mut items[last]
            }
        };
        for p in &data.purposes {
            if !item.purposes.contains(p) {
                item.purposes.push(p.clone());
            }
        }
        // Any declaration saying yes makes it yes: the SDK's data is the app's data.
        item.linked = or(item.linked, data.linked_to_user);
        item.tracking = or(item.tracking, data.used_for_tracking);
    }
    let at = Some(items[0].first.platform_type.span);
    let items: Vec<Node> = items
        .into_iter()
        .map(|i| {
            let at = Some(i.first.platform_type.span);
            let mut fields = vec![("data_type", node(Tree::Str(i.first.data_type.clone()), at))];
            if let Some(c) = &i.first.capability {
                fields.push(("capability", node(Tree::Str(c.clone()), at)));
            }
            fields.push(("collected", node(Tree::Bool(true), at)));
            if !i.purposes.is_empty() {
                let purposes = i.purposes.into_iter().map(|p| node(Tree::Str(p), None)).collect();
                fields.push(("purposes", node(Tree::List(purposes), None)));
            }
            if let Some(b) = i.linked {
                fields.push(("linked_to_user", node(Tree::Bool(b), None)));
            }
            if let Some(b) = i.tracking {
                fields.push(("used_for_tracking", node(Tree::Bool(b), None)));
            }
            node(Tree::Map(fields), at)
        })
        .collect();
    let disclosure = vec![
        ("imported_from", node(Tree::Str("privacy_manifest".into()), at)),
        ("items", node(Tree::List(items), None)),
    ];
    Some(node(Tree::Map(vec![("disclosure", node(Tree::Map(disclosure), None))]), None))
}

fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x || y),
        (x, None) => x,
        (None, y) => y,
    }
}

fn dedup<'a>(values: impl Iterator<Item = &'a Located<String>>) -> Vec<Located<String>> {
    let mut out: Vec<Located<String>> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o.value == v.value) {
            out.push(v.clone());
        }
    }
    out
}

fn strings(values: &[Located<String>]) -> Node {
    node(Tree::List(values.iter().map(text).collect()), None)
}

// ───────────── writing YAML ─────────────

fn write_top(root: &Node, out: &mut String, positions: &mut Vec<(String, Span)>) {
    if let Tree::Map(fields) = &root.value {
        for (key, value) in fields {
            write_field(key, value, 0, key.to_string(), out, positions);
        }
    }
}

fn write_field(
    key: &str,
    value: &Node,
    indent: usize,
    path: String,
    out: &mut String,
    positions: &mut Vec<(String, Span)>,
) {
    let pad = "  ".repeat(indent);
    if let Some(at) = value.at {
        positions.push((path.clone(), at));
    }
    match &value.value {
        Tree::Map(fields) => {
            let _ = writeln!(out, "{pad}{key}:");
            for (k, v) in fields {
                write_field(k, v, indent + 1, format!("{path}.{k}"), out, positions);
            }
        }
        Tree::List(items) => {
            let _ = writeln!(out, "{pad}{key}:");
            for (i, item) in items.iter().enumerate() {
                write_item(item, indent + 1, format!("{path}[{i}]"), out, positions);
            }
        }
        leaf => {
            let _ = writeln!(out, "{pad}{key}: {}", leaf_text(leaf));
        }
    }
}

fn write_item(
    item: &Node,
    indent: usize,
    path: String,
    out: &mut String,
    positions: &mut Vec<(String, Span)>,
) {
    let pad = "  ".repeat(indent);
    if let Some(at) = item.at {
        positions.push((path.clone(), at));
    }
    match &item.value {
        Tree::Map(fields) => {
            for (n, (k, v)) in fields.iter().enumerate() {
                // The first field goes on the `- ` line; the rest line up under it.
                let mut field = String::new();
                write_field(k, v, indent + 1, format!("{path}.{k}"), &mut field, positions);
                let field = field.strip_prefix(&"  ".repeat(indent + 1)).unwrap_or(&field);
                let lead = if n == 0 { format!("{pad}- ") } else { format!("{pad}  ") };
                out.push_str(&lead);
                out.push_str(field);
            }
        }
        Tree::List(_) => {} // never built: facts have no lists of lists
        leaf => {
            let _ = writeln!(out, "{pad}- {}", leaf_text(leaf));
        }
    }
}

fn leaf_text(leaf: &Tree) -> String {
    match leaf {
        Tree::Str(s) => scalar(s),
        Tree::Bool(b) => b.to_string(),
        Tree::Map(_) | Tree::List(_) => String::new(),
    }
}

/// A string as a YAML scalar: plain when it cannot be read as anything else, otherwise
/// double-quoted with JSON escapes (a JSON string is a valid YAML double-quoted scalar).
pub(crate) fn scalar(s: &str) -> String {
    // In block context `[`, `]` and `:` (not followed by a space) are ordinary characters
    // after the first; the keys of `sources:` are paths like `app.capabilities[0]`.
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/' | '[' | ']' | ':'))
        && !s.ends_with(':')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn scalars_are_quoted_when_they_could_be_read_otherwise() {
        assert_eq!(scalar("android.permission.CAMERA"), "android.permission.CAMERA");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(scalar("12"), "\"12\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("需要定位"), "\"需要定位\"");
        assert_eq!(scalar("x\ny"), "\"x\\ny\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("app.capabilities[0]"), "app.capabilities[0]");
        assert_eq!(scalar("AndroidManifest.xml:4:5"), "AndroidManifest.xml:4:5");
        assert_eq!(scalar("x:"), "\"x:\"");
    }
}
