#!/usr/bin/env bash
# Builds local images livepeer/go-livepeer:VERSION that run the go-livepeer stand-in (docs/STANDIN.md).
#
#   scripts/standin-image.sh [--binary PATH] VERSION...      e.g. scripts/standin-image.sh v0.9.1 v0.9.0
#
# Without --binary it builds the stand-in (`swift build -c release --static-swift-stdlib --product
# livepeer-standin`, scratch path from $LPAI_STANDIN_SCRATCH when set). The image holds the binary at
# /usr/local/bin/livepeer (the entrypoint), the shared libraries ldd lists for it, a static busybox with
# its applets under /bin, /tmp and /root. It never pulls: each image is a `docker import` of one rootfs
# tar, reused for every VERSION. An image whose content label already matches is left as it is.
set -euo pipefail

usage() { echo "usage: $0 [--binary PATH] VERSION..." >&2; exit 2; }
die() { echo "standin-image: $*" >&2; exit 1; }

binary=""
versions=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) [ $# -ge 2 ] || usage; binary="$2"; shift 2 ;;
    --binary=*) binary="${1#--binary=}"; shift ;;
    -h|--help) usage ;;
    -*) echo "standin-image: unknown option $1" >&2; usage ;;
    *) versions+=("$1"); shift ;;
  esac
done
[ ${#versions[@]} -gt 0 ] || usage

[ -n "${DOCKER_HOST:-}" ] || die "DOCKER_HOST is not set; point it at the test engine, e.g. export DOCKER_HOST=unix:///tmp/lpai-engine/docker.sock"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
  || die "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST (is dockerd running?)"
busybox=/bin/busybox
[ -x "$busybox" ] && "$busybox" --list >/dev/null 2>&1 \
  || die "$busybox (a static busybox with --list) is missing: apt-get install -y busybox-static"

repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "$binary" ]; then
  build=(swift build -c release --static-swift-stdlib --product livepeer-standin)
  [ -n "${LPAI_STANDIN_SCRATCH:-}" ] && build+=(--scratch-path "$LPAI_STANDIN_SCRATCH")
  (cd "$repo" && "${build[@]}" >&2) || die "building livepeer-standin failed"
  binary="$(cd "$repo" && "${build[@]}" --show-bin-path)/livepeer-standin"
fi
[ -x "$binary" ] || die "no executable at $binary"

work="$(mktemp -d "${TMPDIR:-/tmp}/standin-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/usr/local/bin" "$root/bin" "$root/tmp" "$root/root" "$root/etc"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
install -m 0755 "$binary" "$root/usr/local/bin/livepeer"
# Symbols are not needed in the image (13 MB -> 8.5 MB).
if command -v strip >/dev/null; then strip "$root/usr/local/bin/livepeer"; fi

# Every library ldd resolves, and the dynamic loader, at the same path as on this machine.
while read -r path; do
  mkdir -p "$root$(dirname "$path")"
  cp -L "$path" "$root$path"
done < <(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)

install -m 0755 "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"

# A reproducible tar (fixed order, owner and times), so its digest names the content.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$root" -cf "$work/rootfs.tar" .
digest="$(sha256sum "$work/rootfs.tar" | cut -c1-16)"

for version in "${versions[@]}"; do
  tag="livepeer/go-livepeer:$version"
  number="${version#v}"
  old="$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
  if [ -n "$old" ]; then
    labels="$(docker image inspect --format '{{index .Config.Labels "io.lpai.standin.content"}} {{index .Config.Labels "io.lpai.standin.version"}}' "$tag")"
    if [ "$labels" = "$digest $number" ]; then
      echo "$tag $old (unchanged)"
      continue
    fi
  fi
  id="$(docker import \
    --change 'ENTRYPOINT ["/usr/local/bin/livepeer"]' \
    --change "ENV LIVEPEER_STANDIN_VERSION=$number" \
    --change 'LABEL io.lpai.standin=1' \
    --change "LABEL io.lpai.standin.content=$digest" \
    --change "LABEL io.lpai.standin.version=$number" \
    "$work/rootfs.tar" "$tag")" || die "docker import of $tag failed"
  echo "$tag $id"
  # Drop the image this tag replaced, if it was a stand-in that nothing else uses.
  if [ -n "$old" ] && [ "$old" != "$id" ] \
    && [ "$(docker image inspect --format '{{index .Config.Labels "io.lpai.standin"}}' "$old" 2>/dev/null)" = "1" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
done
