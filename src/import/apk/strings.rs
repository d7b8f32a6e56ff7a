//! The string pool of a binary XML document (`ResStringPool`), read in place.
//!
//! Nothing is copied or allocated when the pool is opened: its header is checked against the
//! chunk's bytes (so a count of four billion strings in a 100-byte chunk is an error, not an
//! allocation), and each string is decoded when a node refers to it, as the platform does, so
//! a damaged string that nothing uses does not fail the manifest.

use super::AxmlError;
use std::borrow::Cow;

const UTF8_FLAG: usize = 0x100;
/// `ResStringPool_header`: the chunk header, then five `u32`.
const HEADER_SIZE: usize = 28;

/// A string pool chunk: `bytes` is the whole chunk, `base` its offset in the document.
#[derive(Debug, Clone, Copy)]
pub struct StringPool<'a> {
    bytes: &'a [u8],
    base: usize,
    header_size: usize,
    count: usize,
    strings_start: usize,
    utf8: bool,
}

impl<'a> StringPool<'a> {
    /// Checks the pool header of the chunk `bytes` (header size `header_size`, already
    /// checked to fit) found at `base`.
    pub fn open(bytes: &'a [u8], header_size: usize, base: usize) -> Result<StringPool<'a>, AxmlError> {
        let bad = |message: String| AxmlError::new("E0526", base, message);
        if header_size < HEADER_SIZE {
            return Err(bad(format!(
                "the string pool header is {header_size} bytes, less than {HEADER_SIZE}"
            )));
        }
        let field = |i: usize| u32_at(bytes, 8 + 4 * i).map_or(0, |v| v as usize);
        let (count, style_count, flags, strings_start, styles_start) =
            (field(0), field(1), field(2), field(3), field(4));
        // Both offset arrays follow the header; u64 so that no count can overflow.
        let offsets_end = header_size as u64 + 4 * (count as u64 + style_count as u64);
        if offsets_end > bytes.len() as u64 {
            return Err(bad(format!(
                "the string pool says it holds {count} strings and {style_count} styles, more than its {} bytes can index",
                bytes.len()
            )));
        }
        if count > 0 && strings_start >= bytes.len() {
            return Err(bad(format!(
                "the string pool's strings start at byte {strings_start}, outside its {} bytes",
                bytes.len()
            )));
        }
        if style_count > 0 && styles_start >= bytes.len() {
            return Err(bad(format!(
                "the string pool's styles start at byte {styles_start}, outside its {} bytes",
                bytes.len()
            )));
        }
        Ok(StringPool { bytes, base, header_size, count, strings_start, utf8: flags & UTF8_FLAG != 0 })
    }

    /// String `index`; an index past the pool, or a string whose bytes leave it, is an error.
    pub fn get(&self, index: u32) -> Result<Cow<'a, str>, AxmlError> {
        let i = index as usize;
        let out_of_range = |what: &str| {
            AxmlError::new("E0527", self.base, format!("string {index} of the string pool {what}"))
        };
        if i >= self.count {
            return Err(out_of_range(&format!("does not exist (the pool has {})", self.count)));
        }
        let offset = u32_at(self.bytes, self.header_size + 4 * i).unwrap_or(u32::MAX) as usize;
        let start = self.strings_start.saturating_add(offset);
        let decoded = if self.utf8 { self.utf8_at(start) } else { self.utf16_at(start) };
        decoded.ok_or_else(|| out_of_range("runs past the end of the pool"))
    }

    /// A UTF-8 string: its length in UTF-16 units and in bytes (each one or two bytes, the
    /// high bit of the first saying two), the bytes, a NUL.
    fn utf8_at(&self, start: usize) -> Option<Cow<'a, str>> {
        let (_, after_chars) = utf8_length(self.bytes, start)?;
        let (len, at) = utf8_length(self.bytes, after_chars)?;
        let text = self.bytes.get(at..at.checked_add(len)?)?;
        Some(String::from_utf8_lossy(text))
    }

    /// A UTF-16 string: its length in units (one or two units, the high bit of the first
    /// saying two), the units, a NUL unit.
    fn utf16_at(&self, start: usize) -> Option<Cow<'a, str>> {
        let first = u16_at(self.bytes, start)? as usize;
        let (len, at) = if first & 0x8000 != 0 {
            let second = u16_at(self.bytes, start + 2)? as usize;
            (((first & 0x7fff) << 16) | second, start + 4)
        } else {
            (first, start + 2)
        };
        let units = self.bytes.get(at..at.checked_add(len.checked_mul(2)?)?)?;
        let units = units.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]]));
        Some(Cow::Owned(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).collect()))
    }
}

fn utf8_length(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let first = *bytes.get(at)? as usize;
    if first & 0x80 != 0 {
        let second = *bytes.get(at + 1)? as usize;
        Some((((first & 0x7f) << 8) | second, at + 2))
    } else {
        Some((first, at + 1))
    }
}

pub fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes.get(at..at.checked_add(2)?)?.try_into().ok().map(u16::from_le_bytes)
}

pub fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at.checked_add(4)?)?.try_into().ok().map(u32::from_le_bytes)
}
