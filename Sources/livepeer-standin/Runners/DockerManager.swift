/// A managed runner container the worker started (`RunnerContainer` and its config).
struct RunnerContainer: Sendable {
    let name: String
    let id: String
    let pipeline: String
    let modelID: String
    let gpu: String
    let port: UInt16
    let keepWarm: Bool
    let flags: [String: String]
}

/// ai/worker/docker.go's `DockerManager`, for what a worker does without jobs: remove old runners,
/// check images, start warm containers and watch them, remove them on shutdown. Cold containers
/// (started for a job) are never needed, since the stand-in serves no jobs.
final class DockerManager: @unchecked Sendable {
    struct Settings: Sendable {
        var overrides = ImageOverrides()
        var verbose = false
        var gpus: [String] = []
        var modelDir = ""
        var creatorID = ""
        /// The host this worker simulates on a shared test engine (`SimulatedHost`); nil: faithful.
        var simulatedHost: String?
    }

    struct State {
        var byGPU: [String: RunnerContainer] = [:]
        var idle: [String: RunnerContainer] = [:]
        var stopping = false
    }

    /// The worker's manager once `NewWorker` succeeded; main stops it on shutdown.
    static let current = Shared<DockerManager?>(nil)

    static let containerTimeout = 180.0
    static let optimizationFlagsTimeout = 300.0
    static let pollingInterval = 0.5

    let engine: DockerEngine
    let settings: Settings
    /// `m.mu`: one container start at a time.
    private let operation = Lock()
    let state = Shared(State())

    private init(engine: DockerEngine, settings: Settings) {
        self.engine = engine
        self.settings = settings
    }

    /// `NewDockerManager`: removes this worker's old runner containers first.
    static func make(engine: DockerEngine, settings: Settings) -> Result<DockerManager, DockerError> {
        if let error = removeExisting(engine: engine, creatorID: settings.creatorID, simulatedHost: settings.simulatedHost).error {
            return .failure(error)
        }
        return .success(DockerManager(engine: engine, settings: settings))
    }

    /// `RemoveExistingContainers`: every `creator=ai-worker` container whose `creator_id` is ours or missing
    /// (for a simulated host, only among the runners of that host).
    static func removeExisting(engine: DockerEngine, creatorID: String, simulatedHost: String?) -> (removed: Int, error: DockerError?) {
        let containers: [ListedContainer]
        switch engine.listContainers(label: "\(RunnerPlan.creatorLabel)=\(RunnerPlan.creator)") {
        case .failure(let error): return (0, DockerError(message: "failed to list containers: " + error.message))
        case .success(let listed): containers = listed
        }
        var removed = 0
        for container in containers {
            if let owner = container.labels[RunnerPlan.creatorIDLabel], owner != creatorID { continue }
            guard SimulatedHost.isVisible(labels: container.labels, to: simulatedHost) else { continue }
            Slog.info("Removing existing managed container", ("name", container.names.first ?? ""))
            if case .failure(let error) = engine.stopAndRemove(container.id) { return (removed, error) }
            removed += 1
        }
        return (removed, nil)
    }

    /// `EnsureImageAvailable`; the stand-in never pulls, so a missing image is an error here.
    func ensureImageAvailable(pipeline: String, modelID: String) -> String? {
        let image: String
        switch RunnerPlan.image(pipeline: pipeline, modelID: modelID, overrides: settings.overrides) {
        case .failure(let error): return error.message
        case .success(let name): image = name
        }
        if case .success(true) = engine.imageExists(image) { return nil }
        Slog.error("Image for pipeline \(pipeline) and modelID \(modelID) is not available locally: \(image)")
        Slog.info("Pulling image for pipeline \(pipeline) and modelID \(modelID): \(image)")
        return "failed to pull image: stand-in: \(image) is never pulled (nothing leaves 127.0.0.1)"
    }

    /// `Warm`: starts one kept-warm container; returns go-livepeer's error text on failure.
    func warm(pipeline: String, modelID: String, flags: [String: String]) -> String? {
        operation.withLock { createContainer(pipeline: pipeline, modelID: modelID, keepWarm: true, flags: flags) }
    }

    /// `Stop`: removes every idle container (all of them: none is ever borrowed). Unlike go-livepeer it
    /// also waits for a container a watcher is starting again, which then removes itself.
    func stop() {
        let containers = state.update { state in
            state.stopping = true
            return state.idle.values.sorted { $0.name < $1.name }
        }
        for container in containers { destroy(container) }
        operation.withLock {}
    }

    var containers: [RunnerContainer] { state.get().idle.values.sorted { $0.name < $1.name } }

    private func createContainer(pipeline: String, modelID: String, keepWarm: Bool, flags: [String: String]) -> String? {
        let current = state.get()
        guard !current.stopping else { return "the AI worker is stopping" }
        let taken = current.byGPU
        guard let gpu = settings.gpus.first(where: { taken[$0] == nil }) else { return "insufficient capacity" }
        guard let hostPort = RunnerPlan.hostPort(pipeline: pipeline, gpu: gpu) else {
            goPanic("runtime error: slice bounds out of range [:2] with length 0")
        }
        let name = RunnerPlan.containerName(pipeline: pipeline, modelID: modelID, suffix: hostPort)
        let slot = Slot(pipeline: pipeline, modelID: modelID, gpu: gpu, name: name, hostPort: hostPort)
        if let holder = otherHostsRunner(holding: slot) { return serve(slot, by: holder) }
        let image: String
        switch RunnerPlan.image(pipeline: pipeline, modelID: modelID, overrides: settings.overrides) {
        case .failure(let error): return error.message
        case .success(let found): image = found
        }
        Slog.info("Starting managed container", ("gpu", gpu), ("name", name), ("modelID", modelID), ("containerImage", image))
        let env = RunnerPlan.environment(pipeline: pipeline, modelID: modelID, flags: flags, verbose: settings.verbose, hostPort: hostPort)
        let body = RunnerPlan.createBody(
            image: image, env: env, creatorID: settings.creatorID, gpu: gpu, modelDir: settings.modelDir, hostPort: hostPort,
            keepWarm: keepWarm, simulatedHost: settings.simulatedHost)
        let id: String
        switch engine.createContainer(name: name, body: body) {
        case .failure(let error):
            // Another simulated host may have created the same name since the check above.
            if error.status == 409, let holder = otherHostsRunner(holding: slot) { return serve(slot, by: holder) }
            return error.message
        case .success(let created): id = created
        }
        let failed = { (message: String) -> String in
            _ = self.engine.stopAndRemove(id)
            return message
        }
        // Docker's port binding fails at start when the host port is taken; with host networking the
        // stand-in checks the port itself and fails the same way.
        guard let port = UInt16(hostPort) else { return failed("Error response from daemon: invalid port specification: \"\(hostPort)\"") }
        if Loopback.isInUse(port: port) {
            if let holder = otherHostsRunner(holding: slot) {
                _ = engine.stopAndRemove(id)
                return serve(slot, by: holder)
            }
            return failed("Error response from daemon: driver failed programming external connectivity on endpoint \(name) (\(id)): "
                + "Error starting userland proxy: listen tcp4 127.0.0.1:\(hostPort): bind: address already in use")
        }
        if case .failure(let error) = engine.startContainer(id) { return failed(error.message) }
        if let error = waitUntilRunning(id) { return failed(error) }
        if let error = waitUntilReady(port: port, timeout: flags.isEmpty ? Self.containerTimeout : Self.optimizationFlagsTimeout) {
            return failed(error)
        }
        if case .failure(let failure) = RunnerClient.get(port: port, path: "/hardware/info") {
            Slog.error("Error getting hardware info for runner", ("error", RunnerClient.describe(failure, port: port, path: "/hardware/info")))
        }
        let container = RunnerContainer(
            name: name, id: id, pipeline: pipeline, modelID: modelID, gpu: gpu, port: port, keepWarm: keepWarm, flags: flags)
        // Shutdown may have begun while this container started (a watcher's restart): then it goes at once.
        let kept = state.update { state -> Bool in
            guard !state.stopping else { return false }
            state.idle[name] = container
            state.byGPU[gpu] = container
            return true
        }
        guard kept else { return failed("the AI worker is stopping") }
        watch(container)
        return nil
    }

    /// `dockerWaitUntilRunning`: inspects every 500 ms.
    private func waitUntilRunning(_ id: String) -> String? {
        let deadline = monotonicSeconds() + Self.containerTimeout
        while true {
            sleepSeconds(Self.pollingInterval)
            if state.get().stopping { return "the AI worker is stopping" }
            if monotonicSeconds() > deadline { return "timed out waiting for managed container" }
            switch engine.isRunning(id) {
            case .failure(let error): return error.message
            case .success(true): return nil
            case .success(false): continue
            }
        }
    }

    /// `runnerWaitUntilReady`: any answer from `/health` will do.
    private func waitUntilReady(port: UInt16, timeout: Double) -> String? {
        let deadline = monotonicSeconds() + timeout
        while true {
            sleepSeconds(Self.pollingInterval)
            if state.get().stopping { return "the AI worker is stopping" }
            let left = deadline - monotonicSeconds()
            if left <= 0 { return "timed out waiting for runner" }
            if case .success = RunnerClient.get(port: port, path: "/health", timeout: Int(min(5, left.rounded(.up)))) { return nil }
        }
    }

    /// `destroyContainer`: stops and removes it, then forgets it.
    @discardableResult
    func destroy(_ container: RunnerContainer) -> Bool {
        Slog.info("Removing managed container", ("gpu", container.gpu), ("name", container.name), ("modelID", container.modelID))
        if case .failure(let error) = engine.stopAndRemove(container.id) {
            Slog.error("Error removing managed container", ("gpu", container.gpu), ("name", container.name),
                ("modelID", container.modelID), ("error", error.message))
            return false
        }
        state.update { state in
            if state.byGPU[container.gpu]?.id == container.id { state.byGPU[container.gpu] = nil }
            if state.idle[container.name]?.id == container.id { state.idle[container.name] = nil }
        }
        return true
    }

    /// Whether `container` is still this manager's and the worker is not shutting down.
    func isWatched(_ container: RunnerContainer) -> Bool {
        let current = state.get()
        return !current.stopping && current.idle[container.name]?.id == container.id
    }
}
