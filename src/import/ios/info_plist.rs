//! What an Info.plist declares: bundle identifier, name, usage descriptions, background
//! modes, queried URL schemes and required device capabilities.

use super::property_list::{Dict, Node, Value};
use crate::diagnostic::Diagnostic;
use crate::import::{Located, PlatformPermission};
use crate::source::Span;

/// One Info.plist, read.
#[derive(Debug, Clone)]
pub(crate) struct InfoPlist {
    pub root: Span,
    /// `CFBundleIdentifier` as written.
    pub bundle_id: Option<Located<String>>,
    /// `CFBundleDisplayName`, else `CFBundleName`, when it is not a build variable.
    pub name: Option<Located<String>>,
    /// `CFBundleDevelopmentRegion` (`en`): the language of the Info.plist's own texts.
    pub development_region: Option<String>,
    pub permissions: Vec<Declared>,
    /// `UIRequiredDeviceCapabilities:NAME` entries.
    pub features: Vec<Located<String>>,
    /// Every key an `InfoPlist.strings` file may translate: the top-level keys and the keys
    /// of usage-description dictionaries.
    pub keys: Vec<String>,
}

/// A platform identifier and the `.strings` keys that translate its purposes.
#[derive(Debug, Clone)]
pub(crate) struct Declared {
    pub permission: PlatformPermission,
    pub translated_by: Vec<String>,
}

/// A usage description: a purpose string iOS shows when it asks the user
/// (`NSCameraUsageDescription`, `NFCReaderUsageDescription`, …).
pub(crate) fn is_usage_description(key: &str) -> bool {
    key.ends_with("UsageDescription")
}

/// A dictionary of purpose strings (`NSLocationTemporaryUsageDescriptionDictionary`).
fn is_usage_dictionary(key: &str) -> bool {
    key.ends_with("UsageDescriptionDictionary")
}

/// A value written as an Xcode build variable, resolved only at build time: `$(PRODUCT_NAME)`,
/// `${PRODUCT_NAME}`.
pub(crate) fn is_build_variable(value: &str) -> bool {
    value.contains("$(") || value.contains("${")
}

pub(crate) fn read(root: &Node, dict: &Dict, diagnostics: &mut Vec<Diagnostic>) -> InfoPlist {
    let mut info = InfoPlist {
        root: root.span,
        bundle_id: None,
        name: None,
        development_region: None,
        permissions: Vec::new(),
        features: Vec::new(),
        keys: Vec::new(),
    };
    let mut display_name = None;
    let mut bundle_name = None;
    for (key, node) in &dict.entries {
        info.keys.push(key.value.clone());
        match key.value.as_str() {
            "CFBundleIdentifier" => info.bundle_id = string(key, node, diagnostics),
            "CFBundleDisplayName" => display_name = string(key, node, diagnostics),
            "CFBundleName" => bundle_name = string(key, node, diagnostics),
            "CFBundleDevelopmentRegion" => {
                info.development_region = string(key, node, diagnostics).map(|s| s.value)
            }
            "UIBackgroundModes" | "LSApplicationQueriesSchemes" => {
                for entry in strings(key, node, diagnostics) {
                    info.permissions.push(Declared {
                        permission: PlatformPermission {
                            id: format!("{}:{}", key.value, entry.value),
                            span: entry.span,
                            purposes: Vec::new(),
                        },
                        translated_by: Vec::new(),
                    });
                }
            }
            "UIRequiredDeviceCapabilities" => info.features.extend(capabilities(key, node, diagnostics)),
            k if is_usage_description(k) => info.permissions.push(usage(key, node, diagnostics)),
            k if is_usage_dictionary(k) => {
                let declared = usage_dictionary(key, node, diagnostics);
                info.keys.extend(declared.translated_by.iter().cloned());
                info.permissions.push(declared);
            }
            _ => {}
        }
    }
    // The name shown under the icon: the display name, else the bundle name.
    info.name = [display_name, bundle_name].into_iter().flatten().find(|n| !is_build_variable(&n.value));
    info
}

/// W0539: a known key whose value has the wrong type (the value is not read).
pub(crate) fn wrong_type(key: &Located<String>, node: &Node, expected: &str) -> Diagnostic {
    Diagnostic::warning("W0539", format!("`{}` should be {expected}, not {}", key.value, node.value.kind()))
        .at(node.span, format!("{} here", node.value.kind()))
        .also(key.span, "for this key")
        .note("the value is not read")
}

/// W0535: an empty purpose string.
pub(crate) fn empty_purpose(key: &str, span: Span) -> Diagnostic {
    Diagnostic::warning("W0535", format!("the usage description `{key}` is empty"))
        .at(span, "an empty purpose string")
        .help("App Review rejects empty usage descriptions; say why the app needs the access")
}

fn string(key: &Located<String>, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<Located<String>> {
    match &node.value {
        Value::String(s) => Some(Located::new(s.clone(), node.span)),
        _ => {
            diagnostics.push(wrong_type(key, node, "a string"));
            None
        }
    }
}

/// The strings of an array of strings; other entries are reported.
pub(crate) fn strings(
    key: &Located<String>,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Located<String>> {
    let Value::Array(items) = &node.value else {
        diagnostics.push(wrong_type(key, node, "an array of strings"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match &item.value {
            Value::String(s) => out.push(Located::new(s.clone(), item.span)),
            _ => diagnostics.push(wrong_type(key, item, "an array of strings")),
        }
    }
    out
}

/// A `…UsageDescription` key: its purpose is its own string, translated under the same key.
fn usage(key: &Located<String>, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Declared {
    let mut purposes = Vec::new();
    match &node.value {
        Value::String(s) => {
            if s.trim().is_empty() {
                diagnostics.push(empty_purpose(&key.value, node.span));
            }
            purposes.push(Located::new(s.clone(), node.span));
        }
        _ => diagnostics.push(wrong_type(key, node, "a string")),
    }
    Declared {
        permission: PlatformPermission { id: key.value.clone(), span: key.span, purposes },
        translated_by: vec![key.value.clone()],
    }
}

/// A `…UsageDescriptionDictionary` key: one purpose per entry, each translated under the
/// entry's key.
fn usage_dictionary(key: &Located<String>, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Declared {
    let mut purposes = Vec::new();
    let mut translated_by = Vec::new();
    match &node.value {
        Value::Dict(dict) => {
            for (entry_key, entry) in &dict.entries {
                match &entry.value {
                    Value::String(s) => {
                        if s.trim().is_empty() {
                            diagnostics.push(empty_purpose(&entry_key.value, entry.span));
                        }
                        purposes.push(Located::new(s.clone(), entry.span));
                        translated_by.push(entry_key.value.clone());
                    }
                    _ => diagnostics.push(wrong_type(entry_key, entry, "a string")),
                }
            }
        }
        _ => diagnostics.push(wrong_type(key, node, "a dictionary of strings")),
    }
    Declared {
        permission: PlatformPermission { id: key.value.clone(), span: key.span, purposes },
        translated_by,
    }
}

/// `UIRequiredDeviceCapabilities`: an array of names, or a dictionary of names to booleans
/// (true: required; false: the device must not have it, so not a feature the app uses).
fn capabilities(
    key: &Located<String>,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Located<String>> {
    let name = |n: &str| format!("{}:{n}", key.value);
    match &node.value {
        Value::Dict(dict) => {
            let mut out = Vec::new();
            for (k, v) in &dict.entries {
                match v.value {
                    Value::Bool(true) => out.push(Located::new(name(&k.value), k.span)),
                    Value::Bool(false) => {}
                    _ => diagnostics.push(wrong_type(k, v, "a boolean")),
                }
            }
            out
        }
        Value::Array(_) => strings(key, node, diagnostics)
            .into_iter()
            .map(|s| Located::new(name(&s.value), s.span))
            .collect(),
        _ => {
            diagnostics.push(wrong_type(key, node, "an array of strings"));
            Vec::new()
        }
    }
}
