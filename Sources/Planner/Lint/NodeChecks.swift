import Spec

/// Checks across a node's entries: warm/cold clashes, capacities that add up, prices that
/// collide, and warm containers against the GPU slots.
enum NodeChecks {
    static func check(_ entries: [AIModelEntry], role: NodeRole, options: AIModelsLint.Options) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if role != .orchestrator {
            out += warmAndCold(entries) + capacityAdds(entries) + slots(entries, options: options)
        }
        if role != .worker { out += priceDuplicates(entries) }
        if role == .combined {
            for e in entries {
                guard let gateway = e.gateway, !gateway.value.isEmpty, gateway.value.lowercased() != "default" else { continue }
                out.append(.warning(
                    "lpai.lint.combined-gateway", at: gateway.location,
                    "on a combined node every price entry is also a worker entry (LIVEPEER.md): this per-gateway price adds capacity\(e.isWarm ? " and starts another warm container" : ""). Price per gateway only on a split orchestrator"
                ))
            }
        }
        return out
    }

    private static func key(_ e: AIModelEntry) -> String { "\(e.pipelineName)\u{0}\(e.modelIDName)" }

    private static func warmAndCold(_ entries: [AIModelEntry]) -> [Diagnostic] {
        var first: [String: AIModelEntry] = [:]
        var out: [Diagnostic] = []
        var reported = Set<String>()
        for e in entries where !e.modelIDName.isEmpty {
            let warm = e.isWarm || e.isExternal
            guard let earlier = first[key(e)] else { first[key(e)] = e; continue }
            guard (earlier.isWarm || earlier.isExternal) != warm, reported.insert(key(e)).inserted else { continue }
            out.append(.error(
                "lpai.lint.warm-and-cold", at: e.warm?.location ?? e.location,
                "\(e.label) is \(warm ? "warm" : "cold") here but \(warm ? "cold" : "warm") in entry \(earlier.index + 1): go-livepeer panics at startup when one model is both warm and cold on a node (external runners count as warm); make every entry of it the same",
                notes: [.init("entry \(earlier.index + 1) here", at: earlier.location)]
            ))
        }
        return out
    }

    private static func capacityAdds(_ entries: [AIModelEntry]) -> [Diagnostic] {
        var groups: [String: [AIModelEntry]] = [:]
        var order: [String] = []
        for e in entries where !e.modelIDName.isEmpty {
            let k = "\(key(e))\u{0}\(e.isWarm)"
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(e)
        }
        return order.compactMap { k in
            let group = groups[k]!
            guard group.count > 1 else { return nil }
            let advertised = group.reduce(0) { $0 + $1.advertisedCapacity }
            let containers = group.reduce(0) { $0 + $1.containersAtBoot }
            return Diagnostic(
                id: "lpai.lint.capacity-adds", severity: .note, location: group[1].location,
                message: "\(group.count) entries for \(group[0].label) with \"warm\": \(group[0].isWarm) add their capacities: go-livepeer advertises \(advertised) and starts \(containers) container\(containers == 1 ? "" : "s") for them at boot",
                notes: [.init("first entry here", at: group[0].location)]
            )
        }
    }

    private static func slots(_ entries: [AIModelEntry], options: AIModelsLint.Options) -> [Diagnostic] {
        guard let gpus = options.gpus else { return [] }
        let slots = gpus.count * options.containersPerGPU
        let total = entries.reduce(0) { $0 + $1.containersAtBoot }
        var running = 0
        for e in entries {
            running += e.containersAtBoot
            guard running > slots else { continue }
            return [.error(
                "lpai.lint.gpu-slots", at: e.location,
                "\(total) warm container\(total == 1 ? "" : "s") for \(slots) GPU slot\(slots == 1 ? "" : "s") (\(gpus.count) GPU\(gpus.count == 1 ? "" : "s") × \(options.containersPerGPU) per GPU): go-livepeer exits at boot with \"insufficient capacity\"; from this entry on there is no slot. Make entries cold, add GPUs to -nvidia, or raise -aiRunnerContainersPerGPU if they fit in VRAM"
            )]
        }
        return []
    }

    private static func priceDuplicates(_ entries: [AIModelEntry]) -> [Diagnostic] {
        var first: [String: AIModelEntry] = [:]
        var out: [Diagnostic] = []
        for e in entries where e.pricePerUnit != nil {
            var gateway = e.gateway?.value.lowercased() ?? ""
            if gateway.isEmpty { gateway = "default" }
            let k = "\(key(e))\u{0}\(gateway)"
            guard let earlier = first[k] else { first[k] = e; continue }
            guard earlier.pricePerUnit?.value != e.pricePerUnit?.value || earlier.currency?.value != e.currency?.value || earlier.pixelsPerUnit?.value != e.pixelsPerUnit?.value else { continue }
            out.append(.warning(
                "lpai.lint.price-duplicate", at: e.pricePerUnit?.location ?? e.location,
                "\(e.label) is priced twice for gateway '\(gateway)' with different prices: go-livepeer keeps one price per (pipeline, model_id, gateway). Keep one entry",
                notes: [.init("the other price", at: earlier.pricePerUnit?.location ?? earlier.location)]
            ))
        }
        return out
    }
}
