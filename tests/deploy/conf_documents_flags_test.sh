#!/usr/bin/env bash
# deploy/conf/tunerd.conf and workerd.conf document every flag of their
# daemon (as `name = value`, set or commented out), so /etc/tune tells an
# operator everything a daemon can be told. Commands that are not settings
# (--help, --config, tunerd's --init, --create-token and --role, workerd's
# --check) are left out.
#   bash tests/deploy/conf_documents_flags_test.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
status=0
check() {  # DAEMON CONF SKIPPED...
  local daemon=$1 conf=$2; shift 2
  local flags
  flags=$("$build/bin/$daemon" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
  if ! echo "$flags" | grep -q -- --tuner && ! echo "$flags" | grep -q -- --listen; then
    echo "FAIL: $daemon --help lists no flags"
    status=1
  fi
  for flag in $flags; do
    local name=${flag#--}
    for skipped in help config "$@"; do [ "$name" = "$skipped" ] && continue 2; done
    if ! grep -Eq "^#? *$name *=" "$repo/deploy/conf/$conf"; then
      echo "FAIL: deploy/conf/$conf does not document --$name"
      status=1
    fi
  done
}
check tunerd tunerd.conf init create-token role
check workerd workerd.conf check
[ $status -eq 0 ] && echo "every flag is documented"
exit $status
