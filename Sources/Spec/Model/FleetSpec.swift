/// The whole fleet as the operator wrote it, typed, with a source location on every value.
/// Collections keep source order; consumers sort by name where output must be deterministic.
public struct FleetSpec: Sendable, Hashable {
    public var version: Located<Int>
    public var fleet: Located<String>
    public var defaults: Defaults
    public var hosts: [Host]
    public var models: [Model]
    public var orchestrators: [Orchestrator]
    public var workers: [Worker]
    public var requirements: [Requirement]
    /// The files the spec was read from, in the order they were merged.
    public var files: [String]

    public init(
        version: Located<Int>, fleet: Located<String>, defaults: Defaults, hosts: [Host], models: [Model],
        orchestrators: [Orchestrator], workers: [Worker], requirements: [Requirement], files: [String]
    ) {
        self.version = version
        self.fleet = fleet
        self.defaults = defaults
        self.hosts = hosts
        self.models = models
        self.orchestrators = orchestrators
        self.workers = workers
        self.requirements = requirements
        self.files = files
    }
}

/// Fleet-wide settings every node inherits unless it overrides them.
public struct Defaults: Sendable, Hashable {
    /// The go-livepeer image, e.g. `livepeer/go-livepeer:v0.9.1`.
    public var image: Located<String>?
    public var runnerImages: RunnerImages
    public var containersPerGPU: Located<Int>?
    /// Host folder holding model weights; passed as `-aiModelsDir` (a host path, LIVEPEER.md).
    public var aiModelsDir: Located<String>?
    /// Host folder mounted at `/root/.lpData`; `{node}` is replaced by the node's name.
    public var dataDir: Located<String>?

    public init(
        image: Located<String>? = nil, runnerImages: RunnerImages = RunnerImages(),
        containersPerGPU: Located<Int>? = nil, aiModelsDir: Located<String>? = nil, dataDir: Located<String>? = nil
    ) {
        self.image = image
        self.runnerImages = runnerImages
        self.containersPerGPU = containersPerGPU
        self.aiModelsDir = aiModelsDir
        self.dataDir = dataDir
    }
}

/// Runner image pins: `default` plus one per pipeline (rendered as `-aiRunnerImageOverrides`).
public struct RunnerImages: Sendable, Hashable {
    public struct PipelineImage: Sendable, Hashable {
        public var pipeline: Located<String>
        public var image: Located<String>

        public init(pipeline: Located<String>, image: Located<String>) {
            self.pipeline = pipeline
            self.image = image
        }
    }

    public var defaultImage: Located<String>?
    /// Per-pipeline pins in source order.
    public var perPipeline: [PipelineImage]

    public init(defaultImage: Located<String>? = nil, perPipeline: [PipelineImage] = []) {
        self.defaultImage = defaultImage
        self.perPipeline = perPipeline
    }

    public var isEmpty: Bool { defaultImage == nil && perPipeline.isEmpty }

    public func image(forPipeline pipeline: String) -> Located<String>? {
        perPipeline.first { $0.pipeline.value == pipeline }?.image
    }

    /// This node's pins layered over the fleet defaults (node wins per key).
    public func overlaying(_ base: RunnerImages) -> RunnerImages {
        var merged = base
        if let defaultImage { merged.defaultImage = defaultImage }
        for pin in perPipeline {
            merged.perPipeline.removeAll { $0.pipeline.value == pin.pipeline.value }
            merged.perPipeline.append(pin)
        }
        return merged
    }
}

/// A secret given by reference; its value is read only at apply time and never printed.
public struct SecretRef: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Source: String, Sendable, Hashable, Codable { case env, file }
    public var source: Source
    /// The environment variable name or the file path.
    public var name: String
    public var location: SourceLocation

    public init(source: Source, name: String, at location: SourceLocation) {
        self.source = source
        self.name = name
        self.location = location
    }

    public var description: String { "{\(source.rawValue): \(name)}" }
}

/// A machine with a Docker Engine.
public struct Host: Sendable, Hashable {
    public var name: Located<String>
    /// `unix:///path` or `tcp://host:port`; nil means `DOCKER_HOST` at apply time.
    public var docker: Located<String>?
    public var tls: TLS?
    public var insecure: Located<Bool>?

    public struct TLS: Sendable, Hashable {
        public var ca: Located<String>
        public var cert: Located<String>
        public var key: Located<String>
        public var location: SourceLocation

        public init(ca: Located<String>, cert: Located<String>, key: Located<String>, at location: SourceLocation) {
            self.ca = ca
            self.cert = cert
            self.key = key
            self.location = location
        }
    }

    public init(name: Located<String>, docker: Located<String>?, tls: TLS?, insecure: Located<Bool>?) {
        self.name = name
        self.docker = docker
        self.tls = tls
        self.insecure = insecure
    }
}
