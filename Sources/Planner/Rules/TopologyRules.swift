import Spec

extension Rule {
    /// Pipelines go-livepeer accepts; live-video-to-video only on combined nodes.
    static let pipelines = Rule(
        ids: ["lpai.pipeline.unknown", "lpai.pipeline.live-on-remote-worker"],
        summary: "pipelines are ones go-livepeer knows; live-video-to-video runs only on a combined node"
    ) { fleet in
        var out: [Diagnostic] = []
        for m in fleet.spec.models where !Pipelines.isKnown(m.pipeline.value) {
            out.append(.error(
                "lpai.pipeline.unknown", at: m.pipeline.location,
                "unknown pipeline '\(m.pipeline.value)'\(Suggest.hint(for: m.pipeline.value, in: Pipelines.all)); go-livepeer panics at startup on any pipeline but: \(Pipelines.all.joined(separator: ", "))"
            ))
        }
        for node in fleet.nodes where node.role == .worker {
            for u in node.uses where Pipelines.liveOnly.contains(u.model.pipeline.value) {
                out.append(.error(
                    "lpai.pipeline.live-on-remote-worker", at: u.use.model.location,
                    "worker '\(node.name.value)' serves '\(u.model.name.value)', a \(u.model.pipeline.value) model; remote workers run only the nine batch pipelines, so serve it from a 'mode: combined' orchestrator (LIVEPEER.md)"
                ))
            }
        }
        return out
    }

    /// Remote workers attach only to split orchestrators; only combined ones serve models themselves.
    static let topology = Rule(
        ids: ["lpai.topology.worker-on-combined", "lpai.topology.split-serves-models"],
        summary: "remote workers attach to split orchestrators; only combined orchestrators list GPUs and models"
    ) { fleet in
        var out: [Diagnostic] = []
        for w in fleet.spec.workers {
            guard let o = fleet.orchestrators[w.orchestrator.value], o.mode.value == .combined else { continue }
            out.append(.error(
                "lpai.topology.worker-on-combined", at: w.orchestrator.location,
                "worker '\(w.name.value)' registers with '\(o.name.value)', a combined orchestrator; a combined node (-orchestrator -aiWorker) does not run the worker registration service, so the worker can never attach (LIVEPEER.md). Make '\(o.name.value)' 'mode: split' or point the worker at a split orchestrator",
                notes: [.init("'\(o.name.value)' is combined here", at: o.mode.location)]
            ))
        }
        for o in fleet.spec.orchestrators where o.mode.value == .split {
            let misplaced = [("gpus", !o.gpus.isEmpty), ("models", !o.models.isEmpty), ("containersPerGPU", o.containersPerGPU != nil), ("runnerImages", !o.runnerImages.isEmpty)]
                .filter(\.1).map(\.0)
            guard !misplaced.isEmpty else { continue }
            out.append(.error(
                "lpai.topology.split-serves-models", at: o.name.location,
                "split orchestrator '\(o.name.value)' sets \(misplaced.joined(separator: ", ")), which only a node that serves models uses; move them to a worker, or set 'mode: combined'"
            ))
        }
        return out
    }

    /// A (pipeline, model_id) may not be both warm and cold on one node: go-livepeer panics
    /// ("Cannot have same model_id as cold and warm in same AI worker"). External runners are
    /// rendered warm, so they count as warm.
    static let warmAndCold = Rule(
        ids: ["lpai.models.warm-and-cold", "lpai.models.repeated"],
        summary: "a model_id is not both warm and cold on one node"
    ) { fleet in
        var out: [Diagnostic] = []
        for node in fleet.nodes where node.servesModels {
            var firstWarm: [String: ResolvedUse] = [:]
            var firstCold: [String: ResolvedUse] = [:]
            var seenNames: [String: SourceLocation] = [:]
            var reported = Set<String>()
            for u in node.uses {
                if let first = seenNames[u.model.name.value] {
                    out.append(.error(
                        "lpai.models.repeated", at: u.use.location,
                        "\(node.role == .worker ? "worker" : "orchestrator") '\(node.name.value)' lists model '\(u.model.name.value)' twice; list it once with 'warm: N' for N warm containers",
                        notes: [.init("first listed here", at: first)]
                    ))
                    continue
                }
                seenNames[u.model.name.value] = u.use.location
                let key = "\(u.model.pipeline.value) \(u.model.modelID.value)"
                if u.isCold { firstCold[key] = firstCold[key] ?? u } else { firstWarm[key] = firstWarm[key] ?? u }
                guard let warm = firstWarm[key], let cold = firstCold[key], reported.insert(key).inserted else { continue }
                let (earlier, later) = warm.use.location < cold.use.location ? (warm, cold) : (cold, warm)
                out.append(.error(
                    "lpai.models.warm-and-cold", at: later.use.location,
                    "\(u.model.pipeline.value) model_id '\(u.model.modelID.value)' is both warm and cold on '\(node.name.value)'; go-livepeer panics at startup when one model_id is warm and cold on one worker (LIVEPEER.md). Make both warm or both cold",
                    notes: [.init("the other use is here", at: earlier.use.location)]
                ))
            }
        }
        return out
    }

    /// serviceAddr is host:port; two orchestrators cannot advertise the same address.
    static let serviceAddresses = Rule(
        ids: ["lpai.orchestrator.service-addr"],
        summary: "serviceAddr is a host:port, and no two orchestrators advertise the same one"
    ) { fleet in
        var out: [Diagnostic] = []
        for o in fleet.spec.orchestrators where !RuleSupport.isHostPort(o.serviceAddr.value) {
            out.append(.error(
                "lpai.orchestrator.service-addr", at: o.serviceAddr.location,
                "serviceAddr '\(o.serviceAddr.value)' must be host:port, such as orch.example.com:8935 (no scheme, no path)"
            ))
        }
        var advertised: [String: Orchestrator] = [:]
        for o in fleet.spec.orchestrators {
            let key = RuleSupport.hostAndPort(o.serviceAddr.value)
            if let first = advertised["\(key.host):\(key.port)"] {
                out.append(.error(
                    "lpai.orchestrator.service-addr", at: o.serviceAddr.location,
                    "orchestrators '\(first.name.value)' and '\(o.name.value)' advertise the same serviceAddr \(o.serviceAddr.value); workers and gateways could not tell them apart. Give each its own address",
                    notes: [.init("'\(first.name.value)' advertises it here", at: first.serviceAddr.location)]
                ))
            } else {
                advertised["\(key.host):\(key.port)"] = o
            }
        }
        for w in fleet.spec.workers {
            if let addr = w.serviceAddr, !RuleSupport.isHostPort(addr.value) {
                out.append(.error("lpai.orchestrator.service-addr", at: addr.location, "serviceAddr '\(addr.value)' must be host:port, such as gpu-box-1.example:8936"))
            }
        }
        return out
    }
}
