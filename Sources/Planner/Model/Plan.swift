/// The compiler's output: every node's container and files, and the fleet's capacity.
/// Encoded as plan.json; byte-for-byte the same for the same spec.
public struct Plan: Sendable, Hashable, Codable {
    /// The plan.json format version.
    public var planFormat: Int
    /// The content-hash scheme of ``PlannedNode/hash``; bumped only when hashing must change.
    public var hashScheme: Int
    public var fleet: String
    /// Where each host's Docker Engine is reached.
    public var hosts: [PlannedHost]
    /// Nodes: orchestrators, then workers, each group by name (the reconciler decides apply order).
    public var nodes: [PlannedNode]
    public var capacity: CapacityReport

    public init(fleet: String, hosts: [PlannedHost], nodes: [PlannedNode], capacity: CapacityReport) {
        self.planFormat = 1
        self.hashScheme = ContentHash.scheme
        self.fleet = fleet
        self.hosts = hosts
        self.nodes = nodes
        self.capacity = capacity
    }
}

/// A host from the spec: the Docker Engine endpoint the nodes placed on it are applied through.
public struct PlannedHost: Sendable, Hashable, Codable {
    public var name: String
    /// `unix:///path` or `tcp://host:port`; nil means `DOCKER_HOST` at apply time.
    public var docker: String?
    public var tls: TLSFiles?
    /// Plain `tcp://` without TLS was asked for explicitly.
    public var insecure: Bool

    public struct TLSFiles: Sendable, Hashable, Codable {
        public var ca: String
        public var cert: String
        public var key: String

        public init(ca: String, cert: String, key: String) {
            self.ca = ca
            self.cert = cert
            self.key = key
        }
    }

    public init(name: String, docker: String?, tls: TLSFiles?, insecure: Bool) {
        self.name = name
        self.docker = docker
        self.tls = tls
        self.insecure = insecure
    }
}

/// One go-livepeer node: where it runs, its container and the files that go into it.
public struct PlannedNode: Sendable, Hashable, Codable {
    public var name: String
    public var role: NodeRole
    public var host: String
    /// The orchestrator a worker registers with.
    public var orchestrator: String?
    public var container: ContainerSpec
    public var files: [PlannedFile]
    /// `sha256:` digest of the container spec and file contents (not labels, not secret values).
    public var hash: String
}

/// The container a node runs, as the Docker Engine will be asked to create it.
public struct ContainerSpec: Sendable, Hashable, Codable {
    public var name: String
    public var image: String
    /// go-livepeer's flags, after the image's entrypoint (`/usr/local/bin/livepeer`).
    public var args: [String]
    public var env: [EnvVar]
    public var mounts: [Mount]
    /// `all` for nodes that start runner containers on GPUs; nil otherwise.
    public var gpus: String?
    public var networkMode: String
    public var restartPolicy: String
    public var labels: [String: String]
}

public struct EnvVar: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
}

public struct Mount: Sendable, Hashable, Codable {
    public var source: String
    public var target: String
    public var readOnly: Bool
}

/// A file placed into the container before it starts.
public struct PlannedFile: Sendable, Hashable, Codable {
    /// Path inside the container.
    public var path: String
    /// Unix permission bits, e.g. 0o600 for secrets.
    public var mode: Int
    /// The content, with each secret replaced by its slot's placeholder.
    public var content: String
    /// Secrets to fill in at apply time; their values never enter the plan.
    public var secrets: [SecretSlot]
}

/// Where a secret's value goes in a file's content.
public struct SecretSlot: Sendable, Hashable, Codable {
    public enum Escaping: String, Sendable, Hashable, Codable {
        /// The raw value replaces the placeholder (a secret file).
        case none
        /// The value is escaped for the inside of a JSON string (a token in aiModels.json).
        case json
    }

    public var placeholder: String
    public var source: String
    public var name: String
    public var escaping: Escaping

    static func placeholder(source: String, name: String) -> String { "@@lpai-secret:\(source):\(name)@@" }
}
