// The parts of Docker Engine API v1.41 answers the reconciler reads. Every field is optional
// or defaulted: engines (and Podman's compatible API) differ, and unknown fields are ignored.

/// `GET /version`.
public struct EngineVersion: Sendable, Decodable {
    public var version: String?
    public var apiVersion: String?
    public var os: String?
    public var arch: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version", apiVersion = "ApiVersion", os = "Os", arch = "Arch"
    }
}

/// One entry of `GET /containers/json`.
public struct ContainerSummary: Sendable, Decodable, Hashable {
    public var id: String
    public var names: [String]
    public var image: String
    public var state: String
    public var status: String
    public var labels: [String: String]
    public var created: Int

    enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", image = "Image", state = "State", status = "Status", labels = "Labels", created = "Created"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        names = try c.decodeIfPresent([String].self, forKey: .names) ?? []
        image = try c.decodeIfPresent(String.self, forKey: .image) ?? ""
        state = try c.decodeIfPresent(String.self, forKey: .state) ?? ""
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? ""
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        created = try c.decodeIfPresent(Int.self, forKey: .created) ?? 0
    }

    public init(id: String, names: [String], image: String, state: String, status: String, labels: [String: String], created: Int) {
        self.id = id
        self.names = names
        self.image = image
        self.state = state
        self.status = status
        self.labels = labels
        self.created = created
    }

    /// The name without Docker's leading slash.
    public var name: String { (names.first ?? id).drop { $0 == "/" }.description }
}

/// `GET /containers/{id}/json`, the fields the diff and the executor need.
public struct ContainerInspect: Sendable, Decodable {
    public var id: String
    public var name: String
    public var state: State
    public var config: Config
    public var hostConfig: HostConfig

    public struct State: Sendable, Decodable {
        public var status: String
        public var running: Bool
        public var exitCode: Int
        public var error: String
        public var startedAt: String?

        enum CodingKeys: String, CodingKey {
            case status = "Status", running = "Running", exitCode = "ExitCode", error = "Error", startedAt = "StartedAt"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            status = try c.decodeIfPresent(String.self, forKey: .status) ?? ""
            running = try c.decodeIfPresent(Bool.self, forKey: .running) ?? false
            exitCode = try c.decodeIfPresent(Int.self, forKey: .exitCode) ?? 0
            error = try c.decodeIfPresent(String.self, forKey: .error) ?? ""
            startedAt = try c.decodeIfPresent(String.self, forKey: .startedAt)
        }
    }

    public struct Config: Sendable, Decodable {
        public var image: String
        public var cmd: [String]
        /// The entrypoint the container runs (`Config.Entrypoint`), empty when the image's is used unchanged.
        public var entrypoint: [String]
        public var env: [String]
        public var labels: [String: String]

        enum CodingKeys: String, CodingKey { case image = "Image", cmd = "Cmd", entrypoint = "Entrypoint", env = "Env", labels = "Labels" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            image = try c.decodeIfPresent(String.self, forKey: .image) ?? ""
            cmd = try c.decodeIfPresent([String].self, forKey: .cmd) ?? []
            entrypoint = try c.decodeIfPresent([String].self, forKey: .entrypoint) ?? []
            env = try c.decodeIfPresent([String].self, forKey: .env) ?? []
            labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        }
    }

    public struct HostConfig: Sendable, Decodable {
        public var binds: [String]
        public var networkMode: String
        public var restartPolicy: String
        public var deviceRequests: [DeviceRequest]
        public var initProcess: Bool

        enum CodingKeys: String, CodingKey {
            case binds = "Binds", networkMode = "NetworkMode", restartPolicy = "RestartPolicy", deviceRequests = "DeviceRequests", initProcess = "Init"
        }

        struct Restart: Decodable {
            var name: String?
            enum CodingKeys: String, CodingKey { case name = "Name" }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            binds = try c.decodeIfPresent([String].self, forKey: .binds) ?? []
            networkMode = try c.decodeIfPresent(String.self, forKey: .networkMode) ?? ""
            restartPolicy = try c.decodeIfPresent(Restart.self, forKey: .restartPolicy)?.name ?? ""
            deviceRequests = try c.decodeIfPresent([DeviceRequest].self, forKey: .deviceRequests) ?? []
            initProcess = try c.decodeIfPresent(Bool.self, forKey: .initProcess) ?? false
        }
    }

    enum CodingKeys: String, CodingKey { case id = "Id", name = "Name", state = "State", config = "Config", hostConfig = "HostConfig" }
}

/// `HostConfig.DeviceRequests[]`: how `--gpus all` reaches the engine.
public struct DeviceRequest: Sendable, Codable, Hashable {
    public var driver: String
    public var count: Int
    public var deviceIDs: [String]
    public var capabilities: [[String]]

    enum CodingKeys: String, CodingKey { case driver = "Driver", count = "Count", deviceIDs = "DeviceIDs", capabilities = "Capabilities" }

    public init(driver: String = "", count: Int, deviceIDs: [String] = [], capabilities: [[String]]) {
        self.driver = driver
        self.count = count
        self.deviceIDs = deviceIDs
        self.capabilities = capabilities
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        driver = try c.decodeIfPresent(String.self, forKey: .driver) ?? ""
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 0
        deviceIDs = try c.decodeIfPresent([String].self, forKey: .deviceIDs) ?? []
        capabilities = try c.decodeIfPresent([[String]].self, forKey: .capabilities) ?? []
    }

    /// `--gpus all`.
    public static let allGPUs = DeviceRequest(count: -1, capabilities: [["gpu"]])
}

/// The body of `POST /containers/create`.
public struct CreateContainerRequest: Sendable, Encodable {
    public var image: String
    public var cmd: [String]
    public var env: [String]
    public var labels: [String: String]
    public var hostConfig: HostConfigRequest
    /// Replaces the image's entrypoint (short-lived probe containers); nil keeps it.
    public var entrypoint: [String]? = nil

    public struct HostConfigRequest: Sendable, Encodable {
        public var binds: [String]
        public var networkMode: String
        public var restartPolicy: [String: String]
        public var deviceRequests: [DeviceRequest]
        public var initProcess: Bool

        enum CodingKeys: String, CodingKey {
            case binds = "Binds", networkMode = "NetworkMode", restartPolicy = "RestartPolicy", deviceRequests = "DeviceRequests", initProcess = "Init"
        }
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", cmd = "Cmd", env = "Env", labels = "Labels", hostConfig = "HostConfig", entrypoint = "Entrypoint"
    }
}

/// `GET /images/{name}/json`, only what tells an image is present.
public struct ImageInspect: Sendable, Decodable {
    public var id: String
    enum CodingKeys: String, CodingKey { case id = "Id" }
}

/// The engine's error body.
struct EngineMessage: Decodable {
    var message: String
}

/// `X-Docker-Container-Path-Stat` of `HEAD /containers/{id}/archive`.
public struct PathStat: Sendable, Decodable, Hashable {
    public var name: String
    public var size: Int
    public var linkTarget: String

    enum CodingKeys: String, CodingKey { case name, size, linkTarget }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        size = try c.decodeIfPresent(Int.self, forKey: .size) ?? 0
        linkTarget = try c.decodeIfPresent(String.self, forKey: .linkTarget) ?? ""
    }
}
