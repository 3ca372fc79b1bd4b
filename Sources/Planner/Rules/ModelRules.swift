import Spec

extension Rule {
    /// Optimization flags go-livepeer passes to warm runners as env vars.
    static let optimizationFlags = Rule(
        ids: ["lpai.flags.sfast-deepcache", "lpai.flags.deepcache-lightning", "lpai.flags.cold-model", "lpai.flags.unknown", "lpai.flags.external"],
        summary: "optimization flags are known, compatible, and on warm managed models"
    ) { fleet in
        var out: [Diagnostic] = []
        for m in fleet.spec.models {
            func enabled(_ name: String) -> OptimizationFlag? {
                m.optimizationFlags.first { $0.name.value == name && $0.value.value != .bool(false) && $0.value.value != .string("false") }
            }
            if enabled("SFAST") != nil, let deep = enabled("DEEPCACHE") {
                out.append(.error("lpai.flags.sfast-deepcache", at: deep.name.location, "model '\(m.name.value)' enables both SFAST and DEEPCACHE; they are mutually exclusive (LIVEPEER.md). Keep one"))
            }
            let id = m.modelID.value.lowercased()
            if let deep = enabled("DEEPCACHE"), id.contains("lightning") || id.contains("turbo") {
                out.append(.error("lpai.flags.deepcache-lightning", at: deep.name.location, "DEEPCACHE must not be used with Lightning/Turbo models such as '\(m.modelID.value)' (LIVEPEER.md); remove it or use SFAST"))
            }
            for flag in m.optimizationFlags where !OptimizationFlags.known.contains(flag.name.value) {
                out.append(.warning(
                    "lpai.flags.unknown", at: flag.name.location,
                    "optimization flag '\(flag.name.value)' is not one go-livepeer's runners know\(Suggest.hint(for: flag.name.value, in: OptimizationFlags.known)); it is passed verbatim as an environment variable and likely ignored"
                ))
            }
            if m.external != nil, let flag = m.optimizationFlags.first {
                out.append(.warning("lpai.flags.external", at: flag.name.location, "model '\(m.name.value)' runs on an external runner, which lpai-apply does not start; its optimization flags have no effect"))
            }
        }
        for node in fleet.nodes where node.servesModels {
            for u in node.uses where u.isCold && !u.model.optimizationFlags.isEmpty {
                out.append(.warning(
                    "lpai.flags.cold-model", at: u.use.location,
                    "model '\(u.model.name.value)' is cold on '\(node.name.value)' but has optimization flags; go-livepeer applies them to warm containers only (LIVEPEER.md). Make it warm or drop the flags"
                ))
            }
        }
        return out
    }

    /// External runners: http(s) URLs that attach to a worker, never at the orchestrator itself.
    static let externalRunners = Rule(
        ids: ["lpai.external.url-scheme", "lpai.external.points-at-orchestrator", "lpai.external.warm"],
        summary: "external runner URLs are http(s) and do not point at an orchestrator"
    ) { fleet in
        var out: [Diagnostic] = []
        let orchestratorAddrs = Dictionary(
            fleet.spec.orchestrators.map { (RuleSupport.hostAndPort($0.serviceAddr.value), $0.name.value) }.map { ("\($0.0.host):\($0.0.port)", $0.1) },
            uniquingKeysWith: { a, _ in a }
        )
        for m in fleet.spec.models {
            guard let ext = m.external else { continue }
            let url = ext.url.value
            let lowered = url.lowercased()
            guard (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")), url.count > (lowered.hasPrefix("https") ? 8 : 7) else {
                out.append(.error("lpai.external.url-scheme", at: ext.url.location, "external runner url '\(url)' of model '\(m.name.value)' must be an http:// or https:// URL, such as http://127.0.0.1:9000"))
                continue
            }
            let target = RuleSupport.hostAndPort(url, defaultPort: lowered.hasPrefix("https") ? 443 : 80)
            if let orchestrator = orchestratorAddrs["\(target.host):\(target.port)"] {
                out.append(.error(
                    "lpai.external.points-at-orchestrator", at: ext.url.location,
                    "external runner url '\(url)' of model '\(m.name.value)' points at orchestrator '\(orchestrator)'; external runners attach to the worker and must be a runner's own address (LIVEPEER.md)"
                ))
            }
        }
        for node in fleet.nodes where node.servesModels {
            for u in node.uses where u.isExternal && u.use.warm != nil && u.use.warmCount > 0 {
                out.append(.warning(
                    "lpai.external.warm", at: u.use.warm!.location,
                    "'warm' has no effect on '\(u.model.name.value)', an external runner: go-livepeer starts no container for it and advertises its 'external.capacity' instead"
                ))
            }
        }
        return out
    }
}
