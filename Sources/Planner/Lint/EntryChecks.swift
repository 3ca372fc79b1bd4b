import Spec

/// Checks of one aiModels.json entry against what go-livepeer does with it in a given role.
enum EntryChecks {
    static func check(_ e: AIModelEntry, role: NodeRole) -> [Diagnostic] {
        var out = identity(e, role: role)
        switch role {
        case .orchestrator:
            if let url = e.keys["url"] {
                out.append(.warning("lpai.lint.external-on-orchestrator", at: url, "a split orchestrator ignores 'url': external runners attach to the worker (LIVEPEER.md); move this entry to the worker's aiModels.json"))
            }
            for key in ["warm", "capacity", "optimization_flags", "token"] {
                guard let at = e.keys[key] else { continue }
                out.append(.warning("lpai.lint.ignored-on-orchestrator", at: at, "a split orchestrator reads only pipeline, model_id and prices; it ignores '\(key)' (a worker reads it). Remove it here or pass --role combined if this node runs -orchestrator -aiWorker"))
            }
            out += prices(e)
        case .worker:
            for key in AIModelFields.price {
                guard let at = e.keys[key] else { continue }
                out.append(.warning("lpai.lint.ignored-on-worker", at: at, "a remote worker ignores '\(key)': prices are set in its orchestrator's aiModels.json. Move it there"))
            }
            out += workerFields(e)
        case .combined:
            out += prices(e) + workerFields(e)
        }
        return out
    }

    private static func identity(_ e: AIModelEntry, role: NodeRole) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let p = e.pipeline, !p.value.isEmpty {
            if !Pipelines.isKnown(p.value) {
                out.append(.error("lpai.lint.pipeline-unknown", at: p.location, "unknown pipeline '\(p.value)'\(Suggest.hint(for: p.value, in: Pipelines.all)): go-livepeer panics at startup on any pipeline but: \(Pipelines.all.joined(separator: ", "))"))
            } else if role == .worker, Pipelines.liveOnly.contains(p.value) {
                out.append(.error("lpai.lint.live-on-worker", at: p.location, "a remote worker runs only the batch pipelines: live-video-to-video needs a combined node (-orchestrator -aiWorker) (LIVEPEER.md); serve it there"))
            }
        } else if e.pipeline != nil || e.keys["pipeline"] == nil {
            out.append(.error("lpai.lint.pipeline-unknown", at: e.pipeline?.location ?? e.location, "entry \(e.index + 1) has no pipeline: go-livepeer panics at startup (unknown pipeline \"\"); add \"pipeline\": \"text-to-image\" (or another of: \(Pipelines.all.joined(separator: ", ")))"))
        }
        if e.modelIDName.isEmpty, e.modelID != nil || e.keys["model_id"] == nil {
            out.append(.error("lpai.lint.model-id-missing", at: e.modelID?.location ?? e.location, "entry \(e.index + 1) has no model_id: go-livepeer matches models by model_id everywhere (pricing, capacity, runner container); add \"model_id\": \"ORG/MODEL\""))
        }
        return out
    }

    private static func prices(_ e: AIModelEntry) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let price = e.pricePerUnit, let value = PriceText.decimal(price.value), value.negative {
            out.append(.error("lpai.lint.price-negative", at: price.location, "price_per_unit \(price.value) is negative: go-livepeer panics at startup; use 0 or more"))
        }
        if let pixels = e.pixelsPerUnit, let value = PriceText.decimal(pixels.value), value.negative || value.isZero || !value.isInteger {
            out.append(.error("lpai.lint.pixels-per-unit", at: pixels.location, "pixels_per_unit \(pixels.value) is not a positive integer: go-livepeer panics at startup; use 1 (the default) or another whole number above 0"))
        }
        if let currency = e.currency, !["", "wei", "eth"].contains(currency.value.lowercased()) {
            out.append(.warning("lpai.lint.currency", at: currency.location, "currency '\(currency.value)' is not a fixed price: go-livepeer converts it with the on-chain price feed, which an off-chain node does not have; price it in wei or eth unless the node runs on-chain"))
        }
        if e.keys["price_per_unit"] == nil {
            out.append(.warning("lpai.lint.price-missing", at: e.location, "entry \(e.index + 1) (\(e.label)) has no price_per_unit: the orchestrator has no price for it, so it adds nothing to the quote (LIVEPEER.md); add \"price_per_unit\": N (wei)"))
        }
        return out
    }

    private static func workerFields(_ e: AIModelEntry) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let capacity = e.capacity {
            if capacity.value < 1 {
                out.append(.warning("lpai.lint.capacity-value", at: capacity.location, "capacity \(capacity.value) is below 1; leave it out (1) or give a positive count"))
            } else if !e.isExternal {
                let started = e.isWarm ? "starts \(capacity.value) warm container\(capacity.value == 1 ? "" : "s") for it but " : ""
                out.append(.warning(
                    "lpai.lint.capacity-managed", at: capacity.location,
                    "go-livepeer v0.9.1 \(started)advertises capacity 1 for a managed entry whatever 'capacity' says (issue #3627); to serve \(capacity.value) requests at once write \(capacity.value) identical entries without 'capacity'"
                ))
            }
        }
        if let url = e.url, !url.value.isEmpty {
            let lowered = url.value.lowercased()
            if !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) {
                out.append(.error("lpai.lint.url-scheme", at: url.location, "external runner url '\(url.value)' is not an http:// or https:// URL: the worker cannot reach /health and exits 2 minutes after start; write it as http://HOST:PORT"))
            }
        } else if let token = e.keys["token"] {
            out.append(.warning("lpai.lint.token-without-url", at: token, "'token' is used only with 'url' (an external runner); go-livepeer ignores it on a managed entry"))
        }
        out += flags(e)
        return out
    }

    private static func flags(_ e: AIModelEntry) -> [Diagnostic] {
        guard !e.optimizationFlags.isEmpty, let at = e.keys["optimization_flags"] else { return [] }
        var out: [Diagnostic] = []
        if e.isExternal {
            out.append(.warning("lpai.lint.flags-external", at: at, "optimization_flags have no effect on an external runner: go-livepeer starts no container for it. Remove them"))
        } else if !e.isWarm {
            out.append(.warning("lpai.lint.flags-cold", at: at, "optimization_flags are applied to warm containers only (LIVEPEER.md): go-livepeer ignores them on this cold entry. Set \"warm\": true or remove them"))
        }
        func enabled(_ name: String) -> AIModelEntry.Flag? {
            e.optimizationFlags.first { $0.name == name && $0.value != .bool(false) && $0.value != .string("false") }
        }
        if enabled("SFAST") != nil, let deep = enabled("DEEPCACHE") {
            out.append(.error("lpai.lint.flags-sfast-deepcache", at: deep.location, "SFAST and DEEPCACHE are mutually exclusive (LIVEPEER.md); keep one"))
        }
        let id = e.modelIDName.lowercased()
        if let deep = enabled("DEEPCACHE"), id.contains("lightning") || id.contains("turbo") {
            out.append(.error("lpai.lint.flags-deepcache-lightning", at: deep.location, "DEEPCACHE must not be used with Lightning/Turbo models such as '\(e.modelIDName)' (LIVEPEER.md); remove it or use SFAST"))
        }
        for flag in e.optimizationFlags where !OptimizationFlags.known.contains(flag.name) {
            out.append(.warning("lpai.lint.flags-unknown", at: flag.location, "optimization flag '\(flag.name)' is not one go-livepeer's runners know\(Suggest.hint(for: flag.name, in: OptimizationFlags.known)); it is passed verbatim as an environment variable and likely ignored"))
        }
        return out
    }
}
