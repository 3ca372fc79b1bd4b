import Spec

/// Renders a node's aiModels.json with only the keys its role reads (LIVEPEER.md table).
enum AIModelsRenderer {
    struct Output {
        var json: String
        var secrets: [SecretSlot]
    }

    static func render(node: ResolvedNode, fleet: FleetIndex) -> Output {
        var entries: [JSONValue] = []
        var secrets: [SecretSlot] = []
        switch node.role {
        case .orchestrator:
            entries = priceEntries(fleet.servedUses(by: node.name.value).map(\.use))
        case .worker, .combined:
            for use in node.uses {
                var base: [(String, JSONValue)] = [("pipeline", .string(use.model.pipeline.value)), ("model_id", .string(use.model.modelID.value))]
                if node.role == .combined, let price = use.model.price { base += priceFields(price) }
                if let external = use.model.external {
                    var fields = base + [("warm", .bool(true)), ("url", .string(external.url.value))]
                    if let token = external.token {
                        let placeholder = SecretSlot.placeholder(source: token.source.rawValue, name: token.name)
                        fields.append(("token", .string(placeholder)))
                        if !secrets.contains(where: { $0.placeholder == placeholder }) {
                            secrets.append(SecretSlot(placeholder: placeholder, source: token.source.rawValue, name: token.name, escaping: .json))
                        }
                    }
                    if let capacity = external.capacity { fields.append(("capacity", .number(String(capacity.value)))) }
                    entries.append(.object(fields))
                } else if use.warm > 0 {
                    // N warm containers are N identical entries: a managed `capacity: N` would
                    // start N containers yet advertise 1 (go-livepeer issue #3627).
                    let entry = JSONValue.object(base + [("warm", .bool(true))] + flagFields(use.model))
                    entries += Array(repeating: entry, count: use.warm)
                } else {
                    entries.append(.object(base + [("warm", .bool(false))]))
                }
            }
        }
        return Output(json: JSONValue.array(entries).render() + "\n", secrets: secrets)
    }

    /// A split orchestrator's price list: each served (pipeline, model_id) once per gateway key.
    private static func priceEntries(_ uses: [ResolvedUse]) -> [JSONValue] {
        var seen = Set<String>()
        var models: [Model] = []
        for use in uses where seen.insert(use.model.name.value).inserted { models.append(use.model) }
        models.sort { ($0.pipeline.value, $0.modelID.value, $0.name.value) < ($1.pipeline.value, $1.modelID.value, $1.name.value) }
        var entries: [JSONValue] = []
        var keys = Set<String>()
        for model in models {
            let base: [(String, JSONValue)] = [("pipeline", .string(model.pipeline.value)), ("model_id", .string(model.modelID.value))]
            if let price = model.price, keys.insert("\(model.pipeline.value)\u{0}\(model.modelID.value)\u{0}").inserted {
                entries.append(.object(base + priceFields(price)))
            }
            for gp in model.gatewayPrices.sorted(by: { $0.gateway.value.lowercased() < $1.gateway.value.lowercased() }) {
                let gateway = gp.gateway.value.lowercased()
                guard keys.insert("\(model.pipeline.value)\u{0}\(model.modelID.value)\u{0}\(gateway)").inserted else { continue }
                entries.append(.object(base + [("gateway", .string(gateway))] + priceFields(gp.price)))
            }
        }
        return entries
    }

    private static func priceFields(_ price: Price) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("price_per_unit", .number(price.perUnit.value))]
        if let pixels = price.pixelsPerUnit { fields.append(("pixels_per_unit", .number(String(pixels.value)))) }
        if let currency = price.currency { fields.append(("currency", .string(currency.value))) }
        return fields
    }

    private static func flagFields(_ model: Model) -> [(String, JSONValue)] {
        guard !model.optimizationFlags.isEmpty else { return [] }
        let flags = model.optimizationFlags.sorted { $0.name.value < $1.name.value }.map { flag -> (String, JSONValue) in
            switch flag.value.value {
            case .bool(let b): (flag.name.value, .bool(b))
            case .string(let s): (flag.name.value, .string(s))
            }
        }
        return [("optimization_flags", .object(flags))]
    }
}
