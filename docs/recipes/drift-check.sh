#!/bin/sh
# Cron wrapper for `lpai-apply drift`: quiet when the fleet is in sync (exit 0), an alert
# when it drifted (exit 2), a different alert when the check itself failed (exit 1: a spec
# error, an unreachable engine, a secret that does not resolve). Exits with drift's code.
#
#   drift-check.sh SPEC [more lpai-apply drift options]
#
# LPAI_ALERT   a command run as `$LPAI_ALERT drift|error MESSAGE` (a pager, a webhook);
#              without it the alert goes to stderr, which cron mails to MAILTO.
# LPAI_APPLY   the lpai-apply binary (default: lpai-apply on PATH).
set -u
if [ $# -lt 1 ]; then
  echo "usage: drift-check.sh SPEC [lpai-apply drift options]" >&2
  exit 1
fi
spec=$1
shift

out=$("${LPAI_APPLY:-lpai-apply}" drift "$spec" "$@" 2>&1)
status=$?

alert() {
  if [ -n "${LPAI_ALERT:-}" ]; then
    "$LPAI_ALERT" "$1" "$2"
  else
    printf 'lpai %s: %s\n' "$1" "$2" >&2
  fi
}

case $status in
  0) exit 0 ;;
  2) alert drift "fleet spec $spec drifted: $out"; exit 2 ;;
  *) alert error "the drift check of $spec failed (exit $status), so drift is unknown: $out"; exit 1 ;;
esac
