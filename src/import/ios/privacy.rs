//! Privacy manifests (`PrivacyInfo.xcprivacy`): tracking, tracking domains and collected
//! data types, with Apple's data types and purposes mapped to the schema's ids by the two
//! tables below.
//!
//! Source of both tables: Apple, *Describing data use in privacy manifests*
//! (developer.apple.com/documentation/bundleresources/describing-data-use-in-privacy-manifests),
//! which lists every `NSPrivacyCollectedDataType…` and `NSPrivacyCollectedDataTypePurpose…`
//! value under the App Store privacy-label categories, and TN3184. The target ids are the
//! schema's (`policies/cac-2016/schema.clause`: `disclosure_item.data_type`, the `capability`
//! and `purpose` enums); `tests/import_ios.rs` checks them against the bundled schema.
//!
//! `NSPrivacyAccessedAPITypes` (required-reason APIs such as `UserDefaults`) is not read: it
//! declares API use that may fingerprint a device, not a capability or collected data.

use super::info_plist::{strings, wrong_type};
use super::property_list::{Dict, Node, Value};
use crate::diagnostic::Diagnostic;
use crate::import::{CollectedData, Located, PlatformPermission};
use crate::source::Span;

/// One of Apple's collected data types and what it maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataTypeMapping {
    /// `NSPrivacyCollectedDataTypePreciseLocation`, …
    pub apple: &'static str,
    /// The App Store privacy-label category it is listed under.
    pub category: &'static str,
    /// The schema's disclosure `data_type` id.
    pub data_type: &'static str,
    /// The schema's `capability`, when this data comes through a device capability.
    pub capability: Option<&'static str>,
}

const fn map(
    apple: &'static str,
    category: &'static str,
    data_type: &'static str,
    capability: Option<&'static str>,
) -> DataTypeMapping {
    DataTypeMapping { apple, category, data_type, capability }
}

/// Every `NSPrivacyCollectedDataType` value Apple documents. Data the user types in or the app
/// assigns (contact info, user IDs, purchases) has no capability; data read from the device
/// (location, contacts, HealthKit, the photo library, recordings, device identifiers) has.
/// Types with no id of their own in the schema (sensitive info, gameplay content, customer
/// support, visionOS surroundings and body data) map to `other`; the Apple name stays in
/// `platform_type`.
pub const DATA_TYPES: &[DataTypeMapping] = &[
    map("NSPrivacyCollectedDataTypeName", "Contact Info", "contact_info", None),
    map("NSPrivacyCollectedDataTypeEmailAddress", "Contact Info", "contact_info", None),
    map("NSPrivacyCollectedDataTypePhoneNumber", "Contact Info", "contact_info", None),
    map("NSPrivacyCollectedDataTypePhysicalAddress", "Contact Info", "contact_info", None),
    map("NSPrivacyCollectedDataTypeOtherUserContactInfo", "Contact Info", "contact_info", None),
    map("NSPrivacyCollectedDataTypeHealth", "Health and Fitness", "health", Some("health")),
    map(
        "NSPrivacyCollectedDataTypeFitness",
        "Health and Fitness",
        "activity_recognition",
        Some("activity_recognition"),
    ),
    map("NSPrivacyCollectedDataTypePaymentInfo", "Financial Info", "financial", None),
    map("NSPrivacyCollectedDataTypeCreditInfo", "Financial Info", "financial", None),
    map("NSPrivacyCollectedDataTypeOtherFinancialInfo", "Financial Info", "financial", None),
    map("NSPrivacyCollectedDataTypePreciseLocation", "Location", "location", Some("location")),
    map("NSPrivacyCollectedDataTypeCoarseLocation", "Location", "location", Some("location")),
    map("NSPrivacyCollectedDataTypeSensitiveInfo", "Sensitive Info", "other", None),
    map("NSPrivacyCollectedDataTypeContacts", "Contacts", "contacts", Some("contacts")),
    map("NSPrivacyCollectedDataTypeEmailsOrTextMessages", "User Content", "messages", None),
    map(
        "NSPrivacyCollectedDataTypePhotosorVideos",
        "User Content",
        "media_images_video",
        Some("media_images_video"),
    ),
    map("NSPrivacyCollectedDataTypeAudioData", "User Content", "microphone", Some("microphone")),
    map("NSPrivacyCollectedDataTypeGameplayContent", "User Content", "other", None),
    map("NSPrivacyCollectedDataTypeCustomerSupport", "User Content", "other", None),
    map("NSPrivacyCollectedDataTypeOtherUserContent", "User Content", "other", None),
    map("NSPrivacyCollectedDataTypeBrowsingHistory", "Browsing History", "browsing", None),
    map("NSPrivacyCollectedDataTypeSearchHistory", "Search History", "search", None),
    map("NSPrivacyCollectedDataTypeUserID", "Identifiers", "identifiers", None),
    map("NSPrivacyCollectedDataTypeDeviceID", "Identifiers", "identifiers", Some("identifiers")),
    map("NSPrivacyCollectedDataTypePurchaseHistory", "Purchases", "financial", None),
    map("NSPrivacyCollectedDataTypeProductInteraction", "Usage Data", "usage", None),
    map("NSPrivacyCollectedDataTypeAdvertisingData", "Usage Data", "usage", None),
    map("NSPrivacyCollectedDataTypeOtherUsageData", "Usage Data", "usage", None),
    map("NSPrivacyCollectedDataTypeCrashData", "Diagnostics", "diagnostics", None),
    map("NSPrivacyCollectedDataTypePerformanceData", "Diagnostics", "diagnostics", None),
    map("NSPrivacyCollectedDataTypeOtherDiagnosticData", "Diagnostics", "diagnostics", None),
    map("NSPrivacyCollectedDataTypeEnvironmentScanning", "Surroundings", "other", None),
    map("NSPrivacyCollectedDataTypeHands", "Body", "other", None),
    map("NSPrivacyCollectedDataTypeHead", "Body", "other", None),
    map("NSPrivacyCollectedDataTypeOtherDataTypes", "Other Data", "other", None),
];

/// Apple's purposes and the schema's `purpose` variants. Apple has six; both advertising
/// purposes are the schema's `advertising_or_marketing`. Apple has no fraud-prevention,
/// account-management or developer-communications purpose (its *App Functionality* covers
/// authentication, fraud prevention, security and customer support), so those schema
/// variants never come from a privacy manifest.
pub const PURPOSES: &[(&str, &str)] = &[
    ("NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising", "advertising_or_marketing"),
    ("NSPrivacyCollectedDataTypePurposeDeveloperAdvertising", "advertising_or_marketing"),
    ("NSPrivacyCollectedDataTypePurposeAnalytics", "analytics"),
    ("NSPrivacyCollectedDataTypePurposeProductPersonalization", "personalization"),
    ("NSPrivacyCollectedDataTypePurposeAppFunctionality", "app_functionality"),
    ("NSPrivacyCollectedDataTypePurposeOther", "other"),
];

/// One privacy manifest, read.
#[derive(Debug, Clone)]
pub(crate) struct PrivacyManifest {
    pub root: Span,
    /// `NSPrivacyTracking` when it is true.
    pub tracking: Option<PlatformPermission>,
    pub domains: Vec<Located<String>>,
    pub collected: Vec<CollectedData>,
}

/// Whether a top-level dictionary is a privacy manifest's.
pub(crate) fn looks_like(dict: &Dict) -> bool {
    dict.entries.iter().any(|(k, _)| k.value.starts_with("NSPrivacy"))
}

pub(crate) fn read(root: &Node, dict: &Dict, diagnostics: &mut Vec<Diagnostic>) -> PrivacyManifest {
    let mut manifest =
        PrivacyManifest { root: root.span, tracking: None, domains: Vec::new(), collected: Vec::new() };
    for (key, node) in &dict.entries {
        match key.value.as_str() {
            "NSPrivacyTracking" => match node.value {
                Value::Bool(true) => {
                    manifest.tracking = Some(PlatformPermission {
                        id: key.value.clone(),
                        span: key.span,
                        purposes: Vec::new(),
                    })
                }
                Value::Bool(false) => {}
                _ => diagnostics.push(wrong_type(key, node, "a boolean")),
            },
            "NSPrivacyTrackingDomains" => manifest.domains = strings(key, node, diagnostics),
            "NSPrivacyCollectedDataTypes" => match &node.value {
                Value::Array(items) => manifest
                    .collected
                    .extend(items.iter().filter_map(|item| collected(key, item, diagnostics))),
                _ => diagnostics.push(wrong_type(key, node, "an array of dictionaries")),
            },
            _ => {}
        }
    }
    manifest
}

/// One entry of `NSPrivacyCollectedDataTypes`.
fn collected(
    list_key: &Located<String>,
    item: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<CollectedData> {
    let Value::Dict(dict) = &item.value else {
        diagnostics.push(wrong_type(list_key, item, "an array of dictionaries"));
        return None;
    };
    let Some((type_key, type_node)) = dict.get("NSPrivacyCollectedDataType") else {
        diagnostics.push(
            Diagnostic::warning("W0544", "a collected data type without `NSPrivacyCollectedDataType`")
                .at(item.span, "this entry names no data type")
                .note("the entry is not read"),
        );
        return None;
    };
    let Value::String(apple) = &type_node.value else {
        diagnostics.push(wrong_type(type_key, type_node, "a string"));
        return None;
    };
    let mapping = DATA_TYPES.iter().find(|m| m.apple == apple);
    if mapping.is_none() {
        let known = DATA_TYPES.iter().map(|m| m.apple);
        diagnostics.push(
            Diagnostic::warning("W0540", format!("`{apple}` is not one of Apple's collected data types"))
                .at(type_node.span, "unknown data type")
                .note("it is kept, as data type `other`")
                .with_help(super::typo_of(apple, known)),
        );
    }
    let boolean = |name: &str, diagnostics: &mut Vec<Diagnostic>| match dict.get(name) {
        Some((_, Node { value: Value::Bool(b), .. })) => Some(*b),
        Some((k, v)) => {
            diagnostics.push(wrong_type(k, v, "a boolean"));
            None
        }
        None => None,
    };
    let linked_to_user = boolean("NSPrivacyCollectedDataTypeLinked", diagnostics);
    let used_for_tracking = boolean("NSPrivacyCollectedDataTypeTracking", diagnostics);
    let mut purposes: Vec<String> = Vec::new();
    if let Some((k, v)) = dict.get("NSPrivacyCollectedDataTypePurposes") {
        for purpose in strings(k, v, diagnostics) {
            match PURPOSES.iter().find(|(a, _)| *a == purpose.value) {
                Some((_, ours)) => {
                    if !purposes.iter().any(|p| p == ours) {
                        purposes.push((*ours).to_string());
                    }
                }
                None => {
                    let known = PURPOSES.iter().map(|(a, _)| *a);
                    let help = super::typo_of(&purpose.value, known).unwrap_or_else(|| {
                        let names: Vec<&str> = PURPOSES
                            .iter()
                            .map(|(a, _)| a.trim_start_matches("NSPrivacyCollectedDataTypePurpose"))
                            .collect();
                        format!(
                            "Apple's purposes are `NSPrivacyCollectedDataTypePurpose` followed by {}",
                            names.join(", ")
                        )
                    });
                    diagnostics.push(
                        Diagnostic::warning(
                            "W0541",
                            format!("`{}` is not one of Apple's collection purposes", purpose.value),
                        )
                        .at(purpose.span, "unknown purpose")
                        .note("it is left out")
                        .help(help),
                    );
                }
            }
        }
    }
    Some(CollectedData {
        platform_type: Located::new(apple.clone(), type_node.span),
        data_type: mapping.map_or("other", |m| m.data_type).to_string(),
        capability: mapping.and_then(|m| m.capability).map(str::to_string),
        purposes,
        linked_to_user,
        used_for_tracking,
    })
}
