#!/bin/sh
# go-livepeer worker 'us-gpu-1' of fleet 'global' on host 'us-gpu-1'.
# Rendered by lpai-apply; re-render instead of editing. Plan hash: sha256:c3463b26fc88e5c53b66a90cdfdc20c0a5e39b80f07058bb6549fc13d165c6cb
# Run it on the host from any folder; it reads aiModels.json from beside itself.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
# Files that hold secrets are written here with mode 0600 at each launch.
run="${LPAI_RUN_DIR:-$here/run}"
umask 077
mkdir -p "$run"
[ -r /etc/lpai/secrets/orch-us ] || { echo 'cannot read secret file /etc/lpai/secrets/orch-us' >&2; exit 1; }
# Replace the node's container if one runs already, as apply would.
docker rm -f lpai-global-us-gpu-1 >/dev/null 2>&1 || true
docker run -d \
  --name lpai-global-us-gpu-1 \
  --network host \
  --restart unless-stopped \
  --gpus all \
  --label io.lpai.files=aiModels.json=58d4bdd1ba6d,orchSecret=2cd55dec87b9 \
  --label io.lpai.fleet=global \
  --label io.lpai.hash=sha256:c3463b26fc88e5c53b66a90cdfdc20c0a5e39b80f07058bb6549fc13d165c6cb \
  --label io.lpai.hash-scheme=1 \
  --label io.lpai.host=us-gpu-1 \
  --label io.lpai.node=us-gpu-1 \
  --label io.lpai.orchestrator=orch-us \
  --label io.lpai.role=worker \
  -v /var/lib/livepeer/us-gpu-1:/root/.lpData \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -v "$here/aiModels.json:/etc/lpai/aiModels.json:ro" \
  -v /etc/lpai/secrets/orch-us:/etc/lpai/orchSecret:ro \
  livepeer/go-livepeer:v0.9.1 \
  -aiWorker \
  -orchAddr orch-us.example.com:8936 \
  -orchSecret /etc/lpai/orchSecret \
  -aiModels /etc/lpai/aiModels.json \
  -aiModelsDir /srv/livepeer/models \
  -nvidia 0 \
  -aiRunnerImageOverrides '{"batch":{"audio-to-text":"livepeer/ai-runner:audio-to-text-v0.14.1","llm":"livepeer/ai-runner:llm-v0.14.1"},"default":"livepeer/ai-runner:v0.14.1"}'
