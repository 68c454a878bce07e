#!/usr/bin/env bash
# Downloads CIFAR-10's binary version into DIR/cifar-10-batches-bin, the
# directory cifar10-trainer --data-dir takes, after checking the archive's
# MD5 against the one the dataset's page publishes. Nothing is left in DIR
# unless the whole archive arrived, matched and unpacked.
#
#   deploy/fetch-cifar10.sh DIR [URL]
#
# URL defaults to the official archive; a file:// URL works for a local
# copy. TUNE_CIFAR10_MD5 overrides the expected checksum (for a mirror that
# repacked it, and for the tests).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DIR [URL]" >&2
  exit 2
fi
dir=$1
url=${2:-https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz}
want_md5=${TUNE_CIFAR10_MD5:-c32a1d4ab5d03f1284b67883e8d87530}
final="$dir/cifar-10-batches-bin"

if [ -f "$final/data_batch_5.bin" ] && [ -f "$final/test_batch.bin" ]; then
  echo "CIFAR-10 is already in $final"
  exit 0
fi
mkdir -p "$dir"
work=$(mktemp -d "$dir/.fetch-cifar10.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "downloading $url"
curl --fail --location --silent --show-error --output "$work/archive.tar.gz" "$url"
got_md5=$(md5sum "$work/archive.tar.gz" | cut -d' ' -f1)
if [ "$got_md5" != "$want_md5" ]; then
  echo "checksum mismatch for $url: MD5 $got_md5, expected $want_md5;" \
       "nothing was unpacked" >&2
  exit 1
fi
mkdir "$work/unpacked"
# --no-same-owner and no absolute names: the archive is untrusted input.
tar -xzf "$work/archive.tar.gz" -C "$work/unpacked" --no-same-owner
for name in data_batch_1.bin data_batch_2.bin data_batch_3.bin \
            data_batch_4.bin data_batch_5.bin test_batch.bin; do
  if [ ! -f "$work/unpacked/cifar-10-batches-bin/$name" ]; then
    echo "the archive has no cifar-10-batches-bin/$name; nothing was kept" >&2
    exit 1
  fi
done
rm -rf "$final"
mv "$work/unpacked/cifar-10-batches-bin" "$final"
echo "CIFAR-10 is in $final"
