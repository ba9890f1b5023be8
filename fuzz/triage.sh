#!/bin/sh
# Groups the crash artifacts of a fuzz run by panic location and message.
# Usage: fuzz/triage.sh   (after `cargo fuzz build parse_encode_scrub`; run from anywhere)
set -u
cd "$(dirname "$0")"
bin=target/x86_64-unknown-linux-gnu/release/parse_encode_scrub
[ -x "$bin" ] || { echo "build first: RUSTC_BOOTSTRAP=1 cargo fuzz build parse_encode_scrub" >&2; exit 2; }
for f in artifacts/parse_encode_scrub/crash-*; do
    [ -e "$f" ] || continue
    "$bin" "$f" 2>&1 | grep -a -A1 "panicked at" | head -2 | tr '\n' ' ' \
        | sed -e 's/(Native, removing \[[^]]*\])/(Native, removing [..])/' -e "s/thread '<unnamed>' ([0-9]*) //" -e 's/--.*//' \
        | cut -c1-220
done | sort | uniq -c | sort -rn
