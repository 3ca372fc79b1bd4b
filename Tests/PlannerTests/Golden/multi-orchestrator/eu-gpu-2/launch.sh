#!/bin/sh
# go-livepeer worker 'eu-gpu-2' of fleet 'global' on host 'eu-gpu-2'.
# Rendered by lpai-apply; re-render instead of editing. Plan hash: sha256:1d4002af39bdde043d3f24e5c96d493e43345a4f5ec510f85efcc0d8caa4057b
# Run it on the host from any folder; it reads aiModels.json from beside itself.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
# Files that hold secrets are written here with mode 0600 at each launch.
run="${LPAI_RUN_DIR:-$here/run}"
umask 077
mkdir -p "$run"
: "${ORCH_EU_SECRET:?set ORCH_EU_SECRET: it holds a secret of eu-gpu-2}"
printf '%s' "$ORCH_EU_SECRET" > "$run/orchSecret"
# Replace the node's container if one runs already, as apply would.
docker rm -f lpai-global-eu-gpu-2 >/dev/null 2>&1 || true
docker run -d \
  --name lpai-global-eu-gpu-2 \
  --network host \
  --restart unless-stopped \
  --gpus all \
  --label io.lpai.files=aiModels.json=9db2f9ff3a0c,orchSecret=e8ba2b7083c9 \
  --label io.lpai.fleet=global \
  --label io.lpai.hash=sha256:1d4002af39bdde043d3f24e5c96d493e43345a4f5ec510f85efcc0d8caa4057b \
  --label io.lpai.hash-scheme=1 \
  --label io.lpai.host=eu-gpu-2 \
  --label io.lpai.node=eu-gpu-2 \
  --label io.lpai.orchestrator=orch-eu \
  --label io.lpai.role=worker \
  -v /var/lib/livepeer/eu-gpu-2:/root/.lpData \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -v "$here/aiModels.json:/etc/lpai/aiModels.json:ro" \
  -v "$run/orchSecret:/etc/lpai/orchSecret:ro" \
  livepeer/go-livepeer:v0.9.1 \
  -aiWorker \
  -orchAddr orch-eu.example.com:8935 \
  -orchSecret /etc/lpai/orchSecret \
  -aiModels /etc/lpai/aiModels.json \
  -aiModelsDir /srv/livepeer/models \
  -nvidia 0,1 \
  -aiRunnerContainersPerGPU 2 \
  -aiRunnerImageOverrides '{"batch":{"audio-to-text":"livepeer/ai-runner:audio-to-text-v0.14.1","llm":"livepeer/ai-runner:llm-v0.14.1"},"default":"livepeer/ai-runner:v0.14.1"}'
