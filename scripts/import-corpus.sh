#!/usr/bin/env bash
# Runs every importer over a directory of real app artefacts and reports what each produced.
# Not part of `cargo test`: the corpus (by default ../shared/corpus, real files from public
# projects) is not in this repository. Fails if any import errors (exit 2) or panics.
#
#   scripts/import-corpus.sh [CORPUS_DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
cargo build --release --quiet || exit 2
clause=target/release/clause
out=$(mktemp -d)
failed=0
total=0

# kind, directory under the corpus, file pattern
runs=(
  "android android *AndroidManifest.xml"
  "ios ios-infoplist *.plist"
  "ios ios-privacyinfo *.xcprivacy"
  "harmonyos harmonyos *module.json5"
  "miniprogram wechat-miniprogram *app.json"
)

printf '%-12s %-80s %4s %5s %8s %8s\n' kind file exit caps unmapped warnings
for run in "${runs[@]}"; do
  read -r kind dir pattern <<<"$run"
  [ -d "$corpus/$dir" ] || continue
  for file in "$corpus/$dir"/$pattern; do
    [ -f "$file" ] || continue
    total=$((total + 1))
    # The importers recognise files by name (module.json5, app.json, Info.plist): the corpus
    # names carry the project path as a prefix, so each file is imported from a copy under
    # its real name.
    work="$out/$total"
    mkdir -p "$work"
    case "$kind" in
      android) name=AndroidManifest.xml ;;
      harmonyos) name=module.json5 ;;
      miniprogram) name=app.json ;;
      ios) case "$file" in *.xcprivacy) name=PrivacyInfo.xcprivacy ;; *) name=Info.plist ;; esac ;;
    esac
    cp "$file" "$work/$name"
    "$clause" import "$kind" "$work/$name" >"$work/facts.yaml" 2>"$work/stderr"
    code=$?
    caps=$(grep -c '^    - capability:' "$work/facts.yaml")
    unmapped=$(awk '/^  unmapped_permissions:/{f=1;next} /^  [a-z]/{f=0} f&&/^    - /{n++} END{print n+0}' "$work/facts.yaml")
    warnings=$(grep -c '^warning\[' "$work/stderr")
    printf '%-12s %-80s %4s %5s %8s %8s\n' "$kind" "$(basename "$file")" "$code" "$caps" "$unmapped" "$warnings"
    if [ "$code" -ne 0 ]; then
      failed=$((failed + 1))
      sed 's/^/    /' "$work/stderr" | head -20
    fi
  done
done
echo "$total files, $failed failed; outputs in $out"
[ "$failed" -eq 0 ]
