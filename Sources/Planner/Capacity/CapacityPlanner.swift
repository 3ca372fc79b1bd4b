public import Spec

/// Computes what each node advertises and how the fleet meets its requirements.
public enum CapacityPlanner {
    /// What one model use advertises: managed entries advertise 1 each (a managed `capacity: N`
    /// is ignored, go-livepeer issue #3627), so N warm containers are N entries; an external
    /// runner advertises its capacity (LIVEPEER.md "Capacity").
    static func advertised(_ use: ResolvedUse) -> Int {
        if let external = use.model.external { return external.capacity?.value ?? 1 }
        return max(use.warm, 1)
    }

    public static func report(_ fleet: FleetIndex) -> (CapacityReport, [Diagnostic]) {
        var nodes: [NodeCapacity] = []
        var perOrchestrator: [String: [ModelKey: OrchestratorCapacity.Entry]] = [:]
        for node in fleet.nodes where node.servesModels {
            let placement = node.placement
            let gpus = node.gpus.enumerated().map { index, gpu in
                NodeCapacity.GPUUse(
                    id: gpu.id.value, name: gpu.name?.value, slots: node.containersPerGPU,
                    slotsUsed: placement.uses(onGPU: index).count, vramTotal: gpu.vram?.value, vramUsed: placement.vramUsed(onGPU: index)
                )
            }
            var entries: [NodeCapacity.Entry] = []
            let orchestrator = node.role == .combined ? node.name.value : node.orchestrator
            for use in node.uses {
                let kind = use.isExternal ? "external" : use.isCold ? "cold" : "warm"
                let entry = NodeCapacity.Entry(
                    model: use.model.name.value, pipeline: use.model.pipeline.value, modelID: use.model.modelID.value,
                    kind: kind, warmContainers: use.warm, advertised: advertised(use)
                )
                entries.append(entry)
                if let orchestrator {
                    let key = ModelKey(pipeline: entry.pipeline, modelID: entry.modelID)
                    var total = perOrchestrator[orchestrator, default: [:]][key]
                        ?? OrchestratorCapacity.Entry(pipeline: key.pipeline, modelID: key.modelID, advertised: 0, warmContainers: 0, nodes: 0)
                    total.advertised += entry.advertised
                    total.warmContainers += entry.warmContainers
                    total.nodes += 1
                    perOrchestrator[orchestrator, default: [:]][key] = total
                }
            }
            nodes.append(NodeCapacity(
                node: node.name.value, role: node.role, orchestrator: node.orchestrator, slots: node.gpuSlots,
                slotsUsed: placement.usedSlots, gpus: gpus, models: entries
            ))
        }
        let orchestrators = fleet.spec.orchestrators.map(\.name.value).sorted().map { name in
            OrchestratorCapacity(
                orchestrator: name,
                models: (perOrchestrator[name] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            )
        }
        var diagnostics: [Diagnostic] = []
        var statuses: [RequirementStatus] = []
        for requirement in fleet.spec.requirements {
            // Unknown names are reported by the references rule; a shortfall on top would be noise.
            guard let model = fleet.models[requirement.model.value] else { continue }
            if let o = requirement.orchestrator, fleet.orchestrators[o.value] == nil { continue }
            let key = ModelKey(pipeline: model.pipeline.value, modelID: model.modelID.value)
            let scope = requirement.orchestrator.map { [$0.value] } ?? orchestrators.map(\.orchestrator)
            let offered = scope.reduce(0) { $0 + (perOrchestrator[$1]?[key]?.advertised ?? 0) }
            let status = RequirementStatus(
                model: model.name.value, pipeline: key.pipeline, modelID: key.modelID, orchestrator: requirement.orchestrator?.value,
                required: requirement.capacity.value, offered: offered, met: offered >= requirement.capacity.value
            )
            statuses.append(status)
            if !status.met {
                let scopeText = requirement.orchestrator.map { "orchestrator '\($0.value)'" } ?? "the fleet"
                diagnostics.append(.error(
                    "lpai.capacity.requirement-short", at: requirement.capacity.location,
                    "\(scopeText) offers \(offered) of the \(requirement.capacity.value) concurrent \(key.pipeline) requests required for '\(model.name.value)' (\(key.modelID)); add warm containers ('warm: N' advertises N) or external runner capacity"
                ))
            }
        }
        return (CapacityReport(nodes: nodes, orchestrators: orchestrators, requirements: statuses), diagnostics)
    }
}
