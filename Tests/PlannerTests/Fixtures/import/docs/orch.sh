docker run \
    --name livepeer_ai_orchestrator \
    -v ~/.lpData2/:/root/.lpData2 \
    --network host \
    livepeer/go-livepeer:v0.9.1 \
    -orchestrator \
    -orchSecret abc123 \
    -serviceAddr 0.0.0.0:8935 \
    -network arbitrum-one-mainnet \
    -ethUrl https://arb1.arbitrum.io/rpc \
    -ethAcctAddr 0x0000000000000000000000000000000000000001 \
    -ethPassword /root/.lpData2/eth-secret.txt \
    -pricePerUnit 1 \
    1️⃣-AIServiceRegistry \
    -aiModels /root/.lpData2/aiModels.json
