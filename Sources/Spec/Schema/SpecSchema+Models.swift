extension SpecSchema {
    public static let model = SchemaObject([
        .init(
            "pipeline", .pipeline, .required,
            "The go-livepeer pipeline → aiModels.json 'pipeline'. Anything else panics go-livepeer at startup. live-video-to-video only on a combined node."
        ),
        .init("model_id", .text("ByteDance/SDXL-Lightning"), .required, "→ aiModels.json 'model_id', matched exactly by go-livepeer (pricing, capacity, container name)."),
        .init("price", .object(price), .optional, "The default-gateway price; required for every model served behind an orchestrator (lpai.price.missing)."),
        .init(
            "gateway_prices", .keyed(KeyedMap(keys: .gateways, value: .object(price))), .optional,
            "Per-gateway prices: gateway address → price. The key becomes the entry's 'gateway', lowercased as go-livepeer compares it; 'default' is refused (use 'price')."
        ),
        .init(
            "optimization_flags", .keyed(KeyedMap(keys: .optimizationFlags, value: .flagValue)), .optional,
            "Runner environment variables, rendered on warm managed entries only. true/false become JSON booleans; any other value a JSON string (MAX_MODEL_LEN: 8192 → \"8192\")."
        ),
        .init("vram", .size, .optional, "VRAM one runner container needs, e.g. 14GiB; used only by the VRAM checks, never rendered."),
        .init("external", .object(external), .optional, "A runner go-livepeer does not start: the worker calls its url. Starts no container and takes no GPU slot."),
    ])

    public static let price = SchemaObject([
        .init(
            "per_unit", .number, .required,
            "→ price_per_unit, an unquoted number ≥ 0 (4768371, 0.18, 1e-3) written exactly as in the spec. A quoted price such as \"0.5e-2USD\" makes go-livepeer reject the whole aiModels.json."
        ),
        .init("pixels_per_unit", .integer(minimum: 1, rule: "lpai.price.pixels-per-unit"), .optional, "→ pixels_per_unit, an integer ≥ 1 (go-livepeer's default 1); anything else panics go-livepeer."),
        .init(
            "currency", .text("wei", examples: ["wei", "eth", "USD"]), .optional,
            "→ currency (go-livepeer's default: wei). Only wei and eth are fixed prices; any other currency (e.g. USD) needs the on-chain price feed, so it is an error behind an orchestrator without onchain."
        ),
    ])

    public static let external = SchemaObject([
        .init(
            "url",
            .text(
                "http://127.0.0.1:9000", pattern: "^[Hh][Tt][Tt][Pp][Ss]?://.+", counterexample: "127.0.0.1:9000",
                refusedBy: .rule("lpai.external.url-scheme"), examples: ["http://127.0.0.1:9000"]
            ), .required,
            "The runner's http:// or https:// base URL → url. Must not point at an orchestrator's serviceAddr. The runner must answer /health within 2 minutes of the worker's start."
        ),
        .init("token", .secret, .optional, "Bearer token the worker sends: {env: NAME} or {file: /path}, filled in at launch; the aiModels.json then gets mode 0600."),
        .init("capacity", .integer(1...100_000), .optional, "Concurrent requests it advertises (1–100000; absent → 1). Unlike a managed entry, an external entry advertises its capacity."),
    ])

    public static let requirement = SchemaObject([
        .init("model", .reference("sdxl-lightning", rule: "lpai.ref.unknown-model"), .required, "A model name from 'models'; its (pipeline, model_id) capacity is counted."),
        .init("capacity", .integer(1...10_000_000), .required, "Concurrent requests the fleet must advertise (1–10000000)."),
        .init("orchestrator", .reference("orch-eu", rule: "lpai.ref.unknown-orchestrator"), .optional, "Count only capacity behind this orchestrator."),
    ])

    public static let gpu = SchemaObject([
        .init(
            "id", .integer(0...9, rule: "lpai.gpu.id-range"), .required,
            "The nvidia-smi index (0–9) → -nvidia 0,1 in spec order. Runner ports are pipeline prefix + colocation digit + GPU id, so ids are one digit."
        ),
        .init("name", .text("RTX 4090"), .optional, "Informational, for the capacity report."),
        .init("vram", .size, .optional, "The GPU's memory, e.g. 24GiB, for the VRAM checks."),
    ])

    public static let modelUse = SchemaObject([
        .init("model", .reference("sdxl-lightning", rule: "lpai.ref.unknown-model"), .required, "A model name from 'models'."),
        .init(
            "warm", .integer(0...1000), .optional,
            "Warm containers (0–1000; absent or 0 = cold). N warm containers render N identical entries and advertise N. A count, not a boolean."
        ),
    ])

    /// A node's `models` item: a model name (cold) or `{model: NAME, warm: N}`.
    static let modelUseNode = SchemaNode.anyOf([.reference("sdxl-lightning", rule: "lpai.ref.unknown-model"), .object(modelUse)])
}
