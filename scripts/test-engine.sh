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
# When openssl is available it also listens on tcp://127.0.0.1:2376 with TLS and client
# certificates (a throwaway CA in $dir/tls: ca.pem, cert.pem, key.pem for clients), for the
# tests of lpai-apply's TLS engine connections; `start` then also prints
# `export LPAI_TEST_TLS_ENGINE=tcp://127.0.0.1:2376` and the folder as LPAI_TEST_TLS_DIR.
# Needs root and Debian's docker.io (apt-get install docker.io busybox-static).
set -euo pipefail

dir=/tmp/lpai-engine
sock="$dir/docker.sock"
pidfile="$dir/dockerd.pid"

case "${1:-}" in
start)
    mkdir -p "$dir"
    exports() {
        echo "export DOCKER_HOST=unix://$sock"
        if [ -f "$dir/tls/cert.pem" ]; then
            echo "export LPAI_TEST_TLS_ENGINE=tcp://127.0.0.1:2376 LPAI_TEST_TLS_DIR=$dir/tls"
        fi
    }
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        exports
        exit 0
    fi
    mkdir -p "$dir/bin"
    printf '#!/bin/sh\n# lpai-apply test engine: stand-in for the NVIDIA container toolkit hook.\ncat >/dev/null\nexit 0\n' \
        >"$dir/bin/nvidia-container-runtime-hook"
    chmod 755 "$dir/bin/nvidia-container-runtime-hook"
    hosts=(--host "unix://$sock")
    # Worker containers mount the host's /var/run/docker.sock (go-livepeer starts its runners
    # through it): serve it too unless another engine answers there. A socket file nobody
    # answers on is what a killed dockerd leaves behind.
    if [ ! -S /var/run/docker.sock ] || ! curl -fsS --max-time 2 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1; then
        rm -rf /var/run/docker.sock
        hosts+=(--host unix:///var/run/docker.sock)
    fi
    if command -v openssl >/dev/null && [ ! -f "$dir/tls/cert.pem" ]; then
        mkdir -p "$dir/tls"
        (
            cd "$dir/tls"
            openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=lpai-test-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem -out server.csr 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile server.ext -out server-cert.pem 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -subj /CN=lpai-test-client -keyout key.pem -out client.csr 2>/dev/null
            printf 'extendedKeyUsage=clientAuth\n' >client.ext
            openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile client.ext -out cert.pem 2>/dev/null
            chmod 600 ./*key.pem
        )
    fi
    if [ -f "$dir/tls/server-cert.pem" ]; then
        hosts+=(--host tcp://127.0.0.1:2376 --tlsverify --tlscacert "$dir/tls/ca.pem"
            --tlscert "$dir/tls/server-cert.pem" --tlskey "$dir/tls/server-key.pem")
    fi
    # What a GPU box has before go-livepeer runs: the -aiModelsDir of the example specs, which
    # go-livepeer bind-mounts into every runner container (a missing source fails the warm start).
    mkdir -p /var/lib/livepeer/models /srv/livepeer/models
    PATH="$dir/bin:$PATH" dockerd "${hosts[@]}" --pidfile "$pidfile" >"$dir/dockerd.log" 2>&1 &
    for _ in $(seq 1 100); do
        if curl -fsS --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1; then
            exports
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
