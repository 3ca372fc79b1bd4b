import Spec

extension Rule {
    /// GPU ids are single digits (they form runner ports) and unique on a node.
    static let gpuIDs = Rule(
        ids: ["lpai.gpu.id-range", "lpai.gpu.id-duplicate"],
        summary: "GPU ids are 0–9 and not repeated on a node"
    ) { fleet in
        var out: [Diagnostic] = []
        for node in fleet.nodes {
            var seen: [Int: SourceLocation] = [:]
            for gpu in node.gpus {
                if !(0...9).contains(gpu.id.value) {
                    out.append(.error(
                        "lpai.gpu.id-range", at: gpu.id.location,
                        "GPU id \(gpu.id.value) on '\(node.name.value)' is outside 0–9; go-livepeer builds runner ports from the id (t2i on GPU 0 is 127.0.0.1:8000), so id 10 gives a 5-digit port (LIVEPEER.md)"
                    ))
                }
                if let first = seen[gpu.id.value] {
                    out.append(.error("lpai.gpu.id-duplicate", at: gpu.id.location, "GPU id \(gpu.id.value) is listed twice on '\(node.name.value)'; list each GPU once", notes: [.init("first listed here", at: first)]))
                } else {
                    seen[gpu.id.value] = gpu.id.location
                }
            }
        }
        return out
    }

    /// Warm containers fit the GPU slots; cold models can still find a slot.
    static let gpuSlots = Rule(
        ids: ["lpai.gpu.slots-exceeded", "lpai.gpu.cold-no-slot"],
        summary: "warm containers fit in GPUs × containersPerGPU; cold models have a slot left"
    ) { fleet in
        var out: [Diagnostic] = []
        for node in fleet.nodes where node.servesModels && !node.gpus.isEmpty {
            let placement = node.placement
            if let first = placement.unplaced.first {
                out.append(.error(
                    "lpai.gpu.slots-exceeded", at: first.use.location,
                    "'\(node.name.value)' has \(node.warmContainers) warm containers but \(node.gpuSlots) GPU slots (\(node.gpus.count) GPUs × \(node.containersPerGPU) per GPU); go-livepeer exits at boot with \"insufficient capacity\" (LIVEPEER.md). Lower 'warm', add GPUs or raise containersPerGPU"
                ))
            } else if placement.freeSlots == 0, let cold = node.uses.first(where: \.isCold) {
                out.append(.warning(
                    "lpai.gpu.cold-no-slot", at: cold.use.location,
                    "cold model '\(cold.model.name.value)' on '\(node.name.value)' can never start: warm containers hold every GPU slot for good, and a cold model only takes a free slot or evicts an idle cold one (LIVEPEER.md). Free a slot or drop the model"
                ))
            }
        }
        return out
    }

    /// The models sharing a GPU fit in its memory (go-livepeer does no VRAM accounting).
    static let vram = Rule(
        ids: ["lpai.gpu.vram-exceeded", "lpai.gpu.vram-too-small"],
        summary: "models sharing a GPU fit in its VRAM, when both are known"
    ) { fleet in
        var out: [Diagnostic] = []
        for node in fleet.nodes where node.servesModels {
            let placement = node.placement
            for (index, gpu) in node.gpus.enumerated() {
                guard let capacity = gpu.vram else { continue }
                let used = placement.vramUsed(onGPU: index)
                if used > capacity.value {
                    let names = placement.uses(onGPU: index).map { "\($0.model.name.value) (\($0.model.vram.map { ByteSize.format($0.value) } ?? "?"))" }
                    out.append(.error(
                        "lpai.gpu.vram-exceeded", at: capacity.location,
                        "GPU \(gpu.id.value) of '\(node.name.value)' has \(ByteSize.format(capacity.value)) of VRAM but its warm containers need \(ByteSize.format(used)): \(names.joined(separator: ", ")); go-livepeer does no VRAM accounting, so the runners fail to load. Lower containersPerGPU or 'warm'"
                    ))
                }
            }
            let largest = node.gpus.compactMap(\.vram?.value).max()
            for u in node.uses where !u.isExternal {
                guard let need = u.model.vram?.value, let largest, node.gpus.allSatisfy({ $0.vram != nil }), need > largest else { continue }
                out.append(.error(
                    "lpai.gpu.vram-too-small", at: u.use.location,
                    "model '\(u.model.name.value)' needs \(ByteSize.format(need)) of VRAM but the largest GPU of '\(node.name.value)' has \(ByteSize.format(largest)); serve it from a bigger GPU"
                ))
            }
        }
        return out
    }

    /// Nodes on one host must not share GPUs, runner ports or runner creator ids.
    static let hostCollisions = Rule(
        ids: ["lpai.host.gpu-overlap", "lpai.host.port-collision", "lpai.host.creator-id-collision", "lpai.host.service-port-collision", "lpai.host.data-dir-shared"],
        summary: "nodes on one host use distinct GPUs, runner ports and creator ids"
    ) { fleet in
        var out: [Diagnostic] = []
        var nodesPerHost: [String: Int] = [:]
        for node in fleet.nodes { nodesPerHost[node.host.value, default: 0] += 1 }
        if let dataDir = fleet.spec.defaults.dataDir, !dataDir.value.contains("{node}"), let shared = nodesPerHost.filter({ $0.value > 1 }).keys.sorted().first {
            out.append(.error(
                "lpai.host.data-dir-shared", at: dataDir.location,
                "defaults.dataDir '\(dataDir.value)' has no {node} placeholder, so the nodes on host '\(shared)' would share one /root/.lpData; add {node}, e.g. /var/lib/livepeer/{node}"
            ))
        }
        var servicePorts: [String: ResolvedNode] = [:]
        for node in fleet.nodes where node.role != .worker {
            guard let addr = node.serviceAddr else { continue }
            let key = "\(node.host.value) \(RuleSupport.hostAndPort(addr.value).port)"
            if let first = servicePorts[key] {
                out.append(.error(
                    "lpai.host.service-port-collision", at: addr.location,
                    "orchestrators '\(first.name.value)' and '\(node.name.value)' on host '\(node.host.value)' both listen on port \(RuleSupport.hostAndPort(addr.value).port) with host networking; give one another port in its serviceAddr",
                    notes: [.init("'\(first.name.value)' is here", at: first.serviceAddr?.location)]
                ))
            } else {
                servicePorts[key] = node
            }
        }
        var byHost: [String: [ResolvedNode]] = [:]
        for node in fleet.nodes where node.servesModels { byHost[node.host.value, default: []].append(node) }
        for host in byHost.keys.sorted() {
            // Linear in the nodes of a host: each node is compared with the first holder of
            // each of its GPUs and of its creator id, never with every other node.
            var gpuHolder: [Int: ResolvedNode] = [:]
            var creatorHolder: [String: ResolvedNode] = [:]
            var firstSeen: ResolvedNode?
            for b in byHost[host]! {
                var others: [String: (node: ResolvedNode, gpus: [Int])] = [:]
                for gpu in b.gpus {
                    if let a = gpuHolder[gpu.id.value], a.name.value != b.name.value {
                        others[a.name.value, default: (a, [])].gpus.append(gpu.id.value)
                    } else {
                        gpuHolder[gpu.id.value] = b
                    }
                }
                for name in others.keys.sorted() {
                    let (a, shared) = others[name]!
                    let gpu = b.gpus.first { shared.contains($0.id.value) }!
                    out.append(.error(
                        "lpai.host.gpu-overlap", at: gpu.id.location,
                        "'\(b.name.value)' and '\(a.name.value)' both use GPU \(shared.map(String.init).joined(separator: ", ")) on host '\(host)'; their runner containers would share the GPU's memory and slots. Give each node its own GPUs",
                        notes: [.init("'\(a.name.value)' is here", at: a.name.location)]
                    ))
                    let ports = runnerPorts(a).intersection(runnerPorts(b))
                    if !ports.isEmpty {
                        out.append(.error(
                            "lpai.host.port-collision", at: gpu.id.location,
                            "'\(b.name.value)' and '\(a.name.value)' on host '\(host)' would bind the same runner ports (\(ports.sorted().prefix(6).map { "127.0.0.1:\($0)" }.joined(separator: ", "))) and container names; go-livepeer builds both from pipeline and GPU id (LIVEPEER.md)",
                            notes: [.init("'\(a.name.value)' is here", at: a.name.location)]
                        ))
                    }
                }
                // go-livepeer deletes runners whose creator_id equals its own *or is missing*,
                // so an empty creator id clashes with any other node on the host.
                // Compared only with nodes already seen, so each clashing pair is reported once.
                if let a = creatorHolder[b.creatorID] ?? (b.creatorID.isEmpty ? firstSeen : creatorHolder[""]) {
                    let detail = a.creatorID == b.creatorID
                        ? "have the same runner creator_id, \(a.creatorID.isEmpty ? "empty (neither sets serviceAddr)" : "'\(a.creatorID)'")"
                        : "share a host while one of them has no runner creator_id (no serviceAddr)"
                    out.append(.error(
                        "lpai.host.creator-id-collision", at: b.name.location,
                        "'\(b.name.value)' and '\(a.name.value)' on host '\(host)' \(detail); at start go-livepeer deletes every runner container whose creator_id is its own or missing, so they kill each other's runners (go-livepeer issue #3754). Give each a distinct 'serviceAddr'",
                        notes: [.init("'\(a.name.value)' is here", at: a.name.location)]
                    ))
                }
                if creatorHolder[b.creatorID] == nil { creatorHolder[b.creatorID] = b }
                if firstSeen == nil { firstSeen = b }
            }
        }
        return out
    }

    /// Every host port a node's managed runners may bind.
    static func runnerPorts(_ node: ResolvedNode) -> Set<Int> {
        var ports = Set<Int>()
        for u in node.uses where !u.isExternal {
            for gpu in node.gpus {
                for colocation in 0..<node.containersPerGPU {
                    if let port = Pipelines.runnerPort(pipeline: u.model.pipeline.value, colocation: colocation, gpu: gpu.id.value) { ports.insert(port) }
                }
            }
        }
        return ports
    }
}
