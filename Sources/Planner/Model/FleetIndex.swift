public import Spec

/// The role a node plays, which decides its flags and which aiModels.json keys it gets.
public enum NodeRole: String, Sendable, Hashable, Codable {
    /// `-orchestrator` with remote workers attached (split deployment).
    case orchestrator
    /// `-orchestrator -aiWorker` on one node.
    case combined
    /// `-aiWorker` registering with an orchestrator.
    case worker
}

/// A model a node serves, with its catalogue entry looked up.
public struct ResolvedUse: Sendable, Hashable {
    public var model: Model
    public var use: ModelUse

    public var warm: Int { model.external == nil ? use.warmCount : 0 }
    public var isExternal: Bool { model.external != nil }
    public var isCold: Bool { model.external == nil && use.warmCount == 0 }
}

/// A node with everything it inherits resolved: image, runner images, GPUs, models.
public struct ResolvedNode: Sendable, Hashable {
    public var name: Located<String>
    public var role: NodeRole
    public var host: Located<String>
    /// The orchestrator a worker registers with (nil for orchestrators).
    public var orchestrator: String?
    public var image: Located<String>?
    public var gpus: [GPU]
    public var containersPerGPU: Int
    public var uses: [ResolvedUse]
    public var runnerImages: RunnerImages
    /// go-livepeer's `-serviceAddr` for this node, which also becomes its runners' creator_id.
    public var serviceAddr: Located<String>?
    public var location: SourceLocation
    /// The loopback CLI port: go-livepeer's default for the role unless another node on the
    /// same host (host networking) already holds it.
    public var cliPort: Int = 0
    /// Where the warm containers land, computed once when the fleet is indexed.
    public var placement = GPUPlacement(slots: [], unplaced: [])

    /// go-livepeer's default CLI port: 7935 for orchestrators, 4935 for workers (LIVEPEER.md).
    public var defaultCLIPort: Int { role == .worker ? 4935 : 7935 }

    /// GPU slots go-livepeer creates: one per GPU times `-aiRunnerContainersPerGPU`.
    public var gpuSlots: Int { gpus.count * containersPerGPU }
    public var warmContainers: Int { uses.reduce(0) { $0 + $1.warm } }
    /// Whether go-livepeer's worker side runs on this node (it starts runner containers).
    public var servesModels: Bool { role != .orchestrator }
    /// The runners' `creator_id` label: serviceAddr, else empty (LIVEPEER.md, issue #3754).
    public var creatorID: String { serviceAddr?.value ?? "" }
}

/// The spec with its cross references resolved and indexed, shared by every rule.
public struct FleetIndex: Sendable {
    public let spec: FleetSpec
    public let hosts: [String: Host]
    public let models: [String: Model]
    public let orchestrators: [String: Orchestrator]
    /// Every node (orchestrators first, then workers), in name order within each group.
    public let nodes: [ResolvedNode]
    public let nodesByName: [String: ResolvedNode]
    /// Workers per orchestrator name, in name order.
    public let workersByOrchestrator: [String: [ResolvedNode]]

    public init(spec: FleetSpec) {
        self.spec = spec
        hosts = Dictionary(spec.hosts.map { ($0.name.value, $0) }, uniquingKeysWith: { a, _ in a })
        models = Dictionary(spec.models.map { ($0.name.value, $0) }, uniquingKeysWith: { a, _ in a })
        orchestrators = Dictionary(spec.orchestrators.map { ($0.name.value, $0) }, uniquingKeysWith: { a, _ in a })
        let defaultPerGPU = spec.defaults.containersPerGPU?.value ?? 1
        let models = self.models
        func resolve(_ uses: [ModelUse]) -> [ResolvedUse] {
            uses.compactMap { use in models[use.model.value].map { ResolvedUse(model: $0, use: use) } }
        }
        var nodes: [ResolvedNode] = []
        for o in spec.orchestrators.sorted(by: { $0.name.value < $1.name.value }) {
            nodes.append(ResolvedNode(
                name: o.name, role: o.mode.value == .combined ? .combined : .orchestrator, host: o.host, orchestrator: nil,
                image: o.image ?? spec.defaults.image, gpus: o.gpus, containersPerGPU: o.containersPerGPU?.value ?? defaultPerGPU,
                uses: resolve(o.models), runnerImages: o.runnerImages.overlaying(spec.defaults.runnerImages),
                serviceAddr: o.serviceAddr, location: o.location
            ))
        }
        var byOrchestrator: [String: [ResolvedNode]] = [:]
        for w in spec.workers.sorted(by: { $0.name.value < $1.name.value }) {
            let node = ResolvedNode(
                name: w.name, role: .worker, host: w.host, orchestrator: w.orchestrator.value,
                image: w.image ?? spec.defaults.image, gpus: w.gpus, containersPerGPU: w.containersPerGPU?.value ?? defaultPerGPU,
                uses: resolve(w.models), runnerImages: w.runnerImages.overlaying(spec.defaults.runnerImages),
                serviceAddr: w.serviceAddr, location: w.location
            )
            nodes.append(node)
        }
        var taken: [String: Set<Int>] = [:]
        // Where the search for a free port resumes, per host and default port: scanning from the
        // default each time was quadratic in the nodes of one host.
        var resume: [String: [Int: Int]] = [:]
        for index in nodes.indices {
            let host = nodes[index].host.value, start = nodes[index].defaultCLIPort
            var port = resume[host, default: [:]][start] ?? start
            while taken[host, default: []].contains(port) { port += 1 }
            taken[host, default: []].insert(port)
            resume[host, default: [:]][start] = port + 1
            nodes[index].cliPort = port
            nodes[index].placement = GPUPlacement(node: nodes[index])
        }
        for node in nodes where node.role == .worker {
            byOrchestrator[node.orchestrator ?? "", default: []].append(node)
        }
        self.nodes = nodes
        nodesByName = Dictionary(nodes.map { ($0.name.value, $0) }, uniquingKeysWith: { a, _ in a })
        workersByOrchestrator = byOrchestrator
    }

    /// The orchestrator-side node a worker registers with.
    public func orchestrator(of node: ResolvedNode) -> Orchestrator? {
        node.orchestrator.flatMap { orchestrators[$0] }
    }

    /// Models served behind an orchestrator: its workers' (or, combined, its own) uses.
    public func servedUses(by orchestrator: String) -> [(node: ResolvedNode, use: ResolvedUse)] {
        var result: [(node: ResolvedNode, use: ResolvedUse)] = []
        if let own = nodesByName[orchestrator], own.role == .combined {
            result += own.uses.map { (own, $0) }
        }
        for worker in workersByOrchestrator[orchestrator] ?? [] {
            result += worker.uses.map { (worker, $0) }
        }
        return result
    }
}
