#!/bin/sh
# go-livepeer combined 'solo-orch' of fleet 'solo' on host 'ai-box'.
# Rendered by lpai-apply; re-render instead of editing. Plan hash: sha256:da01d5db9cf631c9e394e515c39745689a369232b9b80b89e1df271e71300610
# Run it on the host from any folder; it reads aiModels.json from beside itself.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
# Replace the node's container if one runs already, as apply would.
docker rm -f lpai-solo-solo-orch >/dev/null 2>&1 || true
docker run -d \
  --name lpai-solo-solo-orch \
  --network host \
  --restart unless-stopped \
  --gpus all \
  --label io.lpai.files=aiModels.json=b7cc758fba5e \
  --label io.lpai.fleet=solo \
  --label io.lpai.hash=sha256:da01d5db9cf631c9e394e515c39745689a369232b9b80b89e1df271e71300610 \
  --label io.lpai.hash-scheme=1 \
  --label io.lpai.host=ai-box \
  --label io.lpai.node=solo-orch \
  --label io.lpai.role=combined \
  -v /var/lib/livepeer/solo-orch:/root/.lpData \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -v "$here/aiModels.json:/etc/lpai/aiModels.json:ro" \
  livepeer/go-livepeer:v0.9.1 \
  -orchestrator \
  -aiWorker \
  -serviceAddr ai-box.example:8935 \
  -httpAddr 0.0.0.0:8935 \
  -network offchain \
  -aiModels /etc/lpai/aiModels.json \
  -aiModelsDir /var/lib/livepeer/models \
  -nvidia 0 \
  -aiRunnerContainersPerGPU 2 \
  -aiRunnerImageOverrides '{"default":"livepeer/ai-runner:v0.14.1"}'
