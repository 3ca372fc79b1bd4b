/// The spec an import builds, before it is written as YAML.
struct ImportedFleet {
    struct PriceRow: Hashable {
        var perUnit: String
        var pixels: String?
        var currency: String?
    }

    struct External: Hashable {
        var url: String
        /// The environment variable that will hold the token (its value is never kept here).
        var tokenVariable: String?
        var capacity: Int?
    }

    struct Model {
        var name: String
        var pipeline: String
        var modelID: String
        var price: PriceRow?
        var gatewayPrices: [(gateway: String, price: PriceRow)]
        var flags: [(name: String, value: AIModelEntry.FlagValue)]
        var external: External?
    }

    struct Use {
        var model: String
        var warm: Int
    }

    struct OnChain {
        var network: String
        var ethUrl: String?
        var ethAcctAddr: String?
        var ethPasswordVariable: String?
        var pricePerUnit: String?
        var aiServiceRegistry: Bool
    }

    struct Node {
        var name: String
        var role: NodeRole
        var host: String
        var image: String?
        var serviceAddr: String?
        var orchestrator: String?
        var secretVariable: String?
        var onchain: OnChain?
        var gpus: [Int]
        var containersPerGPU: Int?
        var runnerImages: [(key: String, image: String)]
        var uses: [Use]
    }

    var fleet: String
    var image: String?
    var aiModelsDir: String?
    var dataDir: String?
    var hosts: [(name: String, docker: String?)]
    var models: [Model]
    var nodes: [Node]
    var header: [String]
}
