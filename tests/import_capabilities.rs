//! The importers' one table from platform identifiers to capabilities
//! (`src/import/capabilities.rs`): checked against the bundled policy's `capability` enum,
//! for duplicates and sources, for the capabilities Art. 7(4) names on every platform, and
//! for what `lookup` answers on the identifiers real projects declare.

mod common;

use clause::import::capabilities::{lookup, Mapping, MAPPINGS};
use clause::import::Platform;
use clause::source::SourceMap;
use std::collections::BTreeSet;

const PLATFORMS: [Platform; 4] =
    [Platform::Android, Platform::Ios, Platform::HarmonyOs, Platform::MiniProgram];

fn capability_variants() -> BTreeSet<String> {
    let checked = match clause::compile(&mut SourceMap::new(), &common::bundled_policy()) {
        Ok(checked) => checked,
        Err(errors) => panic!("the bundled policy does not compile: {errors:#?}"),
    };
    let schema = &checked.program.schema;
    let Some(capability) = schema.enums.iter().find(|e| e.name == "capability") else {
        panic!("the bundled schema has no `capability` enum");
    };
    capability.variants.iter().map(|v| v.name.clone()).collect()
}

fn capability(platform: Platform, id: &str) -> Option<&'static str> {
    lookup(platform, id).map(|m| m.capability)
}

#[test]
fn every_capability_is_a_variant_of_the_bundled_schema() {
    let variants = capability_variants();
    let strays: Vec<&Mapping> = MAPPINGS.iter().filter(|m| !variants.contains(m.capability)).collect();
    assert!(strays.is_empty(), "not variants of `capability`: {strays:#?}");
}

#[test]
fn no_identifier_twice_on_one_platform() {
    let mut seen = BTreeSet::new();
    for m in MAPPINGS {
        assert!(seen.insert((m.platform, m.id)), "{:?} `{}` is in the table twice", m.platform, m.id);
    }
}

#[test]
fn every_entry_cites_a_source() {
    for m in MAPPINGS {
        assert!(!m.source.trim().is_empty(), "`{}` cites no source", m.id);
        assert!(!m.source.contains('\n') && !m.note.contains('\n'), "`{}` spans lines", m.id);
        if m.source.starts_with("http") {
            assert!(m.source.starts_with("https://"), "`{}`: {}", m.id, m.source);
        }
    }
}

#[test]
fn identifiers_are_well_formed() {
    for m in MAPPINGS {
        assert!(!m.id.is_empty() && !m.id.contains(char::is_whitespace), "{m:?}");
        let star = m.id.find('*');
        assert!(star.is_none() || star == Some(m.id.len() - 1), "`*` only at the end: {m:?}");
        let shaped = match m.platform {
            Platform::Android => m.id.contains('.') || m.id.starts_with("queries:"),
            Platform::Ios => m.id.starts_with("NS") || m.id.starts_with("NFC") || m.id.contains(':'),
            Platform::HarmonyOs => m.id.starts_with("ohos.permission."),
            Platform::MiniProgram => {
                m.id.starts_with("scope.")
                    || m.id.starts_with("requiredBackgroundModes:")
                    || m.id.chars().all(|c| c.is_ascii_alphabetic())
            }
        };
        assert!(shaped, "not the platform's identifier shape: {m:?}");
    }
}

/// Art. 7(4) names location, the address book, the camera and audio recording: each platform
/// must have a way in to each.
#[test]
fn the_four_capabilities_of_article_7_4_are_reachable_on_every_platform() {
    for platform in PLATFORMS {
        for wanted in ["location", "contacts", "camera", "microphone"] {
            assert!(
                MAPPINGS.iter().any(|m| m.platform == platform && m.capability == wanted),
                "{platform:?} has no identifier for {wanted}"
            );
        }
    }
}

#[test]
fn background_location_is_reachable_on_every_platform() {
    for platform in PLATFORMS {
        assert!(MAPPINGS.iter().any(|m| m.platform == platform && m.capability == "location_background"));
    }
}

#[test]
fn prefix_patterns_match_what_they_stand_for() {
    assert_eq!(capability(Platform::Android, "queries:package:com.tencent.mm"), Some("app_list"));
    assert_eq!(capability(Platform::Android, "queries:intent:android.intent.action.VIEW"), Some("app_list"));
    assert_eq!(capability(Platform::Android, "queries:intent"), Some("app_list"));
    assert_eq!(capability(Platform::Android, "queries:provider:com.example.provider"), Some("app_list"));
    assert_eq!(capability(Platform::Android, "android.permission.health.READ_HEART_RATE"), Some("health"));
    assert_eq!(capability(Platform::Ios, "LSApplicationQueriesSchemes:weixin"), Some("app_list"));
    let pattern = lookup(Platform::Ios, "LSApplicationQueriesSchemes:alipay").map(|m| m.id);
    assert_eq!(pattern, Some("LSApplicationQueriesSchemes:*"));
    // A pattern is a prefix: its stem alone, or the stem without its separator, is not matched.
    assert_eq!(capability(Platform::Android, "queries"), None);
    assert_eq!(capability(Platform::Android, "android.permission.healthy"), None);
    assert_eq!(capability(Platform::Ios, "LSApplicationQueriesSchemes"), None);
}

#[test]
fn unknown_and_custom_identifiers_are_not_mapped() {
    for (platform, id) in [
        (Platform::Android, "android.permission.INTERNET"),
        (Platform::Android, "${applicationId}.permission.C2D_MESSAGE"),
        (Platform::Android, "com.huawei.android.launcher.permission.CHANGE_BADGE"),
        (Platform::Android, "com.android.launcher.permission.INSTALL_SHORTCUT"),
        (Platform::Android, "android.permission.access_fine_location"),
        (Platform::Android, "NSCameraUsageDescription"),
        (Platform::Ios, "android.permission.CAMERA"),
        (Platform::Ios, "UIBackgroundModes:audio"),
        (Platform::Ios, "UIBackgroundModes:fetch"),
        (Platform::HarmonyOs, "ohos.permission.INTERNET"),
        (Platform::HarmonyOs, "ohos.permission.DETECT_GESTURE"),
        (Platform::MiniProgram, "scope.userInfo"),
        (Platform::MiniProgram, "chooseAddress"),
        (Platform::MiniProgram, "requiredBackgroundModes:audio"),
        (Platform::MiniProgram, ""),
    ] {
        assert_eq!(lookup(platform, id), None, "{platform:?} `{id}`");
    }
}

/// Identifiers the real artefacts of the corpus declare, and a few the regulation turns on.
#[test]
fn what_real_projects_declare_maps_as_documented() {
    let expected = [
        (Platform::Android, "android.permission.ACCESS_FINE_LOCATION", "location"),
        (Platform::Android, "android.permission.ACCESS_COARSE_LOCATION", "location"),
        (Platform::Android, "android.permission.ACCESS_BACKGROUND_LOCATION", "location_background"),
        (Platform::Android, "android.permission.FOREGROUND_SERVICE_LOCATION", "location"),
        (Platform::Android, "android.permission.READ_CONTACTS", "contacts"),
        (Platform::Android, "android.permission.GET_ACCOUNTS", "contacts"),
        (Platform::Android, "android.permission.CAMERA", "camera"),
        (Platform::Android, "android.permission.RECORD_AUDIO", "microphone"),
        (Platform::Android, "android.permission.SEND_SMS", "sms"),
        (Platform::Android, "android.permission.PROCESS_OUTGOING_CALLS", "call_log"),
        (Platform::Android, "android.permission.READ_PHONE_STATE", "phone"),
        (Platform::Android, "com.android.voicemail.permission.ADD_VOICEMAIL", "phone"),
        (Platform::Android, "com.google.android.gms.permission.AD_ID", "identifiers"),
        (Platform::Android, "android.permission.READ_CALENDAR", "calendar_events"),
        (Platform::Android, "android.permission.READ_MEDIA_IMAGES", "media_images_video"),
        (Platform::Android, "android.permission.READ_MEDIA_AUDIO", "media_audio"),
        (Platform::Android, "android.permission.WRITE_EXTERNAL_STORAGE", "storage"),
        (Platform::Android, "android.permission.MANAGE_EXTERNAL_STORAGE", "storage"),
        (Platform::Android, "android.permission.BODY_SENSORS", "health"),
        (Platform::Android, "android.permission.ACTIVITY_RECOGNITION", "activity_recognition"),
        (Platform::Android, "android.permission.BLUETOOTH_SCAN", "nearby_devices"),
        (Platform::Android, "android.permission.ACCESS_LOCAL_NETWORK", "nearby_devices"),
        (Platform::Android, "android.permission.POST_NOTIFICATIONS", "notifications"),
        (Platform::Android, "android.permission.REQUEST_INSTALL_PACKAGES", "install_packages"),
        (Platform::Android, "android.permission.QUERY_ALL_PACKAGES", "app_list"),
        (Platform::Android, "com.android.permission.GET_INSTALLED_APPS", "app_list"),
        (Platform::Android, "android.permission.SYSTEM_ALERT_WINDOW", "overlay"),
        (Platform::Android, "android.permission.USE_FINGERPRINT", "biometric"),
        (Platform::Android, "android.permission.PACKAGE_USAGE_STATS", "usage_stats"),
        (Platform::Android, "android.permission.FOREGROUND_SERVICE_MEDIA_PROJECTION", "screen_capture"),
        (Platform::Android, "android.permission.AUTHENTICATE_ACCOUNTS", "accounts"),
        (Platform::Ios, "NSLocationWhenInUseUsageDescription", "location"),
        (Platform::Ios, "NSLocationAlwaysAndWhenInUseUsageDescription", "location_background"),
        (Platform::Ios, "NSLocationAlwaysUsageDescription", "location_background"),
        (Platform::Ios, "UIBackgroundModes:location", "location_background"),
        (Platform::Ios, "UIBackgroundModes:bluetooth-central", "nearby_devices"),
        (Platform::Ios, "NSContactsUsageDescription", "contacts"),
        (Platform::Ios, "NSCameraUsageDescription", "camera"),
        (Platform::Ios, "NSMicrophoneUsageDescription", "microphone"),
        (Platform::Ios, "NSSpeechRecognitionUsageDescription", "speech"),
        (Platform::Ios, "NSPhotoLibraryAddUsageDescription", "media_images_video"),
        (Platform::Ios, "NSRemindersFullAccessUsageDescription", "calendar_events"),
        (Platform::Ios, "NSHealthShareUsageDescription", "health"),
        (Platform::Ios, "NSMotionUsageDescription", "activity_recognition"),
        (Platform::Ios, "NFCReaderUsageDescription", "nearby_devices"),
        (Platform::Ios, "NSUserTrackingUsageDescription", "tracking"),
        (Platform::Ios, "NSPrivacyTracking", "tracking"),
        (Platform::Ios, "NSFaceIDUsageDescription", "biometric"),
        (Platform::HarmonyOs, "ohos.permission.APPROXIMATELY_LOCATION", "location"),
        (Platform::HarmonyOs, "ohos.permission.LOCATION", "location"),
        (Platform::HarmonyOs, "ohos.permission.LOCATION_IN_BACKGROUND", "location_background"),
        (Platform::HarmonyOs, "ohos.permission.READ_CONTACTS", "contacts"),
        (Platform::HarmonyOs, "ohos.permission.CAMERA", "camera"),
        (Platform::HarmonyOs, "ohos.permission.MICROPHONE", "microphone"),
        (Platform::HarmonyOs, "ohos.permission.READ_MEDIA", "storage"),
        (Platform::HarmonyOs, "ohos.permission.CAPTURE_SCREEN", "screen_capture"),
        (Platform::HarmonyOs, "ohos.permission.APP_TRACKING_CONSENT", "tracking"),
        (Platform::HarmonyOs, "ohos.permission.READ_PASTEBOARD", "clipboard"),
        (Platform::HarmonyOs, "ohos.permission.GET_INSTALLED_BUNDLE_LIST", "app_list"),
        (Platform::MiniProgram, "scope.userLocation", "location"),
        (Platform::MiniProgram, "scope.userLocationBackground", "location_background"),
        (Platform::MiniProgram, "scope.addPhoneContact", "contacts"),
        (Platform::MiniProgram, "scope.camera", "camera"),
        (Platform::MiniProgram, "scope.record", "microphone"),
        (Platform::MiniProgram, "getLocation", "location"),
        (Platform::MiniProgram, "chooseLocation", "location"),
        (Platform::MiniProgram, "startLocationUpdateBackground", "location_background"),
        (Platform::MiniProgram, "requiredBackgroundModes:location", "location_background"),
    ];
    for (platform, id, wanted) in expected {
        assert_eq!(capability(platform, id), Some(wanted), "{platform:?} `{id}`");
    }
}

/// Every dangerous platform permission AOSP's PermissionMapping puts in a runtime group is in
/// the table, so no runtime prompt an Android app can show goes unmapped.
#[test]
fn every_android_runtime_permission_is_mapped() {
    let runtime = [
        "READ_CONTACTS",
        "WRITE_CONTACTS",
        "GET_ACCOUNTS",
        "READ_CALENDAR",
        "WRITE_CALENDAR",
        "SEND_SMS",
        "RECEIVE_SMS",
        "READ_SMS",
        "RECEIVE_MMS",
        "RECEIVE_WAP_PUSH",
        "READ_CELL_BROADCASTS",
        "READ_EXTERNAL_STORAGE",
        "WRITE_EXTERNAL_STORAGE",
        "ACCESS_MEDIA_LOCATION",
        "READ_MEDIA_AUDIO",
        "READ_MEDIA_IMAGES",
        "READ_MEDIA_VIDEO",
        "READ_MEDIA_VISUAL_USER_SELECTED",
        "ACCESS_FINE_LOCATION",
        "ACCESS_COARSE_LOCATION",
        "ACCESS_BACKGROUND_LOCATION",
        "BLUETOOTH_ADVERTISE",
        "BLUETOOTH_CONNECT",
        "BLUETOOTH_SCAN",
        "UWB_RANGING",
        "NEARBY_WIFI_DEVICES",
        "READ_CALL_LOG",
        "WRITE_CALL_LOG",
        "PROCESS_OUTGOING_CALLS",
        "READ_PHONE_STATE",
        "READ_PHONE_NUMBERS",
        "CALL_PHONE",
        "USE_SIP",
        "ANSWER_PHONE_CALLS",
        "ACCEPT_HANDOVER",
        "RECORD_AUDIO",
        "RECORD_BACKGROUND_AUDIO",
        "ACTIVITY_RECOGNITION",
        "CAMERA",
        "BACKGROUND_CAMERA",
        "BODY_SENSORS",
        "POST_NOTIFICATIONS",
        "BODY_SENSORS_BACKGROUND",
        "BODY_SENSORS_WRIST_TEMPERATURE",
        "BODY_SENSORS_WRIST_TEMPERATURE_BACKGROUND",
    ];
    for name in runtime {
        let id = format!("android.permission.{name}");
        assert!(lookup(Platform::Android, &id).is_some(), "`{id}` is not mapped");
    }
}

/// OpenHarmony's user_grant permission groups: every member is mapped (DISTRIBUTED_DATASYNC,
/// cross-device data exchange, is the one group with no capability of the schema).
#[test]
fn every_harmonyos_user_grant_group_member_is_mapped() {
    let grouped = [
        "LOCATION_IN_BACKGROUND",
        "LOCATION",
        "APPROXIMATELY_LOCATION",
        "CAMERA",
        "MICROPHONE",
        "READ_CONTACTS",
        "WRITE_CONTACTS",
        "READ_CALENDAR",
        "WRITE_CALENDAR",
        "READ_WHOLE_CALENDAR",
        "WRITE_WHOLE_CALENDAR",
        "ACTIVITY_MOTION",
        "READ_HEALTH_DATA",
        "WRITE_IMAGEVIDEO",
        "READ_IMAGEVIDEO",
        "MEDIA_LOCATION",
        "SHORT_TERM_WRITE_IMAGEVIDEO",
        "WRITE_AUDIO",
        "READ_AUDIO",
        "APP_TRACKING_CONSENT",
        "GET_INSTALLED_BUNDLE_LIST",
        "ACCESS_BLUETOOTH",
        "ANSWER_CALL",
        "MANAGE_VOICEMAIL",
        "READ_CALL_LOG",
        "WRITE_CALL_LOG",
        "READ_CELL_MESSAGES",
        "READ_MESSAGES",
        "RECEIVE_MMS",
        "RECEIVE_SMS",
        "RECEIVE_WAP_MESSAGES",
        "SEND_MESSAGES",
        "READ_PASTEBOARD",
        "READ_WRITE_DOWNLOAD_DIRECTORY",
        "READ_WRITE_DESKTOP_DIRECTORY",
        "READ_WRITE_DOCUMENTS_DIRECTORY",
        "ACCESS_NEARLINK",
        "READ_MEDIA",
        "WRITE_MEDIA",
    ];
    for name in grouped {
        let id = format!("ohos.permission.{name}");
        assert!(lookup(Platform::HarmonyOs, &id).is_some(), "`{id}` is not mapped");
    }
    assert_eq!(lookup(Platform::HarmonyOs, "ohos.permission.DISTRIBUTED_DATASYNC"), None);
}

/// WeChat's scope list: every scope that still needs the user's authorisation and is a device
/// capability is mapped; the others (user info, address, invoices) are data, not capabilities.
#[test]
fn every_wechat_device_scope_and_location_api_is_mapped() {
    for id in [
        "scope.userLocation",
        "scope.userFuzzyLocation",
        "scope.userLocationBackground",
        "scope.record",
        "scope.camera",
        "scope.bluetooth",
        "scope.writePhotosAlbum",
        "scope.addPhoneContact",
        "scope.addPhoneCalendar",
        "scope.werun",
        "getFuzzyLocation",
        "getLocation",
        "onLocationChange",
        "startLocationUpdate",
        "startLocationUpdateBackground",
        "chooseLocation",
        "choosePoi",
    ] {
        assert!(lookup(Platform::MiniProgram, id).is_some(), "`{id}` is not mapped");
    }
}
