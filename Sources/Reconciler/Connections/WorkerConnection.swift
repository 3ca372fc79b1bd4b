internal import Foundation

/// Whether a worker is registered with its orchestrator, and go-livepeer's reason when not.
/// A running worker container does not prove a registered worker (LIVEPEER.md "Worker ↔
/// orchestrator connection": a wrong secret or a too-old version stops the retries while the
/// process stays up).
public struct WorkerConnection: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// The worker's last attempt is open and the orchestrator logged it as compatible.
        case connected
        /// An attempt began moments ago and is not answered yet.
        case connecting
        case notConnected = "not-connected"
        /// The worker registers with an address other than its planned orchestrator's.
        case wrongOrchestrator = "wrong-orchestrator"
        /// The worker's container does not run (the plan starts or creates it).
        case notRunning = "not-running"
        /// The logs could not be read, or say nothing about registration.
        case unknown
    }

    /// Why a worker is not connected, in go-livepeer's terms.
    public enum Reason: String, Sendable, Hashable, Codable {
        case invalidSecret = "invalid-secret"
        case versionNotCompatible = "version-not-compatible"
        case orchestratorUnreachable = "orchestrator-unreachable"
        case orchestratorRefused = "orchestrator-refused"
        case streamEnded = "stream-ended"
        case notConfirmed = "not-confirmed"
        case orchestratorNotRunning = "orchestrator-not-running"
    }

    public var worker: String
    public var host: String
    /// The planned orchestrator (node name).
    public var orchestrator: String
    public var state: State
    public var reason: Reason?
    /// What go-livepeer logged (or what lpai-apply saw), for people.
    public var detail: String
    /// The address in the worker's last `Registering AI worker to ADDR` line.
    public var registeredTo: String?
    /// The engine time of the worker's last registration attempt.
    public var since: String?

    public init(
        worker: String, host: String, orchestrator: String, state: State, reason: Reason? = nil, detail: String = "", registeredTo: String? = nil,
        since: String? = nil
    ) {
        self.worker = worker
        self.host = host
        self.orchestrator = orchestrator
        self.state = state
        self.reason = reason
        self.detail = detail
        self.registeredTo = registeredTo
        self.since = since
    }

    public var isConnected: Bool { state == .connected }

    /// A state apply should keep waiting on rather than report as final (false once connected).
    public var mayStillConnect: Bool {
        switch state {
        case .connected, .wrongOrchestrator: false
        case .connecting, .unknown, .notRunning: true
        case .notConnected: reason != .invalidSecret && reason != .versionNotCompatible && reason != .orchestratorRefused
        }
    }

    /// `connected`, `not connected: invalid secret (…)`.
    public var summary: String {
        var text = state.rawValue.replacingOccurrences(of: "-", with: " ")
        if let reason { text += ": " + reason.rawValue.replacingOccurrences(of: "-", with: " ") }
        return text
    }
}

/// An orchestrator as its log shows it: the workers whose registration is open now.
public struct OrchestratorView: Sendable, Hashable, Codable {
    public var orchestrator: String
    public var host: String
    public var running: Bool
    /// Worker addresses with an open registration (compatible, no eof since).
    public var connected: [String]
    /// Worker versions of the open registrations, by address.
    public var versions: [String: String]
    public var orchestratorVersion: String?

    public init(orchestrator: String, host: String, running: Bool, connected: [String] = [], versions: [String: String] = [:], orchestratorVersion: String? = nil) {
        self.orchestrator = orchestrator
        self.host = host
        self.running = running
        self.connected = connected
        self.versions = versions
        self.orchestratorVersion = orchestratorVersion
    }
}

/// The connection part of an observation.
public struct ConnectionObservation: Sendable, Hashable, Codable {
    public var workers: [WorkerConnection]
    public var orchestrators: [OrchestratorView]

    public init(workers: [WorkerConnection] = [], orchestrators: [OrchestratorView] = []) {
        self.workers = workers
        self.orchestrators = orchestrators
    }

    public var problems: [WorkerConnection] { workers.filter { !$0.isConnected } }
}
