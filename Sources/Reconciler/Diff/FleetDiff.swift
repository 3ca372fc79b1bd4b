internal import Planner

/// What apply would do to one node, and why.
public struct NodeChange: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case create, replace, start, remove
        /// The node is as planned, but containers left by an interrupted apply remain.
        case cleanup
    }

    public var node: String
    public var host: String
    public var role: String
    public var orchestrator: String?
    public var action: Action
    /// What differs (replace), or why the action is needed (start, remove, cleanup).
    public var details: [FieldChange]
    /// The container the action works on (replace, start), or the ones it removes (remove).
    public var containers: [ContainerRef]
    /// Extra containers of the node (duplicates, leftovers) removed along the way.
    public var leftovers: [ContainerRef]

    public init(
        node: String, host: String, role: String, orchestrator: String?, action: Action, details: [FieldChange],
        containers: [ContainerRef], leftovers: [ContainerRef]
    ) {
        self.node = node
        self.host = host
        self.role = role
        self.orchestrator = orchestrator
        self.action = action
        self.details = details
        self.containers = containers
        self.leftovers = leftovers
    }

    /// True when go-livepeer's image changes (or a node is created), which orders workers
    /// before their orchestrator.
    public var changesImage: Bool { details.contains { $0.field == "image" } }
}

/// One changed field, or the reason for an action. Sensitive values are never stored.
public struct FieldChange: Sendable, Hashable, Codable {
    public var field: String
    public var old: String?
    public var new: String?
    public var sensitive: Bool

    public init(field: String, old: String?, new: String?, sensitive: Bool = false) {
        self.field = field
        self.old = sensitive ? nil : old
        self.new = sensitive ? nil : new
        self.sensitive = sensitive
    }
}

/// A container as the plan saw it: enough to refuse a saved plan when it has changed since.
public struct ContainerRef: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var engine: String
    public var hash: String?
    public var secrets: String?
    public var running: Bool

    init(_ c: ObservedContainer) {
        id = c.id
        name = c.name
        engine = c.engine
        hash = c.hash
        secrets = c.labels[Labels.secrets]
        running = c.isRunning
    }
}

/// The difference between a plan and what runs.
public struct FleetDiff: Sendable, Hashable, Codable {
    public var fleet: String
    /// Changes in plan order (orchestrators, workers), then removals by host and node.
    public var changes: [NodeChange]
    /// Planned nodes that need nothing, with their container.
    public var unchanged: [UnchangedNode]
    /// Things worth knowing that change nothing (e.g. containers made by a newer lpai-apply).
    public var warnings: [String]
    /// go-livepeer's runner containers per engine, observed and never managed.
    public var runners: [String: [ObservedRunner]]
    /// Each planned worker's registration with its orchestrator.
    public var connections: ConnectionObservation
    /// Planned warm runners missing or stopped, and orphan runners.
    public var runnerFindings: [RunnerFinding]

    public struct UnchangedNode: Sendable, Hashable, Codable {
        public var node: String
        public var host: String
        public var container: ContainerRef
    }

    /// No container to change (there may still be connection or runner drift, which apply
    /// cannot change by itself).
    public var isEmpty: Bool { changes.isEmpty }

    /// Workers not registered, apart from those whose container the plan brings up anyway.
    public var connectionProblems: [WorkerConnection] {
        let changing = Set(changes.map(\.node))
        return connections.problems.filter { !changing.contains($0.worker) }
    }

    /// Anything that differs from the spec: a container change, a worker not registered with
    /// its orchestrator, a planned runner missing or stopped, an orphan runner.
    public var hasDrift: Bool { !changes.isEmpty || !connectionProblems.isEmpty || !runnerFindings.isEmpty }

    public func count(_ action: NodeChange.Action) -> Int { changes.filter { $0.action == action }.count }

    /// `Plan: 1 to create, 1 to replace, 0 to start, 0 to remove; 2 unchanged.`
    public var summary: String {
        var parts = ["\(count(.create)) to create", "\(count(.replace)) to replace", "\(count(.start)) to start", "\(count(.remove)) to remove"]
        if count(.cleanup) > 0 { parts.append("\(count(.cleanup)) to clean up") }
        return parts.joined(separator: ", ") + "; \(unchanged.count) unchanged"
    }
}
