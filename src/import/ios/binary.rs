//! Binary property lists (`bplist00`, as Xcode compiles Info.plist, InfoPlist.strings and
//! privacy manifests into an app bundle) into the same tree as XML ones, every span at the
//! start of the file.
//!
//! Read here rather than with the `plist` crate: a binary property list is a table of
//! objects that refer to each other, and one object may be referred to many times, so a
//! file of a few hundred bytes can expand into 2^40 values (the crate expands every
//! reference, and drops deep trees recursively). This reader bounds both: depth
//! ([`MAX_DEPTH`]) and the number of values once references are expanded ([`MAX_VALUES`]).
//! Format: Apple's `CFBinaryPList.c` (header `bplist00`; objects; offset table; 32-byte
//! trailer with offset and reference sizes, object count, top object, table offset).

use super::property_list::{DictBuilder, Node, Value, MAX_DEPTH};
use crate::diagnostic::Diagnostic;
use crate::import::Located;
use crate::source::{FileId, Span};

/// Values read once shared objects are expanded: far above any real file, low enough to keep
/// a crafted one from exhausting memory.
const MAX_VALUES: usize = 1_000_000;

pub(crate) const MAGIC: &[u8] = b"bplist00";

/// Reads a binary property list. `None` when it cannot be read (reported).
pub(crate) fn parse(file: FileId, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Option<Node> {
    let start = Span::new(file, 0, 0);
    let result = Table::read(bytes).and_then(|table| {
        let mut reader = Reader { table, span: start, diagnostics, values: 0 };
        reader.object(table.top, 1)
    });
    match result {
        Ok(node) => Some(node),
        Err(Problem::TooDeep) => {
            diagnostics.push(
                Diagnostic::error("E0540", "the property list is nested too deeply")
                    .at(start, format!("more than {MAX_DEPTH} dictionaries and arrays deep")),
            );
            None
        }
        Err(Problem::Invalid(why)) => {
            diagnostics.push(
                Diagnostic::error("E0541", "the binary property list cannot be read")
                    .at(start, why)
                    .help("check the file with `plutil -lint`, or give the XML source instead"),
            );
            None
        }
    }
}

enum Problem {
    TooDeep,
    Invalid(String),
}

fn invalid<T>(why: impl Into<String>) -> Result<T, Problem> {
    Err(Problem::Invalid(why.into()))
}

/// The trailer's view of the file.
#[derive(Clone, Copy)]
struct Table<'b> {
    bytes: &'b [u8],
    offset_size: usize,
    ref_size: usize,
    count: u64,
    top: u64,
    table_offset: usize,
    /// Where the object table may not reach (the offset table's start).
    objects_end: usize,
}

impl<'b> Table<'b> {
    fn read(bytes: &'b [u8]) -> Result<Table<'b>, Problem> {
        if !bytes.starts_with(MAGIC) {
            return invalid("the file does not start with `bplist00`");
        }
        if bytes.len() < MAGIC.len() + 32 {
            return invalid("the file is too short for a binary property list");
        }
        let trailer = &bytes[bytes.len() - 32..];
        let offset_size = usize::from(trailer[6]);
        let ref_size = usize::from(trailer[7]);
        if !matches!(offset_size, 1..=8) || !matches!(ref_size, 1..=8) {
            return invalid("the trailer gives an invalid offset or reference size");
        }
        let count = be(&trailer[8..16]);
        let top = be(&trailer[16..24]);
        let table_offset = be(&trailer[24..32]);
        let trailer_start = bytes.len() - 32;
        let table_len = count.checked_mul(offset_size as u64);
        let table_offset = usize::try_from(table_offset).ok().filter(|&o| o >= MAGIC.len());
        let fits = match (table_offset, table_len) {
            (Some(o), Some(len)) => {
                (o as u64).checked_add(len).is_some_and(|end| end <= trailer_start as u64)
            }
            _ => false,
        };
        let Some(table_offset) = table_offset.filter(|_| fits) else {
            return invalid("the offset table lies outside the file");
        };
        if top >= count {
            return invalid(format!("the top object {top} is beyond the {count} objects"));
        }
        Ok(Table { bytes, offset_size, ref_size, count, top, table_offset, objects_end: table_offset })
    }

    /// The byte offset of object `index`.
    fn offset(&self, index: u64) -> Result<usize, Problem> {
        if index >= self.count {
            return invalid(format!("a reference to object {index}, beyond the {} objects", self.count));
        }
        let at = self.table_offset + (index as usize) * self.offset_size;
        let offset = be(&self.bytes[at..at + self.offset_size]);
        match usize::try_from(offset) {
            Ok(o) if o >= MAGIC.len() && o < self.objects_end => Ok(o),
            _ => invalid(format!("object {index} lies outside the object table")),
        }
    }

    /// `len` bytes at `at`, within the object table.
    fn slice(&self, at: usize, len: u64) -> Result<&'b [u8], Problem> {
        let end = usize::try_from(len).ok().and_then(|len| at.checked_add(len));
        match end {
            Some(end) if end <= self.objects_end => Ok(&self.bytes[at..end]),
            _ => invalid(format!("an object at byte {at} runs past the object table")),
        }
    }
}

/// A big-endian unsigned integer of up to 8 bytes.
fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b))
}

struct Reader<'b, 'd> {
    table: Table<'b>,
    span: Span,
    diagnostics: &'d mut Vec<Diagnostic>,
    values: usize,
}

impl Reader<'_, '_> {
    fn node(&self, value: Value) -> Node {
        Node { value, span: self.span }
    }

    fn object(&mut self, index: u64, depth: usize) -> Result<Node, Problem> {
        self.values += 1;
        if self.values > MAX_VALUES {
            return invalid(format!(
                "more than {MAX_VALUES} values once shared objects are expanded; the file is not a real property list"
            ));
        }
        let at = self.table.offset(index)?;
        let marker = self.table.bytes[at];
        let (kind, low) = (marker >> 4, marker & 0x0f);
        match kind {
            0x0 => match low {
                0x8 => Ok(self.node(Value::Bool(false))),
                0x9 => Ok(self.node(Value::Bool(true))),
                _ => invalid(format!("object {index} has the unsupported marker 0x{marker:02x}")),
            },
            0x1 => Ok(self.node(Value::Other("integer"))),
            0x2 => Ok(self.node(Value::Other("real"))),
            0x3 => Ok(self.node(Value::Other("date"))),
            0x4 => Ok(self.node(Value::Other("data"))),
            0x8 => Ok(self.node(Value::Other("uid"))),
            0x5 => {
                let (len, body) = self.length(at, low)?;
                let bytes = self.table.slice(body, len)?;
                // ASCII strings: Latin-1 decoding keeps any stray high byte readable.
                Ok(self.node(Value::String(bytes.iter().map(|&b| char::from(b)).collect())))
            }
            0x6 => {
                let (len, body) = self.length(at, low)?;
                let bytes = self.table.slice(body, len.saturating_mul(2))?;
                let units = bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
                match char::decode_utf16(units).collect::<Result<String, _>>() {
                    Ok(s) => Ok(self.node(Value::String(s))),
                    Err(_) => {
                        invalid(format!("object {index} is a string with an unpaired UTF-16 surrogate"))
                    }
                }
            }
            0x7 => {
                let (len, body) = self.length(at, low)?;
                let bytes = self.table.slice(body, len)?;
                match std::str::from_utf8(bytes) {
                    Ok(s) => Ok(self.node(Value::String(s.to_string()))),
                    Err(_) => invalid(format!("object {index} is a string that is not UTF-8")),
                }
            }
            0xa | 0xc => {
                let refs = self.refs(at, low, 1)?;
                if depth > MAX_DEPTH {
                    return Err(Problem::TooDeep);
                }
                let items = refs.into_iter().map(|r| self.object(r, depth + 1)).collect::<Result<_, _>>()?;
                Ok(self.node(Value::Array(items)))
            }
            0xd => {
                let refs = self.refs(at, low, 2)?;
                if depth > MAX_DEPTH {
                    return Err(Problem::TooDeep);
                }
                let (keys, values) = refs.split_at(refs.len() / 2);
                let mut dict = DictBuilder::default();
                for (&k, &v) in keys.iter().zip(values) {
                    let key = match self.object(k, depth + 1)?.value {
                        Value::String(key) => key,
                        other => return invalid(format!("a dictionary key that is {}", other.kind())),
                    };
                    let value = self.object(v, depth + 1)?;
                    dict.insert(Located::new(key, self.span), value, self.diagnostics);
                }
                Ok(self.node(Value::Dict(dict.finish())))
            }
            _ => invalid(format!("object {index} has the unknown marker 0x{marker:02x}")),
        }
    }

    /// An object's length (from its marker, or the integer after it) and where its body starts.
    fn length(&self, at: usize, low: u8) -> Result<(u64, usize), Problem> {
        if low != 0x0f {
            return Ok((u64::from(low), at + 1));
        }
        let int_marker = self.table.slice(at + 1, 1)?[0];
        if int_marker >> 4 != 0x1 || int_marker & 0x0f > 3 {
            return invalid(format!("an object at byte {at} has an invalid length"));
        }
        let size = 1u64 << (int_marker & 0x0f);
        let len = be(self.table.slice(at + 2, size)?);
        Ok((len, at + 2 + size as usize))
    }

    /// The object references of an array (`per_entry` 1) or dictionary (2: keys, then values).
    fn refs(&self, at: usize, low: u8, per_entry: u64) -> Result<Vec<u64>, Problem> {
        let (len, body) = self.length(at, low)?;
        let count = len.saturating_mul(per_entry);
        let bytes = self.table.slice(body, count.saturating_mul(self.table.ref_size as u64))?;
        Ok(bytes.chunks_exact(self.table.ref_size).map(be).collect())
    }
}
