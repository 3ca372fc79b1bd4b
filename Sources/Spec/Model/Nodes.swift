/// How an orchestrator runs: `split` (remote workers attach to it) or `combined`
/// (`-orchestrator -aiWorker` on one node, serving its own GPUs).
public enum OrchestratorMode: String, Sendable, Hashable, CaseIterable {
    case split
    case combined
}

/// A go-livepeer orchestrator node.
public struct Orchestrator: Sendable, Hashable {
    public var name: Located<String>
    public var host: Located<String>
    public var mode: Located<OrchestratorMode>
    /// Public `host:port` workers and gateways reach; `-serviceAddr`.
    public var serviceAddr: Located<String>
    public var secret: SecretRef?
    public var image: Located<String>?
    public var onchain: OnChain?
    /// For combined nodes: the GPUs and models the node serves itself.
    public var gpus: [GPU]
    public var containersPerGPU: Located<Int>?
    public var models: [ModelUse]
    public var runnerImages: RunnerImages
    public var location: SourceLocation

    public init(
        name: Located<String>, host: Located<String>, mode: Located<OrchestratorMode>, serviceAddr: Located<String>,
        secret: SecretRef?, image: Located<String>?, onchain: OnChain?, gpus: [GPU], containersPerGPU: Located<Int>?,
        models: [ModelUse], runnerImages: RunnerImages, at location: SourceLocation
    ) {
        self.name = name
        self.host = host
        self.mode = mode
        self.serviceAddr = serviceAddr
        self.secret = secret
        self.image = image
        self.onchain = onchain
        self.gpus = gpus
        self.containersPerGPU = containersPerGPU
        self.models = models
        self.runnerImages = runnerImages
        self.location = location
    }
}

/// On-chain settings; without them an orchestrator runs off-chain.
public struct OnChain: Sendable, Hashable {
    public var network: Located<String>
    public var ethUrl: Located<String>?
    public var ethAcctAddr: Located<String>?
    public var ethPassword: SecretRef?
    /// Transcoding price per pixel, `-pricePerUnit` (go-livepeer panics on-chain without it).
    public var pricePerUnit: Located<String>?
    /// Whether to pass `-aiServiceRegistry`.
    public var aiServiceRegistry: Located<Bool>?
    public var location: SourceLocation

    public init(
        network: Located<String>, ethUrl: Located<String>?, ethAcctAddr: Located<String>?, ethPassword: SecretRef?,
        pricePerUnit: Located<String>?, aiServiceRegistry: Located<Bool>?, at location: SourceLocation
    ) {
        self.network = network
        self.ethUrl = ethUrl
        self.ethAcctAddr = ethAcctAddr
        self.ethPassword = ethPassword
        self.pricePerUnit = pricePerUnit
        self.aiServiceRegistry = aiServiceRegistry
        self.location = location
    }
}

/// A remote AI worker node.
public struct Worker: Sendable, Hashable {
    public var name: Located<String>
    public var host: Located<String>
    public var orchestrator: Located<String>
    public var image: Located<String>?
    public var gpus: [GPU]
    public var containersPerGPU: Located<Int>?
    public var models: [ModelUse]
    public var runnerImages: RunnerImages
    /// go-livepeer's `-serviceAddr` on a worker; it also becomes its runners' `creator_id`.
    public var serviceAddr: Located<String>?
    public var location: SourceLocation

    public init(
        name: Located<String>, host: Located<String>, orchestrator: Located<String>, image: Located<String>?,
        gpus: [GPU], containersPerGPU: Located<Int>?, models: [ModelUse], runnerImages: RunnerImages,
        serviceAddr: Located<String>?, at location: SourceLocation
    ) {
        self.name = name
        self.host = host
        self.orchestrator = orchestrator
        self.image = image
        self.gpus = gpus
        self.containersPerGPU = containersPerGPU
        self.models = models
        self.runnerImages = runnerImages
        self.serviceAddr = serviceAddr
        self.location = location
    }
}

public struct GPU: Sendable, Hashable {
    public var id: Located<Int>
    public var name: Located<String>?
    public var vram: Located<Int64>?
    public var location: SourceLocation

    public init(id: Located<Int>, name: Located<String>?, vram: Located<Int64>?, at location: SourceLocation) {
        self.id = id
        self.name = name
        self.vram = vram
        self.location = location
    }
}

/// A model a node serves: `warm: N` keeps N containers loaded; no `warm` (or 0) is cold.
public struct ModelUse: Sendable, Hashable {
    public var model: Located<String>
    public var warm: Located<Int>?
    public var location: SourceLocation

    public init(model: Located<String>, warm: Located<Int>?, at location: SourceLocation) {
        self.model = model
        self.warm = warm
        self.location = location
    }

    public var warmCount: Int { warm?.value ?? 0 }
}

/// Fleet capacity the operator needs; `plan` fails when the fleet offers less.
public struct Requirement: Sendable, Hashable {
    public var model: Located<String>
    public var capacity: Located<Int>
    /// When set, only this orchestrator's capacity counts.
    public var orchestrator: Located<String>?
    public var location: SourceLocation

    public init(model: Located<String>, capacity: Located<Int>, orchestrator: Located<String>?, at location: SourceLocation) {
        self.model = model
        self.capacity = capacity
        self.orchestrator = orchestrator
        self.location = location
    }
}
