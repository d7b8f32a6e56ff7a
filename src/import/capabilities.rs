//! The one mapping from platform identifiers to the schema's `capability` variants.
//!
//! [`MAPPINGS`] is data: one row per identifier, each citing the platform document it was
//! checked against (Android's `Manifest.permission` reference and AOSP's permission groups,
//! Apple's Information Property List keys, OpenHarmony's permission lists, WeChat's scope list
//! and `app.json` reference). The facts reference (`docs/facts.md`) shows the table, generated
//! from it. Importers report identifiers exactly as written; the shared import step calls
//! [`lookup`] for each. An identifier the table does not know (a custom permission, a vendor
//! one, one that grants no capability such as `android.permission.INTERNET`) gets `None` and
//! is kept and reported as unmapped, never dropped.
//!
//! Identifiers follow the importers' conventions: permissions by their full name as declared;
//! Android `<queries>` children as `queries:package:NAME`, `queries:intent:ACTION`,
//! `queries:provider:AUTHORITIES`; iOS background modes as `UIBackgroundModes:MODE` and URL
//! schemes probed as `LSApplicationQueriesSchemes:SCHEME`; a privacy manifest's tracking flag as
//! `NSPrivacyTracking`; mini-program `permission` scopes and `requiredPrivateInfos` entries as
//! written, background modes as `requiredBackgroundModes:MODE`. An id ending in `*` is a prefix
//! pattern. Each identifier maps to exactly one capability: where a platform identifier grants
//! more than one, the row names the broader (as permission-map.md does) and says so in `note`.

use super::Platform;

/// One platform identifier and the capability it lets the app use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mapping {
    pub platform: Platform,
    /// As the importers report it; a trailing `*` makes it a prefix pattern.
    pub id: &'static str,
    /// A variant name of the schema's `capability` enum.
    pub capability: &'static str,
    /// Where the identifier and its meaning were checked: a URL, or a document and section.
    pub source: &'static str,
    /// A remark on scope or history; may be empty.
    pub note: &'static str,
}

impl Mapping {
    /// The prefix of a pattern id (`queries:*` → `queries:`), or `None` for an exact id.
    pub fn prefix(&self) -> Option<&'static str> {
        self.id.strip_suffix('*')
    }
}

/// The identifier that maps to a capability, or `None` when it is unknown (kept and reported
/// as unmapped by the caller). An exact id wins over patterns; among patterns the longest
/// prefix wins.
pub fn lookup(platform: Platform, id: &str) -> Option<&'static Mapping> {
    lookup_in(MAPPINGS, platform, id)
}

/// Well-known identifiers that let the app use no capability the schema tracks: install-time
/// network, power and scheduling permissions and background modes that need no consent. They
/// are kept in `app.unmapped_permissions` like unknown ones, but only unknown ones are
/// reported (`W0580`), so a warning means "look at this one".
pub const WITHOUT_CAPABILITY: &[(Platform, &str)] = &[
    (Platform::Android, "android.permission.INTERNET"),
    (Platform::Android, "android.permission.ACCESS_NETWORK_STATE"),
    (Platform::Android, "android.permission.ACCESS_WIFI_STATE"),
    (Platform::Android, "android.permission.CHANGE_NETWORK_STATE"),
    (Platform::Android, "android.permission.CHANGE_WIFI_STATE"),
    (Platform::Android, "android.permission.WAKE_LOCK"),
    (Platform::Android, "android.permission.VIBRATE"),
    (Platform::Android, "android.permission.RECEIVE_BOOT_COMPLETED"),
    (Platform::Android, "android.permission.FOREGROUND_SERVICE"),
    (Platform::Android, "android.permission.FOREGROUND_SERVICE_DATA_SYNC"),
    (Platform::Android, "android.permission.FOREGROUND_SERVICE_MEDIA_PLAYBACK"),
    (Platform::Android, "android.permission.FOREGROUND_SERVICE_SPECIAL_USE"),
    (Platform::Android, "android.permission.FOREGROUND_SERVICE_SHORT_SERVICE"),
    (Platform::Android, "android.permission.FOREGROUND_SERVICE_REMOTE_MESSAGING"),
    (Platform::Android, "android.permission.FOREGROUND_SERVICE_SYSTEM_EXEMPTED"),
    (Platform::Android, "android.permission.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS"),
    (Platform::Android, "android.permission.SCHEDULE_EXACT_ALARM"),
    (Platform::Android, "android.permission.USE_EXACT_ALARM"),
    (Platform::Android, "android.permission.USE_FULL_SCREEN_INTENT"),
    (Platform::Android, "android.permission.EXPAND_STATUS_BAR"),
    (Platform::Android, "android.permission.SET_WALLPAPER"),
    (Platform::Android, "android.permission.MODIFY_AUDIO_SETTINGS"),
    (Platform::Android, "android.permission.ACCESS_LOCATION_EXTRA_COMMANDS"),
    (Platform::Android, "android.permission.WRITE_SETTINGS"),
    (Platform::Android, "com.google.android.c2dm.permission.RECEIVE"),
    (Platform::Ios, "UIBackgroundModes:audio"),
    (Platform::Ios, "UIBackgroundModes:fetch"),
    (Platform::Ios, "UIBackgroundModes:processing"),
    (Platform::Ios, "UIBackgroundModes:remote-notification"),
    (Platform::Ios, "UIBackgroundModes:voip"),
    (Platform::HarmonyOs, "ohos.permission.INTERNET"),
    (Platform::HarmonyOs, "ohos.permission.GET_NETWORK_INFO"),
    (Platform::HarmonyOs, "ohos.permission.GET_WIFI_INFO"),
    (Platform::HarmonyOs, "ohos.permission.KEEP_BACKGROUND_RUNNING"),
    (Platform::HarmonyOs, "ohos.permission.RUNNING_LOCK"),
    (Platform::HarmonyOs, "ohos.permission.VIBRATE"),
    (Platform::HarmonyOs, "ohos.permission.PUBLISH_AGENT_REMINDER"),
    (Platform::MiniProgram, "requiredBackgroundModes:audio"),
];

/// Whether an identifier is a well-known one that grants no tracked capability.
pub fn known_without_capability(platform: Platform, id: &str) -> bool {
    WITHOUT_CAPABILITY.iter().any(|(p, known)| *p == platform && *known == id)
}

fn lookup_in(table: &'static [Mapping], platform: Platform, id: &str) -> Option<&'static Mapping> {
    let rows = table.iter().filter(|m| m.platform == platform);
    if let Some(exact) = rows.clone().find(|m| m.prefix().is_none() && m.id == id) {
        return Some(exact);
    }
    rows.filter_map(|m| m.prefix().filter(|p| id.starts_with(p)).map(|p| (p.len(), m)))
        .max_by_key(|(len, _)| *len)
        .map(|(_, m)| m)
}

const fn row(
    platform: Platform,
    id: &'static str,
    capability: &'static str,
    source: &'static str,
    note: &'static str,
) -> Mapping {
    Mapping { platform, id, capability, source, note }
}

/// An `android.permission.NAME` row citing its entry in the `Manifest.permission` reference.
macro_rules! android {
    ($name:literal, $capability:literal, $note:literal) => {
        row(
            Platform::Android,
            concat!("android.permission.", $name),
            $capability,
            concat!("https://developer.android.com/reference/android/Manifest.permission#", $name),
            $note,
        )
    };
}

/// An Android permission the public reference hides or never had: cited from AOSP, which
/// defines it and puts it in its runtime group.
macro_rules! aosp {
    ($name:literal, $capability:literal, $note:literal) => {
        row(Platform::Android, concat!("android.permission.", $name), $capability, AOSP_GROUPS, $note)
    };
}

/// An Info.plist key citing its page among Apple's Information Property List keys.
macro_rules! apple {
    ($key:literal, $capability:literal, $note:literal) => {
        row(
            Platform::Ios,
            $key,
            $capability,
            concat!(
                "https://developer.apple.com/documentation/bundleresources/information-property-list/",
                $key
            ),
            $note,
        )
    };
}

/// An `ohos.permission.NAME` row citing the OpenHarmony permission list that defines it:
/// `user` (open user_grant), `all` (open system_grant), `restricted` (needs an ACL or market
/// approval), `system` (system applications).
macro_rules! ohos {
    ($list:ident, $name:literal, $capability:literal, $note:literal) => {
        row(Platform::HarmonyOs, concat!("ohos.permission.", $name), $capability, ohos!(@ $list), $note)
    };
    (@ user) => { concat!(OHOS_DOCS!(), "permissions-for-all-user.md") };
    (@ all) => { concat!(OHOS_DOCS!(), "permissions-for-all.md") };
    (@ restricted) => { concat!(OHOS_DOCS!(), "restricted-permissions.md") };
    (@ system) => { concat!(OHOS_DOCS!(), "permissions-for-system-apps.md") };
}

macro_rules! OHOS_DOCS {
    () => {
        "https://gitee.com/openharmony/docs/blob/master/en/application-dev/security/AccessToken/"
    };
}

/// A mini-program identifier citing one of WeChat's documents.
macro_rules! wechat {
    ($id:literal, $capability:literal, $source:expr, $note:literal) => {
        row(Platform::MiniProgram, $id, $capability, $source, $note)
    };
}

const AOSP_GROUPS: &str = "AOSP PermissionController, PermissionMapping.kt (the canonical permission → \
                           runtime group map); frameworks/base/core/res/AndroidManifest.xml";
const ANDROID_LEGACY: &str =
    "Android Manifest.permission, API level 22 (removed from the SDK in API level 23)";
const APPLE_BACKGROUND_MODES: &str =
    "https://developer.apple.com/documentation/bundleresources/information-property-list/UIBackgroundModes";
const WX_SCOPES: &str =
    "https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/authorize.html (scope 列表)";
const WX_PRIVATE_INFOS: &str =
    "https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html#requiredPrivateInfos";
const WX_BACKGROUND_MODES: &str =
    "https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html#requiredBackgroundModes";

/// Every known identifier, by platform, then by capability.
pub const MAPPINGS: &[Mapping] = &[
    // ───────────── Android ─────────────
    android!("ACCESS_FINE_LOCATION", "location", "precise; runtime group LOCATION"),
    android!("ACCESS_COARSE_LOCATION", "location", "approximate; runtime group LOCATION"),
    android!(
        "ACCESS_MEDIA_LOCATION",
        "location",
        "locations saved in the user's photos and videos; runtime group READ_MEDIA_VISUAL (STORAGE before Android 13)"
    ),
    android!(
        "FOREGROUND_SERVICE_LOCATION",
        "location",
        "a location foreground service (Android 14+): location keeps flowing while the user is in other apps, under the while-in-use grant"
    ),
    android!(
        "ACCESS_BACKGROUND_LOCATION",
        "location_background",
        "Android 10+; runtime group LOCATION; restricted on Google Play"
    ),
    android!("READ_CONTACTS", "contacts", "runtime group CONTACTS"),
    android!("WRITE_CONTACTS", "contacts", "runtime group CONTACTS"),
    android!(
        "GET_ACCOUNTS",
        "contacts",
        "runtime group CONTACTS; before Android 8 it also listed the device's accounts (accounts): mapped to the broader contacts"
    ),
    row(
        Platform::Android,
        "android.permission.READ_PROFILE",
        "contacts",
        ANDROID_LEGACY,
        "the user's own contact card",
    ),
    android!("CAMERA", "camera", "runtime group CAMERA"),
    aosp!("BACKGROUND_CAMERA", "camera", "runtime group CAMERA (Android 12+); granted to system apps only"),
    android!("FOREGROUND_SERVICE_CAMERA", "camera", "a camera foreground service (Android 14+)"),
    android!("RECORD_AUDIO", "microphone", "runtime group MICROPHONE"),
    aosp!(
        "RECORD_BACKGROUND_AUDIO",
        "microphone",
        "runtime group MICROPHONE (Android 12+); granted to system apps only"
    ),
    android!("FOREGROUND_SERVICE_MICROPHONE", "microphone", "a microphone foreground service (Android 14+)"),
    android!("SEND_SMS", "sms", "runtime group SMS; restricted on Google Play"),
    android!("RECEIVE_SMS", "sms", "runtime group SMS; restricted on Google Play"),
    android!("READ_SMS", "sms", "runtime group SMS; restricted on Google Play"),
    android!("RECEIVE_MMS", "sms", "runtime group SMS"),
    android!("RECEIVE_WAP_PUSH", "sms", "runtime group SMS"),
    aosp!("READ_CELL_BROADCASTS", "sms", "runtime group SMS; not in the public SDK"),
    android!("READ_CALL_LOG", "call_log", "runtime group CALL_LOG; restricted on Google Play"),
    android!("WRITE_CALL_LOG", "call_log", "runtime group CALL_LOG; restricted on Google Play"),
    android!("PROCESS_OUTGOING_CALLS", "call_log", "runtime group CALL_LOG; deprecated in Android 10"),
    android!(
        "READ_PHONE_STATE",
        "phone",
        "runtime group PHONE; before Android 10 it also gave the device identifiers (IMEI, serial): mapped to the broader phone"
    ),
    android!("READ_PHONE_NUMBERS", "phone", "runtime group PHONE"),
    android!("READ_BASIC_PHONE_STATE", "phone", "install-time (normal), Android 13+: network type and similar"),
    android!("CALL_PHONE", "phone", "runtime group PHONE"),
    row(
        Platform::Android,
        "com.android.voicemail.permission.ADD_VOICEMAIL",
        "phone",
        "https://developer.android.com/reference/android/Manifest.permission#ADD_VOICEMAIL",
        "runtime group PHONE",
    ),
    android!("USE_SIP", "phone", "runtime group PHONE"),
    android!("ANSWER_PHONE_CALLS", "phone", "runtime group PHONE"),
    android!("ACCEPT_HANDOVER", "phone", "runtime group PHONE"),
    android!(
        "MANAGE_OWN_CALLS",
        "phone",
        "install-time (normal): calling apps that place and receive calls through the system's telecom service"
    ),
    android!("FOREGROUND_SERVICE_PHONE_CALL", "phone", "a phone-call foreground service (Android 14+)"),
    aosp!(
        "READ_PRIVILEGED_PHONE_STATE",
        "identifiers",
        "non-resettable device identifiers (IMEI, serial) from Android 10; privileged apps only"
    ),
    row(
        Platform::Android,
        "com.google.android.gms.permission.AD_ID",
        "identifiers",
        "https://support.google.com/googleplay/android-developer/answer/6048248 (Play Console Help: Advertising ID)",
        "Google Play services' advertising ID; merged in by ads and analytics SDKs",
    ),
    row(
        Platform::Android,
        "android.permission.ACCESS_ADSERVICES_AD_ID",
        "identifiers",
        "https://developer.android.com/reference/android/adservices/common/AdServicesPermissions#ACCESS_ADSERVICES_AD_ID",
        "the advertising ID through the Privacy Sandbox AdServices API (Android 14+)",
    ),
    android!("READ_CALENDAR", "calendar_events", "runtime group CALENDAR"),
    android!("WRITE_CALENDAR", "calendar_events", "runtime group CALENDAR"),
    android!("READ_MEDIA_IMAGES", "media_images_video", "runtime group READ_MEDIA_VISUAL (Android 13+)"),
    android!("READ_MEDIA_VIDEO", "media_images_video", "runtime group READ_MEDIA_VISUAL (Android 13+)"),
    android!(
        "READ_MEDIA_VISUAL_USER_SELECTED",
        "media_images_video",
        "the photos and videos the user picks; runtime group READ_MEDIA_VISUAL (Android 14+)"
    ),
    android!("READ_MEDIA_AUDIO", "media_audio", "runtime group READ_MEDIA_AURAL (Android 13+)"),
    android!(
        "READ_EXTERNAL_STORAGE",
        "storage",
        "runtime group STORAGE; no effect for apps targeting Android 13+ (often declared with maxSdkVersion 32)"
    ),
    android!(
        "WRITE_EXTERNAL_STORAGE",
        "storage",
        "runtime group STORAGE; no effect from Android 11 for apps targeting it (often declared with maxSdkVersion 28 or 29)"
    ),
    android!(
        "MANAGE_EXTERNAL_STORAGE",
        "storage",
        "all-files access, a special access the user turns on in Settings (Android 11+); restricted on Google Play"
    ),
    android!(
        "MANAGE_MEDIA",
        "storage",
        "modify and delete media files without asking each time; a special access (Android 12+)"
    ),
    android!("BODY_SENSORS", "health", "runtime group SENSORS; replaced by android.permission.health.* in Android 16"),
    android!("BODY_SENSORS_BACKGROUND", "health", "runtime group SENSORS (Android 13+)"),
    aosp!(
        "BODY_SENSORS_WRIST_TEMPERATURE",
        "health",
        "runtime group SENSORS (Android 14); hidden from the public SDK"
    ),
    aosp!(
        "BODY_SENSORS_WRIST_TEMPERATURE_BACKGROUND",
        "health",
        "runtime group SENSORS (Android 14); hidden from the public SDK"
    ),
    android!("FOREGROUND_SERVICE_HEALTH", "health", "a health foreground service (Android 14+)"),
    row(
        Platform::Android,
        "android.permission.health.*",
        "health",
        "https://developer.android.com/reference/android/health/connect/HealthPermissions",
        "Health Connect data types, e.g. android.permission.health.READ_HEART_RATE; runtime group HEALTH",
    ),
    android!("ACTIVITY_RECOGNITION", "activity_recognition", "runtime group ACTIVITY_RECOGNITION (Android 10+)"),
    row(
        Platform::Android,
        "com.google.android.gms.permission.ACTIVITY_RECOGNITION",
        "activity_recognition",
        "https://developers.google.com/fit/android/authorization",
        "Google Play services' activity recognition on Android 9 and earlier",
    ),
    android!("BLUETOOTH_SCAN", "nearby_devices", "runtime group NEARBY_DEVICES (Android 12+)"),
    android!("BLUETOOTH_CONNECT", "nearby_devices", "runtime group NEARBY_DEVICES (Android 12+)"),
    android!("BLUETOOTH_ADVERTISE", "nearby_devices", "runtime group NEARBY_DEVICES (Android 12+)"),
    android!("UWB_RANGING", "nearby_devices", "runtime group NEARBY_DEVICES (Android 12+)"),
    android!("NEARBY_WIFI_DEVICES", "nearby_devices", "runtime group NEARBY_DEVICES (Android 13+)"),
    android!("RANGING", "nearby_devices", "runtime group NEARBY_DEVICES (Android 16+)"),
    android!(
        "ACCESS_LOCAL_NETWORK",
        "nearby_devices",
        "devices on the local network; runtime group NEARBY_DEVICES (Android 17+)"
    ),
    android!(
        "BLUETOOTH",
        "nearby_devices",
        "install-time (normal): connect to paired Bluetooth devices, Android 11 and earlier"
    ),
    android!(
        "BLUETOOTH_ADMIN",
        "nearby_devices",
        "install-time (normal): discover and pair Bluetooth devices, Android 11 and earlier"
    ),
    android!("NFC", "nearby_devices", "install-time (normal)"),
    android!(
        "FOREGROUND_SERVICE_CONNECTED_DEVICE",
        "nearby_devices",
        "a connected-device foreground service (Android 14+): Bluetooth, NFC, USB or network devices"
    ),
    android!("POST_NOTIFICATIONS", "notifications", "runtime group NOTIFICATIONS (Android 13+)"),
    android!(
        "REQUEST_INSTALL_PACKAGES",
        "install_packages",
        "the \"install unknown apps\" special access; restricted on Google Play"
    ),
    android!(
        "REQUEST_DELETE_PACKAGES",
        "install_packages",
        "uninstalling other apps (the user confirms); install-time (normal)"
    ),
    android!(
        "UPDATE_PACKAGES_WITHOUT_USER_ACTION",
        "install_packages",
        "updating apps it installed without asking (Android 12+); install-time (normal)"
    ),
    aosp!("INSTALL_PACKAGES", "install_packages", "silent installs; system apps only"),
    android!("QUERY_ALL_PACKAGES", "app_list", "every installed app is visible (Android 11+); restricted on Google Play"),
    android!("GET_TASKS", "app_list", "the recently run apps; deprecated in Android 5, still declared by SDKs"),
    row(
        Platform::Android,
        "com.android.permission.GET_INSTALLED_APPS",
        "app_list",
        "https://dev.mi.com/xiaomihyperos/documentation/detail?pId=1830 (Xiaomi HyperOS: 应用软件列表)",
        "the installed-apps runtime permission of Chinese vendor systems (MIUI/HyperOS and others)",
    ),
    row(
        Platform::Android,
        "queries:*",
        "app_list",
        "https://developer.android.com/guide/topics/manifest/queries-element",
        "a `<queries>` child: the named apps, intent handlers or providers become visible (Android 11+)",
    ),
    android!("SYSTEM_ALERT_WINDOW", "overlay", "the \"display over other apps\" special access"),
    android!("USE_BIOMETRIC", "biometric", "install-time (normal), Android 9+"),
    android!("USE_FINGERPRINT", "biometric", "install-time (normal); deprecated in Android 9"),
    android!("PACKAGE_USAGE_STATS", "usage_stats", "the \"usage access\" special access"),
    android!(
        "FOREGROUND_SERVICE_MEDIA_PROJECTION",
        "screen_capture",
        "a media-projection foreground service (Android 14+); each capture is still confirmed by the user"
    ),
    row(
        Platform::Android,
        "android.permission.AUTHENTICATE_ACCOUNTS",
        "accounts",
        ANDROID_LEGACY,
        "act as an account authenticator",
    ),
    row(
        Platform::Android,
        "android.permission.MANAGE_ACCOUNTS",
        "accounts",
        ANDROID_LEGACY,
        "add and remove accounts",
    ),
    row(
        Platform::Android,
        "android.permission.USE_CREDENTIALS",
        "accounts",
        ANDROID_LEGACY,
        "request auth tokens from the account manager",
    ),
    // ───────────── iOS ─────────────
    apple!("NSLocationWhenInUseUsageDescription", "location", "while the app is in use"),
    apple!("NSLocationUsageDescription", "location", "macOS; iOS before 8"),
    apple!("NSLocationTemporaryUsageDescriptionDictionary", "location", "temporary full accuracy (iOS 14+)"),
    apple!(
        "NSLocationDefaultAccuracyReduced",
        "location",
        "a Boolean making approximate location the default; it accompanies a location usage description"
    ),
    apple!(
        "NSLocationAlwaysAndWhenInUseUsageDescription",
        "location_background",
        "location at all times, also in the background (iOS 11+)"
    ),
    apple!("NSLocationAlwaysUsageDescription", "location_background", "iOS 8–10; deprecated"),
    row(
        Platform::Ios,
        "UIBackgroundModes:location",
        "location_background",
        APPLE_BACKGROUND_MODES,
        "keeps receiving location updates in the background",
    ),
    apple!("NSContactsUsageDescription", "contacts", ""),
    apple!("NSCameraUsageDescription", "camera", ""),
    apple!("NSMicrophoneUsageDescription", "microphone", ""),
    apple!(
        "NSSpeechRecognitionUsageDescription",
        "speech",
        "speech recognised by Apple's servers; recording live audio needs NSMicrophoneUsageDescription too"
    ),
    apple!(
        "NSSiriUsageDescription",
        "speech",
        "the user's spoken requests reach the app through Siri; the nearest capability"
    ),
    apple!("NSPhotoLibraryUsageDescription", "media_images_video", "read and write access"),
    apple!("NSPhotoLibraryAddUsageDescription", "media_images_video", "add-only access"),
    apple!("NSAppleMusicUsageDescription", "media_audio", "the media library"),
    apple!("NSCalendarsUsageDescription", "calendar_events", "iOS 6–17"),
    apple!("NSCalendarsFullAccessUsageDescription", "calendar_events", "read and write (iOS 17+)"),
    apple!("NSCalendarsWriteOnlyAccessUsageDescription", "calendar_events", "create events only (iOS 17+)"),
    apple!("NSRemindersUsageDescription", "calendar_events", "reminders; iOS 6–17"),
    apple!("NSRemindersFullAccessUsageDescription", "calendar_events", "reminders, read and write (iOS 17+)"),
    apple!("NSHealthShareUsageDescription", "health", "reading HealthKit data"),
    apple!("NSHealthUpdateUsageDescription", "health", "writing HealthKit data"),
    apple!("NSHealthClinicalHealthRecordsShareUsageDescription", "health", "clinical health records"),
    apple!(
        "NSSensorKitUsageDescription",
        "health",
        "SensorKit research studies (heart rate, wrist temperature, motion, device usage): health is the broadest of them"
    ),
    apple!("NSMotionUsageDescription", "activity_recognition", "Core Motion activity and steps"),
    apple!("NSFallDetectionUsageDescription", "activity_recognition", "Apple Watch fall-detection events"),
    apple!("NSBluetoothAlwaysUsageDescription", "nearby_devices", "iOS 13+"),
    apple!("NSBluetoothPeripheralUsageDescription", "nearby_devices", "before iOS 13; deprecated"),
    apple!("NSLocalNetworkUsageDescription", "nearby_devices", "Bonjour and direct connections on the local network"),
    apple!("NSNearbyInteractionUsageDescription", "nearby_devices", "UWB distance and direction (iOS 15+)"),
    apple!("NSNearbyInteractionAllowOnceUsageDescription", "nearby_devices", "iOS 14 only"),
    apple!("NFCReaderUsageDescription", "nearby_devices", "reading NFC tags"),
    apple!("NSHomeKitUsageDescription", "nearby_devices", "the user's HomeKit accessories and home data"),
    row(
        Platform::Ios,
        "UIBackgroundModes:bluetooth-central",
        "nearby_devices",
        APPLE_BACKGROUND_MODES,
        "uses Bluetooth LE accessories in the background",
    ),
    row(
        Platform::Ios,
        "UIBackgroundModes:bluetooth-peripheral",
        "nearby_devices",
        APPLE_BACKGROUND_MODES,
        "shares data over Bluetooth LE in the background",
    ),
    row(
        Platform::Ios,
        "UIBackgroundModes:nearby-interaction",
        "nearby_devices",
        APPLE_BACKGROUND_MODES,
        "Nearby Interaction sessions in the background",
    ),
    apple!("NSUserTrackingUsageDescription", "tracking", "App Tracking Transparency; gives access to the IDFA"),
    apple!("NSUserTrackingMarkdownUsageDescription", "tracking", "the Markdown text of the tracking sheet"),
    apple!(
        "NSCrossWebsiteTrackingUsageDescription",
        "tracking",
        "cross-website tracking in the app's web views"
    ),
    row(
        Platform::Ios,
        "NSPrivacyTracking",
        "tracking",
        "https://developer.apple.com/documentation/bundleresources/app-privacy-configuration/NSPrivacyTracking",
        "a privacy manifest (app or SDK) saying it uses data for tracking; reported only when true",
    ),
    apple!("NSFaceIDUsageDescription", "biometric", ""),
    row(
        Platform::Ios,
        "LSApplicationQueriesSchemes:*",
        "app_list",
        "https://developer.apple.com/documentation/bundleresources/information-property-list/LSApplicationQueriesSchemes",
        "a URL scheme the app checks for, revealing whether that app is installed",
    ),
    // ───────────── HarmonyOS / OpenHarmony ─────────────
    ohos!(user, "APPROXIMATELY_LOCATION", "location", "approximate; group Location"),
    ohos!(user, "LOCATION", "location", "precise, requested together with APPROXIMATELY_LOCATION; group Location"),
    ohos!(user, "MEDIA_LOCATION", "location", "locations saved in the user's media files; group Images and Videos"),
    ohos!(
        user,
        "LOCATION_IN_BACKGROUND",
        "location_background",
        "granted only in Settings, never in a dialog; group Location"
    ),
    ohos!(restricted, "READ_CONTACTS", "contacts", "group Contacts"),
    ohos!(restricted, "WRITE_CONTACTS", "contacts", "group Contacts"),
    ohos!(user, "CAMERA", "camera", "group Camera"),
    ohos!(user, "MICROPHONE", "microphone", "group Microphone"),
    ohos!(system, "READ_MESSAGES", "sms", "group Messaging"),
    ohos!(system, "SEND_MESSAGES", "sms", "group Messaging"),
    ohos!(system, "RECEIVE_SMS", "sms", "group Messaging"),
    ohos!(system, "RECEIVE_MMS", "sms", "group Messaging"),
    ohos!(system, "RECEIVE_WAP_MESSAGES", "sms", "group Messaging"),
    ohos!(system, "READ_CELL_MESSAGES", "sms", "cell broadcasts; group Messaging"),
    ohos!(system, "READ_CALL_LOG", "call_log", "group Call Logs"),
    ohos!(system, "WRITE_CALL_LOG", "call_log", "group Call Logs"),
    ohos!(system, "ANSWER_CALL", "phone", "group Phone"),
    ohos!(system, "MANAGE_VOICEMAIL", "phone", "group Phone"),
    ohos!(system, "PLACE_CALL", "phone", "calls without the dialer"),
    ohos!(system, "GET_TELEPHONY_STATE", "phone", ""),
    ohos!(system, "GET_PHONE_NUMBERS", "phone", "the device's own numbers"),
    ohos!(system, "ACCESS_IDS", "identifiers", "the device's unique identifiers; system_core"),
    ohos!(system, "sec.ACCESS_UDID", "identifiers", "the device UDID"),
    ohos!(user, "READ_CALENDAR", "calendar_events", "group Calendar"),
    ohos!(user, "WRITE_CALENDAR", "calendar_events", "group Calendar"),
    ohos!(system, "READ_WHOLE_CALENDAR", "calendar_events", "group Calendar"),
    ohos!(system, "WRITE_WHOLE_CALENDAR", "calendar_events", "group Calendar"),
    ohos!(restricted, "READ_IMAGEVIDEO", "media_images_video", "group Images and Videos"),
    ohos!(restricted, "WRITE_IMAGEVIDEO", "media_images_video", "group Images and Videos"),
    ohos!(
        restricted,
        "SHORT_TERM_WRITE_IMAGEVIDEO",
        "media_images_video",
        "saving for 30 minutes after the grant; group Images and Videos"
    ),
    ohos!(restricted, "READ_AUDIO", "media_audio", "group Music and Audio"),
    ohos!(restricted, "WRITE_AUDIO", "media_audio", "group Music and Audio"),
    ohos!(user, "READ_MEDIA", "storage", "external storage; deprecated since API 12 (group Files)"),
    ohos!(user, "WRITE_MEDIA", "storage", "external storage; deprecated since API 12 (group Files)"),
    ohos!(restricted, "READ_DOCUMENT", "storage", "deprecated since API 12 (group Files)"),
    ohos!(restricted, "WRITE_DOCUMENT", "storage", "deprecated since API 12 (group Files)"),
    ohos!(user, "READ_WRITE_DOWNLOAD_DIRECTORY", "storage", "PCs and tablets; group Directory"),
    ohos!(user, "READ_WRITE_DOCUMENTS_DIRECTORY", "storage", "PCs and tablets; group Directory"),
    ohos!(restricted, "READ_WRITE_DESKTOP_DIRECTORY", "storage", "2-in-1 devices; group Directory"),
    ohos!(user, "READ_HEALTH_DATA", "health", "group Body Sensors"),
    ohos!(user, "ACTIVITY_MOTION", "activity_recognition", "workout status and steps; group Fitness"),
    ohos!(user, "ACCESS_BLUETOOTH", "nearby_devices", "scan, pair, connect and advertise; group Bluetooth"),
    ohos!(user, "ACCESS_NEARLINK", "nearby_devices", "group NearLink"),
    ohos!(all, "DISCOVER_BLUETOOTH", "nearby_devices", "scan for and pair Bluetooth devices; system_grant"),
    ohos!(all, "NFC_TAG", "nearby_devices", "system_grant"),
    ohos!(all, "NFC_CARD_EMULATION", "nearby_devices", "system_grant"),
    ohos!(system, "INSTALL_BUNDLE", "install_packages", "install and uninstall other apps; system_core"),
    ohos!(system, "GET_INSTALLED_BUNDLE_LIST", "app_list", "group Installed Bundle List"),
    ohos!(restricted, "SYSTEM_FLOAT_WINDOW", "overlay", "floating windows over other apps"),
    ohos!(restricted, "READ_PASTEBOARD", "clipboard", "group Pasteboard"),
    ohos!(user, "APP_TRACKING_CONSENT", "tracking", "reads the OAID; group Ad Tracking"),
    ohos!(all, "ACCESS_BIOMETRIC", "biometric", "system_grant"),
    ohos!(system, "BUNDLE_ACTIVE_INFO", "usage_stats", "how long other apps ran in the foreground or background"),
    ohos!(user, "CUSTOM_SCREEN_CAPTURE", "screen_capture", "PCs and tablets"),
    ohos!(system, "CAPTURE_SCREEN", "screen_capture", "system_core"),
    ohos!(system, "GET_ALL_APP_ACCOUNTS", "accounts", "all apps' accounts; system_core"),
    // ───────────── WeChat mini-programs ─────────────
    wechat!("scope.userLocation", "location", WX_SCOPES, "precise location (精确地理位置)"),
    wechat!("scope.userFuzzyLocation", "location", WX_SCOPES, "approximate location (模糊地理位置)"),
    wechat!(
        "scope.userLocationBackground",
        "location_background",
        WX_SCOPES,
        "后台定位; granted only in the settings page, never in a dialog"
    ),
    wechat!("scope.record", "microphone", WX_SCOPES, "麦克风"),
    wechat!("scope.camera", "camera", WX_SCOPES, "摄像头"),
    wechat!("scope.bluetooth", "nearby_devices", WX_SCOPES, "蓝牙"),
    wechat!("scope.writePhotosAlbum", "media_images_video", WX_SCOPES, "saving to the album only (添加到相册)"),
    wechat!(
        "scope.addPhoneContact",
        "contacts",
        WX_SCOPES,
        "adding a contact only (添加到联系人); the address book cannot be read"
    ),
    wechat!("scope.addPhoneCalendar", "calendar_events", WX_SCOPES, "adding events only (添加到日历)"),
    wechat!("scope.werun", "activity_recognition", WX_SCOPES, "WeChat step count (微信运动步数)"),
    wechat!("getLocation", "location", WX_PRIVATE_INFOS, "needs scope.userLocation"),
    wechat!("getFuzzyLocation", "location", WX_PRIVATE_INFOS, "needs scope.userFuzzyLocation"),
    wechat!("onLocationChange", "location", WX_PRIVATE_INFOS, "continuous updates while in use"),
    wechat!("startLocationUpdate", "location", WX_PRIVATE_INFOS, "continuous updates while in use"),
    wechat!(
        "startLocationUpdateBackground",
        "location_background",
        WX_PRIVATE_INFOS,
        "updates also after the user leaves the mini-program; needs scope.userLocationBackground"
    ),
    wechat!("chooseLocation", "location", WX_PRIVATE_INFOS, "the user picks a place on a map; needs scope.userLocation"),
    wechat!("choosePoi", "location", WX_PRIVATE_INFOS, "the user picks a nearby place; needs scope.userLocation"),
    wechat!(
        "requiredBackgroundModes:location",
        "location_background",
        WX_BACKGROUND_MODES,
        "pairs with startLocationUpdateBackground"
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: &[Mapping] = &[
        row(Platform::Android, "a.*", "location", "s", ""),
        row(Platform::Android, "a.b.*", "camera", "s", ""),
        row(Platform::Android, "a.b.c", "contacts", "s", ""),
        row(Platform::Ios, "a.b.c", "microphone", "s", ""),
    ];

    fn capability(platform: Platform, id: &str) -> Option<&'static str> {
        lookup_in(TABLE, platform, id).map(|m| m.capability)
    }

    #[test]
    fn exact_wins_then_the_longest_prefix() {
        assert_eq!(capability(Platform::Android, "a.b.c"), Some("contacts"));
        assert_eq!(capability(Platform::Android, "a.b.cd"), Some("camera"));
        assert_eq!(capability(Platform::Android, "a.x"), Some("location"));
        assert_eq!(capability(Platform::Ios, "a.b.c"), Some("microphone"));
    }

    #[test]
    fn a_pattern_is_a_prefix_not_a_glob() {
        assert_eq!(capability(Platform::Android, "a"), None);
        assert_eq!(capability(Platform::Android, "a.*"), Some("location"));
        assert_eq!(capability(Platform::Ios, "a.b.cd"), None);
        assert_eq!(capability(Platform::HarmonyOs, "a.b.c"), None);
    }
}
