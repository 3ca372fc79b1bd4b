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
                                try await perform(change)
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

    private func perform(_ change: NodeChange) async throws(StepError) {
        guard let client = engines.client(forHost: change.host) ?? engines.clients.first(where: { $0.endpoint.description == change.containers.first?.engine }) else {
            throw StepError("no engine is configured for host \(change.host)")
        }
        let steps = NodeSteps(client: client, keys: keys, change: change, options: options, report: report)
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
            if change.action == .create {
                try await steps.create(node, secrets: secrets)
            } else if let old = change.containers.first {
                try await steps.replace(old, with: node, secrets: secrets)
            }
        }
        for leftover in change.leftovers { try await steps.removeContainer(leftover) }
        // A worker that runs but is not registered is not converged: its step ends when its
        // orchestrator has it, so the next worker of that orchestrator waits for it.
        if change.role == NodeRole.worker.rawValue, [.create, .replace, .start].contains(change.action), let timeout = options.connectTimeout {
            let waiter = ConnectionWaiter(plan: plan, engines: engines, timeout: timeout, progressEvery: options.progressEvery)
            let result = await waiter.wait(for: [change.node]) { seconds, pending in
                steps.say("waiting for \(change.node) to register with \(change.orchestrator ?? "its orchestrator") (\(seconds) s: \(pending.first?.summary ?? ""))", .waiting)
            }
            guard let connection = result.workers.first(where: { $0.worker == change.node }) else {
                throw StepError("\(change.node) is not a worker of the plan")
            }
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

/// Polls worker registrations until every given worker is connected, or none can still
/// connect, or the timeout passes.
public struct ConnectionWaiter: Sendable {
    public var plan: Plan
    public var engines: EngineSet
    public var timeout: Duration
    public var progressEvery: Duration
    public var observer: ConnectionObserver
    public var pollEvery: Duration

    public init(
        plan: Plan, engines: EngineSet, timeout: Duration, progressEvery: Duration = .seconds(5), observer: ConnectionObserver = ConnectionObserver(),
        pollEvery: Duration = .milliseconds(500)
    ) {
        self.plan = plan
        self.engines = engines
        self.timeout = timeout
        self.progressEvery = progressEvery
        self.observer = observer
        self.pollEvery = pollEvery
    }

    /// The last observation of `workers` (all planned workers when nil).
    public func wait(for workers: [String]?, progress: (Int, [WorkerConnection]) -> Void = { _, _ in }) async -> ConnectionObservation {
        let clock = ContinuousClock()
        let begin = clock.now
        var lastProgress = begin
        while true {
            let observed = await observer.observe(plan: plan, engines: engines, workers: workers)
            let pending = observed.workers.filter { !$0.isConnected }
            let elapsed = clock.now - begin
            if pending.isEmpty || !pending.contains(where: \.mayStillConnect) || elapsed >= timeout { return observed }
            if clock.now - lastProgress >= progressEvery {
                lastProgress = clock.now
                progress(Int(elapsed.components.seconds), pending)
            }
            try? await Task.sleep(for: pollEvery)
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
