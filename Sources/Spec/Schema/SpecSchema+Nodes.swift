extension SpecSchema {
    static let serviceAddrPattern = "^[^/ ]+:\\+?[0-9]+$"

    public static let orchestrator = SchemaObject([
        .init("host", .reference("orch-box", rule: "lpai.ref.unknown-host"), .required, "The host (from 'hosts') it runs on."),
        .init(
            "mode", .choice([
                ("split", "-orchestrator: remote workers attach to it; it serves no GPUs itself (the default)."),
                ("combined", "-orchestrator -aiWorker on one node serving its own GPUs; no remote worker can attach to it."),
            ]), .optional, "split (default) or combined."
        ),
        .init(
            "serviceAddr",
            .text(
                "orch.example.com:8935", pattern: serviceAddrPattern, counterexample: "https://orch.example.com:8935",
                refusedBy: .rule("lpai.orchestrator.service-addr"), examples: ["orch.example.com:8935"]
            ), .required,
            "Public host:port (no scheme or path) → -serviceAddr, and -httpAddr 0.0.0.0:<port>. Workers get it as -orchAddr."
        ),
        .init(
            "secret", .secret, .optional,
            "The orchestrator secret: {env: NAME} or {file: /path}, never inline. Written to /etc/lpai/orchSecret (0600) in this node and each of its workers. Required for a split orchestrator with workers."
        ),
        .init("image", image, .optional, "This node's go-livepeer image (default: defaults.image)."),
        .init("onchain", .object(onchain), .optional, "On-chain settings; without them the node runs -network offchain."),
        .init("gpus", .list(.object(gpu)), .optional, "Combined only: the GPUs it serves (each containersPerGPU slots)."),
        .init("containersPerGPU", .integer(1...9), .optional, "Combined only: runner containers per GPU (default: defaults.containersPerGPU)."),
        .init("models", .list(modelUseNode), .optional, "Combined only: the models it serves, each a model name (cold) or {model: NAME, warm: N}."),
        .init("runnerImages", .keyed(KeyedMap(keys: .runnerImageKeys, value: runnerImage)), .optional, "Combined only. " + runnerImagesHelp),
    ])

    public static let onchain = SchemaObject([
        .init("network", .text("arbitrum-one-mainnet", examples: ["arbitrum-one-mainnet"]), .required, "→ -network, e.g. arbitrum-one-mainnet."),
        .init("ethUrl", .text("https://arb1.arbitrum.io/rpc"), .requiredByRule("lpai.onchain.eth"), "→ -ethUrl, the chain's RPC endpoint."),
        .init("ethAcctAddr", .text("0x0000000000000000000000000000000000000000"), .requiredByRule("lpai.onchain.eth"), "→ -ethAcctAddr, the orchestrator's account address."),
        .init(
            "ethPassword", .secret, .requiredByRule("lpai.onchain.eth"),
            "The keystore password: {env: NAME} or {file: /path} → file /etc/lpai/ethPassword (0600), -ethPassword /etc/lpai/ethPassword."
        ),
        .init(
            "pricePerUnit", .number, .requiredByRule("lpai.onchain.price-per-unit"),
            "→ -pricePerUnit, an unquoted number ≥ 0: go-livepeer panics on-chain without it."
        ),
        .init("aiServiceRegistry", .boolean, .optional, "→ -aiServiceRegistry (default true)."),
    ])

    public static let worker = SchemaObject([
        .init("host", .reference("gpu-box-1", rule: "lpai.ref.unknown-host"), .required, "The host (from 'hosts') it runs on."),
        .init(
            "orchestrator", .reference("orch-eu", rule: "lpai.ref.unknown-orchestrator"), .required,
            "The split orchestrator it registers with → -orchAddr <its serviceAddr> and -orchSecret /etc/lpai/orchSecret."
        ),
        .init("image", image, .optional, "This node's go-livepeer image (default: defaults.image); must not be older than its orchestrator's."),
        .init("gpus", .list(.object(gpu)), .optional, "Its GPUs, each containersPerGPU slots; required when it serves managed models."),
        .init("containersPerGPU", .integer(1...9), .optional, "Runner containers per GPU (default: defaults.containersPerGPU) → -aiRunnerContainersPerGPU."),
        .init("models", .list(modelUseNode), .optional, "The models it serves, each a model name (cold) or {model: NAME, warm: N}. No live-video-to-video."),
        .init("runnerImages", .keyed(KeyedMap(keys: .runnerImageKeys, value: runnerImage)), .optional, runnerImagesHelp),
        .init(
            "serviceAddr",
            .text("gpu-box-1.example:8936", pattern: serviceAddrPattern, counterexample: "gpu-box-1.example", refusedBy: .rule("lpai.orchestrator.service-addr")),
            .optional,
            "→ -serviceAddr; also its runners' creator_id. Workers sharing a host each need their own (go-livepeer issue #3754)."
        ),
    ])

    /// `{env: NAME}` or `{file: PATH}`: the only form a secret takes.
    static let secretObject = SchemaObject([
        .init("env", .text("ORCH_SECRET", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", counterexample: "1SECRET", refusedBy: .decoder), .optional, "An environment variable holding the secret, read where lpai-apply (or launch.sh) runs."),
        .init("file", .text("/etc/lpai/secret", pattern: absolutePath, counterexample: "run/secret", refusedBy: .decoder), .optional, "An absolute path of a file holding the secret (trimmed)."),
    ])
}
