public import Planner
internal import Foundation

/// A source of evidence about worker registrations. The diff sees only the merged
/// `ConnectionObservation`, so a new signal (Prometheus metrics of `-monitor` nodes, a gateway's
/// `/getNetworkCapabilities`) is a new conformance added to `ConnectionObserver.signals`.
public protocol ConnectionSignal: Sendable {
    var name: String { get }
    func observe(workers: [PlannedNode], plan: Plan, engines: EngineSet) async -> ConnectionObservation
}

/// Runs every signal and merges them: the first signal that knows a worker's state (anything
/// but `unknown`) decides it.
public struct ConnectionObserver: Sendable {
    public var signals: [any ConnectionSignal]

    public init(signals: [any ConnectionSignal] = [LogSignal()]) {
        self.signals = signals
    }

    /// The connection state of `workers` (every planned worker when nil).
    public func observe(plan: Plan, engines: EngineSet, workers: [String]? = nil) async -> ConnectionObservation {
        let wanted = workers.map(Set.init)
        let targets = plan.nodes.filter { $0.role == .worker && $0.orchestrator != nil && (wanted?.contains($0.name) ?? true) }
        guard !targets.isEmpty else { return ConnectionObservation() }
        var merged: ConnectionObservation?
        for signal in signals {
            let found = await signal.observe(workers: targets, plan: plan, engines: engines)
            guard var current = merged else { merged = found; continue }
            for (index, worker) in current.workers.enumerated() where worker.state == .unknown {
                if let better = found.workers.first(where: { $0.worker == worker.worker && $0.state != .unknown }) { current.workers[index] = better }
            }
            current.orchestrators += found.orchestrators.filter { view in !current.orchestrators.contains { $0.orchestrator == view.orchestrator } }
            merged = current
        }
        return merged ?? ConnectionObservation()
    }
}

/// go-livepeer's own log lines, through the Docker logs API: each worker's and each of their
/// orchestrators', from the container's current start only.
public struct LogSignal: ConnectionSignal {
    public var name: String { "logs" }
    /// Reads in flight at once on one engine.
    static let concurrencyPerEngine = 24

    public init() {}

    public func observe(workers: [PlannedNode], plan: Plan, engines: EngineSet) async -> ConnectionObservation {
        let orchestratorNames = Set(workers.compactMap(\.orchestrator))
        let orchestrators = plan.nodes.filter { orchestratorNames.contains($0.name) }
        let nodes = workers + orchestrators
        // Engines concurrently, a few reads at a time on each (as the container observer does):
        // with many hosts the engine calls' latency, not their number, sets the time.
        var byEngine: [ObjectIdentifier: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            let key = engines.client(forHost: node.host).map(ObjectIdentifier.init) ?? ObjectIdentifier(engines)
            byEngine[key, default: []].append(index)
        }
        let reads = await withTaskGroup(of: [(Int, Read)].self) { group in
            for indices in byEngine.values {
                group.addTask {
                    await withTaskGroup(of: (Int, Read).self) { inner in
                        var next = 0
                        func add() {
                            guard next < indices.count else { return }
                            let index = indices[next]
                            next += 1
                            inner.addTask { (index, await read(nodes[index], engines: engines)) }
                        }
                        for _ in 0..<Self.concurrencyPerEngine { add() }
                        var out: [(Int, Read)] = []
                        for await result in inner {
                            out.append(result)
                            add()
                        }
                        return out
                    }
                }
            }
            var out: [Int: Read] = [:]
            for await batch in group { for (index, read) in batch { out[index] = read } }
            return out
        }
        let workerInputs = workers.indices.map { i in
            let read = reads[i] ?? Read(running: false, startedAt: nil, lines: [], error: "not read")
            return ConnectionClassifier.WorkerInput(node: workers[i], running: read.running, startedAt: read.startedAt, lines: read.lines, error: read.error)
        }
        let orchestratorInputs = orchestrators.indices.map { i in
            let read = reads[workers.count + i] ?? Read(running: false, startedAt: nil, lines: [], error: "not read")
            return ConnectionClassifier.OrchestratorInput(node: orchestrators[i], running: read.running, lines: read.lines, error: read.error)
        }
        return ConnectionClassifier.classify(workers: workerInputs, orchestrators: orchestratorInputs, plan: plan, now: Date().timeIntervalSince1970)
    }

    struct Read: Sendable {
        var running: Bool
        var startedAt: Double?
        var lines: [LivepeerLog.Line]
        var error: String?
    }

    /// The node's container (by its planned name) and its registration lines since it started.
    func read(_ node: PlannedNode, engines: EngineSet) async -> Read {
        guard let client = engines.client(forHost: node.host) else { return Read(running: false, startedAt: nil, lines: [], error: "no engine for host \(node.host)") }
        var inspect: ContainerInspect
        do { inspect = try await client.inspect(node.container.name) } catch {
            if error.isNotFound { return Read(running: false, startedAt: nil, lines: []) }
            return Read(running: false, startedAt: nil, lines: [], error: error.description)
        }
        // Not running under its planned name: an interrupted replace may have left the node
        // running under its parked name (the differ takes that one for the node too).
        if !inspect.state.running, let fleet = node.container.labels[Labels.fleet],
           let parked = try? await client.listContainers(labels: ["\(Labels.fleet)=\(fleet)", "\(Labels.node)=\(node.name)"])
               .first(where: { $0.state == "running" && $0.labels[Labels.host] == node.host }),
           let found = try? await client.inspect(parked.id)
        {
            inspect = found
        }
        guard inspect.state.running, inspect.config.labels[Labels.fleet] == node.container.labels[Labels.fleet] else {
            return Read(running: false, startedAt: nil, lines: [])
        }
        let started = inspect.state.startedAt ?? ""
        do {
            let text = try await client.logs(inspect.id, since: RFC3339.engineSince(started), timestamps: true)
            return Read(running: true, startedAt: RFC3339.seconds(started), lines: LivepeerLog.parse(text))
        } catch {
            return Read(running: true, startedAt: RFC3339.seconds(started), lines: [], error: error.description)
        }
    }
}
