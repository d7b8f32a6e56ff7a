//! APK: the binary manifest inside an `.apk`, decoded to XML text for the `android` importer.
//!
//! An APK is a zip archive whose `AndroidManifest.xml` entry is Android binary XML (AXML), the
//! chunked format aapt and aapt2 write: a string pool, a map from attribute names to framework
//! resource ids, then namespace, element and text nodes. [`manifest_text`] opens the archive
//! from memory, inflates that one entry (capped at [`MAX_MANIFEST_BYTES`], so a zip bomb is an
//! error, not an allocation), and [`binary_xml_text`] decodes it into deterministic,
//! well-formed XML: one element per line, namespaces declared on the root, attribute values
//! rendered from their types (decimal and hex integers, booleans, floats, dimensions,
//! fractions, colours) and resource references left unresolved as `@0x7f0a0001`. The caller
//! adds that text to its `SourceMap` (as `app.apk!/AndroidManifest.xml`) and reads it with
//! the `android` importer, so a permission found in an APK points at a line of that text.
//!
//! The decoder reads what the platform reads. A framework attribute is named by its resource
//! id, not by its name string (stripped and obfuscated APKs leave the names empty or wrong),
//! and its value is the typed value, as `TypedArray` reads it; other attributes prefer the raw
//! string, as `XmlPullParser` does. Unknown chunks are skipped, the last string pool before the
//! first node is the one used, strings are decoded only when referenced, nodes after the root
//! element closes are ignored, and of two attributes with one name the first wins. Everything
//! else malformed is an error: never a panic, and never an allocation larger than the input
//! allows. Errors point at the start of the APK's file (the caller holds its bytes as empty or
//! lossy text, so a byte offset there would mean nothing) and say the offset in the message.
//!
//! # Diagnostic codes
//!
//! | code  | meaning |
//! |-------|---------|
//! | E0520 | the file is not a zip archive (no readable central directory) |
//! | E0521 | the archive has no `AndroidManifest.xml` entry |
//! | E0522 | the manifest entry cannot be read (encrypted, an unsupported compression method, corrupt data or checksum) |
//! | E0523 | the manifest inflates to more than 8 MiB (a zip bomb, or not a manifest) |
//! | E0524 | the manifest is not Android binary XML (a text manifest, or another format) |
//! | E0525 | a chunk is truncated or its size is inconsistent (smaller than its header, or past the end of its parent) |
//! | E0526 | the string pool is malformed (more strings or styles than its bytes can hold, strings starting outside it) |
//! | E0527 | a string reference out of range, or a string whose bytes run past the pool |
//! | E0528 | an XML node comes before any string pool |
//! | E0529 | an element node is malformed (attributes outside the chunk, attribute records too small) |
//! | E0530 | elements nested deeper than 256 levels |
//! | E0531 | the document has no root element |
//! | E0532 | the decoded text would be larger than 32 MiB, or decoding it would read more than 64 MiB of strings |

mod attrs;
mod axml;
mod strings;
mod values;
mod write;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use std::io::Read;
use zip::CompressionMethod;

/// The largest decompressed manifest read: real merged manifests are tens of kilobytes.
pub const MAX_MANIFEST_BYTES: u64 = 8 << 20;

/// The largest decoded text: references can repeat one long string many times.
pub const MAX_TEXT_BYTES: usize = 32 << 20;

/// The deepest element nesting decoded: real manifests nest six or seven levels.
pub const MAX_DEPTH: usize = 256;

const MANIFEST: &str = "AndroidManifest.xml";

/// The manifest of the APK `bytes` (the caller's file `file`) as XML text.
pub fn manifest_text(file: FileId, bytes: &[u8]) -> Result<String, Diagnostic> {
    let axml = manifest_entry(file, bytes)?;
    binary_xml_text(file, &axml)
}

/// Android binary XML (an `AndroidManifest.xml` already out of its APK, or any other compiled
/// XML resource) as XML text; errors are in `file`.
pub fn binary_xml_text(file: FileId, axml: &[u8]) -> Result<String, Diagnostic> {
    let document = axml::parse(axml).map_err(|e| e.into_diagnostic(file))?;
    write::to_text(&document).map_err(|e| e.into_diagnostic(file))
}

/// The inflated bytes of the `AndroidManifest.xml` entry.
fn manifest_entry(file: FileId, bytes: &[u8]) -> Result<Vec<u8>, Diagnostic> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        error(file, "E0520", "this file is not an APK: it cannot be read as a zip archive", e.to_string())
            .help("an `.apk` is a zip archive; check that the whole file was downloaded")
    })?;
    let Some(index) = archive.index_for_name_raw(MANIFEST.as_bytes()) else {
        return Err(error(file, "E0521", "the APK has no `AndroidManifest.xml`", "no manifest in this archive")
            .help("an APK holds its binary manifest at the top of the archive; an AAB keeps it under `base/manifest/`"));
    };
    // Android reads an entry with an unknown compression method as stored: packers use that
    // to break other tools, so do the same when the sizes say it is stored.
    let as_stored = archive.by_index_data(index).is_ok_and(|entry| {
        !matches!(entry.compression(), CompressionMethod::Stored | CompressionMethod::Deflated)
            && !entry.encrypted()
            && entry.compressed_size() == entry.size()
    });
    let mut out = Vec::new();
    let entry = if as_stored { archive.by_index_raw(index) } else { archive.by_index(index) };
    let read = entry.map_err(|e| e.to_string()).and_then(|entry| read_capped(entry, &mut out));
    match read {
        Ok(()) if out.len() as u64 > MAX_MANIFEST_BYTES => Err(error(
            file,
            "E0523",
            format!("`AndroidManifest.xml` inflates to more than {} MiB", MAX_MANIFEST_BYTES >> 20),
            "manifest too large",
        )
        .note("real manifests are tens of kilobytes; this looks like a zip bomb")),
        Ok(()) => Ok(out),
        Err(reason) => Err(error(file, "E0522", "`AndroidManifest.xml` cannot be read from the APK", reason)),
    }
}

/// Reads at most one byte more than the cap, so "too large" is seen without inflating it all.
fn read_capped(entry: impl Read, out: &mut Vec<u8>) -> Result<(), String> {
    entry.take(MAX_MANIFEST_BYTES + 1).read_to_end(out).map(|_| ()).map_err(|e| e.to_string())
}

fn error(
    file: FileId,
    code: &'static str,
    message: impl Into<String>,
    label: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(code, message).at(Span::new(file, 0, 0), label)
}

/// A decoding error inside the binary XML, at a byte offset of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AxmlError {
    pub code: &'static str,
    pub message: String,
    pub offset: usize,
    pub help: Option<&'static str>,
}

impl AxmlError {
    pub fn new(code: &'static str, offset: usize, message: impl Into<String>) -> AxmlError {
        AxmlError { code, message: message.into(), offset, help: None }
    }

    pub fn with_help(self, help: &'static str) -> AxmlError {
        AxmlError { help: Some(help), ..self }
    }

    fn into_diagnostic(self, file: FileId) -> Diagnostic {
        let label = format!("at byte {} of `{MANIFEST}`", self.offset);
        error(file, self.code, self.message, label).with_help(self.help.map(str::to_string))
    }
}
