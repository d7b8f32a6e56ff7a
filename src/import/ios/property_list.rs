//! Property lists as a small tree whose every node keeps its span: XML property lists read
//! with roxmltree (each key and value spans its element), binary ones by `binary.rs` (every
//! span at the start of the file, since a binary file has no lines to point at).
//!
//! Only the shapes the importer reads are kept apart (dictionaries, arrays, strings,
//! booleans); integers, reals, dates and data are checked to be well-formed elements and kept
//! as their kind, for messages.

use crate::diagnostic::Diagnostic;
use crate::import::Located;
use crate::source::{FileId, Span};
use std::collections::HashMap;

/// Deepest nesting of dictionaries and arrays read; real Info.plists nest about six deep.
pub(crate) const MAX_DEPTH: usize = 64;

/// roxmltree's node limit: bounds memory on hostile input far above any real Info.plist
/// (home-assistant's, 9 KB, has under 1,000 nodes).
const MAX_XML_NODES: u32 = 4_000_000;

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) enum Value {
    Dict(Dict),
    Array(Vec<Node>),
    String(String),
    Bool(bool),
    /// An integer, real, date, data or UID value, by its element name (`integer`, …).
    Other(&'static str),
}

impl Value {
    /// The kind of value, in words, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Dict(_) => "a dictionary",
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Bool(_) => "a boolean",
            Value::Other("integer") => "an integer",
            Value::Other("real") => "a real number",
            Value::Other("date") => "a date",
            Value::Other("data") => "data",
            Value::Other(_) => "a UID",
        }
    }
}

/// A dictionary in document order; a repeated key keeps only its last value (as Apple's
/// parser does), at the later position.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dict {
    pub entries: Vec<(Located<String>, Node)>,
}

impl Dict {
    pub fn get(&self, key: &str) -> Option<(&Located<String>, &Node)> {
        self.entries.iter().find(|(k, _)| k.value == key).map(|(k, v)| (k, v))
    }
}

/// Builds a [`Dict`], finding repeated keys through an index (a hostile file may hold
/// hundreds of thousands of keys).
#[derive(Default)]
pub(crate) struct DictBuilder {
    entries: Vec<Option<(Located<String>, Node)>>,
    index: HashMap<String, usize>,
}

impl DictBuilder {
    /// Adds an entry; a key already present is replaced and reported (W0536).
    pub fn insert(&mut self, key: Located<String>, value: Node, diagnostics: &mut Vec<Diagnostic>) {
        let earlier = self.index.insert(key.value.clone(), self.entries.len());
        if let Some((earlier, _)) = earlier.and_then(|i| self.entries.get_mut(i)).and_then(Option::take) {
            diagnostics.push(duplicate(&key, earlier.span));
        }
        self.entries.push(Some((key, value)));
    }

    pub fn finish(self) -> Dict {
        Dict { entries: self.entries.into_iter().flatten().collect() }
    }
}

/// W0536: a key given twice (in a dictionary or a `.strings` file); the later value is used.
pub(crate) fn duplicate(key: &Located<String>, earlier: Span) -> Diagnostic {
    Diagnostic::warning("W0536", format!("the key `{}` is given twice", key.value))
        .at(key.span, "given again here; this value is used")
        .also(earlier, "first given here")
}

/// Reads an XML property list. `None` when the file has an error (all reported).
pub(crate) fn parse_xml(file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Node> {
    let options =
        roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: MAX_XML_NODES, ..Default::default() };
    let document = match roxmltree::Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(e) => {
            diagnostics.push(xml_error(file, text, &e));
            return None;
        }
    };
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut reader = Reader { file, diagnostics };
    let node = reader.plist(document.root_element());
    let errors_after = reader.diagnostics.iter().filter(|d| d.is_error()).count();
    node.filter(|_| errors_after == errors_before)
}

/// E0535 at the position roxmltree reports, with its message without the position.
fn xml_error(file: FileId, text: &str, e: &roxmltree::Error) -> Diagnostic {
    let pos = e.pos();
    let at = offset_of(text, pos.row, pos.col);
    let message = e.to_string();
    let message = message.strip_suffix(&format!(" at {pos}")).unwrap_or(&message).to_string();
    Diagnostic::error("E0535", "the property list is not well-formed XML")
        .at(Span::new(file, at, next_char_end(text, at)), message)
}

/// Byte offset of a 1-based row and column (in characters), clamped to the text.
pub(crate) fn offset_of(text: &str, row: u32, col: u32) -> usize {
    let line_start = if row <= 1 {
        0
    } else {
        text.match_indices('\n').nth(row as usize - 2).map_or(text.len(), |(i, _)| i + 1)
    };
    let rest = &text[line_start..];
    let skip = (col as usize).saturating_sub(1);
    line_start
        + rest
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(skip)
            .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(i, _)| i)
}

/// The end of the character at `at` (so a label covers one character), or `at` at the end.
pub(crate) fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..).and_then(|rest| rest.chars().next()).map_or(at, |c| at + c.len_utf8())
}

struct Reader<'d> {
    file: FileId,
    diagnostics: &'d mut Vec<Diagnostic>,
}

const ELEMENTS: &str =
    "`dict`, `array`, `key`, `string`, `integer`, `real`, `true`, `false`, `date` and `data`";

impl Reader<'_> {
    fn span(&self, node: roxmltree::Node) -> Span {
        let range = node.range();
        Span::new(self.file, range.start, range.end)
    }

    /// The span of an element's start tag: the whole element may run for pages.
    fn tag_span(&self, node: roxmltree::Node) -> Span {
        let range = node.range();
        let input = node.document().input_text();
        let end =
            input.get(range.clone()).and_then(|s| s.find('>')).map_or(range.end, |i| range.start + i + 1);
        Span::new(self.file, range.start, end)
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The `<plist>` root and its single value.
    fn plist(&mut self, root: roxmltree::Node) -> Option<Node> {
        if root.tag_name().name() != "plist" || root.tag_name().namespace().is_some() {
            let span = self.tag_span(root);
            self.error(
                Diagnostic::error("E0536", "this XML file is not a property list")
                    .at(span, format!("the root element is `<{}>`", root.tag_name().name()))
                    .help("a property list's root element is `<plist version=\"1.0\">`"),
            );
            return None;
        }
        let values = self.element_children(root);
        let mut values = values.into_iter();
        let Some(first) = values.next() else {
            let span = self.tag_span(root);
            self.error(
                Diagnostic::error("E0536", "the property list holds no value")
                    .at(span, "this `<plist>` is empty")
                    .help("an Info.plist or privacy manifest holds one `<dict>`"),
            );
            return None;
        };
        if let Some(second) = values.next() {
            let span = self.tag_span(second);
            self.error(
                Diagnostic::error("E0536", "the property list holds more than one value")
                    .at(span, "a second value")
                    .also(self.tag_span(first), "the first value")
                    .help("a `<plist>` holds exactly one value, usually a `<dict>`"),
            );
        }
        Some(self.value(first, 1))
    }

    /// The element children of `node`; text other than whitespace is reported (E0537),
    /// comments and processing instructions are skipped.
    fn element_children<'a, 'i>(&mut self, node: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
        let mut elements = Vec::new();
        for child in node.children() {
            if child.is_element() {
                elements.push(child);
            } else if child.is_text() && child.text().is_some_and(|t| !t.trim().is_empty()) {
                let span = self.span(child);
                self.error(
                    Diagnostic::error(
                        "E0537",
                        format!("text directly inside `<{}>`", node.tag_name().name()),
                    )
                    .at(span, "this text belongs in a `<string>` or `<key>`"),
                );
            }
        }
        elements
    }

    /// A node spans its element, or only the start tag of a `<dict>` or `<array>`, which may run
    /// for pages.
    fn value(&mut self, node: roxmltree::Node, depth: usize) -> Node {
        let span = match node.tag_name().name() {
            "dict" | "array" => self.tag_span(node),
            _ => self.span(node),
        };
        let placeholder = Node { value: Value::Other("invalid"), span };
        if depth > MAX_DEPTH {
            let tag = self.tag_span(node);
            self.error(
                Diagnostic::error("E0540", "the property list is nested too deeply")
                    .at(tag, format!("more than {MAX_DEPTH} dictionaries and arrays deep")),
            );
            return placeholder;
        }
        let name = node.tag_name().name();
        let value = match name {
            "dict" => Value::Dict(self.dict(node, depth)),
            "array" => {
                let children = self.element_children(node);
                Value::Array(children.into_iter().map(|c| self.value(c, depth + 1)).collect())
            }
            "string" => Value::String(self.text(node)),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "integer" => Value::Other("integer"),
            "real" => Value::Other("real"),
            "date" => Value::Other("date"),
            "data" => Value::Other("data"),
            "key" => {
                let tag = self.tag_span(node);
                self.error(
                    Diagnostic::error("E0537", "a `<key>` outside a `<dict>`")
                        .at(tag, "keys name the entries of a `<dict>`"),
                );
                return placeholder;
            }
            other => {
                let tag = self.tag_span(node);
                self.error(
                    Diagnostic::error("E0537", format!("`<{other}>` is not a property-list element"))
                        .at(tag, "not a property-list element")
                        .help(format!("property lists use {ELEMENTS}")),
                );
                return placeholder;
            }
        };
        Node { value, span }
    }

    /// A `<dict>`: `<key>`s each followed by one value (E0538 otherwise).
    fn dict(&mut self, node: roxmltree::Node, depth: usize) -> Dict {
        let mut dict = DictBuilder::default();
        let mut pending: Option<Located<String>> = None;
        for child in self.element_children(node) {
            if child.tag_name().name() == "key" {
                let key = Located::new(self.text(child), self.span(child));
                if let Some(earlier) = pending.replace(key) {
                    self.key_without_value(&earlier);
                }
            } else if let Some(key) = pending.take() {
                let value = self.value(child, depth + 1);
                dict.insert(key, value, self.diagnostics);
            } else {
                let tag = self.tag_span(child);
                self.error(
                    Diagnostic::error("E0538", "a value without a `<key>` in a `<dict>`")
                        .at(tag, "this value has no key")
                        .help("in a `<dict>`, each value follows its `<key>`"),
                );
            }
        }
        if let Some(key) = pending {
            self.key_without_value(&key);
        }
        dict.finish()
    }

    fn key_without_value(&mut self, key: &Located<String>) {
        self.error(
            Diagnostic::error("E0538", format!("the key `{}` has no value", key.value))
                .at(key.span, "no value follows this key")
                .help("in a `<dict>`, each `<key>` is followed by its value, e.g. `<string>…</string>`"),
        );
    }

    /// The text of a `<string>` or `<key>` (entities decoded, comments skipped); an element
    /// inside is reported (E0537).
    fn text(&mut self, node: roxmltree::Node) -> String {
        let mut text = String::new();
        for child in node.children() {
            if let Some(t) = child.text().filter(|_| child.is_text()) {
                text.push_str(t);
            } else if child.is_element() {
                let tag = self.tag_span(child);
                self.error(
                    Diagnostic::error("E0537", format!("an element inside `<{}>`", node.tag_name().name()))
                        .at(tag, "only text may stand here")
                        .help("write `<` as `&lt;` and `&` as `&amp;` in text"),
                );
            }
        }
        text
    }
}
