//! Test support: an Android binary XML (AXML) encoder and an APK writer, so tests can build
//! APKs from text manifests without Android's build tools.
//!
//! [`encode`] writes what aapt2 writes for a manifest: one string pool (UTF-8 or UTF-16),
//! the names of `android:` attributes first with their framework resource ids in the
//! resource map, namespace nodes around the root, element nodes with attributes sorted by
//! resource id, and typed values for integers, hex integers, booleans and references (a
//! reference gets a made-up `0x7f…` id, as if `resources.arsc` had it). [`Options`] also
//! writes the shapes of stripped and obfuscated APKs. [`Chunk`] builds damaged documents by
//! hand. This encoder is only half of the evidence: `tests/import/apk/trailnotes-aapt.apk`
//! comes from real aapt (`scripts/build-test-apk.sh`).
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write as _;

pub const ANDROID_URI: &str = "http://schemas.android.com/apk/res/android";
const NONE: u32 = u32::MAX;

/// The framework attribute ids the fixtures use, written down independently of the decoder's
/// table (from Android 10's `framework-res.apk` and AOSP's `public-final.xml`).
const ATTRIBUTE_IDS: &[(&str, u32)] = &[
    ("label", 0x0101_0001),
    ("icon", 0x0101_0002),
    ("name", 0x0101_0003),
    ("permission", 0x0101_0006),
    ("protectionLevel", 0x0101_0009),
    ("enabled", 0x0101_000e),
    ("exported", 0x0101_0010),
    ("authorities", 0x0101_0018),
    ("grantUriPermissions", 0x0101_001b),
    ("priority", 0x0101_001c),
    ("launchMode", 0x0101_001d),
    ("screenOrientation", 0x0101_001e),
    ("configChanges", 0x0101_001f),
    ("value", 0x0101_0024),
    ("scheme", 0x0101_0027),
    ("host", 0x0101_0028),
    ("pathPrefix", 0x0101_002b),
    ("minSdkVersion", 0x0101_020c),
    ("versionCode", 0x0101_021b),
    ("versionName", 0x0101_021c),
    ("targetSdkVersion", 0x0101_0270),
    ("maxSdkVersion", 0x0101_0271),
    ("allowBackup", 0x0101_0280),
    ("glEsVersion", 0x0101_0281),
    ("required", 0x0101_028e),
    ("supportsRtl", 0x0101_03af),
    ("usesCleartextTraffic", 0x0101_04ec),
    ("foregroundServiceType", 0x0101_0599),
    ("usesPermissionFlags", 0x0101_0644),
];

/// Attributes whose decimal values aapt writes as integers.
const INTEGER_ATTRIBUTES: &[&str] =
    &["versionCode", "minSdkVersion", "targetSdkVersion", "maxSdkVersion", "priority"];

pub fn attribute_id(name: &str) -> Option<u32> {
    ATTRIBUTE_IDS.iter().find(|(n, _)| *n == name).map(|&(_, id)| id)
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A UTF-8 string pool (aapt2); UTF-16 otherwise (aapt).
    pub utf8: bool,
    /// Empty name strings for `android:` attributes, as obfuscators leave them: only the
    /// resource id says which attribute it is.
    pub strip_names: bool,
    /// No namespace nodes, as some stripped APKs have.
    pub drop_namespaces: bool,
}

/// A text manifest as binary XML. Panics on input the encoder does not support (a test bug).
pub fn encode(xml: &str, options: Options) -> Vec<u8> {
    let doc = roxmltree::Document::parse(xml).expect("fixture XML parses");
    let root = doc.root_element();
    // aapt2 puts the resource-id'd attribute names first, in id order, so that the resource
    // map's index i is string i.
    let mut ids: Vec<(u32, &str)> = doc
        .descendants()
        .filter(|n| n.is_element())
        .flat_map(|n| n.attributes())
        .filter(|a| a.namespace() == Some(ANDROID_URI))
        .map(|a| {
            (
                attribute_id(a.name()).unwrap_or_else(|| panic!("add `{}` to ATTRIBUTE_IDS", a.name())),
                a.name(),
            )
        })
        .collect();
    ids.sort();
    ids.dedup();
    let named: Vec<(&str, u32)> =
        ids.iter().map(|&(id, name)| (if options.strip_names { "" } else { name }, id)).collect();
    let mut hand = Hand::new(&named);
    let namespaces: Vec<(Option<&str>, &str)> = root
        .namespaces()
        .filter(|ns| ns.uri() != "http://www.w3.org/XML/1998/namespace")
        .map(|ns| (ns.name(), ns.uri()))
        .collect();
    if !options.drop_namespaces {
        for &(prefix, uri) in &namespaces {
            hand.namespace(0x0100, prefix, uri);
        }
    }
    encode_element(&doc, root, &ids, &mut hand);
    if !options.drop_namespaces {
        for &(prefix, uri) in namespaces.iter().rev() {
            hand.namespace(0x0101, prefix, uri);
        }
    }
    hand.bytes(options.utf8)
}

fn encode_element(doc: &roxmltree::Document, element: roxmltree::Node, ids: &[(u32, &str)], hand: &mut Hand) {
    let line = doc.text_pos_at(element.range().start).row;
    let mut attributes: Vec<(u32, Attr)> = Vec::new();
    for a in element.attributes() {
        let android = a.namespace() == Some(ANDROID_URI);
        let (name, id) = match android {
            true => {
                let i = ids.iter().position(|&(_, n)| n == a.name()).expect("android names are pooled");
                (i as u32, ids[i].0)
            }
            false => (hand.string(a.name()), NONE),
        };
        let ns = a.namespace().map_or(NONE, |uri| hand.string(uri));
        let (raw, data_type, data) = typed(a.name(), a.value(), android, hand);
        attributes.push((id, Attr { ns, name, raw, data_type, data }));
    }
    // aapt2 sorts attributes by resource id; those without one keep their order, after.
    attributes.sort_by_key(|&(id, _)| id);
    let attributes: Vec<Attr> = attributes.into_iter().map(|(_, a)| a).collect();
    let ns = element.tag_name().namespace();
    hand.start_at(line, ns, element.tag_name().name(), &attributes);
    for child in element.children() {
        if child.is_element() {
            encode_element(doc, child, ids, hand);
        } else if let Some(text) = child.text().filter(|t| child.is_text() && !t.trim().is_empty()) {
            hand.text(text);
        }
    }
    hand.end(ns, element.tag_name().name());
}

/// (raw value, type, data) of an attribute value, as aapt2 types it.
fn typed(name: &str, value: &str, android: bool, hand: &mut Hand) -> (u32, u8, u32) {
    if android {
        if value == "true" || value == "false" {
            return (NONE, 0x12, if value == "true" { u32::MAX } else { 0 });
        }
        if let Some(hex) = value.strip_prefix("0x") {
            return (NONE, 0x11, u32::from_str_radix(hex, 16).expect("hex value"));
        }
        if INTEGER_ATTRIBUTES.contains(&name) {
            return (NONE, 0x10, value.parse::<i32>().expect("integer value") as u32);
        }
    }
    if let Some(reference) = value.strip_prefix('@').filter(|r| r.contains('/')) {
        return (NONE, 0x01, hand.reference(reference));
    }
    let index = hand.string(value);
    (index, 0x03, index)
}

/// One attribute record: string indices (`NONE` for none), a value type and its data.
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    pub ns: u32,
    pub name: u32,
    pub raw: u32,
    pub data_type: u8,
    pub data: u32,
}

/// A binary XML document written node by node, for shapes the text encoder cannot make.
pub struct Hand {
    strings: Vec<String>,
    /// Strings at indices below this have resource ids: other lookups skip them.
    reserved: usize,
    ids: Vec<u32>,
    nodes: Vec<u8>,
    references: HashMap<String, u32>,
    line: u32,
}

impl Hand {
    /// A document whose first strings are these attribute names, with these resource ids.
    pub fn new(named: &[(&str, u32)]) -> Hand {
        Hand {
            strings: named.iter().map(|(n, _)| n.to_string()).collect(),
            reserved: named.len(),
            ids: named.iter().map(|&(_, id)| id).collect(),
            nodes: Vec::new(),
            references: HashMap::new(),
            line: 1,
        }
    }

    /// The index of `s` among the strings without resource ids, added if new.
    pub fn string(&mut self, s: &str) -> u32 {
        match self.strings.iter().skip(self.reserved).position(|x| x == s) {
            Some(i) => (i + self.reserved) as u32,
            None => {
                self.strings.push(s.to_string());
                self.strings.len() as u32 - 1
            }
        }
    }

    /// A made-up id for `type/name`: package 0x7f, a type id per type, entries in order.
    pub fn reference(&mut self, reference: &str) -> u32 {
        if let Some(&id) = self.references.get(reference) {
            return id;
        }
        let kind = reference.split('/').next().unwrap_or_default().to_string();
        let mut kinds: Vec<String> =
            self.references.keys().filter_map(|r| r.split('/').next()).map(str::to_string).collect();
        kinds.sort();
        kinds.dedup();
        let kind_id = kinds.iter().position(|k| *k == kind).unwrap_or(kinds.len()) as u32 + 1;
        let entry = self.references.keys().filter(|r| r.split('/').next() == Some(&kind)).count() as u32;
        let id = 0x7f00_0000 | (kind_id << 16) | entry;
        self.references.insert(reference.to_string(), id);
        id
    }

    /// A string attribute `ns:name="value"` (raw and typed both the string).
    pub fn attr(&mut self, ns: Option<&str>, name: &str, value: &str) -> Attr {
        let ns = ns.map_or(NONE, |uri| self.string(uri));
        let (name, value) = (self.string(name), self.string(value));
        Attr { ns, name, raw: value, data_type: 0x03, data: value }
    }

    pub fn namespace(&mut self, kind: u16, prefix: Option<&str>, uri: &str) {
        let prefix = prefix.map_or(NONE, |p| self.string(p));
        let uri = self.string(uri);
        self.node(kind, &words(&[prefix, uri]));
    }

    pub fn start(&mut self, ns: Option<&str>, name: &str, attributes: &[Attr]) {
        let line = self.line;
        self.start_at(line, ns, name, attributes);
    }

    fn start_at(&mut self, line: u32, ns: Option<&str>, name: &str, attributes: &[Attr]) {
        self.line = line;
        let ns = ns.map_or(NONE, |uri| self.string(uri));
        let name = self.string(name);
        let mut ext = words(&[ns, name]);
        for half in [20u16, 20, attributes.len() as u16, 0, 0, 0] {
            ext.extend(half.to_le_bytes());
        }
        for a in attributes {
            ext.extend(words(&[a.ns, a.name, a.raw]));
            ext.extend(8u16.to_le_bytes());
            ext.extend([0, a.data_type]);
            ext.extend(a.data.to_le_bytes());
        }
        self.node(0x0102, &ext);
    }

    pub fn end(&mut self, ns: Option<&str>, name: &str) {
        let ns = ns.map_or(NONE, |uri| self.string(uri));
        let name = self.string(name);
        self.node(0x0103, &words(&[ns, name]));
    }

    pub fn text(&mut self, text: &str) {
        let index = self.string(text);
        let mut ext = words(&[index]);
        ext.extend([8, 0, 0, 0x03]);
        ext.extend(index.to_le_bytes());
        self.node(0x0104, &ext);
    }

    /// A node chunk of any type, with this extension.
    pub fn node(&mut self, kind: u16, ext: &[u8]) {
        let line = self.line;
        self.nodes.extend(node(kind, line, ext));
    }

    /// Any bytes, between the nodes.
    pub fn raw(&mut self, bytes: &[u8]) {
        self.nodes.extend(bytes);
    }

    pub fn bytes(&self, utf8: bool) -> Vec<u8> {
        let mut body = string_pool(&self.strings, utf8);
        body.extend(Chunk::new(0x0180, &[], &words(&self.ids)).bytes());
        body.extend(&self.nodes);
        Chunk::new(0x0003, &[], &body).bytes()
    }
}

/// A `ResStringPool` chunk holding `strings`.
pub fn string_pool(strings: &[String], utf8: bool) -> Vec<u8> {
    let mut data = Vec::new();
    let mut offsets = Vec::new();
    for s in strings {
        offsets.push(data.len() as u32);
        if utf8 {
            let units = s.encode_utf16().count();
            data.extend(utf8_length(units));
            data.extend(utf8_length(s.len()));
            data.extend(s.as_bytes());
            data.push(0);
        } else {
            let units: Vec<u16> = s.encode_utf16().collect();
            if units.len() > 0x7fff {
                data.extend((0x8000 | (units.len() >> 16) as u16).to_le_bytes());
                data.extend((units.len() as u16).to_le_bytes());
            } else {
                data.extend((units.len() as u16).to_le_bytes());
            }
            for u in units {
                data.extend(u.to_le_bytes());
            }
            data.extend([0, 0]);
        }
    }
    while data.len() % 4 != 0 {
        data.push(0);
    }
    let count = strings.len() as u32;
    let strings_start = 28 + 4 * count;
    let header = words(&[count, 0, if utf8 { 0x100 } else { 0 }, strings_start, 0]);
    let mut body = words(&offsets);
    body.extend(data);
    Chunk::new(0x0001, &header, &body).bytes()
}

fn utf8_length(n: usize) -> Vec<u8> {
    assert!(n <= 0x7fff, "string too long for this encoder");
    if n > 0x7f {
        vec![0x80 | (n >> 8) as u8, n as u8]
    } else {
        vec![n as u8]
    }
}

/// A node chunk: a line number and no comment, then `ext`.
pub fn node(kind: u16, line: u32, ext: &[u8]) -> Vec<u8> {
    Chunk::new(kind, &words(&[line, NONE]), ext).bytes()
}

pub fn words(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A chunk built by hand: the header fields can be set to lie.
pub struct Chunk {
    pub kind: u16,
    pub header_size: u16,
    pub size: u32,
    pub header: Vec<u8>,
    pub body: Vec<u8>,
}

impl Chunk {
    pub fn new(kind: u16, header: &[u8], body: &[u8]) -> Chunk {
        Chunk {
            kind,
            header_size: 8 + header.len() as u16,
            size: (8 + header.len() + body.len()) as u32,
            header: header.to_vec(),
            body: body.to_vec(),
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(self.kind.to_le_bytes());
        out.extend(self.header_size.to_le_bytes());
        out.extend(self.size.to_le_bytes());
        out.extend(&self.header);
        out.extend(&self.body);
        out
    }
}

/// A zip archive with these entries, deflated (as APK builders store manifests).
pub fn apk(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, zip::CompressionMethod::Deflated)
}

/// A zip archive with these entries, stored.
pub fn stored_apk(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, zip::CompressionMethod::Stored)
}

fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}
