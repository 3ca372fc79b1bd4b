#!/usr/bin/env bash
# Starts or stops the local Docker Engine the end-to-end tests run against.
#
#   eval "$(scripts/test-engine.sh start)"   # starts dockerd, prints `export DOCKER_HOST=...`
#   scripts/test-engine.sh stop              # stops it by its pidfile
#
# The engine listens on unix:///tmp/lpai-engine/docker.sock. It also serves
# /var/run/docker.sock when nothing else does, because go-livepeer workers (and the
# example specs) bind-mount the host's /var/run/docker.sock to start runner containers.
# There is no GPU here: a stand-in for the NVIDIA container toolkit's hook (a script that
# does nothing) is put on dockerd's PATH, so the engine accepts `--gpus all` device requests
# (dockerd registers its "nvidia" device driver only when nvidia-container-runtime-hook is
# on its PATH) and go-livepeer worker containers start as they would on a GPU box.
# Needs root and Debian's docker.io (apt-get install docker.io busybox-static).
set -euo pipefail

dir=/tmp/lpai-engine
sock="$dir/docker.sock"
pidfile="$dir/dockerd.pid"

case "${1:-}" in
start)
    mkdir -p "$dir"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "export DOCKER_HOST=unix://$sock"
        exit 0
    fi
    mkdir -p "$dir/bin"
    printf '#!/bin/sh\n# lpai-apply test engine: stand-in for the NVIDIA container toolkit hook.\ncat >/dev/null\nexit 0\n' \
        >"$dir/bin/nvidia-container-runtime-hook"
    chmod 755 "$dir/bin/nvidia-container-runtime-hook"
    hosts=(--host "unix://$sock")
    if [ ! -S /var/run/docker.sock ]; then
        rm -rf /var/run/docker.sock
        hosts+=(--host unix:///var/run/docker.sock)
    fi
    PATH="$dir/bin:$PATH" dockerd "${hosts[@]}" --pidfile "$pidfile" >"$dir/dockerd.log" 2>&1 &
    for _ in $(seq 1 100); do
        if curl -fsS --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1; then
            echo "export DOCKER_HOST=unix://$sock"
            exit 0
        fi
        sleep 0.1
    done
    echo "dockerd did not answer /_ping within 10 s; see $dir/dockerd.log" >&2
    tail -20 "$dir/dockerd.log" >&2 || true
    exit 1
    ;;
stop)
    if [ -f "$pidfile" ]; then
        pid="$(cat "$pidfile")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || exit 0
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 64
    ;;
esac
