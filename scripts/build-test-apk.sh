#!/usr/bin/env bash
# Builds tests/import/apk/trailnotes-aapt.apk from the fixture manifest with Debian's real
# aapt, so the binary-XML decoder (src/import/apk/) is tested against the encoder Android
# builds used, not only against our own test encoder (tests/support/axml.rs).
#
# The .apk is committed: tests never run aapt. Run this again only when the fixture manifest
# or its resources change. aapt writes fixed timestamps, so the output is reproducible.
#
# Needs: apt-get install aapt android-framework-res  (Android 10's aapt and framework-res.apk;
# attributes newer than API 29 are unknown to it, so the fixture uses none).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixture="$root/tests/import/apk"
framework=/usr/share/android-framework-res/framework-res.apk
out="$fixture/trailnotes-aapt.apk"

command -v aapt >/dev/null || { echo "aapt not found: apt-get install aapt android-framework-res" >&2; exit 1; }
[ -f "$framework" ] || { echo "$framework not found: apt-get install android-framework-res" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
aapt package -f \
    -M "$fixture/AndroidManifest.xml" \
    -S "$fixture/res" \
    -I "$framework" \
    -F "$tmp/app.apk"
mv "$tmp/app.apk" "$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
