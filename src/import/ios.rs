//! iOS: `Info.plist`, `<lang>.lproj/InfoPlist.strings` and `PrivacyInfo.xcprivacy` (the app's
//! and its SDKs') into one [`ImportedApp`] with platform `ios`.
//!
//! **Files are recognised by name**, then by content: a `.xcprivacy` file is a privacy
//! manifest; a `.plist` file is a privacy manifest when its top-level keys are `NSPrivacy…`
//! ones without `CFBundleIdentifier`, and an Info.plist when it is named `Info.plist` or has
//! `CFBundleIdentifier` or a usage-description key (so `OwnTracks-Info.plist` is one, and
//! `GoogleService-Info.plist` is skipped with W0542); a file ending in `InfoPlist.strings`
//! holds translations, its language taken from the `<lang>.lproj` folder above it. Property
//! lists are read in XML (with roxmltree: every key and value keeps its span) or binary form
//! (`bplist00`, read by `binary.rs`, with spans at the start of the file); `.strings` files in
//! the old-style format (`strings.rs`), or as an XML or binary property list.
//!
//! **Info.plist**: `CFBundleIdentifier` → `package_id`, as written (`$(PRODUCT_BUNDLE_IDENTIFIER)`
//! is kept: it is what the file says); `CFBundleDisplayName`, else `CFBundleName` → `name`, only
//! when it is not an Xcode build variable (`$(PRODUCT_NAME)` and `${PRODUCT_NAME}` are left out,
//! as [`ImportedApp::name`] keeps literals only). Each key ending in `UsageDescription`
//! (`NSCameraUsageDescription`, `NSUserTrackingUsageDescription`, `NFCReaderUsageDescription`, …)
//! is a [`PlatformPermission`] with the key as id, spanning the `<key>`; its purposes are its
//! own string, then its translations. A key ending in `UsageDescriptionDictionary`
//! (`NSLocationTemporaryUsageDescriptionDictionary`) is one too, with one purpose per entry.
//! `UIBackgroundModes` entries → `UIBackgroundModes:MODE` and `LSApplicationQueriesSchemes`
//! entries → `LSApplicationQueriesSchemes:SCHEME`, each spanning its `<string>`, without
//! purposes. `UIRequiredDeviceCapabilities` entries (or keys set to true) →
//! `features` as `UIRequiredDeviceCapabilities:NAME`.
//!
//! **Translations**: the purposes of a permission are the Info.plist's string first, then the
//! same key's value in each `InfoPlist.strings`, each located in its own file, in language
//! order: `Base` first, then by language name, then files with no `.lproj` folder. With
//! several Info.plists (an app and its extensions), permissions come from all, in the order
//! given, and every one gets the translations of its key; `package_id` and `name` come from
//! the first that has them.
//!
//! **Privacy manifests**, merged as Xcode's privacy report does: `NSPrivacyTracking` true →
//! a [`PlatformPermission`] `NSPrivacyTracking` spanning the key (one per manifest that says
//! true, so tracking holds if any does); `NSPrivacyTrackingDomains` → `tracking_domains`,
//! unioned (a domain already given is not repeated); `NSPrivacyCollectedDataTypes` →
//! `collected_data`, **one entry per declaration, not merged by data type** (the shared step
//! merges), with Apple's data types and purposes mapped by [`DATA_TYPES`] and [`PURPOSES`].
//! `NSPrivacyAccessedAPITypes` (required-reason APIs) is not read: it declares API use, not
//! a capability.
//!
//! **Bytes and text.** [`import`] takes text, as every importer does. Binary property lists
//! and UTF-16 `.strings` files are not UTF-8, so a caller reading files should, for each one:
//! if [`is_binary_plist`], add it to the `SourceMap` with empty text and pass
//! [`Content::Binary`]; else if the name ends in `.strings`, decode it with [`decode_strings`]
//! (UTF-8 or UTF-16, with or without a byte-order mark; on failure report
//! [`DecodeError::to_diagnostic`]); else decode it as UTF-8; then call [`import_inputs`].
//!
//! The result has an app only when no file has an error; every file is read either way.
//!
//! # Diagnostic codes
//!
//! | code  | meaning |
//! |-------|---------|
//! | E0535 | a property list that is not well-formed XML |
//! | E0536 | an XML file that is not a property list: its root is not `<plist>`, or the `<plist>` holds no value or several |
//! | E0537 | an element a property list does not have (`<str>`), a `<key>` outside a `<dict>`, an element inside `<string>`, or text between elements |
//! | E0538 | a `<dict>` whose keys and values do not alternate: a key without a value, or a value without a key |
//! | E0539 | a property list whose top level is not a dictionary |
//! | E0540 | a property list nested more than 64 dictionaries and arrays deep |
//! | E0541 | a binary property list that cannot be read (truncated, a bad reference, an unknown object) |
//! | E0542 | a syntax error in a `.strings` file |
//! | E0543 | an invalid escape sequence in a `.strings` string: `\U` without hex digits, or an unpaired UTF-16 surrogate |
//! | E0544 | a `.strings` file that is neither UTF-8 nor UTF-16 |
//! | W0535 | an empty usage description (App Review rejects them), in an Info.plist or a translation |
//! | W0536 | the same key twice in a dictionary or a `.strings` file (the last one is used) |
//! | W0537 | a key in `InfoPlist.strings` that no Info.plist has (iOS never shows it) |
//! | W0538 | a usage description with no translation in an `InfoPlist.strings` (users of that language see the Info.plist text) |
//! | W0539 | a key the importer reads whose value has the wrong type (a usage description that is not a string, `UIBackgroundModes` not an array, …); the value is not read |
//! | W0540 | a collected data type that is not one of Apple's (kept, as data type `other`) |
//! | W0541 | a collection purpose that is not one of Apple's (left out) |
//! | W0542 | a file that is not an Info.plist, `InfoPlist.strings` or privacy manifest (skipped) |
//! | W0543 | several Info.plists with different `CFBundleIdentifier`s (the first is the app's) |
//! | W0544 | a collected data type entry without `NSPrivacyCollectedDataType` (skipped) |

mod binary;
mod info_plist;
mod privacy;
mod property_list;
mod strings;

pub use privacy::{DataTypeMapping, DATA_TYPES, PURPOSES};

use super::{Artefact, Imported, ImportedApp, Located, Platform};
use crate::diagnostic::{has_errors, Diagnostic};
use crate::source::{FileId, Span};
use info_plist::InfoPlist;
use privacy::PrivacyManifest;
use property_list::{Dict, Node, Value};
use std::collections::{HashMap, HashSet};

/// A file's content: text, or the bytes of a binary property list.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    Text(&'a str),
    /// A binary property list (`bplist00`); spans into it are empty, at the file's start.
    Binary(&'a [u8]),
}

/// One input file: like an [`Artefact`], but its content may be binary.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub file: FileId,
    pub content: Content<'a>,
}

/// Reads the iOS artefacts among `files` (all text).
pub fn import(files: &[Artefact]) -> Imported {
    let inputs: Vec<Input> =
        files.iter().map(|a| Input { name: a.name, file: a.file, content: Content::Text(a.text) }).collect();
    import_inputs(&inputs)
}

/// Whether bytes are a binary property list (they start with `bplist00`).
pub fn is_binary_plist(bytes: &[u8]) -> bool {
    bytes.starts_with(binary::MAGIC)
}

/// Reads the iOS artefacts among `inputs`, text or binary.
pub fn import_inputs(inputs: &[Input]) -> Imported {
    let mut diagnostics = Vec::new();
    let mut infos: Vec<InfoPlist> = Vec::new();
    let mut manifests: Vec<PrivacyManifest> = Vec::new();
    let mut translations: Vec<Translations> = Vec::new();
    for input in inputs {
        match role(input.name) {
            Role::PropertyList { privacy_by_name } => {
                let Some((root, dict)) = top_dict(input, &mut diagnostics) else { continue };
                let has_bundle_id = dict.get("CFBundleIdentifier").is_some();
                if privacy_by_name || (privacy::looks_like(&dict) && !has_bundle_id) {
                    manifests.push(privacy::read(&root, &dict, &mut diagnostics));
                } else if base_name(input.name) == "Info.plist"
                    || has_bundle_id
                    || dict.entries.iter().any(|(k, _)| info_plist::is_usage_description(&k.value))
                {
                    infos.push(info_plist::read(&root, &dict, &mut diagnostics));
                } else {
                    diagnostics.push(skipped(
                        input,
                        "it has no `CFBundleIdentifier`, usage description or `NSPrivacy…` key",
                    ));
                }
            }
            Role::Strings { language } => {
                if let Some(entries) = read_strings(input, &mut diagnostics) {
                    translations.push(Translations::new(input, language, entries));
                }
            }
            Role::Other(why) => diagnostics.push(skipped(input, why)),
        }
    }
    if has_errors(&diagnostics) {
        return Imported { app: None, diagnostics };
    }
    // Base first, then by language; files with no `.lproj` folder last.
    translations.sort_by_key(|t| match t.language.as_deref() {
        Some("Base") => (0, String::new()),
        Some(language) => (1, language.to_string()),
        None => (2, String::new()),
    });
    let app = assemble(&infos, &manifests, &translations, &mut diagnostics);
    Imported { app: Some(app), diagnostics }
}

/// The translations of one `InfoPlist.strings`.
struct Translations<'a> {
    name: &'a str,
    file: FileId,
    language: Option<String>,
    entries: Vec<strings::Entry>,
    /// Entry by key (keys are unique once read).
    index: HashMap<String, usize>,
}

impl<'a> Translations<'a> {
    fn new(input: &Input<'a>, language: Option<String>, entries: Vec<strings::Entry>) -> Translations<'a> {
        let index = entries.iter().enumerate().map(|(i, e)| (e.key.value.clone(), i)).collect();
        Translations { name: input.name, file: input.file, language, entries, index }
    }

    fn get(&self, key: &str) -> Option<&strings::Entry> {
        self.index.get(key).and_then(|&i| self.entries.get(i))
    }
}

fn assemble(
    infos: &[InfoPlist],
    manifests: &[PrivacyManifest],
    translations: &[Translations],
    diagnostics: &mut Vec<Diagnostic>,
) -> ImportedApp {
    let mut app = ImportedApp::default();
    let read_from = infos
        .first()
        .map(|i| i.root)
        .or_else(|| manifests.first().map(|m| m.root))
        .or_else(|| translations.first().map(|t| Span::new(t.file, 0, 0)));
    app.platform = read_from.map(|span| Located::new(Platform::Ios, span));
    // iOS shows the Info.plist's own text to users of its development region; Xcode's default
    // region, `$(DEVELOPMENT_LANGUAGE)`, is English.
    let region = infos
        .iter()
        .find_map(|i| i.development_region.clone())
        .filter(|r| !info_plist::is_build_variable(r))
        .unwrap_or_else(|| "en".to_string());
    let mut untranslated_reported: HashSet<(FileId, String)> = HashSet::new();
    let mut empty_reported: HashSet<(FileId, String)> = HashSet::new();
    for info in infos {
        match (&app.package_id, &info.bundle_id) {
            (None, Some(id)) => app.package_id = Some(id.clone()),
            (Some(first), Some(id)) if first.value != id.value => diagnostics.push(
                Diagnostic::warning("W0543", "the Info.plists give different bundle identifiers")
                    .at(id.span, format!("`{}` here", id.value))
                    .also(first.span, format!("`{}` in the first Info.plist", first.value))
                    .note("the first is taken as the app's; the others' permissions are imported too"),
            ),
            _ => {}
        }
        if app.name.is_none() {
            app.name = info.name.clone();
        }
        for declared in &info.permissions {
            let mut permission = declared.permission.clone();
            for t in translations {
                for key in &declared.translated_by {
                    match t.get(key) {
                        Some(entry) => {
                            if entry.value.value.trim().is_empty()
                                && empty_reported.insert((t.file, key.clone()))
                            {
                                diagnostics.push(info_plist::empty_purpose(key, entry.value.span));
                            }
                            permission.purposes.push(entry.value.clone());
                        }
                        None if !is_development_language(t.language.as_deref(), &region)
                            && untranslated_reported.insert((t.file, key.clone())) =>
                        {
                            diagnostics.push(untranslated(key, declared.permission.span, t, &region));
                        }
                        None => {}
                    }
                }
            }
            app.permissions.push(permission);
        }
        app.features.extend(info.features.iter().cloned());
    }
    if !infos.is_empty() {
        let known: HashSet<&str> = infos.iter().flat_map(|i| i.keys.iter().map(String::as_str)).collect();
        for t in translations {
            for entry in t.entries.iter().filter(|e| !known.contains(e.key.value.as_str())) {
                diagnostics.push(
                    Diagnostic::warning(
                        "W0537",
                        format!("`{}` is translated but no Info.plist has it", entry.key.value),
                    )
                    .at(entry.key.span, "not a key of the Info.plist")
                    .note("iOS only translates keys the Info.plist has, so this text is never shown")
                    .with_help(typo_of(&entry.key.value, known.iter().copied())),
                );
            }
        }
    }
    let mut domains: HashSet<&str> = HashSet::new();
    for manifest in manifests {
        app.permissions.extend(manifest.tracking.clone());
        for domain in &manifest.domains {
            if domains.insert(&domain.value) {
                app.tracking_domains.push(domain.clone());
            }
        }
        app.collected_data.extend(manifest.collected.iter().cloned());
    }
    app
}

/// "Did you mean" for a name a couple of edits away from a known one. Edit distance rather
/// than the shared similarity measure: all usage-description keys, and all of Apple's data
/// types, share long prefixes and suffixes, so they all look alike to it.
pub(crate) fn typo_of<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(wrong, k), k))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

/// W0538: a usage description without a translation in one `InfoPlist.strings`.
fn untranslated(key: &str, declared: Span, t: &Translations, region: &str) -> Diagnostic {
    let language = t.language.as_deref().map_or_else(|| format!("`{}`", t.name), |l| format!("`{l}`"));
    Diagnostic::warning("W0538", format!("`{key}` has no {language} translation"))
        .at(declared, "declared here")
        .also(Span::new(t.file, 0, 0), format!("`{}` has no `{key}`", t.name))
        .note(format!("users of this language see the Info.plist's own text (development region `{region}`)"))
}

/// Whether a `.strings` language is the development region (`en`, `en-GB` for `en`) or `Base`,
/// whose missing keys fall back to the Info.plist's own text by design.
fn is_development_language(language: Option<&str>, region: &str) -> bool {
    let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    match language {
        Some("Base") => true,
        Some(language) => {
            let (language, region) = (norm(language), norm(region));
            language == region || language.starts_with(&format!("{region}-"))
        }
        None => false,
    }
}

enum Role {
    /// A property list: Info.plist or privacy manifest (a `.xcprivacy` file is always the latter).
    PropertyList {
        privacy_by_name: bool,
    },
    Strings {
        language: Option<String>,
    },
    Other(&'static str),
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn role(name: &str) -> Role {
    let base = base_name(name);
    if base.ends_with(".xcprivacy") {
        Role::PropertyList { privacy_by_name: true }
    } else if base.ends_with(".plist") {
        Role::PropertyList { privacy_by_name: false }
    } else if base.ends_with("InfoPlist.strings") {
        // `zh-Hans.lproj/InfoPlist.strings` → `zh-Hans`.
        let language =
            name.split('/').rev().skip(1).find_map(|c| c.strip_suffix(".lproj")).map(str::to_string);
        Role::Strings { language }
    } else if base.ends_with(".strings") {
        Role::Other("only `InfoPlist.strings` translates Info.plist keys")
    } else {
        Role::Other("it is not an Info.plist, `InfoPlist.strings` or `PrivacyInfo.xcprivacy`")
    }
}

fn skipped(input: &Input, why: &str) -> Diagnostic {
    Diagnostic::warning("W0542", format!("`{}` is not read as an iOS artefact", input.name))
        .at(Span::new(input.file, 0, 0), "skipped")
        .note(why.to_string())
}

/// Parses a property list, binary or XML.
fn parse_plist(input: &Input, diagnostics: &mut Vec<Diagnostic>) -> Option<Node> {
    match input.content {
        Content::Binary(bytes) => binary::parse(input.file, bytes, diagnostics),
        Content::Text(text) if is_binary_plist(text.as_bytes()) => {
            binary::parse(input.file, text.as_bytes(), diagnostics)
        }
        Content::Text(text) => property_list::parse_xml(input.file, text, diagnostics),
    }
}

/// A property list whose top level must be a dictionary (E0539 otherwise).
fn top_dict(input: &Input, diagnostics: &mut Vec<Diagnostic>) -> Option<(Node, Dict)> {
    let mut root = parse_plist(input, diagnostics)?;
    match std::mem::replace(&mut root.value, Value::Other("invalid")) {
        Value::Dict(dict) => Some((root, dict)),
        other => {
            diagnostics.push(
                Diagnostic::error("E0539", "the top level of the property list is not a dictionary")
                    .at(root.span, format!("{} here", other.kind()))
                    .help("an Info.plist or privacy manifest holds one `<dict>` of keys and values"),
            );
            None
        }
    }
}

/// An `InfoPlist.strings` in any of its forms: old-style text, XML or binary property list.
fn read_strings(input: &Input, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<strings::Entry>> {
    match input.content {
        Content::Text(text)
            if !is_binary_plist(text.as_bytes())
                && !text
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                    .starts_with('<') =>
        {
            strings::parse(input.file, text, diagnostics)
        }
        _ => plist_strings(input, diagnostics),
    }
}

/// A `.strings` file written as a property list: a dictionary of strings.
fn plist_strings(input: &Input, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<strings::Entry>> {
    let (_, dict) = top_dict(input, diagnostics)?;
    let mut entries = Vec::new();
    for (key, node) in dict.entries {
        match &node.value {
            Value::String(s) => {
                entries.push(strings::Entry { key, value: Located::new(s.clone(), node.span) })
            }
            _ => diagnostics.push(info_plist::wrong_type(&key, &node, "a string")),
        }
    }
    Some(entries)
}

/// A `.strings` file's bytes that are neither UTF-8 nor UTF-16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    /// The encoding the bytes were read as: `UTF-8`, `UTF-16LE` or `UTF-16BE`.
    pub encoding: &'static str,
    /// Offset of the first byte that cannot be decoded.
    pub byte_offset: usize,
}

impl DecodeError {
    /// `E0544`, at the start of the file (the CLI holds its text decoded lossily).
    pub fn to_diagnostic(&self, file: FileId) -> Diagnostic {
        Diagnostic::error("E0544", format!("the `.strings` file is not valid {}", self.encoding))
            .at(Span::new(file, 0, 0), format!("byte {} cannot be decoded", self.byte_offset))
            .help("save the file as UTF-8 (or UTF-16 with a byte-order mark)")
    }
}

/// Decodes a `.strings` file (or an XML property list): UTF-8, or UTF-16 as Xcode long wrote
/// them. A byte-order mark decides (`EF BB BF`, `FF FE`, `FE FF`) and is dropped; without
/// one, a first character with a zero byte beside it means UTF-16 of that byte order (text
/// starts with ASCII: quotes, comments or letters); otherwise UTF-8.
pub fn decode_strings(bytes: &[u8]) -> Result<String, DecodeError> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, 3),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true, 2),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false, 2),
        [a, 0, ..] if *a != 0 => utf16(bytes, true, 0),
        [0, b, ..] if *b != 0 => utf16(bytes, false, 0),
        _ => utf8(bytes, 0),
    }
}

/// `body` as UTF-8; `start` is its offset in the file, for the error.
fn utf8(body: &[u8], start: usize) -> Result<String, DecodeError> {
    std::str::from_utf8(body)
        .map(str::to_string)
        .map_err(|e| DecodeError { encoding: "UTF-8", byte_offset: start + e.valid_up_to() })
}

/// `body` as UTF-16 of the given byte order; `start` is its offset in the file.
fn utf16(body: &[u8], little: bool, start: usize) -> Result<String, DecodeError> {
    let encoding = if little { "UTF-16LE" } else { "UTF-16BE" };
    if !body.len().is_multiple_of(2) {
        return Err(DecodeError { encoding, byte_offset: start + body.len() - 1 });
    }
    let units = body.chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    let mut offset = start;
    for c in char::decode_utf16(units) {
        let Ok(c) = c else { return Err(DecodeError { encoding, byte_offset: offset }) };
        offset += c.len_utf16() * 2;
        out.push(c);
    }
    Ok(out)
}
