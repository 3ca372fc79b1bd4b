sudo docker run -d --name gpu-1 \
  --gpus all --network host \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -v /var/lib/livepeer/gpu-1:/root/.lpData \
  -e LP_AIRUNNERCONTAINERSPERGPU=1 \
  livepeer/go-livepeer:v0.9.1 \
  -aiWorker \
  -orchAddr orch.example.com:8935 \
  -orchSecret my-orch-secret \
  -serviceAddr gpu-1.example.com:8936 \
  -nvidia 0,1,2 \
  -aiModels /root/.lpData/aiModels.json \
  -aiModelsDir /var/lib/livepeer/models \
  -aiRunnerImageOverrides '{"default": "livepeer/ai-runner:v0.14.1", "batch": {"audio-to-text": "livepeer/ai-runner:audio-to-text-v0.14.1"}}'
