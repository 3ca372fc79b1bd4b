internal import Planner

/// What runs, as read from the engines: the only state lpai-apply has (labels are the state).
public struct Observation: Sendable, Hashable, Codable {
    public var fleet: String
    public var engines: [EngineState]
    /// Per container id: whether its secret digest label matches the secrets resolved now.
    public var secretChecks: [String: SecretCheck]
    /// Per container id, for containers whose hash differs: what they run, to name the change.
    public var configs: [String: ObservedConfig]
    /// Whether each planned worker is registered with its orchestrator.
    public var connections: ConnectionObservation

    public init(
        fleet: String, engines: [EngineState], secretChecks: [String: SecretCheck] = [:], configs: [String: ObservedConfig] = [:],
        connections: ConnectionObservation = ConnectionObservation()
    ) {
        self.fleet = fleet
        self.engines = engines
        self.secretChecks = secretChecks
        self.configs = configs
        self.connections = connections
    }

    public var containers: [ObservedContainer] { engines.flatMap(\.containers) }
}

/// One Docker Engine and the spec hosts it serves (several when hosts share an engine).
public struct EngineState: Sendable, Hashable, Codable {
    public var endpoint: String
    public var hosts: [String]
    /// This fleet's containers on the engine.
    public var containers: [ObservedContainer]
    /// go-livepeer's runner containers (`creator=ai-worker`): observed, never managed.
    public var runners: [ObservedRunner]

    public init(endpoint: String, hosts: [String], containers: [ObservedContainer], runners: [ObservedRunner]) {
        self.endpoint = endpoint
        self.hosts = hosts
        self.containers = containers
        self.runners = runners
    }
}

/// A container carrying this fleet's labels.
public struct ObservedContainer: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The endpoint it was found on.
    public var engine: String
    public var state: String
    public var status: String
    public var image: String
    public var created: Int
    public var labels: [String: String]

    public init(id: String, name: String, engine: String, state: String, status: String, image: String, created: Int, labels: [String: String]) {
        self.id = id
        self.name = name
        self.engine = engine
        self.state = state
        self.status = status
        self.image = image
        self.created = created
        self.labels = labels
    }

    public var node: String { labels[Labels.node] ?? "" }
    public var host: String { labels[Labels.host] ?? "" }
    public var hash: String? { labels[Labels.hash] }
    public var hashScheme: Int? { labels[Labels.hashScheme].flatMap { Int($0) } }
    public var isRunning: Bool { state == "running" || state == "restarting" }
    public var shortID: String { String(id.prefix(12)) }
}

public struct ObservedRunner: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var state: String
    public var creatorID: String

    public init(id: String, name: String, state: String, creatorID: String) {
        self.id = id
        self.name = name
        self.state = state
        self.creatorID = creatorID
    }
}

public enum SecretCheck: Sendable, Hashable, Codable {
    case matches
    case differs
    /// The digest could not be checked (key file missing or unreadable): treated as changed.
    case unverifiable(String)
}

/// The parts of an inspected container the plan compares, to say what changed.
public struct ObservedConfig: Sendable, Hashable, Codable {
    public var image: String
    public var args: [String]
    public var binds: [String]
    public var gpus: Bool
    public var restartPolicy: String
    public var networkMode: String

    public init(image: String, args: [String], binds: [String], gpus: Bool, restartPolicy: String, networkMode: String) {
        self.image = image
        self.args = args
        self.binds = binds
        self.gpus = gpus
        self.restartPolicy = restartPolicy
        self.networkMode = networkMode
    }

    init(_ inspect: ContainerInspect) {
        self.init(
            image: inspect.config.image, args: inspect.config.cmd, binds: inspect.hostConfig.binds,
            gpus: !inspect.hostConfig.deviceRequests.isEmpty, restartPolicy: inspect.hostConfig.restartPolicy,
            networkMode: inspect.hostConfig.networkMode
        )
    }
}
