/// Capacity as go-livepeer computes it (LIVEPEER.md "Capacity"), per node, per orchestrator,
/// and against the spec's requirements.
public struct CapacityReport: Sendable, Hashable, Codable {
    public var nodes: [NodeCapacity]
    public var orchestrators: [OrchestratorCapacity]
    public var requirements: [RequirementStatus]
}

public struct ModelKey: Sendable, Hashable, Codable, Comparable {
    public var pipeline: String
    public var modelID: String

    public static func < (a: ModelKey, b: ModelKey) -> Bool { (a.pipeline, a.modelID) < (b.pipeline, b.modelID) }
}

public struct NodeCapacity: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var model: String
        public var pipeline: String
        public var modelID: String
        public var kind: String
        public var warmContainers: Int
        public var advertised: Int
    }

    public struct GPUUse: Sendable, Hashable, Codable {
        public var id: Int
        public var name: String?
        public var slots: Int
        public var slotsUsed: Int
        public var vramTotal: Int64?
        public var vramUsed: Int64
    }

    public var node: String
    public var role: NodeRole
    public var orchestrator: String?
    public var slots: Int
    public var slotsUsed: Int
    public var gpus: [GPUUse]
    public var models: [Entry]
}

public struct OrchestratorCapacity: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var pipeline: String
        public var modelID: String
        public var advertised: Int
        public var warmContainers: Int
        public var nodes: Int
    }

    public var orchestrator: String
    public var models: [Entry]
}

public struct RequirementStatus: Sendable, Hashable, Codable {
    public var model: String
    public var pipeline: String
    public var modelID: String
    public var orchestrator: String?
    public var required: Int
    public var offered: Int
    public var met: Bool
}
