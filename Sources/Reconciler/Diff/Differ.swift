public import Planner

/// Plan + observation → the changes that make what runs match the plan. Pure.
public enum Differ {
    public static func diff(plan: Plan, observed: Observation) -> FleetDiff {
        var engineOfHost: [String: String] = [:]
        for engine in observed.engines { for host in engine.hosts { engineOfHost[host] = engine.endpoint } }
        var claimed: Set<String> = []
        var changes: [NodeChange] = []
        var unchanged: [FleetDiff.UnchangedNode] = []
        var warnings: [String] = []
        // Only this fleet's containers take part; anything else is never touched.
        let containers = observed.containers.filter { $0.labels[Labels.fleet] == plan.fleet }

        for node in plan.nodes {
            let candidates = containers.filter { $0.node == node.name && $0.host == node.host && $0.engine == engineOfHost[node.host] }
            candidates.forEach { claimed.insert($0.id) }
            let change = { (action: NodeChange.Action, details: [FieldChange], primary: [ContainerRef], leftovers: [ContainerRef]) in
                NodeChange(
                    node: node.name, host: node.host, role: node.role.rawValue, orchestrator: node.orchestrator, action: action,
                    details: details, containers: primary, leftovers: leftovers
                )
            }
            // The node is the container that serves: a replace killed after creating the new
            // container (under the planned name, never started) leaves the old one running under
            // its parked name, and that one is the node; the never-started one is a leftover.
            let serving = candidates.filter { $0.state != "created" }
            guard let primary = serving.first(where: { $0.name == node.container.name }) ?? serving.max(by: { $0.created < $1.created })
                ?? candidates.first(where: { $0.name == node.container.name }) ?? candidates.max(by: { $0.created < $1.created })
            else {
                changes.append(change(.create, [FieldChange(field: "image", old: nil, new: node.container.image)], [], []))
                continue
            }
            let leftovers = candidates.filter { $0.id != primary.id }.map(ContainerRef.init)
            let ref = ContainerRef(primary)

            if let scheme = primary.hashScheme, !ContentHash.supportedSchemes.contains(scheme) {
                warnings.append("\(node.name) on \(node.host): container \(primary.name) was made by a newer lpai-apply (hash scheme \(scheme)); left as it is. Upgrade lpai-apply to manage it.")
                unchanged.append(.init(node: node.name, host: node.host, container: ref))
                continue
            }
            let expected = primary.hashScheme.flatMap { $0 == ContentHash.scheme ? node.hash : ContentHash.of(container: node.container, files: node.files, scheme: $0) }
            if primary.hash == nil || primary.hash != expected {
                var details = fieldChanges(node: node, container: primary, config: observed.configs[primary.id])
                if details.isEmpty {
                    details = [FieldChange(field: "content hash", old: primary.hash ?? "(none)", new: node.hash)]
                }
                changes.append(change(.replace, details, [ref], leftovers))
            } else if let check = observed.secretChecks[primary.id], check != .matches {
                var detail = FieldChange(field: "secrets", old: nil, new: nil, sensitive: true)
                if case .unverifiable(let why) = check { detail.field = "secrets (cannot be verified: \(why))" }
                changes.append(change(.replace, [detail], [ref], leftovers))
            } else if !node.files.flatMap(\.secrets).isEmpty, primary.labels[Labels.secrets] == nil {
                changes.append(change(.replace, [FieldChange(field: "secrets (no digest label)", old: nil, new: nil, sensitive: true)], [ref], leftovers))
            } else if primary.state == "created" {
                // Never started: an apply stopped between creating it and starting it (killed,
                // or its engine failed mid-call), so its files may be missing. Made anew.
                changes.append(change(.replace, [FieldChange(field: "state", old: "created, never started (an interrupted apply)", new: "made anew")], [ref], leftovers))
            } else if !primary.isRunning {
                changes.append(change(.start, [FieldChange(field: "state", old: primary.status.isEmpty ? primary.state : primary.status, new: "running")], [ref], leftovers))
            } else if !leftovers.isEmpty || primary.name != node.container.name {
                // An interrupted replace can leave the node running under its parked name, or
                // leave the parked container beside the new one: tidy up without a restart.
                var details = leftovers.map { FieldChange(field: "leftover container", old: $0.name, new: nil) }
                if primary.name != node.container.name { details.append(FieldChange(field: "container name", old: primary.name, new: node.container.name)) }
                changes.append(change(.cleanup, details, [ref], leftovers))
            } else if node.role == .worker, let connection = observed.connections.workers.first(where: { $0.worker == node.name }),
                      connection.state == .notConnected, connection.reason == .invalidSecret
            {
                // go-livepeer stops retrying after "invalid secret" while the process stays up:
                // only a new container (with the spec's secret file) registers again.
                changes.append(change(.replace, [
                    FieldChange(field: "registration (go-livepeer stopped retrying after \"invalid secret\"; a new container re-uploads the secret and registers again)", old: nil, new: nil, sensitive: true),
                ], [ref], leftovers))
            } else {
                if primary.state == "restarting" {
                    warnings.append("\(node.name) on \(node.host): container \(primary.name) is restarting over and over (\(primary.status)); it runs as planned, so see its logs: docker logs \(primary.name)")
                }
                unchanged.append(.init(node: node.name, host: node.host, container: ref))
            }
        }

        // Containers of this fleet that no planned node claims.
        let plannedNodes = Dictionary(plan.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let orphans = Dictionary(grouping: containers.filter { !claimed.contains($0.id) }) { "\($0.engine)\u{0}\($0.host)\u{0}\($0.node)" }
        for key in orphans.keys.sorted() {
            let group = orphans[key] ?? []
            guard let first = group.first else { continue }
            let why: String
            if let moved = plannedNodes[first.node] {
                why = moved.host == first.host ? "its host's engine changed" : "node moved to host \(moved.host)"
            } else {
                why = "no longer in the spec"
            }
            changes.append(NodeChange(
                node: first.node, host: first.host, role: first.labels[Labels.role] ?? "", orchestrator: first.labels[Labels.orchestrator],
                action: .remove, details: [FieldChange(field: "reason", old: nil, new: why)], containers: group.map(ContainerRef.init), leftovers: []
            ))
        }

        var runners: [String: [ObservedRunner]] = [:]
        for engine in observed.engines where !engine.runners.isEmpty { runners[engine.hosts.joined(separator: "+")] = engine.runners }
        return FleetDiff(
            fleet: plan.fleet, changes: changes, unchanged: unchanged, warnings: warnings, runners: runners, connections: observed.connections,
            // A worker being created, replaced or started starts its runners anew.
            runnerFindings: RunnerCheck.check(plan: plan, observed: observed).filter { finding in
                finding.worker.map { worker in !changes.contains { $0.node == worker } } ?? true
            }
        )
    }

    /// Names what differs between the plan and an existing container: image, each flag,
    /// mounts, GPUs, restart policy, network, and each file (by its content digest label).
    static func fieldChanges(node: PlannedNode, container: ObservedContainer, config: ObservedConfig?) -> [FieldChange] {
        var out: [FieldChange] = []
        let plannedFiles = ContentHash.parseFileDigests(ContentHash.fileDigests(node.files))
        let observedFiles = ContentHash.parseFileDigests(container.labels[Labels.files] ?? "")
        if let config {
            if config.image != node.container.image { out.append(FieldChange(field: "image", old: config.image, new: node.container.image)) }
            out += argChanges(old: config.args, new: node.container.args)
            if config.binds.sorted() != node.container.binds.sorted() {
                out.append(FieldChange(field: "mounts", old: config.binds.sorted().joined(separator: " "), new: node.container.binds.sorted().joined(separator: " ")))
            }
            if config.gpus != (node.container.gpus != nil) {
                out.append(FieldChange(field: "gpus", old: config.gpus ? "all" : "none", new: node.container.gpus ?? "none"))
            }
            if config.restartPolicy != node.container.restartPolicy {
                out.append(FieldChange(field: "restart policy", old: config.restartPolicy, new: node.container.restartPolicy))
            }
            if config.networkMode != node.container.networkMode {
                out.append(FieldChange(field: "network", old: config.networkMode, new: node.container.networkMode))
            }
        } else if container.image != node.container.image {
            out.append(FieldChange(field: "image", old: container.image, new: node.container.image))
        }
        for name in Set(plannedFiles.keys).union(observedFiles.keys).sorted() where plannedFiles[name] != observedFiles[name] {
            let sensitive = node.files.first { $0.basename == name }.map { !$0.secrets.isEmpty && $0.content == $0.secrets.first?.placeholder } ?? false
            out.append(FieldChange(
                field: "file \(name)", old: observedFiles[name].map { "sha256:\($0)…" } ?? "(none)",
                new: plannedFiles[name].map { "sha256:\($0)…" } ?? "(none)", sensitive: sensitive
            ))
        }
        return out
    }

    /// Flag-level differences of two go-livepeer argument lists (`-flag value` pairs).
    static func argChanges(old: [String], new: [String]) -> [FieldChange] {
        let before = flags(old)
        let after = flags(new)
        var out: [FieldChange] = []
        for name in Set(before.keys).union(after.keys).sorted() where before[name] != after[name] {
            out.append(FieldChange(field: "arg \(name)", old: before[name] ?? nil, new: after[name] ?? nil))
        }
        return out
    }

    /// `-name value` pairs; a flag followed by another flag (or nothing) is a bool flag (`true`).
    static func flags(_ args: [String]) -> [String: String] {
        var out: [String: String] = [:]
        var index = 0
        while index < args.count {
            let arg = args[index]
            if arg.hasPrefix("-"), index + 1 < args.count, !args[index + 1].hasPrefix("-") {
                out[arg] = args[index + 1]
                index += 2
            } else {
                out[arg] = "true"
                index += 1
            }
        }
        return out
    }
}
