# The orchestrator, as started from Livepeer's AI orchestrator guide.
docker run -d --name livepeer-orchestrator \
  --network host \
  --restart unless-stopped \
  -v /var/lib/livepeer/orch:/root/.lpData \
  livepeer/go-livepeer:v0.9.1 \
  -orchestrator \
  -orchSecret "my-orch-secret" \
  -serviceAddr orch.example.com:8935 \
  -httpAddr 0.0.0.0:8935 \
  -network offchain \
  -aiModels /root/.lpData/aiModels.json \
  -monitor \
  -v 6
