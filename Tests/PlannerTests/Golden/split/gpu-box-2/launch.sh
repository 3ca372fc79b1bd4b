#!/bin/sh
# go-livepeer worker 'gpu-box-2' of fleet 'eu-prod' on host 'gpu-box-2'.
# Rendered by lpai-apply; re-render instead of editing. Plan hash: sha256:ad6c7a4bc44ea1c0ba4afbe1b164a5d5fcded355ff659954e3dec85514471e17
# Run it on the host from any folder; it reads aiModels.json from beside itself.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
# Files that hold secrets are written here with mode 0600 at each launch.
run="${LPAI_RUN_DIR:-$here/run}"
umask 077
mkdir -p "$run"
: "${ORCH_EU_SECRET:?set ORCH_EU_SECRET: it holds a secret of gpu-box-2}"
printf '%s' "$ORCH_EU_SECRET" > "$run/orchSecret"
# Replace the node's container if one runs already, as apply would.
docker rm -f lpai-eu-prod-gpu-box-2 >/dev/null 2>&1 || true
docker run -d \
  --name lpai-eu-prod-gpu-box-2 \
  --network host \
  --restart unless-stopped \
  --gpus all \
  --label io.lpai.files=aiModels.json=a11af9e7f0c3,orchSecret=e8ba2b7083c9 \
  --label io.lpai.fleet=eu-prod \
  --label io.lpai.hash=sha256:ad6c7a4bc44ea1c0ba4afbe1b164a5d5fcded355ff659954e3dec85514471e17 \
  --label io.lpai.hash-scheme=1 \
  --label io.lpai.host=gpu-box-2 \
  --label io.lpai.node=gpu-box-2 \
  --label io.lpai.orchestrator=orch-eu \
  --label io.lpai.role=worker \
  -v /var/lib/livepeer/gpu-box-2:/root/.lpData \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -v "$here/aiModels.json:/etc/lpai/aiModels.json:ro" \
  -v "$run/orchSecret:/etc/lpai/orchSecret:ro" \
  livepeer/go-livepeer:v0.9.1 \
  -aiWorker \
  -orchAddr orch.example.com:8935 \
  -orchSecret /etc/lpai/orchSecret \
  -aiModels /etc/lpai/aiModels.json \
  -aiModelsDir /var/lib/livepeer/models \
  -nvidia 0 \
  -aiRunnerImageOverrides '{"batch":{"llm":"livepeer/ai-runner:llm-v0.14.1"},"default":"livepeer/ai-runner:v0.14.1"}'
