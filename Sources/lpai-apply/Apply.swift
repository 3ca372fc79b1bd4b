import ArgumentParser
import Foundation
import Planner
import Reconciler

struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the hosts match the spec (or apply a saved plan).",
        discussion: """
            Plans like `plan`, shows the plan, asks for confirmation on a terminal, takes the fleet lock on every host, then creates, replaces, starts and removes containers. Files (aiModels.json, the 0600 secret file) are uploaded into each container before it starts. Hosts are worked on concurrently; workers are replaced one at a time per orchestrator, and before their orchestrator when go-livepeer's image changes (a worker must be at least as new). If a step fails, nothing new starts, the failed step is rolled back, and a summary says what did and did not happen; the next apply continues from there.

            Given a file saved by `plan --out`, applies exactly that plan, and refuses it if what runs has changed since it was made.

            The lock is a never-started container lpai-lock-<fleet> on each engine. A lock left by a killed apply on this machine is broken automatically; otherwise `lpai-apply unlock SPEC` breaks it.

            Example:
              lpai-apply apply specs/split.yaml
              lpai-apply apply specs/split.yaml --auto-approve --parallelism 20
              lpai-apply apply tonight.plan --auto-approve

            A worker is converged only when it is registered with its orchestrator: after bringing a worker up, apply waits (--connect-timeout) until go-livepeer's logs show the registration, before the next worker of that orchestrator is replaced, and fails the step with go-livepeer's reason (invalid secret, version not compatible, orchestrator unreachable) if it does not come. At the end it prints every worker's connection. Runner containers that no planned worker owns are removed only with --prune-runners.

            Exit codes: 0 applied (or nothing to do) and every worker registered, 1 error, failed step, or a worker not registered (see the summary).
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Apply without asking. Required when stdin is not a terminal.")
    var autoApprove = false

    @OptionGroup var apply: ApplyOptions

    @Option(help: "Seconds to wait for another apply's lock before giving up.")
    var lockTimeout = 0


    func run() async throws {
        if !autoApprove && isatty(STDIN_FILENO) == 0 {
            Output.stderr("error: stdin is not a terminal, so apply cannot ask for confirmation; pass --auto-approve to apply without asking\n")
            throw ExitCode(1)
        }
        let session = try openSession()
        let diff = try await session.observe()
        if let saved = session.saved {
            let stale = saved.staleNodes(now: diff)
            guard stale.isEmpty else {
                await session.close()
                Output.stderr("error: the saved plan is stale: what runs has changed since it was made:\n" + stale.map { "  \($0)\n" }.joined() + "Make a new plan.\n")
                throw ExitCode(1)
            }
        }
        Output.stdout(PlanPrinter.text(diff, plan: session.plan))
        let orphans = apply.pruneRunners ? diff.runnerFindings.filter { $0.kind == .orphan } : []
        guard !diff.isEmpty || !orphans.isEmpty else {
            // Nothing to change, but a killed apply may have left its lock, and the workers it
            // started may still be registering: break the one, wait for the others.
            await FleetLock.breakStale(engines: session.engines, fleet: session.plan.fleet, note: { Output.stdout("note: \($0)\n") })
            var problems = diff.connectionProblems
            if apply.connectTimeout > 0, problems.contains(where: \.mayStillConnect) {
                Output.stdout("\nWaiting up to \(apply.connectTimeout) s for workers still registering: \(problems.map(\.worker).joined(separator: ", "))\n")
                let settled = await Self.awaitConnections(plan: session.plan, engines: session.engines, workers: problems.map(\.worker), timeout: apply.connectTimeout)
                Output.stdout("\n" + PlanPrinter.connections(settled))
                problems = ConnectionObservation(workers: settled).problems
            }
            await session.close()
            if apply.connectTimeout > 0 { try Self.requireConnected(problems) }
            return
        }
        if !autoApprove && !confirm(fleet: diff.fleet) {
            await session.close()
            Output.stderr("Apply cancelled; nothing was changed.\n")
            throw ExitCode(1)
        }

        let lock: FleetLock.Held
        do {
            lock = try await FleetLock.acquire(
                engines: session.engines, fleet: session.plan.fleet, wait: .seconds(max(0, lockTimeout)),
                note: { Output.stdout("note: \($0)\n") }
            )
        } catch {
            await session.close()
            Output.stderr("error: \(error)\n")
            throw ExitCode(1)
        }
        // Under the lock, what runs must still be what the plan shown was made against.
        let current: FleetDiff
        do { current = try await session.observe() } catch {
            await lock.release()
            throw error
        }
        let stale = SavedPlan(plan: session.plan, engineOverrides: [:], diff: diff).staleNodes(now: current)
        if !stale.isEmpty && autoApprove && session.saved == nil {
            // Nobody approved the plan shown, so the one made under the lock is applied: what
            // runs moves on its own after a killed apply (the engine finishes calls in flight).
            Output.stdout("\nnote: what runs changed while the plan was shown:\n" + stale.map { "  \($0)\n" }.joined() + "Applying the plan made under the lock:\n\n" + PlanPrinter.text(current, plan: session.plan))
        } else if !stale.isEmpty {
            await lock.release()
            await session.close()
            Output.stderr("error: what runs changed while the plan was shown; nothing was applied:\n" + stale.map { "  \($0)\n" }.joined() + "Run apply again.\n")
            throw ExitCode(1)
        }

        let stop = StopFlag()
        let signals = SignalTrap(stop: stop)
        Output.stdout("\n")
        let executor = Executor(
            plan: session.plan, engines: session.engines, secrets: session.secrets,
            options: apply.executor,
            stop: stop,
            report: { event in
                let line = "\(event.node) (\(event.host)): \(event.message)\n"
                if event.kind == .failed { Output.stderr("error: " + line) } else { Output.stdout(line) }
            }
        )
        let report = await executor.run(current)
        var pruneFailed = false
        if report.succeeded && !stop.isSet {
            for orphan in current.runnerFindings where apply.pruneRunners && orphan.kind == .orphan {
                pruneFailed = await !Self.prune(orphan, engines: session.engines) || pruneFailed
            }
        }
        // Every worker, not only those replaced: an orchestrator restart makes its workers
        // register again, and the table is what the operator checks.
        // `--connect-timeout 0` asks for no registration wait at all: no table, no verdict.
        let checkConnections = apply.connectTimeout > 0 && report.succeeded && !stop.isSet
        var connections = ConnectionObservation()
        if checkConnections && !current.connections.workers.isEmpty {
            connections.workers = await Self.awaitConnections(
                plan: session.plan, engines: session.engines, workers: current.connections.workers.map(\.worker), timeout: apply.connectTimeout
            )
        }
        let unreleased = await lock.release()
        await session.close()
        signals.cancel()
        for line in unreleased { Output.stderr("error: \(line); it stays until `lpai-apply unlock SPEC` (or the next apply on this machine finds it stale)\n") }
        Output.stdout("\n" + Self.summary(report, interrupted: stop.isSet) + "\n")
        if checkConnections && !connections.workers.isEmpty { Output.stdout("\n" + PlanPrinter.connections(connections.workers)) }
        if !report.succeeded || pruneFailed || !unreleased.isEmpty { throw ExitCode(1) }
        try Self.requireConnected(connections.problems)
    }

    /// Each worker's registration once it settles or `timeout` seconds pass, with a progress
    /// line every 5 s.
    static func awaitConnections(plan: Plan, engines: EngineSet, workers: [String], timeout: Int) async -> [WorkerConnection] {
        let monitor = RegistrationMonitor(plan: plan, engines: engines)
        let ticker = Task {
            let begin = ContinuousClock.now
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(5))
                let pending = await monitor.unsettled()
                guard !pending.isEmpty else { continue }
                let seconds = (ContinuousClock.now - begin).components.seconds
                Output.stdout("waiting for \(pending.count) worker\(pending.count == 1 ? "" : "s") to register (\(seconds) s): \(pending.map(\.worker).joined(separator: ", "))\n")
            }
        }
        defer { ticker.cancel() }
        return await monitor.wait(forAll: workers, timeout: .seconds(timeout))
    }

    /// A worker that runs but is not registered is not converged: apply fails, with the reason.
    static func requireConnected(_ problems: [WorkerConnection]) throws {
        guard !problems.isEmpty else { return }
        for worker in problems {
            Output.stderr("error: worker \(worker.worker) on \(worker.host) is not registered with \(worker.orchestrator): \(worker.summary) (\(worker.detail))\n")
        }
        throw ExitCode(1)
    }

    /// Removes one orphan runner container; false (reported) when that fails.
    static func prune(_ orphan: RunnerFinding, engines: EngineSet) async -> Bool {
        let name = orphan.container ?? orphan.containerID ?? "?"
        do {
            if try await engines.prune(orphan) { Output.stdout("\(orphan.host): removed orphan runner \(name)\n") }
            return true
        } catch {
            Output.stderr("error: \(orphan.host): removing orphan runner \(name): \(error)\n")
            return false
        }
    }

    private func openSession() throws -> FleetSession {
        let path = options.spec
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
           let data = FileManager.default.contents(atPath: path), SavedPlan.looksLikeSavedPlan(Array(data))
        {
            return try FleetSession.open(savedPlan: path, bytes: Array(data), engine: engine)
        }
        return try FleetSession.open(spec: options, engine: engine)
    }

    private func confirm(fleet: String) -> Bool {
        Output.stdout("\nApply these changes to fleet \(fleet)? Only 'yes' is accepted: ")
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }

    static func summary(_ report: ApplyReport, interrupted: Bool) -> String {
        func list(_ changes: [NodeChange]) -> String { changes.map { "\($0.node) (\($0.action.rawValue))" }.joined(separator: ", ") }
        if report.succeeded {
            let counts = NodeChange.Action.allCases.compactMap { action -> String? in
                let n = report.done.count { $0.action == action }
                return n == 0 ? nil : "\(n) \(action == .cleanup ? "cleaned up" : action.rawValue + (action.rawValue.hasSuffix("e") ? "d" : "ed"))"
            }
            return counts.isEmpty ? "Apply complete: nothing was left to change." : "Apply complete: \(counts.joined(separator: ", "))."
        }
        var lines = [interrupted ? "Apply interrupted." : "Apply failed."]
        if !report.done.isEmpty { lines.append("  done:        \(list(report.done))") }
        for failure in report.failed { lines.append("  failed:      \(failure.change.node) (\(failure.change.action.rawValue)): \(failure.error)") }
        if !report.notStarted.isEmpty { lines.append("  not started: \(list(report.notStarted))") }
        lines.append("Run apply again to continue from here.")
        return lines.joined(separator: "\n")
    }
}

/// SIGINT/SIGTERM during apply: finish the steps in flight, start no more. A second signal
/// exits at once.
final class SignalTrap: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(stop: StopFlag, announce: @escaping @Sendable () -> Void = {
        Output.stderr("\ninterrupted: finishing the steps in flight, then stopping (signal again to quit now)\n")
    }) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if stop.isSet { exit(130) }
                stop.set()
                announce()
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
