docker run \
    --name livepeer_ai_worker \
    -v ~/.lpData/:/root/.lpData \
    -v /var/run/docker.sock:/var/run/docker.sock \
    --network host \
    --gpus all \
    livepeer/go-livepeer:v0.9.1 \
    -aiWorker \
    -orchAddr 0.0.0.0:8935 \
    -orchSecret abc123 \
    -nvidia 0 \
    -aiModels /root/.lpData/aiModels.json \
    -aiModelsDir ~/.lpData/models
