#!/usr/bin/env bash
# Usage: roundtrip.sh FILE TMP
# FILE is a graph as PyTorch printed it, after '#' header lines (RUN lines,
# provenance). Checks that kiln-opt parses and verifies it, prints exactly
# the same text, and that printing what it printed changes nothing.
set -euo pipefail
input=$1
tmp=$2
grep -v '^#' "$input" > "$tmp.expected"
kiln-opt "$input" -o "$tmp.printed"
diff -u "$tmp.expected" "$tmp.printed"
kiln-opt "$tmp.printed" -o "$tmp.reprinted"
diff -u "$tmp.printed" "$tmp.reprinted"
