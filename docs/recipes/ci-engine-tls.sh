#!/bin/sh
# Writes the Docker Engine client certificate from CI secrets to the files the spec's hosts
# name in tls: {ca, cert, key} (default /etc/lpai/tls/{ca,cert,key}.pem), readable only by
# the CI user. Fails, naming it, when a secret is missing.
#
#   LPAI_TLS_CA=… LPAI_TLS_CERT=… LPAI_TLS_KEY=… ci-engine-tls.sh [DIR]
set -eu
dir=${1:-/etc/lpai/tls}
: "${LPAI_TLS_CA:?set LPAI_TLS_CA (the CA certificate of the engines, PEM) from a CI secret}"
: "${LPAI_TLS_CERT:?set LPAI_TLS_CERT (the client certificate, PEM) from a CI secret}"
: "${LPAI_TLS_KEY:?set LPAI_TLS_KEY (the client key, PEM) from a CI secret}"
umask 077
mkdir -p "$dir"
printf '%s\n' "$LPAI_TLS_CA" > "$dir/ca.pem"
printf '%s\n' "$LPAI_TLS_CERT" > "$dir/cert.pem"
printf '%s\n' "$LPAI_TLS_KEY" > "$dir/key.pem"
echo "wrote $dir/ca.pem, $dir/cert.pem, $dir/key.pem"
