import ArgumentParser
import Foundation
import Logging
import Planner
import Reconciler
import Spec

struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep the hosts matching the spec: re-read it, plan and apply every interval.",
        discussion: """
            Runs until stopped. Every --interval (jittered by ±10 %) it re-reads the spec (a GitOps checkout may have changed it; an invalid spec is reported and the last good one kept), reads every host like plan, and applies when there is drift (containers to create, replace, start or remove; with --prune-runners, orphan runner containers), or only reports it with --dry-run. Drift that no container change fixes (a worker go-livepeer keeps unregistered, a missing runner) is reported every pass.

            A host whose engine cannot be read or whose step fails is retried with exponential backoff (from the interval up to --backoff-cap) while the other hosts go on. SIGTERM or SIGINT finishes the step in flight, releases the lock and exits 0.

            Agent mode (--host NAME) reconciles only the nodes placed on NAME, through the local Docker socket (unix:///var/run/docker.sock unless --engine says otherwise): run one `reconcile --host $(hostname)` per box from the same checkout when Docker must not be exposed over the network. There is then no central order between an orchestrator and its workers; it holds through the connection checks instead (docs/RECONCILE.md).

            Logs go to stderr (--log-format json for one JSON object per line). --metrics-addr serves Prometheus metrics at /metrics.

            Example:
              lpai-apply reconcile /srv/fleet/spec.yaml --interval 60
              lpai-apply reconcile spec.yaml --metrics-addr 127.0.0.1:9464
              lpai-apply reconcile spec.yaml --host gpu-box-1 --log-format json
              lpai-apply reconcile spec.yaml --once --dry-run

            Exit codes: 0 stopped by a signal (with --once: in sync), 1 error (with --once: a host or the spec failed), 2 with --once: drift found (and applied unless --dry-run).
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var engine: EngineOptions

    @Option(help: "Seconds between passes; each wait is jittered by ±10 %.")
    var interval: Double = 30

    @Flag(help: "Run one pass and exit with drift's codes.")
    var once = false

    @Flag(help: "Report drift, change nothing.")
    var dryRun = false

    @Option(help: "Agent mode: reconcile only the nodes on this spec host, through its local Docker Engine.")
    var host: String?

    @Option(help: "Serve Prometheus metrics on HOST:PORT (e.g. 127.0.0.1:9464) at /metrics; off by default.")
    var metricsAddr: String?

    @Option(help: "Log format on stderr: text or json.")
    var logFormat: LogFormatOption = .text

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: LogLevelOption = .info

    @Option(help: "Longest wait, in seconds, before a failing host is tried again.")
    var backoffCap: Double = 300

    @OptionGroup var apply: ApplyOptions

    @Option(help: "Seconds to wait for another apply's lock before skipping the apply of this pass.")
    var lockTimeout = 30

    func validate() throws {
        guard interval > 0 else { throw ValidationError("--interval must be more than 0 seconds") }
        guard backoffCap >= interval else { throw ValidationError("--backoff-cap must be at least --interval") }
        if let metricsAddr { _ = try ListenAddress(parsing: metricsAddr) }
    }

    func run() async throws {
        let format = logFormat.format
        let level = logLevel.level
        LoggingSystem.bootstrap { label in LogFormat.makeHandler(label: label, level: level, format: format) }
        let logger = Logger(label: "lpai-apply.reconcile")
        let metrics = ReconcileMetrics.makeRegistry()
        var server: MetricsServer?
        if let metricsAddr {
            let address = try ListenAddress(parsing: metricsAddr)
            let metricsServer = MetricsServer(address: address, registry: metrics)
            do {
                let port = try await metricsServer.start()
                logger.info("serving metrics", metadata: ["url": "http://\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(port)/metrics"])
            } catch {
                logger.error("cannot serve metrics: \(error)")
                throw ExitCode(1)
            }
            server = metricsServer
        }
        let stop = StopFlag()
        let trap = SignalTrap(stop: stop) { logger.notice("signal received: finishing the step in flight, then exiting (signal again to quit now)") }
        var loop = ReconcileLoop(command: self, logger: logger, metrics: metrics)
        logger.info(
            "reconciling",
            metadata: [
                "spec": "\(options.spec)", "interval": "\(interval)", "mode": "\(host.map { "agent for host \($0)" } ?? "central")",
                "dry_run": "\(dryRun)",
            ]
        )
        var code: Int32 = 0
        while !stop.isSet {
            let outcome = await loop.pass(stop: stop)
            if once {
                code = outcome.exitCode
                break
            }
            let wait = Jitter.interval(base: interval, fraction: 0.1)
            let deadline = ContinuousClock.now + .milliseconds(Int64(wait * 1000))
            while !stop.isSet && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        }
        trap.cancel()
        await server?.shutdown()
        if stop.isSet { logger.info("stopped") }
        if code != 0 { throw ExitCode(code) }
    }
}

/// One reconcile pass after another, with what carries between them: the last good plan and
/// each host's backoff.
struct ReconcileLoop {
    enum Outcome {
        case inSync, drift, error

        var exitCode: Int32 {
            switch self {
            case .inSync: 0
            case .drift: 2
            case .error: 1
            }
        }

        var label: String {
            switch self {
            case .inSync: "ok"
            case .drift: "drift"
            case .error: "error"
            }
        }
    }

    /// A compiled spec with its secrets, filtered to the agent's host.
    struct Bound {
        var plan: Plan
        var secrets: SecretValues
        /// Every host the spec names (containers on hosts not reconciled this pass are left out
        /// of the diff rather than taken for nodes removed from the spec).
        var specHosts: Set<String>
    }

    let command: Reconcile
    let logger: Logger
    let metrics: MetricsRegistry
    var lastGood: Bound?
    var specBroken = false
    var backoff: HostBackoff
    let clock = ContinuousClock()
    let begin = ContinuousClock.now

    init(command: Reconcile, logger: Logger, metrics: MetricsRegistry) {
        self.command = command
        self.logger = logger
        self.metrics = metrics
        backoff = HostBackoff(base: command.interval, cap: command.backoffCap)
    }

    private var now: Double { Double((clock.now - begin).components.seconds) + Double((clock.now - begin).components.attoseconds) / 1e18 }

    mutating func pass(stop: StopFlag) async -> Outcome {
        let started = clock.now
        let outcome = await reconcile(stop: stop)
        let seconds = clock.now - started
        metrics.increment(ReconcileMetrics.passes, ["result": outcome.label])
        metrics.set(ReconcileMetrics.passDuration, to: Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18)
        if outcome != .error { metrics.set(ReconcileMetrics.lastSuccess, to: Date().timeIntervalSince1970) }
        logger.info("pass done", metadata: ["result": "\(outcome.label)", "seconds": "\(String(format: "%.2f", Double(seconds.components.attoseconds) / 1e18 + Double(seconds.components.seconds)))"])
        return outcome
    }

    private mutating func reconcile(stop: StopFlag) async -> Outcome {
        // 1. The spec, as it is now; the last good one when it is not valid.
        switch load() {
        case .success(let bound):
            if specBroken { logger.notice("the spec is valid again") }
            specBroken = false
            lastGood = bound
        case .failure(let message):
            specBroken = true
            if lastGood == nil {
                logger.error("the spec is not valid and no earlier version was: nothing to reconcile", metadata: ["errors": "\(message)"])
                return .error
            }
            logger.error("the spec is not valid; keeping the last good one", metadata: ["errors": "\(message)"])
        }
        guard let bound = lastGood else { return .error }

        // 2. Hosts due this pass (a failing host waits out its backoff).
        let hosts = Set(bound.plan.nodes.map(\.host))
        backoff.retain(only: hosts)
        let due = hosts.filter { backoff.isDue($0, now: now) }
        for host in hosts.subtracting(due).sorted() {
            logger.debug("host in backoff", metadata: ["host": "\(host)", "failures": "\(backoff.failures(host))"])
        }
        guard !due.isEmpty else { return .error }
        var plan = bound.plan
        plan.nodes = plan.nodes.filter { due.contains($0.host) }
        plan.hosts = plan.hosts.filter { due.contains($0.name) }

        // 3. Read them; go on with those that answer.
        guard let engines = engineSet(for: plan) else { return .error }
        let outcome = await reconcile(plan, bound: bound, engines: engines, due: due, allHosts: hosts, stop: stop)
        await engines.shutdown()
        return outcome
    }

    private mutating func reconcile(_ plan: Plan, bound: Bound, engines: EngineSet, due: Set<String>, allHosts hosts: Set<String>, stop: StopFlag) async -> Outcome {
        let (observed, errors) = await Observer(plan: plan, engines: engines, secrets: bound.secrets).observeReachable()
        var failed = Set<String>()
        for error in errors {
            for host in error.host.split(separator: "+").map(String.init) where due.contains(host) {
                failed.insert(host)
                metrics.increment(ReconcileMetrics.errors, ["host": host])
            }
            logger.error("cannot read the host's engine", metadata: ["host": "\(error.host)", "error": "\(error.message)"])
        }
        var reachable = plan
        reachable.nodes = plan.nodes.filter { !failed.contains($0.host) }
        reachable.hosts = plan.hosts.filter { !failed.contains($0.name) }
        let reconciled = Set(reachable.nodes.map(\.host))
        let diff = Differ.diff(plan: reachable, observed: scoped(observed, reconciled: reconciled, specHosts: bound.specHosts))
        report(diff)

        // 4. Apply what containers can fix.
        var stepFailed = false
        var finalConnections = diff.connections
        let orphans = command.apply.pruneRunners ? diff.runnerFindings.filter { $0.kind == .orphan } : []
        if diff.hasDrift && !command.dryRun && (!diff.isEmpty || !orphans.isEmpty) && !stop.isSet {
            let applyEngines = failed.isEmpty ? engines : engineSet(for: reachable)
            if let applyEngines {
                (stepFailed, finalConnections) = await apply(plan: reachable, bound: bound, engines: applyEngines, specHosts: bound.specHosts, stop: stop, failed: &failed)
                if applyEngines !== engines { await applyEngines.shutdown() }
            } else {
                stepFailed = true
            }
        } else if diff.hasDrift && !diff.isEmpty && command.dryRun {
            logger.notice("dry run: nothing changed", metadata: ["changes": "\(diff.summary)"])
        }

        // 5. Bookkeeping: backoff, connection metrics.
        for host in due {
            if failed.contains(host) { backoff.recordFailure(host, now: now) } else { backoff.recordSuccess(host) }
        }
        updateConnectionMetrics(plan: reachable, connections: finalConnections)
        if !errors.isEmpty || stepFailed || due.count < hosts.count { return .error }
        return diff.hasDrift ? .drift : .inSync
    }

    /// Compiles the spec and resolves its secrets, or says why not.
    private func load() -> Result<Bound, LoadFailure> {
        let compiled = Compiled.run(command.options)
        let failing = compiled.diagnostics.filter { $0.severity == .error || (command.options.strict && $0.severity == .warning) }
        guard failing.isEmpty, let full = compiled.result?.plan else {
            let text = DiagnosticFormatter(colors: false).format(failing.sortedForOutput(), sources: compiled.load.sources)
            return .failure(LoadFailure(text.isEmpty ? "nothing was planned" : text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        var plan = full
        if let host = command.host {
            guard full.hosts.contains(where: { $0.name == host }) else {
                return .failure(LoadFailure("--host \(host): the spec defines no such host (hosts: \(full.hosts.map(\.name).joined(separator: ", ")))"))
            }
            plan.nodes = full.nodes.filter { $0.host == host }
            plan.hosts = full.hosts.filter { $0.name == host }
        }
        let (secrets, failures) = SecretValues.resolve(plan, environment: ProcessInfo.processInfo.environment)
        guard failures.isEmpty else { return .failure(LoadFailure(failures.map(\.description).joined(separator: "; "))) }
        return .success(Bound(plan: plan, secrets: secrets, specHosts: Set(full.hosts.map(\.name))))
    }

    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The engines of a plan; in agent mode the host's local socket unless --engine names one.
    private func engineSet(for plan: Plan) -> EngineSet? {
        var overrides: [String: String]
        do { overrides = try command.engine.overrides() } catch {
            logger.error("\(error)")
            return nil
        }
        if let host = command.host, overrides[host] == nil, overrides["*"] == nil { overrides[host] = "unix:///var/run/docker.sock" }
        let names = Set(plan.hosts.map(\.name))
        overrides = overrides.filter { $0.key == "*" || names.contains($0.key) }
        do {
            let directory = try EngineDirectory.resolve(plan: plan, overrides: overrides, environment: ProcessInfo.processInfo.environment)
            return EngineSet(directory: directory, timeouts: command.engine.timeouts)
        } catch {
            logger.error("\(error)")
            return nil
        }
    }

    /// Leaves out containers of spec hosts not reconciled in this pass (unreachable, backing
    /// off, or another agent's), so they are never taken for nodes removed from the spec.
    /// Also leaves out, on an engine, containers of a spec host that this pass observed
    /// through that host's own engine (one engine reached by two addresses).
    private func scoped(_ observation: Observation, reconciled: Set<String>, specHosts: Set<String>) -> Observation {
        var out = observation
        let observedHosts = Set(observation.engines.flatMap(\.hosts))
        for index in out.engines.indices {
            let served = Set(out.engines[index].hosts)
            out.engines[index].containers.removeAll { container in
                if command.host != nil { return !reconciled.contains(container.host) }
                guard specHosts.contains(container.host) else { return false }
                return !reconciled.contains(container.host) || (!served.contains(container.host) && observedHosts.contains(container.host))
            }
        }
        return out
    }

    private func report(_ diff: FleetDiff) {
        let drifted = Set(diff.changes.map(\.node)).union(diff.connectionProblems.map(\.worker)).union(diff.runnerFindings.compactMap(\.worker))
        metrics.set(ReconcileMetrics.driftedNodes, to: Double(drifted.count))
        for change in diff.changes {
            logger.notice(
                "drift: \(change.action.rawValue)",
                metadata: ["node": "\(change.node)", "host": "\(change.host)", "why": "\(change.details.map(PlanPrinter.field).joined(separator: "; "))"]
            )
        }
        for worker in diff.connectionProblems {
            logger.warning(
                "worker not registered",
                metadata: ["node": "\(worker.worker)", "host": "\(worker.host)", "orchestrator": "\(worker.orchestrator)", "state": "\(worker.summary)", "detail": "\(worker.detail)"]
            )
        }
        for finding in diff.runnerFindings {
            logger.warning("runner \(finding.kind.rawValue)", metadata: ["host": "\(finding.host)", "node": "\(finding.worker ?? "-")", "detail": "\(finding.detail)"])
        }
        for warning in diff.warnings { logger.warning("\(warning)") }
        if !diff.hasDrift { logger.info("in sync", metadata: ["nodes": "\(diff.unchanged.count)"]) }
    }

    /// Takes the lock, re-reads, applies, prunes; the failed hosts go into `failed`.
    private func apply(
        plan: Plan, bound: Bound, engines: EngineSet, specHosts: Set<String>, stop: StopFlag, failed: inout Set<String>
    ) async -> (stepFailed: Bool, connections: ConnectionObservation) {
        let lock: FleetLock.Held
        do {
            lock = try await FleetLock.acquire(
                engines: engines, fleet: plan.fleet, wait: .seconds(max(0, command.lockTimeout)), note: { [logger] in logger.notice("\($0)") }
            )
        } catch {
            logger.error("not applying this pass: \(error)")
            return (true, ConnectionObservation())
        }
        let current: FleetDiff
        do {
            let observed = try await Observer(plan: plan, engines: engines, secrets: bound.secrets).observe()
            current = Differ.diff(plan: plan, observed: scoped(observed, reconciled: Set(plan.nodes.map(\.host)), specHosts: specHosts))
        } catch {
            await lock.release()
            logger.error("cannot read the hosts under the lock: \(error)")
            return (true, ConnectionObservation())
        }
        let executor = Executor(
            plan: plan, engines: engines, secrets: bound.secrets,
            options: command.apply.executor,
            stop: stop,
            report: { [logger] event in
                let metadata: Logger.Metadata = ["node": "\(event.node)", "host": "\(event.host)"]
                switch event.kind {
                case .failed: logger.error("\(event.message)", metadata: metadata)
                case .done: logger.notice("\(event.message)", metadata: metadata)
                case .step, .waiting: logger.info("\(event.message)", metadata: metadata)
                }
            }
        )
        let result = await executor.run(current)
        for change in result.done { metrics.increment(ReconcileMetrics.actions, ["action": change.action.rawValue]) }
        for failure in result.failed {
            failed.insert(failure.change.host)
            metrics.increment(ReconcileMetrics.errors, ["host": failure.change.host])
        }
        if result.succeeded && !stop.isSet && command.apply.pruneRunners {
            for orphan in current.runnerFindings where orphan.kind == .orphan {
                let metadata: Logger.Metadata = ["host": "\(orphan.host)", "container": "\(orphan.container ?? orphan.containerID ?? "?")"]
                do {
                    if try await engines.prune(orphan) { logger.notice("removed orphan runner", metadata: metadata) }
                } catch {
                    logger.error("cannot remove orphan runner: \(error)", metadata: metadata)
                }
            }
        }
        let connections = await ConnectionObserver().observe(plan: plan, engines: engines)
        let unreleased = await lock.release()
        for line in unreleased { logger.error("\(line); the next pass breaks it as stale, or run lpai-apply unlock SPEC") }
        return (!result.succeeded || !unreleased.isEmpty, connections)
    }

    /// Connected workers per orchestrator and the capacity they advertise (per their planned
    /// aiModels.json), for /metrics.
    private func updateConnectionMetrics(plan: Plan, connections: ConnectionObservation) {
        let nodes = Dictionary(plan.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var connected: [[String: String]: Double] = [:]
        var capacity: [[String: String]: Double] = [:]
        let byOrchestrator = Dictionary(grouping: connections.workers, by: \.orchestrator)
        for (orchestrator, workers) in byOrchestrator {
            let up = workers.filter(\.isConnected)
            connected[["orchestrator": orchestrator]] = Double(up.count)
            for entry in PlannedModels.advertised(by: up.compactMap { nodes[$0.worker] }).values {
                capacity[["orchestrator": orchestrator, "pipeline": entry.pipeline, "model_id": entry.modelID]] = Double(entry.capacity)
            }
        }
        metrics.setFamily(ReconcileMetrics.workersConnected, connected)
        metrics.setFamily(ReconcileMetrics.advertisedCapacity, capacity)
    }
}

enum LogFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json
    var format: LogFormat { self == .json ? .json : .text }
}

enum LogLevelOption: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}
