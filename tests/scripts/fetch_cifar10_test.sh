#!/usr/bin/env bash
# deploy/fetch-cifar10.sh against a local archive (file:// URL): a matching
# checksum unpacks the batches where the trainer looks; a wrong one, or an
# archive without the batches, leaves nothing behind and fails.
set -euo pipefail
script=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

mkdir -p "$tmp/src/cifar-10-batches-bin"
for name in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5 \
            test_batch; do
  # One record: a label byte and 3072 pixel bytes.
  head -c 3073 /dev/urandom >"$tmp/src/cifar-10-batches-bin/$name.bin"
done
tar -czf "$tmp/archive.tar.gz" -C "$tmp/src" cifar-10-batches-bin
md5=$(md5sum "$tmp/archive.tar.gz" | cut -d' ' -f1)

# A wrong checksum: refused, nothing kept.
if TUNE_CIFAR10_MD5=00000000000000000000000000000000 \
   "$script" "$tmp/bad" "file://$tmp/archive.tar.gz" 2>"$tmp/err"; then
  fail "a wrong checksum was accepted"
fi
grep -q "checksum mismatch" "$tmp/err" || fail "no checksum message: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp/bad")" ] || fail "a refused archive left files: $(ls -A "$tmp/bad")"

# The right checksum: the batches are where --data-dir expects them.
TUNE_CIFAR10_MD5=$md5 "$script" "$tmp/good" "file://$tmp/archive.tar.gz"
cmp "$tmp/src/cifar-10-batches-bin/test_batch.bin" \
    "$tmp/good/cifar-10-batches-bin/test_batch.bin" || fail "batch differs"
[ "$(ls -A "$tmp/good")" = "cifar-10-batches-bin" ] || fail "leftovers: $(ls -A "$tmp/good")"

# An archive that matches but lacks the batches: refused, nothing kept.
mkdir -p "$tmp/empty/other"
tar -czf "$tmp/empty.tar.gz" -C "$tmp/empty" other
md5=$(md5sum "$tmp/empty.tar.gz" | cut -d' ' -f1)
if TUNE_CIFAR10_MD5=$md5 "$script" "$tmp/hollow" "file://$tmp/empty.tar.gz" \
   2>"$tmp/err"; then
  fail "an archive without batches was accepted"
fi
[ -z "$(ls -A "$tmp/hollow")" ] || fail "a hollow archive left files"
echo "fetch-cifar10.sh: all checks passed"
