import Spec

/// The model catalogue and each node's model uses, from the aiModels.json files.
extension ImportState {
    typealias Prices = [String: ImportedFleet.PriceRow]

    mutating func buildModels() {
        var served = Set<String>()
        for index in fleet.nodes.indices where fleet.nodes[index].role != .orchestrator {
            let node = fleet.nodes[index]
            guard let input = inputs.first(where: { $0.name == node.name }), let models = input.models else { continue }
            let pricesFrom = node.role == .combined ? node.name : node.orchestrator ?? ""
            let table = node.role == .combined ? [:] : priceTable(pricesFrom)
            var uses: [ImportedFleet.Use] = []
            for e in models.entries {
                if node.role == .combined, let gateway = e.gateway, !gateway.value.isEmpty, gateway.value.lowercased() != "default" {
                    diagnostics.append(.warning("lpai.import.combined-gateway", at: gateway.location, "this per-gateway price entry of combined node '\(node.name)' is not imported: the spec prices a combined node's models once (per-gateway entries there also add capacity and warm containers)"))
                    continue
                }
                served.insert("\(pricesFrom)\u{0}\(e.pipelineName)\u{0}\(e.modelIDName)")
                let prices = node.role == .combined ? Self.prices(of: [e]) : table["\(e.pipelineName)\u{0}\(e.modelIDName)"] ?? [:]
                let name = catalogueName(for: e, prices: prices, node: node.name)
                if let i = uses.firstIndex(where: { $0.model == name }) {
                    if e.isExternal {
                        diagnostics.append(.warning("lpai.import.repeated-external", at: e.location, "this external entry repeats an earlier one on '\(node.name)'; the spec serves it once. Give it 'capacity' instead of repeating it"))
                    } else if e.isWarm {
                        uses[i].warm += e.containersAtBoot
                    } else {
                        diagnostics.append(.warning("lpai.import.cold-merged", at: e.location, "\(e.label) is listed cold more than once on '\(node.name)' (each adds 1 to the advertised capacity); the spec lists a cold model once, advertising 1"))
                    }
                } else {
                    uses.append(ImportedFleet.Use(model: name, warm: !e.isExternal && e.isWarm ? e.containersAtBoot : 0))
                }
                if !e.isExternal, e.isWarm, let capacity = e.capacity, capacity.value > 1 {
                    diagnostics.append(.warning("lpai.import.capacity-rewritten", at: capacity.location, "imported as warm: \(capacity.value) on '\(node.name)': \(capacity.value) identical warm entries, so go-livepeer starts \(capacity.value) containers as before and now advertises \(capacity.value) instead of 1 (issue #3627)"))
                }
            }
            fleet.nodes[index].uses = uses
        }
        for node in fleet.nodes where node.role == .orchestrator {
            guard let entries = inputs.first(where: { $0.name == node.name })?.models?.entries else { continue }
            for e in entries where e.pricePerUnit != nil && !served.contains("\(node.name)\u{0}\(e.pipelineName)\u{0}\(e.modelIDName)") {
                diagnostics.append(.warning("lpai.import.unserved-price", at: e.location, "orchestrator '\(node.name)' prices \(e.label), which none of its imported workers serves; the spec prices only served models, so this entry is left out"))
            }
        }
    }

    /// A split orchestrator's prices per (pipeline, model_id), keyed by lowercased gateway ("" is the default).
    private func priceTable(_ orchestrator: String) -> [String: Prices] {
        guard let entries = inputs.first(where: { $0.name == orchestrator })?.models?.entries else { return [:] }
        var table: [String: [AIModelEntry]] = [:]
        for e in entries where e.pricePerUnit != nil { table["\(e.pipelineName)\u{0}\(e.modelIDName)", default: []].append(e) }
        return table.mapValues { Self.prices(of: $0) }
    }

    static func prices(of entries: [AIModelEntry]) -> Prices {
        var out: Prices = [:]
        for e in entries {
            guard let perUnit = e.pricePerUnit?.value else { continue }
            var gateway = e.gateway?.value.lowercased() ?? ""
            if gateway == "default" { gateway = "" }
            let pixels = e.pixelsPerUnit.flatMap { PriceText.decimal($0.value) }.map { $0.digits + String(repeating: "0", count: max($0.exponent, 0)) }
            let currency = e.currency.flatMap { $0.value.isEmpty ? nil : $0.value }
            out[gateway] = ImportedFleet.PriceRow(perUnit: perUnit, pixels: pixels, currency: currency)
        }
        return out
    }

    /// The catalogue model for an entry: same pipeline, model_id, prices, flags and runner share one.
    private mutating func catalogueName(for e: AIModelEntry, prices: Prices, node: String) -> String {
        let flags = e.isWarm && !e.isExternal ? e.optimizationFlags.sorted { $0.name < $1.name }.map { ($0.name, $0.value) } : []
        var external: ImportedFleet.External?
        if e.isExternal {
            external = ImportedFleet.External(url: e.url!.value, tokenVariable: nil, capacity: e.capacity?.value)
        }
        let identity = [
            e.pipelineName, e.modelIDName, "\(flags.map { "\($0.0)=\($0.1)" })",
            external.map { "\($0.url)|\($0.capacity ?? 0)" } ?? "", e.isExternal ? (e.token?.value ?? "") : "",
            "\(prices.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })",
        ].joined(separator: "\u{0}")
        if let name = modelNames[identity] { return name }
        var base = FleetImporter.specName(e.modelIDName.split(separator: "/").last.map(String.init) ?? "", fallback: "model")
        if base.count > 55 { base = String(base.prefix(55)) }
        var name = base
        var n = 2
        while takenNames.contains(name) { name = "\(base)-\(n)"; n += 1 }
        takenNames.insert(name)
        modelNames[identity] = name
        if let token = e.token, !token.value.isEmpty, e.isExternal {
            external?.tokenVariable = addTokenSecret(FleetImporter.variable(name, "TOKEN"), model: name, node: node)
        }
        var model = ImportedFleet.Model(name: name, pipeline: e.pipelineName, modelID: e.modelIDName, price: prices[""], gatewayPrices: [], flags: flags, external: external)
        model.gatewayPrices = prices.filter { !$0.key.isEmpty }.sorted { $0.key < $1.key }.map { (gateway: $0.key, price: $0.value) }
        fleet.models.append(model)
        return name
    }

    private mutating func addTokenSecret(_ variable: String, model: String, node: String) -> String {
        if !secrets.contains(where: { $0.variable == variable }) {
            secrets.append(ImportedSecret(variable: variable, purpose: "the external runner token of model '\(model)'; today the \"token\" in \(node)'s aiModels.json"))
        }
        return variable
    }
}
