/// Something apply did or is waiting for, reported as it happens.
public struct ApplyEvent: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A step began (creating, uploading, stopping, …).
        case step
        /// Still waiting (a progress line during long waits).
        case waiting
        /// The node's change is done.
        case done
        /// The node's change failed; `message` says why and what was rolled back.
        case failed
    }

    public var node: String
    public var host: String
    public var kind: Kind
    public var message: String

    public init(node: String, host: String, kind: Kind, message: String) {
        self.node = node
        self.host = host
        self.kind = kind
        self.message = message
    }
}

public typealias ApplyReporter = @Sendable (ApplyEvent) -> Void

/// What an apply did, did not do, and why.
public struct ApplyReport: Sendable {
    public var done: [NodeChange] = []
    public var failed: [(change: NodeChange, error: String)] = []
    /// Changes not started because an earlier step failed (or apply was interrupted).
    public var notStarted: [NodeChange] = []

    public var succeeded: Bool { failed.isEmpty && notStarted.isEmpty }
}

/// A failed step: what went wrong, and what was undone.
public struct StepError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var rollback: String?

    public init(_ message: String, rollback: String? = nil) {
        self.message = message
        self.rollback = rollback
    }

    public var description: String { rollback.map { "\(message) (\($0))" } ?? message }
}
