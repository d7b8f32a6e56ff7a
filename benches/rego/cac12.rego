# The twelve cac-2016 rules of issue 6's comparison, written in Rego for regorus, over the same
# JSON bundles clause reads (one subject per input). `violations` is the set of rule ids (as in
# the pack, without the `cac-2016/` prefix) that the subject violates on the as-of date
# 2020-06-01. A fact that is missing makes a body undefined, so an undetermined rule is never a
# violation, as in clause. Comparisons with booleans are written `== false` (never `not x`),
# so that a missing fact is not read as false. benches/regorus.rs checks that these sets equal
# clause's on the whole generated corpus.
package cac

import rego.v1

as_of := "2020-06-01"

# Art. 2: the subject is an app within the Provisions' scope (the regulation is in force on
# the as-of date: 2016-08-01 to 2022-08-01).
in_scope if {
	input.app.provides_information_services == true
	input.app.runs_on_mobile_smart_terminal == true
	input.app.offered_in_prc == true
	some d in input.app.distribution
	d in {"pre_installed", "download", "other_similar_means"}
}

serves := {
	"commercial_internet_information": "icp_licence",
	"non_commercial_internet_information": "icp_filing",
	"news": "internet_news_information_service_licence",
	"online_publishing": "online_publishing_service_licence",
	"audio_visual_programmes": "audio_visual_programme_licence",
	"internet_culture": "internet_culture_business_licence",
}

# A licence that is, or may be (its expiry unknown), current.
maybe_current(l) if l.kind == "icp_filing"
maybe_current(l) if l.valid_until >= as_of
maybe_current(l) if not l.valid_until

# Art. 5
violations contains "required-licences-held" if {
	in_scope
	some s in input.app.information_services
	wanted := serves[s.kind]
	licences := input.developer.licences
	count([l | some l in licences; l.kind == wanted; maybe_current(l)]) == 0
}

# Art. 7(1)
violations contains "registered-users-real-name-verified" if {
	in_scope
	input.app.registration.offered == true
	methods := input.app.registration.verification_methods
	count([m | some m in methods; m in {"mobile_number", "national_id", "bank_card", "verified_third_party_account"}]) == 0
}

collected_items contains i if {
	input.privacy.collects_personal_information == true
	some i in input.privacy.disclosure.items
	i.collected == true
}

# Art. 7(2): purposes, methods and scope
violations contains "disclosure-states-purpose-method-scope" if {
	in_scope
	some i in collected_items
	some field in ["purposes", "methods", "scope"]
	count(i[field]) == 0
}

# Art. 7(2): consent
violations contains "personal-information-collected-with-consent" if {
	in_scope
	some i in collected_items
	i.consent_obtained == false
}

# Art. 7(3)
violations contains "content-review-mechanism-in-place" if {
	in_scope
	input.app.user_content.users_can_publish == true
	input.developer.content_moderation.mechanism == false
}

violations contains "content-disposals-recorded-and-reported" if {
	in_scope
	input.app.user_content.users_can_publish == true
	some field in ["records_kept", "reports_to_authorities"]
	input.developer.content_moderation[field] == false
}

# Art. 7(4)
named_sensitive := {"location", "location_background", "contacts", "camera", "microphone"}

violations contains "no-named-sensitive-function-without-notice-and-consent" if {
	in_scope
	some c in input.app.capabilities
	c.used == true
	c.capability in named_sensitive
	without_notice_or_consent(c)
}

without_notice_or_consent(c) if c.notice_shown == false
without_notice_or_consent(c) if c.consent_obtained == false
without_notice_or_consent(c) if c.enabled_by_default == true
without_notice_or_consent(c) if c.requested_before_consent == true

violations contains "no-unrelated-function" if {
	in_scope
	some f in input.app.functions
	f.switched_on == true
	f.related_to_service == false
}

violations contains "no-unrelated-bundled-install" if {
	in_scope
	some b in input.app.bundled_installs
	b.related_to_service == false
	some field in ["notice_shown", "user_consented"]
	b[field] == false
}

# Art. 7(5)
violations contains "no-confirmed-ip-infringement" if {
	in_scope
	some f in input.developer.ip_infringement_review.findings
	f.status == "confirmed"
}

# Art. 7(6)
violations contains "user-logs-kept-60-days" if {
	in_scope
	input.developer.logs.recorded == false
}

violations contains "user-logs-kept-60-days" if {
	in_scope
	retention_days < 60
}

# The retention in days. clause reads a number of days, as the generator writes it, or an
# ISO 8601 duration of days and weeks ("P59D", "P8W", "P1W2D"); Rego would order a string
# after every number, so "P59D" < 60 would be false and the violation missed.
retention_days := r if {
	r := input.developer.logs.retention
	is_number(r)
}

retention_days := sum([duration_days(p) | some p in split(units, " "); p != ""]) if {
	r := input.developer.logs.retention
	is_string(r)
	startswith(r, "P")
	units := replace(replace(trim_prefix(r, "P"), "W", "W "), "D", "D ")
}

duration_days(p) := to_number(trim_suffix(p, "D")) if endswith(p, "D")

duration_days(p) := 7 * to_number(trim_suffix(p, "W")) if endswith(p, "W")

# Art. 10
violations contains "app-complaint-entry-provided" if {
	in_scope
	some field in ["provided", "convenient"]
	input.app.complaint_entry[field] == false
}
