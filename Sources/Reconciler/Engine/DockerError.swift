/// A failed call to a Docker Engine: which host, which call, and what the engine said.
public struct DockerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The engine answered with an error status; `message` is its `message` field.
        case engine(status: Int)
        /// The engine could not be reached.
        case transport
        /// The connection broke after the call was sent, before the whole answer came: the
        /// engine may have carried the call out.
        case connectionLost
        /// No complete answer within the call's timeout.
        case timeout
        /// The answer could not be understood.
        case protocolError
    }

    public var host: String
    /// e.g. `POST /containers/create`.
    public var call: String
    public var kind: Kind
    public var message: String

    public init(host: String, call: String, kind: Kind, message: String) {
        self.host = host
        self.call = call
        self.kind = kind
        self.message = message
    }

    public var status: Int? {
        if case .engine(let status) = kind { return status }
        return nil
    }

    public var isNotFound: Bool { status == 404 }
    public var isConflict: Bool { status == 409 }

    public var description: String {
        switch kind {
        case .engine(let status): "host \(host): \(call) failed with HTTP \(status): \(message)"
        case .transport: "host \(host): \(call) could not reach the engine: \(message)"
        case .connectionLost: "host \(host): \(call) lost the connection before the engine's answer was complete (the engine may have carried it out; the next plan shows what runs): \(message)"
        case .timeout: "host \(host): \(call) got no answer in time: \(message)"
        case .protocolError: "host \(host): \(call) returned an answer lpai-apply could not read: \(message)"
        }
    }
}
