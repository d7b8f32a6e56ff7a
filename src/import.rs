//! Importers: facts read from the platform files an app's repository or build already has.
//!
//! Each platform module reads its artefacts (given as text with a [`FileId`]: the library does
//! no I/O) into one platform-neutral [`ImportedApp`]: the platform identifiers as written,
//! each with the [`Span`] that declares it. One shared step then maps identifiers to the
//! schema's capabilities through one table ([`capabilities`]) and writes facts in the
//! documented schema, keeping every fact's provenance (see `to_facts`).
//!
//! | kind | reads |
//! |---|---|
//! | `android` | `AndroidManifest.xml` source files (the app's and its libraries', merged), or a merged manifest from a build |
//! | `apk` | the binary manifest inside an `.apk`, decoded to XML text and read as `android` |
//! | `ios` | `Info.plist`, `*.lproj/InfoPlist.strings`, `PrivacyInfo.xcprivacy` (app and SDKs) |
//! | `harmonyos` | `module.json5` with its `resources/*/element/string.json` |
//! | `miniprogram` | WeChat `app.json` |
//!
//! # Diagnostic codes
//!
//! Each importer documents its own range in its module (`E0501`–`E0579`); the shared
//! codes:
//!
//! | code  | meaning |
//! |-------|---------|
//! | E0580 | a subject directory holds artefacts of two platforms |
//! | E0581 | an artefact given to `clause import` is not of the kind named |
//! | E0582 | a text artefact (manifest, `module.json5`, `app.json`) that is not valid UTF-8 |
//! | W0580 | a platform identifier that maps to no capability (kept in `app.unmapped_permissions`) |

pub mod android;
pub mod apk;
pub mod capabilities;
pub mod emit;
pub mod harmonyos;
pub mod ios;
mod json5;
pub mod miniprogram;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// What `clause import KIND` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Android,
    Apk,
    Ios,
    HarmonyOs,
    MiniProgram,
}

/// The platform of an imported build: the schema's `platform` variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Platform {
    Android,
    Ios,
    HarmonyOs,
    MiniProgram,
}

impl Platform {
    /// The variant name in the schema's `platform` enum.
    pub fn schema_name(self) -> &'static str {
        match self {
            Platform::Android => "android",
            Platform::Ios => "ios",
            Platform::HarmonyOs => "harmonyos",
            Platform::MiniProgram => "miniprogram",
        }
    }
}

/// One input file of an importer, already read and decoded by the caller and added to its
/// `SourceMap` as `file`. `name` is the path as the user gave it, with `/` separators:
/// importers use it to recognise roles (`zh-Hans.lproj/InfoPlist.strings`,
/// `resources/base/element/string.json`, a build's merged manifest).
#[derive(Debug, Clone, Copy)]
pub struct Artefact<'a> {
    pub name: &'a str,
    pub file: FileId,
    pub text: &'a str,
}

/// A value and the source range it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Located<T> {
        Located { value, span }
    }
}

/// What an importer read from one app's artefacts, before mapping to capabilities.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportedApp {
    /// `None` only when nothing was read.
    pub platform: Option<Located<Platform>>,
    /// Android `package` / `applicationId` as written (`${applicationId}` kept as written),
    /// iOS `CFBundleIdentifier`, HarmonyOS `bundleName`, mini-program AppID.
    pub package_id: Option<Located<String>>,
    /// The app's name when it is a literal (resource references such as `@string/app_name`
    /// are not resolved and are left out).
    pub name: Option<Located<String>>,
    /// Every platform identifier that lets the app use a device capability, in the order
    /// declared, one entry per declaration. Identifiers are kept exactly as written; see
    /// [`capabilities`] for the conventions of non-permission identifiers
    /// (`UIBackgroundModes:location`, `queries:package:com.tencent.mm`, …).
    pub permissions: Vec<PlatformPermission>,
    /// Hardware and software features the build declares (Android `uses-feature`).
    pub features: Vec<Located<String>>,
    /// Data types a privacy manifest says are collected (iOS `PrivacyInfo.xcprivacy`).
    pub collected_data: Vec<CollectedData>,
    /// Domains a privacy manifest declares for tracking (`NSPrivacyTrackingDomains`).
    pub tracking_domains: Vec<Located<String>>,
}

/// One declaration of a platform identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformPermission {
    /// As written: `android.permission.CAMERA`, `NSCameraUsageDescription`,
    /// `ohos.permission.CAMERA`, `scope.userLocation`, `getLocation`.
    pub id: String,
    /// The element, key or entry that declares it.
    pub span: Span,
    /// What the app tells the user about it: an iOS usage description (and its localised
    /// versions), a HarmonyOS `reason` (resolved), a mini-program `desc`. Default language
    /// first; references that could not be resolved are kept as written.
    pub purposes: Vec<Located<String>>,
}

/// One data type a privacy manifest declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectedData {
    /// The platform's identifier, e.g. `NSPrivacyCollectedDataTypePreciseLocation`.
    pub platform_type: Located<String>,
    /// The schema's disclosure `data_type` id it maps to (`location`, `contact_info`, …).
    pub data_type: String,
    /// The schema's `capability` variant, when the data comes through a device capability.
    pub capability: Option<String>,
    /// The schema's `purpose` variants.
    pub purposes: Vec<String>,
    pub linked_to_user: Option<bool>,
    pub used_for_tracking: Option<bool>,
}

/// The result of an importer: the app when there was no error; warnings either way.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub app: Option<ImportedApp>,
    pub diagnostics: Vec<Diagnostic>,
}
