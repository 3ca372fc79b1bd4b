/// Every decision about a generated fleet, made once from the seed; the writer only formats it.
struct GeneratedFleet {
    struct Model {
        var template: ModelTemplate
        /// Default-gateway price, then one per gateway (same order as `gateways`).
        var price: String
        var gatewayPrices: [String]
        var currency: String
    }

    struct Orchestrator {
        var name: String
        var serviceAddr: String
        /// `{env: …}` or `{file: …}`.
        var secret: String
        var onchain: OnChain?
    }

    struct OnChain {
        var ethAcctAddr: String
        var passwordEnv: String
        var pricePerUnit: Int
    }

    struct GPU {
        var id: Int
        var name: String
        var vramGiB: Int
    }

    struct Use {
        var model: Int
        /// 0 is cold (or external: never given a count).
        var warm: Int
    }

    struct Worker {
        var name: String
        var orchestrator: Int
        var gpus: [GPU]
        /// Only written when it differs from the default of 1.
        var containersPerGPU: Int
        var uses: [Use]
        var serviceAddr: String?
        var image: String?
        var llmRunner: String?
    }

    struct Requirement {
        var model: Int
        var capacity: Int
        var orchestrator: Int?
    }

    var fleet: String
    var gateways: [String]
    var models: [Model]
    var orchestrators: [Orchestrator]
    var workers: [Worker]
    var requirements: [Requirement]
}
