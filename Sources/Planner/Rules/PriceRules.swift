import Spec

extension Model {
    /// Every price of the model with its gateway key ("default" for the plain price).
    var allPrices: [(gateway: String, price: Price)] {
        (price.map { [("default", $0)] } ?? []) + gatewayPrices.map { ($0.gateway.value.lowercased(), $0.price) }
    }
}

extension Rule {
    /// Prices are non-negative numbers; pixels per unit a positive integer.
    static let prices = Rule(
        ids: ["lpai.price.negative", "lpai.price.pixels-per-unit", "lpai.price.duplicate-gateway"],
        summary: "prices are non-negative numbers, pixels_per_unit a positive integer"
    ) { fleet in
        var out: [Diagnostic] = []
        for m in fleet.spec.models {
            for (_, price) in m.allPrices {
                if JSONNumber.isNegative(price.perUnit.value) {
                    out.append(.error("lpai.price.negative", at: price.perUnit.location, "price per_unit \(price.perUnit.value) of model '\(m.name.value)' is negative; go-livepeer panics at startup on a negative price (LIVEPEER.md). Use 0 or more"))
                }
                if let pixels = price.pixelsPerUnit, pixels.value < 1 {
                    out.append(.error("lpai.price.pixels-per-unit", at: pixels.location, "pixels_per_unit of model '\(m.name.value)' is \(pixels.value); it must be a positive integer or go-livepeer panics at startup (LIVEPEER.md). Leave it out for the default of 1"))
                }
            }
            var seen: [String: SourceLocation] = [:]
            for gp in m.gatewayPrices {
                let key = gp.gateway.value.lowercased()
                if let first = seen[key] {
                    out.append(.error("lpai.price.duplicate-gateway", at: gp.gateway.location, "gateway '\(gp.gateway.value)' is priced twice for model '\(m.name.value)'; go-livepeer lowercases gateway keys, so these are the same gateway", notes: [.init("first priced here", at: first)]))
                } else {
                    seen[key] = gp.gateway.location
                }
            }
        }
        return out
    }

    /// Off-chain orchestrators have no price feed: only wei or eth are fixed prices.
    static let currency = Rule(
        ids: ["lpai.price.currency-offchain"],
        summary: "off-chain orchestrators price in wei or eth"
    ) { fleet in
        var out: [Diagnostic] = []
        var reported = Set<SourceLocation>()
        for o in fleet.spec.orchestrators where o.onchain == nil {
            for (_, u) in fleet.servedUses(by: o.name.value) {
                for (_, price) in u.model.allPrices {
                    guard let currency = price.currency, !["", "wei", "eth"].contains(currency.value.lowercased()) else { continue }
                    guard reported.insert(currency.location).inserted else { continue }
                    out.append(.error(
                        "lpai.price.currency-offchain", at: currency.location,
                        "currency '\(currency.value)' of model '\(u.model.name.value)' needs the on-chain price feed, but orchestrator '\(o.name.value)' runs off-chain; price it in wei or eth, or give '\(o.name.value)' an 'onchain' section (LIVEPEER.md)"
                    ))
                }
            }
        }
        return out
    }

    /// The orchestrator quotes only models it has a price for, per gateway key.
    static let orchestratorPrices = Rule(
        ids: ["lpai.price.missing", "lpai.price.missing-gateway", "lpai.combined.gateway-prices", "lpai.price.conflict"],
        summary: "every model behind an orchestrator has a price, for every gateway key it prices"
    ) { fleet in
        var out: [Diagnostic] = []
        for o in fleet.spec.orchestrators {
            let served = fleet.servedUses(by: o.name.value)
            var models: [String: Model] = [:]
            for (_, u) in served { models[u.model.name.value] = u.model }
            let gatewayKeys = Set(models.values.flatMap { $0.gatewayPrices.map { $0.gateway.value.lowercased() } })
            // One price list entry per (pipeline, model_id, gateway): two catalogue models with the
            // same pair but different prices would leave one price silently unused.
            var byKey: [String: Model] = [:]
            for model in models.values.sorted(by: { $0.name.location < $1.name.location }) {
                let key = "\(model.pipeline.value) \(model.modelID.value)"
                guard let first = byKey[key] else { byKey[key] = model; continue }
                let prices = { (m: Model) in m.allPrices.map { "\($0.gateway) \($0.price.perUnit.value) \($0.price.pixelsPerUnit?.value ?? 1) \($0.price.currency?.value.lowercased() ?? "wei")" }.sorted() }
                if prices(first) != prices(model) {
                    out.append(.error(
                        "lpai.price.conflict", at: model.name.location,
                        "models '\(first.name.value)' and '\(model.name.value)' are both \(model.pipeline.value) '\(model.modelID.value)' behind orchestrator '\(o.name.value)' but priced differently; go-livepeer keeps one price per pipeline and model_id, so one would be ignored. Give them the same prices",
                        notes: [.init("'\(first.name.value)' is defined here", at: first.name.location)]
                    ))
                }
            }
            for model in models.values.sorted(by: { $0.name.value < $1.name.value }) {
                let priced = Set(model.allPrices.map(\.gateway))
                if model.price == nil {
                    out.append(.error(
                        "lpai.price.missing", at: model.name.location,
                        "model '\(model.name.value)' is served behind orchestrator '\(o.name.value)' but has no 'price'; without one it adds nothing to the orchestrator's quote (LIVEPEER.md). Add price: {per_unit: N, currency: wei}"
                    ))
                }
                for key in gatewayKeys.subtracting(priced).sorted() {
                    out.append(.error(
                        "lpai.price.missing-gateway", at: model.name.location,
                        "model '\(model.name.value)' has no price for gateway \(key), which other models behind orchestrator '\(o.name.value)' price; that gateway gets no quote for it (LIVEPEER.md: the price list must cover every model for every gateway key). Add gateway_prices.\(key)"
                    ))
                }
                if o.mode.value == .combined, let first = model.gatewayPrices.first {
                    out.append(.error(
                        "lpai.combined.gateway-prices", at: first.gateway.location,
                        "model '\(model.name.value)' has per-gateway prices on combined orchestrator '\(o.name.value)'; on a combined node every price entry is also a worker entry, so each adds capacity and starts another warm container (LIVEPEER.md). Use a split orchestrator for per-gateway prices"
                    ))
                }
            }
        }
        return out
    }

    /// On-chain orchestrators need -pricePerUnit or go-livepeer panics.
    static let onChain = Rule(
        ids: ["lpai.onchain.price-per-unit", "lpai.onchain.eth", "lpai.price.negative"],
        summary: "on-chain orchestrators set pricePerUnit and their eth flags"
    ) { fleet in
        var out: [Diagnostic] = []
        for o in fleet.spec.orchestrators {
            guard let chain = o.onchain else { continue }
            if chain.pricePerUnit == nil {
                out.append(.error(
                    "lpai.onchain.price-per-unit", at: chain.location,
                    "orchestrator '\(o.name.value)' runs on \(chain.network.value) without 'pricePerUnit'; go-livepeer panics at startup without -pricePerUnit on-chain (LIVEPEER.md). Add pricePerUnit: N"
                ))
            } else if let p = chain.pricePerUnit, JSONNumber.isNegative(p.value) {
                out.append(.error("lpai.price.negative", at: p.location, "pricePerUnit \(p.value) is negative; use 0 or more"))
            }
            if chain.ethUrl == nil || chain.ethAcctAddr == nil || chain.ethPassword == nil {
                let missing = [("ethUrl", chain.ethUrl == nil), ("ethAcctAddr", chain.ethAcctAddr == nil), ("ethPassword", chain.ethPassword == nil)].filter(\.1).map(\.0)
                out.append(.error(
                    "lpai.onchain.eth", at: chain.location,
                    "orchestrator '\(o.name.value)' runs on \(chain.network.value) but lacks \(missing.joined(separator: ", ")); an on-chain orchestrator needs the eth flags (LIVEPEER.md)"
                ))
            }
        }
        return out
    }
}
