//! A deterministic generator of realistic subject bundles for the cac-2016 facts model, one
//! JSON object per line (the `--catalog` format).
//!
//! Shared by `examples/gen_catalog.rs` (which streams it to stdout) and the benches (which
//! build the same corpus in memory) through `#[path]`. Line `i` of seed `s` depends only on
//! `(s, i)`: the generator keeps no state between lines, so it streams in constant memory
//! and any slice of a catalogue can be regenerated on its own.
//!
//! The mix, per line: ~5 % app stores, ~95 % apps. Of the apps, ~7 % are outside the
//! Provisions' scope (no information services, or not offered in the PRC), ~4 % have facts
//! missing (rules undetermined), ~25 % carry one to three violations drawn from eighteen kinds
//! (each aimed at a rule of the pack), and the rest are compliant. Of the stores, ~25 % carry
//! a violation. Ids, platforms, capabilities and their platform permissions, licences, logs
//! retention, reviews and agreements vary from line to line. A line is ~2.4 KB on average.

// Each includer uses a different part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;

/// SplitMix64: small, fast, and good enough to vary test data; no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator of line `index` for catalogue `seed`.
    pub fn for_line(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn range(&mut self, lo: u64, hi_inclusive: u64) -> u64 {
        lo + self.below(hi_inclusive - lo + 1)
    }

    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A compact JSON writer (no spaces, as `serde_json::to_string` writes). All generated strings are plain ASCII without
/// quotes or backslashes; `string` escapes them anyway.
struct W<'a> {
    s: &'a mut String,
    comma: bool,
}

impl W<'_> {
    fn sep(&mut self) {
        if self.comma {
            self.s.push(',');
        }
    }
    fn key(&mut self, k: &str) -> &mut Self {
        self.sep();
        self.s.push('"');
        self.s.push_str(k);
        self.s.push_str("\":");
        self.comma = false;
        self
    }
    fn string(&mut self, v: &str) -> &mut Self {
        self.sep();
        self.s.push('"');
        // Almost every string needs no escape: copied whole, it costs a tenth of a walk
        // character by character (this walk was half the generator's time).
        if !v.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            self.s.push_str(v);
            self.s.push('"');
            self.comma = true;
            return self;
        }
        for c in v.chars() {
            match c {
                '"' => self.s.push_str("\\\""),
                '\\' => self.s.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.s, "\\u{:04x}", c as u32);
                }
                c => self.s.push(c),
            }
        }
        self.s.push('"');
        self.comma = true;
        self
    }
    fn boolean(&mut self, v: bool) -> &mut Self {
        self.sep();
        self.s.push_str(if v { "true" } else { "false" });
        self.comma = true;
        self
    }
    fn number(&mut self, v: u64) -> &mut Self {
        self.sep();
        let _ = write!(self.s, "{v}");
        self.comma = true;
        self
    }
    fn open(&mut self, bracket: char) -> &mut Self {
        self.sep();
        self.s.push(bracket);
        self.comma = false;
        self
    }
    fn close(&mut self, bracket: char) -> &mut Self {
        self.s.push(bracket);
        self.comma = true;
        self
    }
    fn strings(&mut self, k: &str, vs: &[&str]) -> &mut Self {
        self.key(k).open('[');
        for v in vs {
            self.string(v);
        }
        self.close(']')
    }
    fn date(&mut self, (y, m, d): (u64, u64, u64)) -> &mut Self {
        self.string(&format!("{y:04}-{m:02}-{d:02}"))
    }
}

const VENDORS: &[&str] = &[
    "example",
    "brightsoft",
    "yunhai",
    "tianqi",
    "lanmao",
    "kuaidian",
    "xingchen",
    "mobitech",
    "huaxia",
    "pixelworks",
    "sunriver",
    "greenleaf",
    "dragonfly",
    "northwind",
    "jadepeak",
    "bluefin",
];
const PRODUCTS: &[&str] = &[
    "news",
    "weather",
    "flashlight",
    "reader",
    "video",
    "music",
    "maps",
    "shop",
    "chat",
    "camera",
    "fitness",
    "notes",
    "games",
    "travel",
    "bank",
    "learn",
    "radio",
    "comics",
    "recipes",
    "taxi",
];
const PROVINCES: &[&str] =
    &["Beijing", "Shanghai", "Guangdong", "Zhejiang", "Jiangsu", "Sichuan", "Hubei", "Fujian", "Shandong"];

/// Capability id and its permission on Android, iOS, HarmonyOS and mini-programs ("" when the
/// platform has none), and the data type a disclosure lists it under.
const CAPABILITIES: &[(&str, [&str; 4], &str)] = &[
    (
        "location",
        [
            "android.permission.ACCESS_FINE_LOCATION",
            "NSLocationWhenInUseUsageDescription",
            "ohos.permission.LOCATION",
            "scope.userLocation",
        ],
        "location",
    ),
    (
        "location_background",
        [
            "android.permission.ACCESS_BACKGROUND_LOCATION",
            "NSLocationAlwaysAndWhenInUseUsageDescription",
            "ohos.permission.LOCATION_IN_BACKGROUND",
            "scope.userLocationBackground",
        ],
        "location",
    ),
    (
        "contacts",
        [
            "android.permission.READ_CONTACTS",
            "NSContactsUsageDescription",
            "ohos.permission.READ_CONTACTS",
            "",
        ],
        "contacts",
    ),
    (
        "camera",
        ["android.permission.CAMERA", "NSCameraUsageDescription", "ohos.permission.CAMERA", "scope.camera"],
        "media_images_video",
    ),
    (
        "microphone",
        [
            "android.permission.RECORD_AUDIO",
            "NSMicrophoneUsageDescription",
            "ohos.permission.MICROPHONE",
            "scope.record",
        ],
        "audio",
    ),
    ("sms", ["android.permission.READ_SMS", "", "", ""], "messages"),
    ("call_log", ["android.permission.READ_CALL_LOG", "", "", ""], "call_log"),
    (
        "phone",
        ["android.permission.READ_PHONE_STATE", "", "ohos.permission.GET_TELEPHONY_STATE", ""],
        "device_info",
    ),
    (
        "identifiers",
        [
            "com.google.android.gms.permission.AD_ID",
            "NSUserTrackingUsageDescription",
            "ohos.permission.APP_TRACKING_CONSENT",
            "",
        ],
        "device_ids",
    ),
    (
        "calendar_events",
        [
            "android.permission.READ_CALENDAR",
            "NSCalendarsUsageDescription",
            "ohos.permission.READ_CALENDAR",
            "",
        ],
        "calendar",
    ),
    (
        "media_images_video",
        [
            "android.permission.READ_MEDIA_IMAGES",
            "NSPhotoLibraryUsageDescription",
            "ohos.permission.READ_IMAGEVIDEO",
            "scope.writePhotosAlbum",
        ],
        "media_images_video",
    ),
    (
        "storage",
        ["android.permission.MANAGE_EXTERNAL_STORAGE", "", "ohos.permission.FILE_ACCESS_MANAGER", ""],
        "files",
    ),
    ("health", ["android.permission.BODY_SENSORS", "NSHealthShareUsageDescription", "", ""], "health"),
    (
        "activity_recognition",
        [
            "android.permission.ACTIVITY_RECOGNITION",
            "NSMotionUsageDescription",
            "ohos.permission.ACTIVITY_MOTION",
            "scope.werun",
        ],
        "fitness",
    ),
    (
        "nearby_devices",
        [
            "android.permission.BLUETOOTH_SCAN",
            "NSBluetoothAlwaysUsageDescription",
            "ohos.permission.ACCESS_BLUETOOTH",
            "scope.bluetooth",
        ],
        "device_info",
    ),
    (
        "notifications",
        ["android.permission.POST_NOTIFICATIONS", "", "ohos.permission.NOTIFICATION_CONTROLLER", ""],
        "device_info",
    ),
    (
        "app_list",
        ["android.permission.QUERY_ALL_PACKAGES", "", "ohos.permission.GET_BUNDLE_INFO", ""],
        "app_activity",
    ),
    ("overlay", ["android.permission.SYSTEM_ALERT_WINDOW", "", "", ""], "app_activity"),
];

/// Service kind, the licence that serves it, and a description.
const SERVICES: &[(&str, &str, &str)] = &[
    ("news", "internet_news_information_service_licence", "edited news feed and reposted agency news"),
    ("commercial_internet_information", "icp_licence", "paid premium content and advertising"),
    ("non_commercial_internet_information", "icp_filing", "free community information"),
    ("online_publishing", "online_publishing_service_licence", "serialised novels and comics"),
    ("audio_visual_programmes", "audio_visual_programme_licence", "short videos and live streams"),
    ("internet_culture", "internet_culture_business_licence", "casual online games and music"),
];

const PURPOSES: &[&str] = &[
    "app_functionality",
    "analytics",
    "developer_communications",
    "advertising_or_marketing",
    "fraud_prevention_security_compliance",
    "personalization",
    "account_management",
];
const METHODS: &[&str] = &["user_provided", "automatic_by_app", "automatic_by_sdk", "from_third_party"];
const FORMATS: &[&str] =
    &["privacy_policy", "play_data_safety", "app_store_label", "privacy_manifest", "cn_collection_lists"];
const VERIFICATION: &[&str] = &["mobile_number", "national_id", "bank_card", "verified_third_party_account"];
const STORES: &[&str] = &[
    "appstore.example.cn",
    "market.huaxia.cn",
    "apps.sunriver.cn",
    "store.dragonfly.cn",
    "app.northwind.cn",
];

/// What a line is made to break (the rule it aims at, in comments).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flaw {
    LicenceMissing,        // required-licences-held
    LicenceExpired,        // required-licences-held
    NoRealName,            // registered-users-real-name-verified
    NoMethods,             // disclosure-states-purpose-method-scope
    NoItemConsent,         // personal-information-collected-with-consent
    Undisclosed,           // collected-capability-data-disclosed
    SensitiveByDefault,    // no-named-sensitive-function-without-notice-and-consent
    UnrelatedFunction,     // no-unrelated-function
    UnrelatedCapability,   // no-unrelated-capability
    UnrelatedBundle,       // no-unrelated-bundled-install
    IpInfringement,        // no-confirmed-ip-infringement
    ShortLogs,             // user-logs-kept-60-days
    NoComplaintEntry,      // app-complaint-entry-provided
    NoRecords,             // content-disposals-recorded-and-reported
    NoStoreAgreement,      // app-store-agreements-signed
    SlowComplaints,        // app-complaints-handled-promptly
    ProhibitedContent,     // app-no-prohibited-activity-or-content
    DisclosureUnpublished, // personal-information-disclosure-published
}

const FLAWS: &[Flaw] = &[
    Flaw::LicenceMissing,
    Flaw::LicenceExpired,
    Flaw::NoRealName,
    Flaw::NoMethods,
    Flaw::NoItemConsent,
    Flaw::Undisclosed,
    Flaw::SensitiveByDefault,
    Flaw::UnrelatedFunction,
    Flaw::UnrelatedCapability,
    Flaw::UnrelatedBundle,
    Flaw::IpInfringement,
    Flaw::ShortLogs,
    Flaw::NoComplaintEntry,
    Flaw::NoRecords,
    Flaw::NoStoreAgreement,
    Flaw::SlowComplaints,
    Flaw::ProhibitedContent,
    Flaw::DisclosureUnpublished,
];

/// Facts left out of an incomplete bundle (each leaves some rule undetermined).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    LogsRetention,
    Methods,
    IpReview,
    ConsentFlow,
    LicenceExpiry,
}
const GAPS: &[Gap] = &[Gap::LogsRetention, Gap::Methods, Gap::IpReview, Gap::ConsentFlow, Gap::LicenceExpiry];

/// Appends line `index` of catalogue `seed` to `out`, without the newline.
pub fn bundle(seed: u64, index: u64, out: &mut String) {
    let mut r = Rng::for_line(seed, index);
    if r.chance(50) {
        store(&mut r, index, out);
    } else {
        app(&mut r, index, out);
    }
}

/// The first `lines` lines of catalogue `seed`, each without its newline.
pub fn corpus(seed: u64, lines: u64) -> Vec<String> {
    (0..lines)
        .map(|i| {
            let mut s = String::with_capacity(3072);
            bundle(seed, i, &mut s);
            s
        })
        .collect()
}

fn date(r: &mut Rng, from_year: u64, to_year: u64) -> (u64, u64, u64) {
    (r.range(from_year, to_year), r.range(1, 12), r.range(1, 28))
}

fn app(r: &mut Rng, index: u64, out: &mut String) {
    let vendor = r.pick(VENDORS);
    let product = r.pick(PRODUCTS);
    let package = format!("com.{vendor}.{product}{index}");
    let platform_ix = match r.below(100) {
        0..=59 => 0,
        60..=84 => 1,
        85..=92 => 2,
        _ => 3,
    };
    let platform = ["android", "ios", "harmonyos", "miniprogram"][platform_ix];
    let in_scope = !r.chance(70);
    let roll = r.below(1000);
    let mut flaws: Vec<Flaw> = Vec::new();
    let mut gaps: Vec<Gap> = Vec::new();
    if roll < 40 {
        gaps.push(r.pick(GAPS));
        if r.chance(400) {
            gaps.push(r.pick(GAPS));
        }
    } else if roll < 40 + 260 {
        flaws.push(r.pick(FLAWS));
        while flaws.len() < 3 && r.chance(300) {
            flaws.push(r.pick(FLAWS));
        }
    }
    let has = |f: Flaw| flaws.contains(&f);
    let gap = |g: Gap| gaps.contains(&g);

    // Services, capabilities and functions first: the disclosure and the licences follow them.
    let mut services: Vec<usize> = vec![r.below(SERVICES.len() as u64) as usize];
    if r.chance(450) {
        let s = r.below(SERVICES.len() as u64) as usize;
        if !services.contains(&s) {
            services.push(s);
        }
    }
    let wanted = r.range(1, 3) as usize;
    let mut caps: Vec<usize> = Vec::with_capacity(wanted);
    for _ in 0..wanted * 2 {
        let c = r.below(CAPABILITIES.len() as u64) as usize;
        if !caps.contains(&c) && !CAPABILITIES[c].1[platform_ix].is_empty() {
            caps.push(c);
        }
        if caps.len() == wanted {
            break;
        }
    }
    // Which capability each capability-aimed flaw hits: a used, collecting one.
    let named = |c: usize| {
        matches!(CAPABILITIES[c].0, "location" | "location_background" | "contacts" | "camera" | "microphone")
    };
    let sensitive_target = caps.iter().position(|&c| named(c));
    let users_publish = r.chance(450) || has(Flaw::NoRecords);
    let registration = r.chance(700) || has(Flaw::NoRealName);
    let stores: Vec<&str> = (0..r.range(1, 3)).map(|_| r.pick(STORES)).fold(Vec::new(), |mut v, s| {
        if !v.contains(&s) {
            v.push(s);
        }
        v
    });

    let mut w = W { s: out, comma: false };
    w.open('{').key("app").open('{');
    w.key("package_id").string(&package);
    let mut name = format!("{}{} {}", &vendor[..1].to_ascii_uppercase(), &vendor[1..], product);
    if r.chance(300) {
        name.push_str(" Lite");
    }
    w.key("name").string(&name);
    w.key("platform").string(platform);
    if r.chance(200) {
        w.strings("distribution", &["download", "pre_installed"]);
    } else {
        w.strings("distribution", &["download"]);
    }
    w.key("runs_on_mobile_smart_terminal").boolean(true);
    w.key("offered_in_prc").boolean(in_scope || r.chance(500));
    w.key("provides_information_services").boolean(in_scope);
    w.key("information_services").open('[');
    for &s in &services {
        w.open('{').key("kind").string(SERVICES[s].0).key("description").string(SERVICES[s].2).close('}');
    }
    w.close(']');
    w.key("capabilities").open('[');
    let mut collecting: Vec<usize> = Vec::new();
    for (k, &c) in caps.iter().enumerate() {
        let (id, perms, _) = CAPABILITIES[c];
        let used = r.chance(850) || Some(k) == sensitive_target;
        let collects = used && (r.chance(600) || k == 0);
        if collects {
            collecting.push(c);
        }
        let hit_default = has(Flaw::SensitiveByDefault) && Some(k) == sensitive_target;
        let hit_unrelated = has(Flaw::UnrelatedCapability) && k == caps.len() - 1;
        w.open('{').key("capability").string(id);
        w.strings("platform_permissions", &[perms[platform_ix]]);
        w.key("declared").boolean(true);
        w.key("used").boolean(used || hit_unrelated);
        if gap(Gap::ConsentFlow) && k == 0 {
            w.close('}');
            continue;
        }
        w.key("enabled_by_default").boolean(hit_default);
        w.key("requested_before_consent").boolean(hit_default && r.chance(500));
        w.key("notice_shown").boolean(!hit_default || r.chance(300));
        w.key("consent_obtained").boolean(!hit_default);
        w.key("related_to_service").boolean(!hit_unrelated);
        w.key("collects_personal_information").boolean(collects);
        w.close('}');
    }
    w.close(']');
    w.key("functions").open('[');
    let functions = r.below(2) + u64::from(has(Flaw::UnrelatedFunction));
    for f in 0..functions {
        let unrelated = has(Flaw::UnrelatedFunction) && f == functions - 1;
        let fname = if unrelated {
            "lucky draw mini-game centre"
        } else {
            r.pick(&["home feed", "search", "favourites", "share card", "offline mode"])
        };
        w.open('{').key("name").string(fname);
        w.key("related_to_service").boolean(!unrelated);
        w.key("switched_on").boolean(true);
        w.key("notice_shown").boolean(!unrelated);
        w.key("consent_obtained").boolean(!unrelated);
        w.close('}');
    }
    w.close(']');
    w.key("bundled_installs").open('[');
    if has(Flaw::UnrelatedBundle) || r.chance(150) {
        let bad = has(Flaw::UnrelatedBundle);
        w.open('{').key("package").string(&format!("com.{}.partner{}", r.pick(VENDORS), r.below(100)));
        w.key("related_to_service").boolean(!bad && r.chance(500));
        w.key("notice_shown").boolean(!bad);
        w.key("user_consented").boolean(!bad);
        w.close('}');
    }
    w.close(']');
    w.key("registration").open('{').key("offered").boolean(registration);
    if registration {
        if has(Flaw::NoRealName) {
            w.strings("verification_methods", &["no_verification"]);
        } else if r.chance(300) {
            w.strings("verification_methods", &[r.pick(VERIFICATION), "mobile_number"]);
        } else {
            w.strings("verification_methods", &[r.pick(VERIFICATION)]);
        }
        w.key("display_name_free").boolean(true);
    }
    w.close('}');
    w.key("user_content").open('{').key("users_can_publish").boolean(users_publish);
    if users_publish {
        w.strings("kinds", &["comments", "reviews"][..r.range(1, 2) as usize]);
    }
    w.close('}');
    w.strings("app_stores", &stores);
    w.key("complaint_entry").open('{');
    let entry = !has(Flaw::NoComplaintEntry);
    w.key("provided").boolean(entry).key("convenient").boolean(entry);
    if entry {
        w.key("location").string(r.pick(&[
            "Me > Help > Report",
            "Settings > Feedback",
            "About > Complaints",
        ]));
    }
    w.close('}');
    w.close('}');

    // privacy
    w.key("privacy").open('{').key("collects_personal_information").boolean(true);
    w.key("disclosure").open('{').key("published").boolean(!has(Flaw::DisclosureUnpublished));
    w.key("imported_from").string(r.pick(FORMATS));
    w.key("url").string(&format!("https://{vendor}.example.cn/{product}/privacy"));
    w.key("items").open('[');
    let mut items: Vec<(&str, Option<&str>)> = vec![("contact_info", None)];
    for (k, &c) in collecting.iter().enumerate() {
        if has(Flaw::Undisclosed) && k == 0 {
            continue;
        }
        items.push((CAPABILITIES[c].2, Some(CAPABILITIES[c].0)));
    }
    for (k, (data_type, capability)) in items.iter().enumerate() {
        w.open('{').key("data_type").string(data_type);
        if let Some(c) = capability {
            w.key("capability").string(c);
        }
        w.key("collected").boolean(true);
        if k == 0 {
            w.strings("purposes", &["account_management"]);
        } else {
            let p1 = r.pick(PURPOSES);
            let p2 = r.pick(PURPOSES);
            let both = [p1, p2];
            w.strings("purposes", if p1 == p2 { &both[..1] } else { &both[..] });
        }
        let last = k == items.len() - 1;
        if !(gap(Gap::Methods) && last) {
            if has(Flaw::NoMethods) && last {
                w.strings("methods", &[]);
            } else {
                w.strings("methods", &[if k == 0 { "user_provided" } else { r.pick(METHODS) }]);
            }
        }
        w.strings("scope", &[if k == 0 { "mobile phone number" } else { data_type }]);
        w.key("consent_obtained").boolean(!(has(Flaw::NoItemConsent) && last));
        w.key("optional").boolean(k != 0);
        w.key("shared").boolean(r.chance(200));
        w.close('}');
    }
    w.close(']').close('}').close('}');

    // developer
    w.key("developer").open('{');
    w.key("entity").open('{');
    w.key("name").string(&format!("{} Technology Co., Ltd.", &name));
    w.key("unified_social_credit_code").string(&format!(
        "91{:06}MA{:08}X",
        r.below(1_000_000),
        r.below(100_000_000)
    ));
    w.close('}');
    w.key("licences").open('[');
    for (k, &s) in services.iter().enumerate() {
        if has(Flaw::LicenceMissing) && k == 0 {
            continue;
        }
        let kind = SERVICES[s].1;
        w.open('{').key("kind").string(kind);
        w.key("number").string(&format!(
            "{}{:08}",
            r.pick(&["11", "31", "44", "33", "32"]),
            r.below(100_000_000)
        ));
        w.key("issuer").string(r.pick(&[
            "Cyberspace Administration of China",
            "Communications Administration",
            "Provincial Press and Publication Bureau",
        ]));
        if kind != "icp_filing" && !(gap(Gap::LicenceExpiry) && k == 0) {
            let expired = has(Flaw::LicenceExpired) && k == 0;
            w.key("valid_until").date(if expired { date(r, 2018, 2019) } else { date(r, 2021, 2026) });
        }
        w.close('}');
    }
    w.close(']');
    w.key("content_moderation").open('{');
    w.key("mechanism").boolean(true);
    let measures = if r.chance(900) { 4 } else { r.range(1, 3) as usize };
    w.strings("measures", &["warn", "restrict_functions", "suspend_updates", "close_account"][..measures]);
    w.key("records_kept").boolean(!has(Flaw::NoRecords));
    w.key("reports_to_authorities").boolean(true);
    w.close('}');
    w.key("logs").open('{').key("recorded").boolean(true);
    if !gap(Gap::LogsRetention) {
        let days = if has(Flaw::ShortLogs) { r.pick(&[7, 14, 30, 45]) } else { r.pick(&[60, 90, 180, 365]) };
        w.key("retention").number(days);
    }
    w.close('}');
    w.key("prohibited_content_review");
    review(&mut w, r, has(Flaw::ProhibitedContent));
    if !gap(Gap::IpReview) {
        w.key("ip_infringement_review");
        review(&mut w, r, has(Flaw::IpInfringement));
    }
    w.key("complaint_handling").open('{').key("handled_promptly").boolean(!has(Flaw::SlowComplaints));
    w.key("typical_response_time").number(if has(Flaw::SlowComplaints) { 30 } else { r.range(1, 5) });
    w.close('}');
    w.key("store_agreements").open('[');
    for (k, s) in stores.iter().enumerate() {
        let bad = has(Flaw::NoStoreAgreement) && k == 0;
        w.open('{').key("store").string(s).key("signed").boolean(!bad);
        w.key("sets_rights_and_obligations").boolean(true).close('}');
    }
    w.close(']').close('}');
    w.close('}');
}

fn store(r: &mut Rng, index: u64, out: &mut String) {
    let vendor = r.pick(VENDORS);
    let province = r.pick(PROVINCES);
    let flaw = if r.chance(250) { r.range(1, 7) } else { 0 };
    let live = (r.range(2017, 2019), r.range(2, 12), r.range(1, 3));
    let mut w = W { s: out, comma: false };
    w.open('{').key("store").open('{');
    w.key("id").string(&format!("market{index}.{vendor}.cn"));
    w.key("name").string(&format!(
        "{}{} App Market {index}",
        &vendor[..1].to_ascii_uppercase(),
        &vendor[1..]
    ));
    w.key("operator").string(&format!("{vendor} Market Technology Co., Ltd."));
    w.key("province").string(province);
    w.key("went_live").date(live);
    w.key("offered_in_prc").boolean(true);
    w.key("provides_browse_search_download").boolean(true);
    w.key("provides_dev_tools_and_release").boolean(r.chance(700));
    w.key("cac_filing").open('{').key("filed").boolean(true);
    // Within thirty days, or (flaw 1) about two months late.
    let filed = if flaw == 1 {
        if live.1 <= 10 {
            (live.0, live.1 + 2, live.2 + 5)
        } else {
            (live.0 + 1, live.1 - 10, live.2 + 5)
        }
    } else {
        (live.0, live.1, live.2 + r.range(3, 24))
    };
    w.key("date").date(filed);
    w.key("authority_province").string(if flaw == 2 { "Hainan" } else { province });
    w.close('}');
    w.key("provider_review").open('{');
    w.key("authenticity").boolean(true).key("security").boolean(true).key("legality").boolean(flaw != 3);
    w.close('}');
    w.key("credit_management_system").boolean(flaw != 4);
    w.key("provider_filing").open('{').key("filed").boolean(true).key("authority_province").string(province);
    w.close('}');
    w.key("listings").open('[');
    let listings = r.range(1, 4);
    for k in 0..listings {
        let bad = flaw == 5 && k == 0;
        w.open('{').key("package_id").string(&format!(
            "com.{}.{}{}",
            r.pick(VENDORS),
            r.pick(PRODUCTS),
            r.below(100_000)
        ));
        w.key("data_use_statement_shown").boolean(true).key("data_use_statement_complete").boolean(!bad);
        w.close('}');
    }
    w.close(']');
    w.key("security_review")
        .open('{')
        .key("mechanism")
        .boolean(true)
        .key("staff_proportionate")
        .boolean(true);
    w.key("staff_count").number(r.range(5, 400)).close('}');
    w.key("lawful_app_review").boolean(true).key("ip_protection").boolean(true);
    w.key("enforcement").open('{');
    let measures = if r.chance(900) { 3 } else { r.range(1, 2) as usize };
    w.strings("measures", &["warn", "suspend_publication", "remove_app"][..measures]);
    w.key("records_kept").boolean(flaw != 6).key("reports_to_authorities").boolean(true).close('}');
    w.key("provider_agreement").open('{').key("signed_with_all_providers").boolean(true);
    w.key("sets_rights_and_obligations").boolean(true).close('}');
    w.key("complaint_entry")
        .open('{')
        .key("provided")
        .boolean(flaw != 7)
        .key("convenient")
        .boolean(flaw != 7);
    w.key("location").string("home page footer > Report").close('}');
    w.key("complaint_handling").open('{').key("handled_promptly").boolean(true);
    w.key("typical_response_time").number(r.range(1, 7)).close('}');
    w.key("prohibited_content_review").open('{').key("date").date(date(r, 2019, 2020));
    w.key("reviewer").string("external auditor").key("findings").open('[').close(']').close('}');
    w.close('}').close('}');
}

/// An attested review, with a finding now and then (`confirmed` makes it a violation).
fn review(w: &mut W<'_>, r: &mut Rng, confirmed: bool) {
    w.open('{').key("date").date(date(r, 2019, 2020));
    w.key("reviewer").string(r.pick(&["internal compliance team", "external counsel", "external auditor"]));
    w.key("findings").open('[');
    if confirmed || r.chance(150) {
        w.open('{').key("description").string(r.pick(&[
            "copied artwork in the store listing",
            "reposted article without licence",
            "complaint from a rights holder",
        ]));
        w.key("status").string(if confirmed {
            "confirmed"
        } else {
            r.pick(&["alleged", "remedied", "dismissed"])
        });
        w.key("date").date(date(r, 2018, 2019));
        w.close('}');
    }
    w.close(']').close('}');
}
