public import Planner
internal import Foundation
internal import Synchronization

/// Carries out a diff: steps in ``ApplySchedule`` order, hosts concurrently, each node's
/// change either completed or rolled back. After the first failure no new step starts.
public struct Executor: Sendable {
    public struct Options: Sendable {
        public var schedule: ApplySchedule.Options
        /// How long a started container may take to report running.
        public var startTimeout: Duration
        /// How long it must then stay up: go-livepeer exits within a second or two on a bad
        /// aiModels.json or flag, and a container that exits is a failed step, not a success.
        public var settle: Duration
        /// Seconds the engine waits after SIGTERM before SIGKILL when stopping.
        public var stopTimeout: Int
        /// Interval between progress lines during long waits.
        public var progressEvery: Duration
        /// How long a worker brought up may take to register with its orchestrator before its
        /// step fails; nil: do not wait (containers only).
        public var connectTimeout: Duration?

        public init(
            schedule: ApplySchedule.Options = .init(), startTimeout: Duration = .seconds(60), settle: Duration = .seconds(3),
            stopTimeout: Int = 30, progressEvery: Duration = .seconds(5), connectTimeout: Duration? = .seconds(60)
        ) {
            self.schedule = schedule
            self.startTimeout = startTimeout
            self.settle = settle
            self.stopTimeout = stopTimeout
            self.progressEvery = progressEvery
            self.connectTimeout = connectTimeout
        }
    }

    public var plan: Plan
    public var engines: EngineSet
    public var secrets: SecretValues
    public var options: Options
    public var report: ApplyReporter
    /// Set from a signal handler: finish the steps in flight, start no more.
    public var stop: StopFlag
    let keys: EngineKeys
    /// Images known to be on an engine during this apply, so each is looked up once per engine.
    let images = KnownImages()

    public init(plan: Plan, engines: EngineSet, secrets: SecretValues, options: Options, stop: StopFlag = StopFlag(), report: @escaping ApplyReporter) {
        self.plan = plan
        self.engines = engines
        self.secrets = secrets
        self.options = options
        self.stop = stop
        self.report = report
        keys = EngineKeys(fleet: plan.fleet)
    }

    public func run(_ diff: FleetDiff) async -> ApplyReport {
        let schedule = ApplySchedule(changes: diff.changes, options: options.schedule)
        let registrations = RegistrationMonitor(plan: plan, engines: engines)
        await findImages(for: diff.changes)
        var running: Set<Int> = []
        var finished: Set<Int> = []
        var result = ApplyReport()
        var failed = false
        await withTaskGroup(of: (Int, StepError?).self) { group in
            while true {
                if !failed && !stop.isSet {
                    for index in schedule.ready(running: running, finished: finished) {
                        running.insert(index)
                        let change = schedule.changes[index]
                        group.addTask {
                            do throws(StepError) {
                                try await perform(change, registrations: registrations)
                                return (index, nil)
                            } catch {
                                return (index, error)
                            }
                        }
                    }
                }
                guard let (index, error) = await group.next() else { break }
                running.remove(index)
                finished.insert(index)
                let change = schedule.changes[index]
                if let error {
                    failed = true
                    result.failed.append((change, error.description))
                    report(ApplyEvent(node: change.node, host: change.host, kind: .failed, message: error.description))
                } else {
                    result.done.append(change)
                    report(ApplyEvent(node: change.node, host: change.host, kind: .done, message: Self.doneMessage(change)))
                }
            }
        }
        result.notStarted = schedule.changes.indices.filter { !finished.contains($0) }.map { schedule.changes[$0] }
        return result
    }

    /// Looks up each image the changes need once per engine, all at once, before the steps
    /// start (each step would otherwise ask the same question); a missing one is pulled by its
    /// step, as before.
    private func findImages(for changes: [NodeChange]) async {
        var pairs: [(DockerClient, String)] = []
        var seen: Set<String> = []
        for change in changes where change.action == .create || change.action == .replace {
            guard let client = engines.client(forHost: change.host),
                  let image = plan.nodes.first(where: { $0.name == change.node && $0.host == change.host })?.container.image,
                  seen.insert("\(client.endpoint)|\(image)").inserted
            else { continue }
            pairs.append((client, image))
        }
        await withTaskGroup(of: Void.self) { group in
            for (client, image) in pairs {
                group.addTask {
                    if (try? await client.imageExists(image)) == true { images.insert(image, on: client) }
                }
            }
        }
    }

    static func doneMessage(_ change: NodeChange) -> String {
        switch change.action {
        case .create: "created and running"
        case .replace: "replaced and running"
        case .start: "started and running"
        case .remove: "removed"
        case .cleanup: "leftover containers removed"
        }
    }

    // MARK: Steps

    private func perform(_ change: NodeChange, registrations: RegistrationMonitor) async throws(StepError) {
        guard let client = engines.client(forHost: change.host) ?? engines.clients.first(where: { $0.endpoint.description == change.containers.first?.engine }) else {
            throw StepError("no engine is configured for host \(change.host)")
        }
        let steps = NodeSteps(client: client, keys: keys, images: images, change: change, options: options, report: report)
        switch change.action {
        case .remove:
            for container in change.containers { try await steps.removeContainer(container) }
        case .cleanup:
            for leftover in change.leftovers { try await steps.removeContainer(leftover) }
            if let container = change.containers.first, let node = plan.nodes.first(where: { $0.name == change.node && $0.host == change.host }),
               container.name != node.container.name
            {
                try await steps.attempt("renaming \(container.name) to \(node.container.name)") { try await client.rename(container.id, to: node.container.name) }
            }
            return
        case .start:
            guard let container = change.containers.first else { break }
            try await steps.attempt("starting \(container.name)") { try await client.start(container.id) }
            try await steps.waitUntilRunning(container.id, name: container.name)
        case .create, .replace:
            guard let node = plan.nodes.first(where: { $0.name == change.node && $0.host == change.host }) else {
                throw StepError("node \(change.node) is not in the plan")
            }
            try await steps.ensureImage(node.container.image)
            // A leftover that does not run (one never started may hold the planned name) serves
            // nothing, so it goes first; one that runs goes once the node's new container runs.
            for leftover in change.leftovers where !leftover.running { try await steps.removeContainer(leftover) }
            if change.action == .create {
                try await steps.create(node, secrets: secrets)
            } else if let old = change.containers.first {
                try await steps.replace(old, with: node, secrets: secrets)
            }
        }
        for leftover in change.leftovers where !([.create, .replace].contains(change.action) && !leftover.running) {
            try await steps.removeContainer(leftover)
        }
        // A worker that runs but is not registered is not converged: its step ends when its
        // orchestrator has it, so the next worker of that orchestrator waits for it.
        if change.role == NodeRole.worker.rawValue, [.create, .replace, .start].contains(change.action), let timeout = options.connectTimeout {
            let ticker = Task { [options, report] in
                let begin = ContinuousClock.now
                while !Task.isCancelled {
                    try await Task.sleep(for: options.progressEvery)
                    let state = await registrations.latest(change.node)?.summary ?? "no registration yet"
                    report(ApplyEvent(
                        node: change.node, host: change.host, kind: .waiting,
                        message: "waiting for \(change.node) to register with \(change.orchestrator ?? "its orchestrator") (\((ContinuousClock.now - begin).components.seconds) s: \(state))"
                    ))
                }
            }
            let found = await registrations.wait(for: change.node, timeout: timeout)
            ticker.cancel()
            guard let connection = found else { throw StepError("\(change.node) is not a worker of the plan") }
            guard connection.isConnected else {
                throw StepError(
                    "\(change.node) runs but did not register with \(change.orchestrator ?? "its orchestrator") within \(timeout): \(connection.summary) (\(connection.detail))",
                    rollback: "the new container is left running; fix the cause and apply again"
                )
            }
            steps.say("registered with \(change.orchestrator ?? "its orchestrator") (\(connection.registeredTo ?? "?"))")
        }
    }
}

/// Set once (from SIGINT/SIGTERM): apply starts no new step.
public final class StopFlag: Sendable {
    private let flag = Mutex(false)
    public init() {}
    public var isSet: Bool { flag.withLock { $0 } }
    public func set() { flag.withLock { $0 = true } }
}

/// Waits for workers to register, for all the steps of one apply at once: one round of reads
/// (each pending worker's log, each of their orchestrators' logs once) serves every waiting
/// step, instead of every step reading its orchestrator's growing log on its own. apply's
/// final wait for every worker uses it too.
public actor RegistrationMonitor {
    let plan: Plan
    let engines: EngineSet
    let observer: ConnectionObserver
    let pollEvery: Duration
    private var waiters: [String: [(deadline: ContinuousClock.Instant, continuation: CheckedContinuation<WorkerConnection?, Never>)]] = [:]
    private var last: [String: WorkerConnection] = [:]
    private var polling = false

    public init(plan: Plan, engines: EngineSet, observer: ConnectionObserver = ConnectionObserver(), pollEvery: Duration = .milliseconds(100)) {
        self.plan = plan
        self.engines = engines
        self.observer = observer
        self.pollEvery = pollEvery
    }

    /// The worker's state once it is connected, cannot connect any more, or `timeout` passed;
    /// nil when it is no worker of the plan.
    public func wait(for worker: String, timeout: Duration) async -> WorkerConnection? {
        await withCheckedContinuation { continuation in
            waiters[worker, default: []].append((ContinuousClock.now + timeout, continuation))
            if !polling {
                polling = true
                Task { await self.poll() }
            }
        }
    }

    /// Every given worker's state, each once it settles or `timeout` passes, in plan order
    /// (workers of the plan only).
    public func wait(forAll workers: [String], timeout: Duration) async -> [WorkerConnection] {
        let found = await withTaskGroup(of: WorkerConnection?.self) { group in
            for worker in workers { group.addTask { await self.wait(for: worker, timeout: timeout) } }
            var out: [WorkerConnection] = []
            for await connection in group { if let connection { out.append(connection) } }
            return out
        }
        return found.sorted { ($0.orchestrator, $0.worker) < ($1.orchestrator, $1.worker) }
    }

    public func latest(_ worker: String) -> WorkerConnection? { last[worker] }

    /// The last known state of every worker still waited for.
    public func unsettled() -> [WorkerConnection] { waiters.keys.sorted().compactMap { last[$0] } }

    private func poll() async {
        while !waiters.isEmpty {
            let names = Array(waiters.keys).sorted()
            let observed = await observer.observe(plan: plan, engines: engines, workers: names)
            for connection in observed.workers { last[connection.worker] = connection }
            let now = ContinuousClock.now
            for name in names {
                guard var list = waiters[name] else { continue }
                let state = last[name]
                let known = observed.workers.contains { $0.worker == name }
                if !known || state.map({ !$0.mayStillConnect }) == true {
                    for waiter in list { waiter.continuation.resume(returning: known ? state : nil) }
                    waiters[name] = nil
                    continue
                }
                list.removeAll { waiter in
                    guard waiter.deadline <= now else { return false }
                    waiter.continuation.resume(returning: state)
                    return true
                }
                waiters[name] = list.isEmpty ? nil : list
            }
            if waiters.isEmpty { break }
            try? await Task.sleep(for: pollEvery)
        }
        polling = false
    }
}

/// `engine|image` pairs an apply has found or pulled.
final class KnownImages: Sendable {
    private let known = Mutex<Set<String>>([])

    func contains(_ image: String, on client: DockerClient) -> Bool { known.withLock { $0.contains("\(client.endpoint)|\(image)") } }
    func insert(_ image: String, on client: DockerClient) { _ = known.withLock { $0.insert("\(client.endpoint)|\(image)") } }
}
