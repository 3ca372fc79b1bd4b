/// The node roles `StartLivepeer` chooses between, in its order of precedence.
enum Role: Sendable {
    case redeemer, remoteSigner, orchestrator, transcoder, aiWorker, gateway
}

/// How `StartLivepeer` ended: returned early (go-livepeer then shuts down with status 0), or running.
enum StartOutcome {
    case returned(workerStarted: Bool)
    case running(workerStarted: Bool)
}

/// The state `StartLivepeer` builds up, step by step.
struct Startup {
    let config: Config
    let version: String
    var role: Role?
    var orchSecret = ""
    var dataDir = ""
    var gpus: [String] = []
    var workerStarted = false
    var models: [ModelConstraint] = []
    var orchestrators: [OrchestratorAddress] = []
    /// `containerCreatorID`: the `creator_id` label of this worker's runner containers.
    var creatorID = ""
    /// The spec host this worker simulates on a shared test engine (`SimulatedHost`); nil: faithful.
    var simulatedHost: String?
    /// The runner containers' manager once `NewWorker` succeeded (nil when Docker is simulated).
    var manager: DockerManager?

    var network: String { config.string("network") }
    var offchain: Bool { network == "offchain" }
}

/// A mirror of `cmd/livepeer/starter/starter.go` `StartLivepeer`: the same checks in the same order,
/// with the same messages and exit paths; what would reach the network or Docker is simulated.
enum Starter {
    static func start(_ config: Config, version: String) -> StartOutcome {
        var node = Startup(config: config, version: version)
        checkSessions(node)
        node.creatorID = RunnerPlan.creatorID(serviceAddr: config.string("serviceAddr"), ethAcctAddr: config.string("ethAcctAddr"))
        if config.bool("aiWorker") {
            detectSimulatedHost(&node)
            removeExistingRunners(node)
        }
        node.orchestrators = OrchestratorAddress.parseList(config.string("orchAddr"))
        logNetwork(&node)
        prepareDataDir(&node)
        if !config.string("orchSecret").isEmpty { node.orchSecret = readFromFile(config.string("orchSecret")) }
        chooseRole(&node)
        if node.offchain {
            logInfo(Sites.offchain, "***Livepeer is in off-chain mode***")
        } else {
            checkOnChain(node)
        }
        if config.bool("aiWorker") {
            guard setUpWorker(&node) else { return .returned(workerStarted: node.workerStarted) }
        }
        guard loadModels(&node) else { return .returned(workerStarted: node.workerStarted) }
        startRole(node)
        return .running(workerStarted: node.workerStarted)
    }

    private static func checkSessions(_ node: Startup) {
        let config = node.config
        let maxSessions = config.string("maxSessions")
        if maxSessions == "auto" && config.bool("orchestrator") {
            if config.bool("transcoder") {
                glogExit(Sites.maxSessions, "-maxSessions 'auto' cannot be used when both -orchestrator and -transcoder are specified")
            }
        } else if (Int(maxSessions) ?? 0) <= 0 {
            glogExit(Sites.maxSessions, "-maxSessions must be 'auto' or greater than zero")
        }
        if !config.string("netint").isEmpty && !config.string("nvidia").isEmpty {
            glogExit(Sites.netint, "both -netint and -nvidia arguments specified, this is not supported")
        }
    }

    /// Test-only deviation: the host label of the worker's own container, on a shared test engine.
    private static func detectSimulatedHost(_ node: inout Startup) {
        guard !Starter.dockerSimulated, let host = SimulatedHost.detect(engine: DockerEngine.fromEnvironment()) else { return }
        node.simulatedHost = host
        logInfo(Sites.standin, "stand-in: simulating host \(host) on a shared test engine "
            + "(own container label \(SimulatedHost.hostLabel)=\(host)): runners get \(SimulatedHost.runnerLabel)=\(host); runners of other simulated hosts are invisible to this worker")
    }

    /// Removes old runner containers as early as possible, before this process takes any resources.
    private static func removeExistingRunners(_ node: Startup) {
        guard !Starter.dockerSimulated else { return }
        let result = DockerManager.removeExisting(
            engine: DockerEngine.fromEnvironment(), creatorID: node.creatorID, simulatedHost: node.simulatedHost)
        if let error = result.error { logError(Sites.removeExisting, "Error removing existing AI worker containers: \(error.message)") }
        if result.removed > 0 { logInfo(Sites.removedExisting, "Removed \(result.removed) existing AI worker containers") }
    }

    /// `LIVEPEER_STANDIN_DOCKER=off`: no Docker calls; warm containers are only counted (for tests without an engine).
    static var dockerSimulated: Bool { environment("LIVEPEER_STANDIN_DOCKER") == "off" }

    private static let controllers = [
        "rinkeby": "0x9a9827455911a858E55f07911904fACC0D66027E",
        "arbitrum-one-rinkeby": "0x9ceC649179e2C7Ab91688271bcD09fb707b3E574",
        "mainnet": "0xf96d54e490317c557a967abfa5d6e33006be69b3",
        "arbitrum-one-mainnet": "0xD8E8328501E9645d16Cf49539efC04f734606ee4",
    ]

    private static func logNetwork(_ node: inout Startup) {
        let network = node.network
        if network == "rinkeby" || network == "arbitrum-one-rinkeby" {
            logWarning(Sites.network, "The Rinkeby/ArbRinkeby networks are deprecated in favor of the Goerli/ArbGoerli networks which will be launched in January 2023.")
        }
        if let controller = controllers[network] {
            let configured = node.config.string("ethController")
            logInfo(Sites.network, "***Livepeer is running on the \(network) network: \(configured.isEmpty ? controller : configured)***")
        } else {
            logInfo(Sites.network, "***Livepeer is running on the \(network) network***")
        }
    }

    private static func prepareDataDir(_ node: inout Startup) {
        node.dataDir = node.config.string("datadir")
        if node.dataDir.isEmpty { node.dataDir = homeDirectory() + "/.lpData/" + node.network }
        guard pathKind(node.dataDir) == .missing else { return }
        logInfo(Sites.dataDir, "Creating data dir: \(node.dataDir)")
        if let problem = makeDirectories(node.dataDir) { logError(Sites.dataDir, "Error creating datadir: \(problem)") }
    }

    private static func chooseRole(_ node: inout Startup) {
        let config = node.config
        if config.bool("remoteSigner") && node.offchain {
            starterExit(Sites.services, "Remote signer mode requires on-chain network")
        }
        if config.bool("redeemer") {
            node.role = .redeemer
        } else if config.bool("remoteSigner") {
            node.role = .remoteSigner
        } else if config.bool("orchestrator") {
            node.role = .orchestrator
        } else if config.bool("transcoder") {
            node.role = .transcoder
        } else if config.bool("aiWorker") {
            node.role = .aiWorker
        } else if config.bool("broadcaster") {
            node.role = .gateway
            logWarning(Sites.deprecated, "-broadcaster flag is deprecated and will be removed in a future release. Please use -gateway instead")
        } else if config.bool("gateway") {
            node.role = .gateway
        } else if !(config.isSet("reward") && config.bool("reward")) && !config.bool("initializeRound") {
            starterExit(Sites.services, "No services enabled; must be at least one of -gateway, -transcoder, -aiWorker, -orchestrator, -redeemer, -reward or -initializeRound")
        }
    }
}

/// `common.ReadFromFile`: the trimmed content of an existing, non-empty regular file, else the text itself.
func readFromFile(_ text: String) -> String {
    guard pathKind(text) == .file, case .success(let bytes) = readFile(text) else { return text }
    let trimmed = goTrimSpace(String(decoding: bytes, as: UTF8.self))
    return trimmed.isEmpty ? text : trimmed
}
