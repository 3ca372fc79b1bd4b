#!/bin/sh
# go-livepeer orchestrator 'orch-us' of fleet 'global' on host 'orch-us-box'.
# Rendered by lpai-apply; re-render instead of editing. Plan hash: sha256:f3119ad95048ccd90abc9751776651adcbd1059b8fe86a5df383b19b4f7737f6
# Run it on the host from any folder; it reads aiModels.json from beside itself.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
# Files that hold secrets are written here with mode 0600 at each launch.
run="${LPAI_RUN_DIR:-$here/run}"
umask 077
mkdir -p "$run"
[ -r /etc/lpai/secrets/orch-us ] || { echo 'cannot read secret file /etc/lpai/secrets/orch-us' >&2; exit 1; }
# Replace the node's container if one runs already, as apply would.
docker rm -f lpai-global-orch-us >/dev/null 2>&1 || true
docker run -d \
  --name lpai-global-orch-us \
  --network host \
  --restart unless-stopped \
  --label io.lpai.files=aiModels.json=51ef2db2ae69,orchSecret=2cd55dec87b9 \
  --label io.lpai.fleet=global \
  --label io.lpai.hash=sha256:f3119ad95048ccd90abc9751776651adcbd1059b8fe86a5df383b19b4f7737f6 \
  --label io.lpai.hash-scheme=1 \
  --label io.lpai.host=orch-us-box \
  --label io.lpai.node=orch-us \
  --label io.lpai.role=orchestrator \
  -v /var/lib/livepeer/orch-us:/root/.lpData \
  -v "$here/aiModels.json:/etc/lpai/aiModels.json:ro" \
  -v /etc/lpai/secrets/orch-us:/etc/lpai/orchSecret:ro \
  livepeer/go-livepeer:v0.9.1 \
  -orchestrator \
  -serviceAddr orch-us.example.com:8936 \
  -httpAddr 0.0.0.0:8936 \
  -network offchain \
  -orchSecret /etc/lpai/orchSecret \
  -aiModels /etc/lpai/aiModels.json
