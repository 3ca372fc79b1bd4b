#!/bin/sh
# go-livepeer orchestrator 'orch-eu' of fleet 'global' on host 'orch-eu-box'.
# Rendered by lpai-apply; re-render instead of editing. Plan hash: sha256:078ca57e6e0ad30fbf12045442b25128bc5a629b77ee748df2c3e7a52bfeed46
# Run it on the host from any folder; it reads aiModels.json from beside itself.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
# Files that hold secrets are written here with mode 0600 at each launch.
run="${LPAI_RUN_DIR:-$here/run}"
umask 077
mkdir -p "$run"
: "${ORCH_EU_SECRET:?set ORCH_EU_SECRET: it holds a secret of orch-eu}"
printf '%s' "$ORCH_EU_SECRET" > "$run/orchSecret"
# Replace the node's container if one runs already, as apply would.
docker rm -f lpai-global-orch-eu >/dev/null 2>&1 || true
docker run -d \
  --name lpai-global-orch-eu \
  --network host \
  --restart unless-stopped \
  --label io.lpai.files=aiModels.json=53511954ff7f,orchSecret=e8ba2b7083c9 \
  --label io.lpai.fleet=global \
  --label io.lpai.hash=sha256:078ca57e6e0ad30fbf12045442b25128bc5a629b77ee748df2c3e7a52bfeed46 \
  --label io.lpai.hash-scheme=1 \
  --label io.lpai.host=orch-eu-box \
  --label io.lpai.node=orch-eu \
  --label io.lpai.role=orchestrator \
  -v /var/lib/livepeer/orch-eu:/root/.lpData \
  -v "$here/aiModels.json:/etc/lpai/aiModels.json:ro" \
  -v "$run/orchSecret:/etc/lpai/orchSecret:ro" \
  livepeer/go-livepeer:v0.9.1 \
  -orchestrator \
  -serviceAddr orch-eu.example.com:8935 \
  -httpAddr 0.0.0.0:8935 \
  -network offchain \
  -orchSecret /etc/lpai/orchSecret \
  -aiModels /etc/lpai/aiModels.json
