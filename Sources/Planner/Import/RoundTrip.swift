import Spec

/// Compares two aiModels.json files by what go-livepeer does with them in a role: the multiset
/// of entries it loads, each reduced to the fields that role reads (token values compared only
/// by presence: a rendered file holds a placeholder).
public enum RoundTrip {
    public struct Difference: Sendable, Hashable, Codable {
        public var node: String
        /// Entries the original has and the rendered file lacks, then the reverse.
        public var onlyOriginal: [String]
        public var onlyRendered: [String]
    }

    /// One line per entry as go-livepeer uses it in `role`, sorted.
    public static func loaded(_ entries: [AIModelEntry], role: NodeRole) -> [String] {
        entries.map { describe($0, role: role) }.sorted()
    }

    /// The difference between the original and the rendered entries of a node, or nil when they match.
    public static func compare(node: String, original: [AIModelEntry], rendered: [AIModelEntry], role: NodeRole) -> Difference? {
        var remaining = loaded(rendered, role: role)
        var onlyOriginal: [String] = []
        for line in loaded(original, role: role) {
            if let i = remaining.firstIndex(of: line) { remaining.remove(at: i) } else { onlyOriginal.append(line) }
        }
        return onlyOriginal.isEmpty && remaining.isEmpty ? nil : Difference(node: node, onlyOriginal: onlyOriginal, onlyRendered: remaining)
    }

    static func describe(_ e: AIModelEntry, role: NodeRole) -> String {
        var parts = ["pipeline=\(e.pipelineName)", "model_id=\(e.modelIDName)"]
        if role != .orchestrator {
            parts.append("warm=\(e.isWarm || e.isExternal)")
            if e.isExternal {
                parts.append("url=\(e.url!.value)")
                parts.append("token=\(e.token.map { $0.value.isEmpty ? "no" : "yes" } ?? "no")")
                parts.append("capacity=\(e.capacity?.value ?? 1)")
            } else {
                if let capacity = e.capacity { parts.append("capacity=\(capacity.value)") }
                if e.isWarm, !e.optimizationFlags.isEmpty {
                    let flags = e.optimizationFlags.sorted { $0.name < $1.name }.map { flag -> String in
                        switch flag.value {
                        case .bool(let b): "\(flag.name)=\(b)"
                        case .string(let s): "\(flag.name)=\"\(s)\""
                        }
                    }
                    parts.append("flags={\(flags.joined(separator: ","))}")
                }
            }
        }
        if role != .worker, let price = e.pricePerUnit {
            var gateway = e.gateway?.value.lowercased() ?? ""
            if gateway == "default" { gateway = "" }
            if !gateway.isEmpty { parts.append("gateway=\(gateway)") }
            parts.append("price=\(PriceText.decimal(price.value)?.canonical ?? price.value)")
            parts.append("pixels=\(e.pixelsPerUnit.flatMap { PriceText.decimal($0.value)?.canonical } ?? "1e0")")
            let currency = e.currency?.value.lowercased() ?? ""
            parts.append("currency=\(currency.isEmpty ? "wei" : currency)")
        }
        return parts.joined(separator: " ")
    }
}
