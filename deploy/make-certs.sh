#!/usr/bin/env bash
# Makes the TLS files of a small tune cluster with Debian's openssl:
#   make-certs.sh DIR ca                      the cluster's CA (ca.pem, ca.key)
#   make-certs.sh DIR tunerd NAME|IP...       tunerd's certificate for these
#                                             names and addresses (tunerd.pem,
#                                             tunerd.key); the first is its CN
#   make-certs.sh DIR worker ID...            a client certificate per worker
#                                             (worker-ID.pem, worker-ID.key);
#                                             the CN is the worker's id
# Keys are EC P-256, unencrypted, mode 600; certificates last 825 days (the
# CA 10 years). Keep ca.key off the cluster's machines once you are done.
set -euo pipefail

usage() {
  sed -n '2,10p' "$0" >&2
  exit 2
}
[ $# -ge 2 ] || usage
dir=$1
kind=$2
shift 2
mkdir -p "$dir"
umask 077

new_key_and_csr() {  # NAME CN
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$dir/$1.key" -out "$dir/$1.csr" -subj "/CN=$2" 2>/dev/null
}

sign() {  # NAME EXTENSIONS
  local ext
  ext=$(mktemp)
  printf '%b' "$2" >"$ext"
  openssl x509 -req -in "$dir/$1.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -CAserial "$dir/ca.srl" -out "$dir/$1.pem" -days 825 \
    -sha256 -extfile "$ext" 2>/dev/null
  rm -f "$ext" "$dir/$1.csr"
  chmod 644 "$dir/$1.pem"
  echo "wrote $dir/$1.pem and $dir/$1.key"
}

need_ca() {
  if [ ! -f "$dir/ca.pem" ] || [ ! -f "$dir/ca.key" ]; then
    echo "make-certs.sh: no CA in $dir: run '$0 $dir ca' first" >&2
    exit 1
  fi
}

case "$kind" in
  ca)
    [ $# -eq 0 ] || usage
    if [ -f "$dir/ca.pem" ]; then
      echo "make-certs.sh: $dir/ca.pem exists; not replacing the CA" >&2
      exit 1
    fi
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
      -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 3650 -sha256 \
      -subj "/CN=tune cluster CA" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    chmod 644 "$dir/ca.pem"
    echo "wrote $dir/ca.pem and $dir/ca.key"
    ;;
  tunerd)
    [ $# -ge 1 ] || usage
    need_ca
    sans=()
    for name in "$@"; do
      if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then
        sans+=("IP:$name")
      elif [[ "$name" =~ ^[A-Za-z0-9.-]+$ ]]; then
        sans+=("DNS:$name")
      else
        echo "make-certs.sh: '$name' is neither a host name nor an address" >&2
        exit 2
      fi
    done
    san_list=$(IFS=,; echo "${sans[*]}")
    new_key_and_csr tunerd "$1"
    sign tunerd "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=$san_list\n"
    ;;
  worker)
    [ $# -ge 1 ] || usage
    need_ca
    for id in "$@"; do
      if [[ ! "$id" =~ ^[A-Za-z0-9._-]{1,64}$ ]]; then
        echo "make-certs.sh: worker id '$id': letters, digits, '.', '_', '-'" >&2
        exit 2
      fi
      new_key_and_csr "worker-$id" "$id"
      sign "worker-$id" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"
    done
    ;;
  *)
    usage
    ;;
esac
