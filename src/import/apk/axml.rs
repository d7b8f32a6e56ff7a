//! The chunk structure of Android binary XML, read into a small tree of string indices.
//!
//! A document is one `RES_XML_TYPE` chunk holding a string pool, a resource map and a flat run
//! of node chunks (namespace start/end, element start/end, text) that open and close
//! elements. Every size read from the input is checked against the bytes it claims before it
//! is used, and nothing is allocated from a count the input states: the tree grows one entry
//! per node actually present, so it is never larger than a small multiple of the input.
//! Strings stay indices here; the writer decodes them when it needs them.

use super::strings::{u16_at, u32_at, StringPool};
use super::{AxmlError, MAX_DEPTH};
use std::ops::Range;

const RES_STRING_POOL_TYPE: u16 = 0x0001;
const RES_XML_TYPE: u16 = 0x0003;
const RES_XML_START_NAMESPACE_TYPE: u16 = 0x0100;
const RES_XML_END_NAMESPACE_TYPE: u16 = 0x0101;
const RES_XML_START_ELEMENT_TYPE: u16 = 0x0102;
const RES_XML_END_ELEMENT_TYPE: u16 = 0x0103;
const RES_XML_CDATA_TYPE: u16 = 0x0104;
const RES_XML_LAST_NODE_TYPE: u16 = 0x017f;
const RES_XML_RESOURCE_MAP_TYPE: u16 = 0x0180;

/// `ResChunk_header`.
const CHUNK_HEADER: usize = 8;
/// `ResXMLTree_node`: the chunk header, a line number and a comment.
const NODE_HEADER: usize = 16;
/// `ResXMLTree_attribute`: namespace, name, raw value, typed value.
const ATTRIBUTE_SIZE: usize = 20;
const NONE: u32 = u32::MAX;

/// A decoded document: string indices into `strings`, offsets into the input for errors.
#[derive(Debug)]
pub struct Document<'a> {
    pub strings: StringPool<'a>,
    resource_map: &'a [u8],
    /// Every namespace declaration, in document order (the writer declares them on the root).
    pub namespaces: Vec<Namespace>,
    /// Elements in document order; the root is the first.
    pub elements: Vec<Element>,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug)]
pub struct Namespace {
    pub prefix: Option<u32>,
    pub uri: u32,
    pub offset: usize,
}

#[derive(Debug)]
pub struct Element {
    pub namespace: Option<u32>,
    pub name: u32,
    pub attributes: Range<usize>,
    pub children: Vec<Child>,
    pub offset: usize,
}

#[derive(Debug, Clone, Copy)]
pub enum Child {
    Element(usize),
    /// A text node: its string index and chunk offset.
    Text(u32, usize),
}

#[derive(Debug)]
pub struct Attribute {
    pub namespace: Option<u32>,
    pub name: u32,
    pub raw: Option<u32>,
    pub data_type: u8,
    pub data: u32,
    pub offset: usize,
}

impl Document<'_> {
    /// The resource id the resource map gives to the string `name`, if any.
    pub fn resource_id(&self, name: u32) -> Option<u32> {
        u32_at(self.resource_map, (name as usize).checked_mul(4)?)
    }
}

/// A chunk header: type, header size and size, checked to lie within `at..end`.
struct Chunk {
    kind: u16,
    header_size: usize,
    size: usize,
}

fn chunk(data: &[u8], at: usize, end: usize, min_header: usize) -> Result<Chunk, AxmlError> {
    let truncated = || AxmlError::new("E0525", at, "the manifest ends inside a chunk header");
    if end.saturating_sub(at) < CHUNK_HEADER {
        return Err(truncated());
    }
    let kind = u16_at(data, at).ok_or_else(truncated)?;
    let header_size = u16_at(data, at + 2).ok_or_else(truncated)? as usize;
    let size = u32_at(data, at + 4).ok_or_else(truncated)? as usize;
    if header_size < min_header || size < header_size {
        return Err(AxmlError::new(
            "E0525",
            at,
            format!(
                "a chunk of type 0x{kind:04x} has a {header_size}-byte header and a size of {size} bytes"
            ),
        ));
    }
    if size > end - at {
        return Err(AxmlError::new(
            "E0525",
            at,
            format!("a chunk of type 0x{kind:04x} says it is {size} bytes, but only {} are left", end - at),
        ));
    }
    Ok(Chunk { kind, header_size, size })
}

/// Reads the document's chunks into a tree.
pub fn parse(data: &[u8]) -> Result<Document<'_>, AxmlError> {
    let top = document_chunk(data)?;
    let end = top.size;
    let mut strings = None;
    let mut resource_map: &[u8] = &[];
    let mut builder = Builder::default();
    let mut at = top.header_size;
    while at < end {
        // Before the first node the platform skips any chunk; from it on, every chunk must at
        // least have a node's header.
        let min_header = if builder.started { NODE_HEADER } else { CHUNK_HEADER };
        let chunk = chunk(data, at, end, min_header)?;
        let bytes = data.get(at..at + chunk.size).unwrap_or_default();
        match chunk.kind {
            // The last pool and map before the first node are the ones used, as on the platform.
            RES_STRING_POOL_TYPE if !builder.started => {
                strings = Some(StringPool::open(bytes, chunk.header_size, at)?);
            }
            RES_XML_RESOURCE_MAP_TYPE if !builder.started => {
                resource_map = bytes.get(chunk.header_size..).unwrap_or_default();
            }
            RES_XML_START_NAMESPACE_TYPE..=RES_XML_LAST_NODE_TYPE => {
                if strings.is_none() {
                    return Err(AxmlError::new("E0528", at, "an XML node comes before the string pool"));
                }
                builder.node(bytes, &chunk, at)?;
            }
            _ => {}
        }
        at += chunk.size;
    }
    let Some(strings) = strings else {
        return Err(AxmlError::new("E0531", 0, "the binary XML has no string pool and no elements"));
    };
    if builder.elements.is_empty() {
        return Err(AxmlError::new("E0531", 0, "the binary XML has no root element"));
    }
    Ok(Document {
        strings,
        resource_map,
        namespaces: builder.namespaces,
        elements: builder.elements,
        attributes: builder.attributes,
    })
}

/// The outer `RES_XML_TYPE` chunk, told apart from text XML and other formats.
fn document_chunk(data: &[u8]) -> Result<Chunk, AxmlError> {
    let text = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    if text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        return Err(AxmlError::new("E0524", 0, "the APK's manifest is text XML, not Android binary XML")
            .with_help("a text manifest is read with `clause import android`"));
    }
    if data.len() < CHUNK_HEADER || u16_at(data, 0) != Some(RES_XML_TYPE) {
        let kind = u16_at(data, 0).map_or_else(|| "too short".to_string(), |k| format!("type 0x{k:04x}"));
        return Err(AxmlError::new(
            "E0524",
            0,
            format!("the APK's manifest is not Android binary XML ({kind}, expected a 0x0003 chunk)"),
        ));
    }
    chunk(data, 0, data.len(), CHUNK_HEADER)
}

/// Builds the tree from node chunks, keeping the stack of open elements.
#[derive(Default)]
struct Builder {
    started: bool,
    closed: bool,
    stack: Vec<usize>,
    namespaces: Vec<Namespace>,
    elements: Vec<Element>,
    attributes: Vec<Attribute>,
}

impl Builder {
    fn node(&mut self, bytes: &[u8], chunk: &Chunk, at: usize) -> Result<(), AxmlError> {
        self.started = true;
        let ext = bytes.get(chunk.header_size..).unwrap_or_default();
        let min_ext = match chunk.kind {
            RES_XML_START_NAMESPACE_TYPE | RES_XML_END_NAMESPACE_TYPE | RES_XML_END_ELEMENT_TYPE => 8,
            RES_XML_START_ELEMENT_TYPE => 20,
            RES_XML_CDATA_TYPE => 12,
            // Node types the platform does not know are skipped, as it skips them.
            _ => return Ok(()),
        };
        if ext.len() < min_ext {
            return Err(AxmlError::new(
                "E0525",
                at,
                format!(
                    "a node of type 0x{:04x} is {} bytes, too small for its fields",
                    chunk.kind, chunk.size
                ),
            ));
        }
        // Once the root element has closed, the platform reads no further.
        if self.closed {
            return Ok(());
        }
        let word = |i: usize| u32_at(ext, 4 * i).unwrap_or(NONE);
        match chunk.kind {
            RES_XML_START_NAMESPACE_TYPE => {
                self.namespaces.push(Namespace { prefix: index(word(0)), uri: word(1), offset: at });
            }
            RES_XML_START_ELEMENT_TYPE => self.start_element(ext, at)?,
            RES_XML_END_ELEMENT_TYPE => {
                // An end without a start is ignored, as the platform's parser ignores it.
                let popped = self.stack.pop().is_some();
                self.closed = popped && self.stack.is_empty();
            }
            RES_XML_CDATA_TYPE => {
                if let Some(element) = self.stack.last().and_then(|&e| self.elements.get_mut(e)) {
                    element.children.push(Child::Text(word(0), at));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn start_element(&mut self, ext: &[u8], at: usize) -> Result<(), AxmlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(AxmlError::new(
                "E0530",
                at,
                format!("elements are nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        let half = |i: usize| u16_at(ext, 8 + 2 * i).unwrap_or(0) as usize;
        let (start, size, count) = (half(0), half(1), half(2));
        if count > 0 && size < ATTRIBUTE_SIZE {
            return Err(AxmlError::new(
                "E0529",
                at,
                format!("an element's attribute records are {size} bytes, less than {ATTRIBUTE_SIZE}"),
            ));
        }
        let needed = start as u64 + size as u64 * count as u64;
        if needed > ext.len() as u64 {
            return Err(AxmlError::new(
                "E0529",
                at,
                format!(
                    "an element's {count} attributes need {needed} bytes, but its chunk has {} after the header",
                    ext.len()
                ),
            ));
        }
        let first = self.attributes.len();
        for i in 0..count {
            let record = start + i * size;
            let word = |k: usize| u32_at(ext, record + k).unwrap_or(NONE);
            self.attributes.push(Attribute {
                namespace: index(word(0)),
                name: word(4),
                raw: index(word(8)),
                data_type: ext.get(record + 15).copied().unwrap_or(0),
                data: word(16),
                offset: at,
            });
        }
        let name = u32_at(ext, 4).unwrap_or(NONE);
        let namespace = index(u32_at(ext, 0).unwrap_or(NONE));
        let id = self.elements.len();
        let attributes = first..self.attributes.len();
        if let Some(parent) = self.stack.last().and_then(|&p| self.elements.get_mut(p)) {
            parent.children.push(Child::Element(id));
        }
        self.elements.push(Element { namespace, name, attributes, children: Vec::new(), offset: at });
        self.stack.push(id);
        Ok(())
    }
}

/// A string reference, `0xffffffff` meaning none.
fn index(word: u32) -> Option<u32> {
    (word != NONE).then_some(word)
}
