public import Planner
internal import Foundation

/// Decides each worker's connection state from the registration lines of its own log and of
/// its orchestrator's log (both read since the container's current start). Pure.
///
/// The worker's log says where it registers and how its last attempt ended; the orchestrator's
/// log confirms open registrations (`Worker compatible, connecting …` without a later eof) and
/// carries the reasons only it knows (a version it refuses). go-livepeer logs the worker's
/// address, not its name, so confirmations are matched by count: an orchestrator with as many
/// open registrations as workers claiming one confirms them all; with fewer, the earliest
/// claimers are taken as confirmed and the rest as not confirmed.
public enum ConnectionClassifier {
    /// How long an attempt may stay unanswered before it counts as not confirmed.
    public static let answerWithin = 10.0

    public struct WorkerInput: Sendable {
        public var node: PlannedNode
        public var running: Bool
        /// Engine time the container's current run started, in seconds.
        public var startedAt: Double?
        public var lines: [LivepeerLog.Line]
        /// Why the log could not be read, when it could not.
        public var error: String?

        public init(node: PlannedNode, running: Bool, startedAt: Double?, lines: [LivepeerLog.Line], error: String? = nil) {
            self.node = node
            self.running = running
            self.startedAt = startedAt
            self.lines = lines
            self.error = error
        }
    }

    public struct OrchestratorInput: Sendable {
        public var node: PlannedNode
        public var running: Bool
        public var lines: [LivepeerLog.Line]
        public var error: String?

        public init(node: PlannedNode, running: Bool, lines: [LivepeerLog.Line], error: String? = nil) {
            self.node = node
            self.running = running
            self.lines = lines
            self.error = error
        }
    }

    public static func classify(workers: [WorkerInput], orchestrators: [OrchestratorInput], plan: Plan, now: Double) -> ConnectionObservation {
        let byName = Dictionary(orchestrators.map { ($0.node.name, $0) }, uniquingKeysWith: { a, _ in a })
        var addressOwner: [String: String] = [:]
        for node in plan.nodes where node.role != .worker {
            if let address = flag("-serviceAddr", in: node.container.args).map(normalizedAddress) { addressOwner[address] = node.name }
        }
        var views: [String: OrchestratorView] = [:]
        for input in orchestrators { views[input.node.name] = view(of: input) }

        var results: [WorkerConnection] = []
        // Workers whose last attempt is open, per orchestrator, with the attempt's time.
        var claims: [String: [(index: Int, time: Double)]] = [:]
        for input in workers {
            let node = input.node
            let planned = node.orchestrator ?? ""
            var connection = WorkerConnection(worker: node.name, host: node.host, orchestrator: planned, state: .unknown)
            defer { results.append(connection) }
            guard input.running else {
                connection.state = .notRunning
                connection.detail = "the worker's container does not run"
                continue
            }
            if let error = input.error {
                connection.detail = "its log could not be read: \(error)"
                continue
            }
            let orchestrator = byName[planned]
            let plannedAddress = flag("-orchAddr", in: node.container.args).map { normalizedAddress(firstEntry($0)) }
            guard let lastAttempt = input.lines.lastIndex(where: { if case .registering = $0.event { true } else { false } }),
                  case .registering(let target) = input.lines[lastAttempt].event
            else {
                let young = input.startedAt.map { now - $0 < answerWithin } ?? false
                connection.state = young ? .connecting : .unknown
                connection.detail = young ? "starting" : "no registration line in the worker's log since it started"
                continue
            }
            let attempt = input.lines[lastAttempt]
            connection.registeredTo = target
            connection.since = attempt.time
            let address = normalizedAddress(target)
            if let plannedAddress, address != plannedAddress {
                connection.state = .wrongOrchestrator
                let owner = addressOwner[address].map { "orchestrator '\($0)'" } ?? "an address that is no orchestrator of this fleet"
                connection.detail = "registers with \(target) (\(owner)); the plan attaches it to '\(planned)' at \(plannedAddress)"
                continue
            }
            let after = input.lines[(lastAttempt + 1)...].map(\.event)
            if let ending = ending(of: after, attemptTime: attempt.seconds, orchestrator: orchestrator, plannedOrchestrator: planned) {
                connection.state = .notConnected
                (connection.reason, connection.detail) = ending
                continue
            }
            // The attempt is open on the worker's side: the orchestrator decides.
            if let orchestrator, !orchestrator.running {
                connection.state = .notConnected
                connection.reason = .orchestratorNotRunning
                connection.detail = "orchestrator '\(planned)' does not run"
                continue
            }
            claims[planned, default: []].append((results.count, attempt.seconds ?? now))
            connection.state = .connected
        }

        // Confirm open attempts against each orchestrator's open registrations.
        for (orchestrator, claimers) in claims {
            guard let input = byName[orchestrator], input.error == nil else {
                for claim in claimers {
                    results[claim.index].detail = "registration open on the worker's side; the orchestrator's log could not be read"
                }
                continue
            }
            let open = views[orchestrator]?.connected.count ?? 0
            for (rank, claim) in claimers.sorted(by: { ($0.time, $0.index) < ($1.time, $1.index) }).enumerated() where rank >= open {
                let age = now - claim.time
                // A previous refusal explains a retry the orchestrator has not answered yet.
                let previous = previousFailure(of: workers[claim.index], orchestrator: input, plannedOrchestrator: orchestrator)
                if let previous {
                    results[claim.index].state = .notConnected
                    (results[claim.index].reason, results[claim.index].detail) = previous
                } else if age < answerWithin {
                    results[claim.index].state = .connecting
                    results[claim.index].detail = "registration sent \(Int(age)) s ago"
                } else {
                    results[claim.index].state = .notConnected
                    results[claim.index].reason = .notConfirmed
                    results[claim.index].detail = "the worker keeps a registration open but '\(orchestrator)' logged no compatible worker for it"
                }
            }
        }
        for index in results.indices where results[index].state == .connected {
            let view = views[results[index].orchestrator]
            results[index].detail = "registered with \(results[index].registeredTo ?? "?")" + (view?.orchestratorVersion.map { " (orchestrator \($0))" } ?? "")
        }
        return ConnectionObservation(
            workers: results.sorted { ($0.orchestrator, $0.worker) < ($1.orchestrator, $1.worker) },
            orchestrators: views.values.sorted { $0.orchestrator < $1.orchestrator }
        )
    }

    /// How the worker's attempt ended, from the lines after it; nil while it is open.
    static func ending(
        of after: [LivepeerLog.Event], attemptTime: Double?, orchestrator: OrchestratorInput?, plannedOrchestrator: String
    ) -> (WorkerConnection.Reason, String)? {
        var streamError: String?
        for event in after {
            switch event {
            case .terminating(let error):
                if error.contains("invalid secret") {
                    return (.invalidSecret, "the orchestrator rejected the worker's -orchSecret (\"\(error)\"); go-livepeer stops retrying until the worker restarts. Give worker and orchestrator the same secret")
                }
                return (.orchestratorRefused, "the worker gave up: \(error)")
            case .couldNotRegister(let error):
                return (.orchestratorUnreachable, "cannot reach '\(plannedOrchestrator)': \(error); the worker retries with backoff (up to 1 min)")
            case .streamEnded(let error), .unregistering(let error):
                streamError = streamError ?? error
            default: continue
            }
        }
        guard let error = streamError else { return nil }
        if error.contains("unknown service net.AIWorker") {
            return (.orchestratorRefused, "'\(plannedOrchestrator)' serves no worker registration (\(error)): a combined node (-orchestrator -aiWorker) does not accept remote workers")
        }
        if let orchestrator, refusedVersion(orchestrator.lines, after: attemptTime) {
            return (.versionNotCompatible, "'\(plannedOrchestrator)' logged \"version not compatible\": the worker's go-livepeer is older than the orchestrator's (LivepeerVersionCompatibleWith); upgrade the worker first")
        }
        if let orchestrator, invalidSecret(orchestrator.lines, after: attemptTime) {
            return (.invalidSecret, "'\(plannedOrchestrator)' logged err=\"invalid secret\" for a worker's registration")
        }
        return (.streamEnded, "the registration stream ended (\(error)); the worker retries with backoff")
    }

    /// For a retry still unanswered: the reason the previous attempt ended, if it was a refusal.
    static func previousFailure(of worker: WorkerInput, orchestrator: OrchestratorInput, plannedOrchestrator: String) -> (WorkerConnection.Reason, String)? {
        let attempts = worker.lines.indices.filter { if case .registering = worker.lines[$0].event { true } else { false } }
        guard attempts.count >= 2 else { return nil }
        let previous = attempts[attempts.count - 2]
        let between = worker.lines[(previous + 1)..<attempts[attempts.count - 1]].map(\.event)
        guard let ending = ending(of: between, attemptTime: worker.lines[previous].seconds, orchestrator: orchestrator, plannedOrchestrator: plannedOrchestrator),
              ending.0 == .versionNotCompatible || ending.0 == .orchestratorRefused
        else { return nil }
        return ending
    }

    static func refusedVersion(_ lines: [LivepeerLog.Line], after time: Double?) -> Bool {
        lines.contains { line in
            guard case .notCompatible = line.event else { return false }
            return isAfter(line, time)
        }
    }

    static func invalidSecret(_ lines: [LivepeerLog.Line], after time: Double?) -> Bool {
        lines.contains { line in
            guard case .invalidSecret = line.event else { return false }
            return isAfter(line, time)
        }
    }

    /// Engine clocks of two hosts may differ a little: a line up to 2 s before counts as after.
    private static func isAfter(_ line: LivepeerLog.Line, _ time: Double?) -> Bool {
        guard let time, let seconds = line.seconds else { return true }
        return seconds >= time - 2
    }

    /// The open registrations in an orchestrator's log.
    static func view(of input: OrchestratorInput) -> OrchestratorView {
        var open: [String: String] = [:]
        var order: [String] = []
        var version: String?
        for line in input.lines {
            switch line.event {
            case .compatible(let worker, let workerVersion, let orchestratorVersion):
                if open[worker] == nil { order.append(worker) }
                open[worker] = workerVersion
                version = orchestratorVersion
            case .workerGone(let worker):
                open[worker] = nil
                order.removeAll { $0 == worker }
            default: continue
            }
        }
        return OrchestratorView(
            orchestrator: input.node.name, host: input.node.host, running: input.running, connected: input.running ? order : [],
            versions: input.running ? open : [:], orchestratorVersion: version
        )
    }

    /// The value of `-name value` in go-livepeer's arguments.
    static func flag(_ name: String, in args: [String]) -> String? {
        guard let index = args.firstIndex(of: name), index + 1 < args.count else { return nil }
        return args[index + 1]
    }

    static func firstEntry(_ list: String) -> String {
        String(list.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// An -orchAddr entry or a logged address as `host:port`, with go-livepeer's defaults
    /// (starter.go `parseOrchAddrs`: missing host 127.0.0.1, missing port 8935; an `https://host`
    /// URL keeps its own host and port).
    public static func normalizedAddress(_ text: String) -> String {
        var value = Substring(text.trimmingCharacters(in: .whitespaces))
        if let scheme = value.range(of: "://") {
            value = value[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
            return String(value).lowercased()
        }
        value = value.prefix { $0 != "/" }
        var host = value
        var port: Substring = "8935"
        if let colon = value.lastIndex(of: ":"), !value.hasSuffix("]") {
            host = value[..<colon]
            let given = value[value.index(after: colon)...]
            if !given.isEmpty { port = given }
        }
        if host.isEmpty { host = "127.0.0.1" }
        return "\(host.lowercased()):\(port)"
    }
}
