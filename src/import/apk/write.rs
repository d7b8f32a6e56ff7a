//! The decoded tree as XML text: deterministic, well-formed, one element per line.
//!
//! Well-formedness is the writer's job, since the input can hold anything: names are made
//! into XML names, characters XML cannot carry become U+FFFD, values are escaped (line breaks
//! and tabs as character references, so they survive attribute normalisation), a repeated
//! attribute keeps its first value, and every namespace is declared once, on the root, with
//! the prefix the binary gave it when that prefix is usable. The text grows only through
//! [`Writer::push`], which enforces [`MAX_TEXT_BYTES`].

use super::axml::{Attribute, Child, Document, Element};
use super::values::{self, TYPE_NULL, TYPE_STRING};
use super::{attrs, AxmlError, MAX_TEXT_BYTES};
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};

const ANDROID_URI: &str = "http://schemas.android.com/apk/res/android";
const XML_URI: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_URI: &str = "http://www.w3.org/2000/xmlns/";
/// Strings decoded for one manifest, counting each use: twice the largest text allowed.
const DECODE_BUDGET: usize = 2 * MAX_TEXT_BYTES;
/// Framework resources (`android:`) have package id 0x01.
const FRAMEWORK_PACKAGE: u32 = 0x01;

pub fn to_text(document: &Document) -> Result<String, AxmlError> {
    let mut writer =
        Writer { document, out: String::new(), prefixes: Prefixes::default(), decoded: Cell::new(0) };
    writer.bind_namespaces()?;
    writer.push("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")?;
    writer.element(0, 0)?;
    Ok(writer.out)
}

/// Namespace URI → prefix, in the order they are declared on the root.
#[derive(Default)]
struct Prefixes {
    declared: Vec<(String, String)>,
    by_uri: HashMap<String, String>,
    taken: HashSet<String>,
    /// The next `ns{n}` to try: made-up prefixes are found in amortised constant time, however
    /// many namespaces a hostile document uses.
    next: usize,
}

impl Prefixes {
    fn taken(&self, prefix: &str) -> bool {
        self.taken.contains(prefix)
    }

    /// Binds `uri` to `wanted` if that is a usable, free prefix, or else to a made-up one.
    fn bind(&mut self, uri: &str, wanted: Option<&str>) {
        if uri.is_empty() || uri == XML_URI || uri == XMLNS_URI || self.by_uri.contains_key(uri) {
            return;
        }
        let usable = |p: &&str| {
            is_ncname(p) && !p.get(..3).is_some_and(|x| x.eq_ignore_ascii_case("xml")) && !self.taken(p)
        };
        let prefix = match wanted.filter(usable) {
            Some(p) => p.to_string(),
            None if uri == ANDROID_URI && !self.taken("android") => "android".to_string(),
            None => loop {
                let candidate = format!("ns{}", self.next);
                self.next += 1;
                if !self.taken(&candidate) {
                    break candidate;
                }
            },
        };
        self.taken.insert(prefix.clone());
        self.by_uri.insert(uri.to_string(), prefix.clone());
        self.declared.push((prefix, uri.to_string()));
    }
}

struct Writer<'d, 'a> {
    document: &'d Document<'a>,
    out: String,
    prefixes: Prefixes,
    /// Bytes of strings decoded so far: one long string referenced from every node could
    /// otherwise cost far more work than the text it produces (blank text is not written).
    decoded: Cell<usize>,
}

impl<'d, 'a> Writer<'d, 'a> {
    fn push(&mut self, text: &str) -> Result<(), AxmlError> {
        if self.out.len() + text.len() > MAX_TEXT_BYTES {
            return Err(too_large());
        }
        self.out.push_str(text);
        Ok(())
    }

    fn string(&self, index: u32, offset: usize) -> Result<Cow<'a, str>, AxmlError> {
        let text = self.document.strings.get(index).map_err(|e| AxmlError { offset, ..e })?;
        let decoded = self.decoded.get().saturating_add(text.len());
        if decoded > DECODE_BUDGET {
            return Err(too_large());
        }
        self.decoded.set(decoded);
        Ok(text)
    }

    /// Declared namespaces first, in their order; then any namespace used but not declared
    /// (stripped APKs drop the declarations), in document order.
    fn bind_namespaces(&mut self) -> Result<(), AxmlError> {
        for ns in &self.document.namespaces {
            let uri = self.string(ns.uri, ns.offset)?;
            let prefix = ns.prefix.map(|p| self.string(p, ns.offset)).transpose()?;
            self.prefixes.bind(&uri, prefix.as_deref());
        }
        for element in &self.document.elements {
            if let Some(uri) = self.element_uri(element)? {
                self.prefixes.bind(&uri, None);
            }
            for a in self.attributes_of(element) {
                if let Some(uri) = self.attribute_uri(a)? {
                    self.prefixes.bind(&uri, None);
                }
            }
        }
        Ok(())
    }

    fn element_uri(&self, element: &Element) -> Result<Option<Cow<'a, str>>, AxmlError> {
        let uri = element.namespace.map(|ns| self.string(ns, element.offset)).transpose()?;
        Ok(uri.filter(|u| !u.is_empty()))
    }

    fn attributes_of(&self, element: &Element) -> &'d [Attribute] {
        self.document.attributes.get(element.attributes.clone()).unwrap_or_default()
    }

    /// The framework resource id an attribute's name maps to, if it is a framework attribute.
    fn framework_id(&self, a: &Attribute) -> Option<u32> {
        self.document.resource_id(a.name).filter(|id| id >> 24 == FRAMEWORK_PACKAGE)
    }

    /// A framework attribute is `android:` whatever namespace the binary gives it: the
    /// platform finds it by id.
    fn attribute_uri(&self, a: &Attribute) -> Result<Option<Cow<'a, str>>, AxmlError> {
        if self.framework_id(a).is_some() {
            return Ok(Some(Cow::Borrowed(ANDROID_URI)));
        }
        let uri = a.namespace.map(|ns| self.string(ns, a.offset)).transpose()?;
        Ok(uri.filter(|u| !u.is_empty()))
    }

    /// A framework attribute is named by its resource id (its name string may be empty or
    /// wrong); another by its name string.
    fn attribute_name(&self, a: &Attribute) -> Result<String, AxmlError> {
        let id = self.framework_id(a);
        if let Some(name) = id.and_then(attrs::framework_name) {
            return Ok(name.to_string());
        }
        let given = self.string(a.name, a.offset)?;
        Ok(match id {
            Some(id) if given.is_empty() => format!("_0x{id:08x}"),
            _ => xml_name(&given),
        })
    }

    /// A framework attribute's value is its typed value, as `TypedArray` reads it; another
    /// attribute's is its raw string when it has one, as `XmlPullParser` reads it.
    fn attribute_value(&self, a: &Attribute) -> Result<Cow<'a, str>, AxmlError> {
        Ok(match (self.framework_id(a), a.raw, a.data_type) {
            (None, Some(raw), _) => self.string(raw, a.offset)?,
            (_, _, TYPE_STRING) => self.string(a.data, a.offset)?,
            (_, Some(raw), TYPE_NULL) => self.string(raw, a.offset)?,
            (_, None, TYPE_NULL) => Cow::Borrowed(""),
            (_, _, data_type) => Cow::Owned(values::render(data_type, a.data)),
        })
    }

    fn qualified(&self, uri: Option<&str>, local: &str) -> String {
        match uri.map(|u| (u, self.prefixes.by_uri.get(u))) {
            Some((XML_URI, _)) => format!("xml:{local}"),
            Some((_, Some(prefix))) => format!("{prefix}:{local}"),
            _ => local.to_string(),
        }
    }

    fn element(&mut self, index: usize, depth: usize) -> Result<(), AxmlError> {
        let document = self.document;
        let Some(element) = document.elements.get(index) else {
            return Err(AxmlError::new("E0531", 0, "the binary XML has no root element"));
        };
        let uri = self.element_uri(element)?;
        let name = self.qualified(uri.as_deref(), &xml_name(&self.string(element.name, element.offset)?));
        let indent = "    ".repeat(depth);
        self.push(&format!("{indent}<{name}"))?;
        if index == 0 {
            let declarations: Vec<String> = self
                .prefixes
                .declared
                .iter()
                .map(|(prefix, uri)| format!(" xmlns:{prefix}=\"{}\"", escape(uri, true)))
                .collect();
            for declaration in declarations {
                self.push(&declaration)?;
            }
        }
        self.attributes(element)?;
        if element.children.iter().any(|c| matches!(c, Child::Element(_))) {
            self.push(">\n")?;
            for child in &element.children {
                match *child {
                    Child::Element(e) => self.element(e, depth + 1)?,
                    Child::Text(text, offset) => {
                        let text = self.string(text, offset)?;
                        if !text.trim().is_empty() {
                            self.push(&format!("{indent}    {}\n", escape(&text, false)))?;
                        }
                    }
                }
            }
            return self.push(&format!("{indent}</{name}>\n"));
        }
        // Text only: on the element's line, all of it.
        let mut text = String::new();
        for child in &element.children {
            if let Child::Text(index, offset) = *child {
                text.push_str(&self.string(index, offset)?);
                if text.len() > MAX_TEXT_BYTES {
                    return Err(too_large());
                }
            }
        }
        match text.trim().is_empty() {
            true => self.push(" />\n"),
            false => self.push(&format!(">{}</{name}>\n", escape(&text, false))),
        }
    }

    fn attributes(&mut self, element: &Element) -> Result<(), AxmlError> {
        let mut seen = HashSet::new();
        for a in self.attributes_of(element) {
            let uri = self.attribute_uri(a)?;
            let name = self.qualified(uri.as_deref(), &self.attribute_name(a)?);
            // The platform's attribute lookup stops at the first match: so does this.
            if seen.insert(name.clone()) {
                let value = self.attribute_value(a)?;
                self.push(&format!(" {name}=\"{}\"", escape(&value, true)))?;
            }
        }
        Ok(())
    }
}

fn too_large() -> AxmlError {
    AxmlError::new(
        "E0532",
        0,
        format!("the decoded manifest would be larger than {} MiB", MAX_TEXT_BYTES >> 20),
    )
}

/// Text that XML can carry: escaped, and without the characters XML 1.0 forbids.
fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `name` as an XML name without a colon: other characters become `_`, and a name that cannot
/// start as it does gets a leading `_`.
fn xml_name(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if is_name_char(c) { c } else { '_' }).collect();
    if !out.chars().next().is_some_and(is_name_start) {
        out.insert(0, '_');
    }
    out
}

fn is_ncname(name: &str) -> bool {
    name.chars().next().is_some_and(is_name_start) && name.chars().all(is_name_char)
}

/// XML 1.0 (fifth edition) `NameStartChar`, without `:`.
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{2ff}'
        | '\u{370}'..='\u{37d}' | '\u{37f}'..='\u{1fff}' | '\u{200c}'..='\u{200d}'
        | '\u{2070}'..='\u{218f}' | '\u{2c00}'..='\u{2fef}' | '\u{3001}'..='\u{d7ff}'
        | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{fffd}' | '\u{10000}'..='\u{effff}')
}

/// XML 1.0 (fifth edition) `NameChar`, without `:`.
fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{b7}' | '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_xml_names() {
        assert_eq!(xml_name("uses-permission"), "uses-permission");
        assert_eq!(xml_name(""), "_");
        assert_eq!(xml_name("1st"), "_1st");
        assert_eq!(xml_name("a:b c"), "a_b_c");
        assert_eq!(xml_name("权限"), "权限");
    }

    #[test]
    fn values_are_escaped_and_cleaned() {
        assert_eq!(
            escape("a&b <c> \"d\"\n\te\r\u{1}", true),
            "a&amp;b &lt;c&gt; &quot;d&quot;&#10;&#9;e&#13;\u{fffd}"
        );
        assert_eq!(escape("x\n\"y\"", false), "x\n\"y\"");
    }

    #[test]
    fn prefixes_are_kept_when_usable_and_made_up_otherwise() {
        let mut p = Prefixes::default();
        p.bind(ANDROID_URI, Some("a"));
        p.bind("urn:x", Some("a"));
        p.bind("urn:y", Some("xmlfoo"));
        p.bind("http://schemas.android.com/tools", None);
        p.bind(XML_URI, Some("xml"));
        p.bind("", Some("e"));
        let declared: Vec<_> = p.declared.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(declared, ["a", "ns0", "ns1", "ns2"]);
    }
}
