#!/usr/bin/env bash
# Builds local images livepeer/go-livepeer:VERSION that run the go-livepeer stand-in (docs/STANDIN.md),
# and the runner images its workers start, from the same rootfs.
#
#   scripts/standin-image.sh [--binary PATH] [--runner-image REF]... [--no-default-runner-images] VERSION...
#                                                             e.g. scripts/standin-image.sh v0.9.1 v0.9.0
#
# Runner images (the same binary, which serves the ai-runner API when LIVEPEER_STANDIN_ROLE=runner): by
# default go-livepeer's defaults (livepeer/ai-runner:latest, :segment-anything-2, :text-to-speech,
# :audio-to-text, :llm), every livepeer/ai-runner:TAG the example specs under specs/ name, and each
# --runner-image REF; with --no-default-runner-images only the --runner-image ones. Each gets
# ENV LIVEPEER_STANDIN_ROLE=runner and ENV VERSION (the tag without a `<pipeline>-` prefix). A runner tag
# held by an image that is not a stand-in is left untouched.
#
# Without --binary it builds the stand-in (`swift build -c release --static-swift-stdlib --product
# livepeer-standin`, scratch path from $LPAI_STANDIN_SCRATCH when set). The image holds the binary at
# /usr/local/bin/livepeer (the entrypoint), the shared libraries ldd lists for it, a static busybox with
# its applets under /bin, /tmp and /root. It never pulls: each image is a `docker import` of one rootfs
# tar, reused for every VERSION. An image whose content label already matches is left as it is.
set -euo pipefail

usage() { echo "usage: $0 [--binary PATH] [--runner-image REF]... [--no-default-runner-images] VERSION..." >&2; exit 2; }
die() { echo "standin-image: $*" >&2; exit 1; }

binary=""
versions=()
runners=()
default_runners=1
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) [ $# -ge 2 ] || usage; binary="$2"; shift 2 ;;
    --binary=*) binary="${1#--binary=}"; shift ;;
    --runner-image) [ $# -ge 2 ] || usage; runners+=("$2"); shift 2 ;;
    --runner-image=*) runners+=("${1#--runner-image=}"); shift ;;
    --no-default-runner-images) default_runners=0; shift ;;
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

# Imports the rootfs as TAG with the image config CHANGES, unless TAG already holds an image whose content
# and version labels match ("unchanged"); replaces the stand-in image the tag held before.
#   import_tag TAG VERSION_LABEL RUNNER(0|1) CHANGE...
import_tag() {
  local tag="$1" label="$2" runner="$3"
  shift 3
  local old labels id
  old="$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
  if [ -n "$old" ]; then
    labels="$(docker image inspect --format '{{index .Config.Labels "io.lpai.standin"}} {{index .Config.Labels "io.lpai.standin.content"}} {{index .Config.Labels "io.lpai.standin.version"}}' "$tag")"
    if [ "$labels" = "1 $digest $label" ]; then
      echo "$tag $old (unchanged)"
      return
    fi
    if [ "$runner" = 1 ] && [ "${labels%% *}" != 1 ]; then
      echo "$tag $old (not a stand-in image; left as it is)"
      return
    fi
  fi
  local changes=()
  for change in "$@"; do changes+=(--change "$change"); done
  id="$(docker import "${changes[@]}" \
    --change 'ENTRYPOINT ["/usr/local/bin/livepeer"]' \
    --change 'LABEL io.lpai.standin=1' \
    --change "LABEL io.lpai.standin.content=$digest" \
    --change "LABEL io.lpai.standin.version=$label" \
    "$work/rootfs.tar" "$tag")" || die "docker import of $tag failed"
  echo "$tag $id"
  # Drop the image this tag replaced, if it was a stand-in that nothing else uses.
  if [ -n "$old" ] && [ "$old" != "$id" ] \
    && [ "$(docker image inspect --format '{{index .Config.Labels "io.lpai.standin"}}' "$old" 2>/dev/null)" = "1" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
}

for version in "${versions[@]}"; do
  number="${version#v}"
  import_tag "livepeer/go-livepeer:$version" "$number" 0 "ENV LIVEPEER_STANDIN_VERSION=$number"
done

if [ "$default_runners" = 1 ]; then
  runners+=(livepeer/ai-runner:latest livepeer/ai-runner:segment-anything-2 livepeer/ai-runner:text-to-speech
    livepeer/ai-runner:audio-to-text livepeer/ai-runner:llm)
  if [ -d "$repo/specs" ]; then
    while read -r pinned; do runners+=("$pinned"); done \
      < <(grep -rhoE --include='*.yaml' --include='*.yml' 'livepeer/ai-runner:[A-Za-z0-9_.-]+' "$repo/specs" | sort -u)
  fi
fi
pipelines="text-to-image image-to-image image-to-video upscale audio-to-text segment-anything-2 llm image-to-text text-to-speech live-video-to-video"
for ref in $(printf '%s\n' "${runners[@]}" | awk 'NF && !seen[$0]++'); do
  tag="latest"
  last="${ref##*/}"
  case "$last" in *:*) tag="${last##*:}" ;; *) ref="$ref:latest" ;; esac
  runner_version="$tag"
  for pipeline in $pipelines; do
    case "$tag" in "$pipeline"-*) runner_version="${tag#"$pipeline"-}" ;; esac
  done
  import_tag "$ref" "runner-$runner_version" 1 "ENV LIVEPEER_STANDIN_ROLE=runner" "ENV VERSION=$runner_version"
done
