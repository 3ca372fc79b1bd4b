import Spec
internal import Foundation

/// One named check of the fleet against what go-livepeer rejects or silently mishandles.
public struct Rule: Sendable {
    /// The diagnostic ids this rule can emit.
    public let ids: [String]
    /// What the rule protects against, for `lpai-apply rules` and the docs.
    public let summary: String
    let check: @Sendable (FleetIndex) -> [Diagnostic]

    init(ids: [String], summary: String, check: @escaping @Sendable (FleetIndex) -> [Diagnostic]) {
        self.ids = ids
        self.summary = summary
        self.check = check
    }
}

extension Rule {
    /// Every rule, in the order they run.
    public static let all: [Rule] = [
        .references, .duplicateNames, .pipelines, .topology, .prices, .currency, .orchestratorPrices,
        .warmAndCold, .gpuIDs, .gpuSlots, .vram, .hostCollisions, .optimizationFlags, .externalRunners,
        .versions, .onChain, .runnerImages, .secrets, .serviceAddresses, .emptyNodes, .engines,
    ]
}

/// Shared helpers for rules.
enum RuleSupport {
    static func isHostPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        let host = text[..<colon]
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else { return false }
        return !host.isEmpty && !host.contains("/") && !host.contains(" ")
    }

    /// host and port of a `host:port` or URL authority, lowercased host; default port 8935.
    static func hostAndPort(_ text: String, defaultPort: Int = 8935) -> (host: String, port: Int) {
        var rest = Substring(text)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]) {
            return (String(rest[..<colon]).lowercased(), port)
        }
        return (String(rest).lowercased(), defaultPort)
    }
}
