import Foundation
import Planner
import Spec

/// What each node's aiModels.json must hold, worked out from the typed spec alone by the rules
/// in LIVEPEER.md, not by the renderer: the oracle of the round-trip property.
struct ExpectedAIModels {
    /// One expected entry: each key's expected value; `nil` means the key must be absent.
    struct Entry {
        var fields: [String: Value?]

        enum Value: Equatable, CustomStringConvertible {
            case string(String)
            case bool(Bool)
            /// A JSON number, as written in the spec.
            case number(String)
            case object([String: Value])

            var description: String {
                switch self {
                case .string(let s): "\"\(s)\""
                case .bool(let b): "\(b)"
                case .number(let n): n
                case .object(let o): "{" + o.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
                }
            }
        }

        /// The keys every entry may carry; any other key in a parsed entry is a difference too.
        static let knownKeys: Set<String> = [
            "pipeline", "model_id", "warm", "url", "token", "capacity", "price_per_unit", "pixels_per_unit",
            "currency", "gateway", "optimization_flags",
        ]

        func differences(from parsed: [String: Any]) -> [String] {
            var problems: [String] = []
            for key in Set(parsed.keys).subtracting(fields.compactMap { $0.value == nil ? nil : $0.key }) {
                problems.append("unexpected \(key): \(parsed[key]!)")
            }
            for (key, value) in fields {
                guard let value else { continue }
                guard let got = parsed[key] else {
                    problems.append("\(key) is missing (want \(value))")
                    continue
                }
                if !Self.matches(got, value) { problems.append("\(key) is \(got), want \(value)") }
            }
            return problems
        }

        static func matches(_ got: Any, _ want: Value) -> Bool {
            switch want {
            case .string(let s): return got as? String == s
            case .bool(let b):
                guard let n = got as? NSNumber, ExpectedAIModels.isBoolean(n) else { return false }
                return n.boolValue == b
            case .number(let text):
                guard let n = got as? NSNumber, !ExpectedAIModels.isBoolean(n), let wanted = Double(text) else { return false }
                return n.doubleValue == wanted
            case .object(let members):
                guard let object = got as? [String: Any], Set(object.keys) == Set(members.keys) else { return false }
                return members.allSatisfy { key, value in object[key].map { matches($0, value) } ?? false }
            }
        }
    }

    /// JSONSerialization gives `true` and `1` alike as NSNumber (and `1 as? Bool` succeeds);
    /// only a JSON boolean has the `char` type code.
    static func isBoolean(_ n: NSNumber) -> Bool { n.objCType.pointee == CChar(UInt8(ascii: "c")) }

    let spec: FleetSpec
    let models: [String: Model]

    init(spec: FleetSpec) {
        self.spec = spec
        models = Dictionary(spec.models.map { ($0.name.value, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The entries of `node`'s file; `slots` are the file's secret slots, where each external
    /// runner's token must appear as a placeholder, never as a value.
    func entries(for node: PlannedNode, slots: [SecretSlot]) -> [Entry] {
        switch node.role {
        case .orchestrator:
            return priceList(servedBy: node.name)
        case .worker:
            let uses = spec.workers.first { $0.name.value == node.name }?.models ?? []
            return uses.flatMap { serving($0, priced: false, slots: slots) }
        case .combined:
            let uses = spec.orchestrators.first { $0.name.value == node.name }?.models ?? []
            return uses.flatMap { serving($0, priced: true, slots: slots) }
        }
    }

    /// A worker's entries for one use: N warm entries, one cold entry, or one external entry.
    private func serving(_ use: ModelUse, priced: Bool, slots: [SecretSlot]) -> [Entry] {
        guard let model = models[use.model.value] else { return [] }
        var base: [String: Entry.Value?] = [
            "pipeline": .string(model.pipeline.value), "model_id": .string(model.modelID.value),
            "url": nil, "token": nil, "capacity": nil, "optimization_flags": nil, "gateway": nil,
            "price_per_unit": nil, "pixels_per_unit": nil, "currency": nil,
        ]
        if priced, let price = model.price { base.merge(Self.priceFields(price)) { $1 } }
        if let external = model.external {
            base["warm"] = .bool(true)
            base["url"] = .string(external.url.value)
            if let token = external.token {
                // The placeholder the file's slot for this secret names; a missing slot fails the match.
                let slot = slots.first { $0.source == token.source.rawValue && $0.name == token.name }
                base["token"] = .string(slot?.placeholder ?? "<no secret slot for \(token)>")
            }
            if let capacity = external.capacity { base["capacity"] = .number(String(capacity.value)) }
            return [Entry(fields: base)]
        }
        guard use.warmCount > 0 else {
            base["warm"] = .bool(false)
            return [Entry(fields: base)]
        }
        base["warm"] = .bool(true)
        if !model.optimizationFlags.isEmpty {
            var flags: [String: Entry.Value] = [:]
            for flag in model.optimizationFlags {
                switch flag.value.value {
                case .bool(let b): flags[flag.name.value] = .bool(b)
                case .string(let s): flags[flag.name.value] = .string(s)
                }
            }
            base["optimization_flags"] = .object(flags)
        }
        return Array(repeating: Entry(fields: base), count: use.warmCount)
    }

    /// A split orchestrator's price list: every model its workers serve, ordered by pipeline,
    /// model_id and name, each (pipeline, model_id, gateway) once: the default price, then one
    /// entry per gateway (lowercased, go-livepeer's key) in gateway order.
    private func priceList(servedBy orchestrator: String) -> [Entry] {
        var names: [String] = []
        for worker in spec.workers where worker.orchestrator.value == orchestrator {
            for use in worker.models where !names.contains(use.model.value) { names.append(use.model.value) }
        }
        let served = names.compactMap { models[$0] }
            .sorted { ($0.pipeline.value, $0.modelID.value, $0.name.value) < ($1.pipeline.value, $1.modelID.value, $1.name.value) }
        var seen = Set<[String]>()
        var entries: [Entry] = []
        for model in served {
            let base: [String: Entry.Value?] = [
                "pipeline": .string(model.pipeline.value), "model_id": .string(model.modelID.value),
                "warm": nil, "url": nil, "token": nil, "capacity": nil, "optimization_flags": nil,
            ]
            if let price = model.price, seen.insert([model.pipeline.value, model.modelID.value, ""]).inserted {
                entries.append(Entry(fields: base.merging(Self.priceFields(price)) { $1 }.merging(["gateway": nil]) { $1 }))
            }
            for gp in model.gatewayPrices.sorted(by: { $0.gateway.value.lowercased() < $1.gateway.value.lowercased() }) {
                let gateway = gp.gateway.value.lowercased()
                guard seen.insert([model.pipeline.value, model.modelID.value, gateway]).inserted else { continue }
                entries.append(Entry(fields: base.merging(Self.priceFields(gp.price)) { $1 }.merging(["gateway": .string(gateway)]) { $1 }))
            }
        }
        return entries
    }

    private static func priceFields(_ price: Price) -> [String: Entry.Value?] {
        [
            "price_per_unit": .number(price.perUnit.value),
            "pixels_per_unit": price.pixelsPerUnit.map { .number(String($0.value)) },
            "currency": price.currency.map { .string($0.value) },
        ]
    }
}
