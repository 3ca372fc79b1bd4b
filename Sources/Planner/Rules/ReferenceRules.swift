import Spec

extension Rule {
    /// Every name a node, use or requirement refers to exists.
    static let references = Rule(
        ids: ["lpai.ref.unknown-host", "lpai.ref.unknown-orchestrator", "lpai.ref.unknown-model"],
        summary: "hosts, orchestrators and models named anywhere are defined"
    ) { fleet in
        var out: [Diagnostic] = []
        let spec = fleet.spec
        var hints = ReferenceHints()
        func unknown(_ id: String, _ kind: String, _ name: Located<String>, _ candidates: Suggest.Candidates, _ fix: String) {
            out.append(.error(id, at: name.location, "\(kind) '\(name.value)' is not defined\(hints.hint(for: name.value, kind: kind, in: candidates)); \(fix)"))
        }
        let hostNames = Suggest.Candidates(spec.hosts.map(\.name.value))
        let modelNames = Suggest.Candidates(spec.models.map(\.name.value))
        let orchestratorNames = Suggest.Candidates(spec.orchestrators.map(\.name.value))
        for o in spec.orchestrators where fleet.hosts[o.host.value] == nil {
            unknown("lpai.ref.unknown-host", "host", o.host, hostNames, "add it under 'hosts'")
        }
        for w in spec.workers {
            if fleet.hosts[w.host.value] == nil { unknown("lpai.ref.unknown-host", "host", w.host, hostNames, "add it under 'hosts'") }
            if fleet.orchestrators[w.orchestrator.value] == nil {
                unknown("lpai.ref.unknown-orchestrator", "orchestrator", w.orchestrator, orchestratorNames, "a worker must register with an orchestrator defined under 'orchestrators'")
            }
        }
        for use in spec.orchestrators.flatMap(\.models) + spec.workers.flatMap(\.models) where fleet.models[use.model.value] == nil {
            unknown("lpai.ref.unknown-model", "model", use.model, modelNames, "add it to the 'models' catalogue")
        }
        for r in spec.requirements {
            if fleet.models[r.model.value] == nil { unknown("lpai.ref.unknown-model", "model", r.model, modelNames, "add it to the 'models' catalogue") }
            if let o = r.orchestrator, fleet.orchestrators[o.value] == nil {
                unknown("lpai.ref.unknown-orchestrator", "orchestrator", o, orchestratorNames, "name an orchestrator defined under 'orchestrators'")
            }
        }
        return out
    }

    /// Node names are container and folder names: an orchestrator and a worker cannot share one.
    static let duplicateNames = Rule(
        ids: ["lpai.name.duplicate"],
        summary: "node names are unique across orchestrators and workers"
    ) { fleet in
        let orchestrators = Dictionary(fleet.spec.orchestrators.map { ($0.name.value, $0.name.location) }, uniquingKeysWith: { a, _ in a })
        return fleet.spec.workers.compactMap { w in
            orchestrators[w.name.value].map {
                .error(
                    "lpai.name.duplicate", at: w.name.location,
                    "worker '\(w.name.value)' has the name of an orchestrator; node names become container and folder names, so rename one",
                    notes: [.init("orchestrator defined here", at: $0)]
                )
            }
        }
    }

    /// Workers and orchestrators that serve nothing are likely mistakes.
    static let emptyNodes = Rule(
        ids: ["lpai.node.no-models", "lpai.node.no-gpus", "lpai.orchestrator.no-workers"],
        summary: "workers serve models on GPUs; split orchestrators have workers"
    ) { fleet in
        var out: [Diagnostic] = []
        for node in fleet.nodes where node.servesModels {
            let spelled = node.role == .worker ? "worker" : "combined orchestrator"
            if node.uses.isEmpty {
                out.append(.warning("lpai.node.no-models", at: node.name.location, "\(spelled) '\(node.name.value)' serves no model; add entries under its 'models' or remove it"))
            }
            if node.gpus.isEmpty, node.uses.contains(where: { !$0.isExternal }) {
                out.append(.error("lpai.node.no-gpus", at: node.name.location, "\(spelled) '\(node.name.value)' runs managed models but lists no 'gpus'; go-livepeer needs -nvidia with at least one GPU id to start runner containers"))
            }
        }
        for o in fleet.spec.orchestrators where o.mode.value == .split && (fleet.workersByOrchestrator[o.name.value] ?? []).isEmpty {
            out.append(.warning("lpai.orchestrator.no-workers", at: o.name.location, "split orchestrator '\(o.name.value)' has no worker attached, so it offers no AI capacity; attach a worker or make it 'mode: combined'"))
        }
        return out
    }
}

/// Did-you-mean hints for unknown references, bounded: every unknown name is compared with
/// every defined one, so a systematic mismatch (5,000 workers naming hosts that are spelt
/// another way) made validation quadratic — minutes for a 5,000-worker fleet. Each name is
/// looked up once, and only the first `limit` distinct names of a kind get a hint; the rest
/// are still reported, without one.
struct ReferenceHints {
    static let limit = 100
    private var known: [String: String] = [:]
    private var looked: [String: Int] = [:]

    mutating func hint(for name: String, kind: String, in candidates: Suggest.Candidates) -> String {
        let key = kind + "\u{0}" + name
        if let hint = known[key] { return hint }
        guard looked[kind, default: 0] < Self.limit else { return "" }
        looked[kind, default: 0] += 1
        let hint = candidates.hint(for: name)
        known[key] = hint
        return hint
    }
}
