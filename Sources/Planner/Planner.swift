public import Spec

/// The result of compiling a spec: the plan when there are no errors, and every diagnostic.
public struct CompileResult: Sendable {
    public var plan: Plan?
    public var diagnostics: [Diagnostic]
    /// The capacity table, computed even when other rules fail.
    public var capacity: CapacityReport
}

/// Compiles a typed spec into a ``Plan``: runs every rule, plans capacity, renders each node.
public enum Planner {
    /// Checks the spec and plans capacity without rendering any node (what `validate` needs).
    public static func check(_ spec: FleetSpec, rules: [Rule] = Rule.all) -> CompileResult {
        check(FleetIndex(spec: spec), rules: rules)
    }

    /// Checks the spec and, when it has no errors, renders every node into a plan.
    public static func compile(_ spec: FleetSpec, rules: [Rule] = Rule.all) -> CompileResult {
        let fleet = FleetIndex(spec: spec)
        let checked = check(fleet, rules: rules)
        guard !checked.diagnostics.hasErrors else { return checked }
        return CompileResult(plan: render(fleet, capacity: checked.capacity), diagnostics: checked.diagnostics, capacity: checked.capacity)
    }

    private static func check(_ fleet: FleetIndex, rules: [Rule]) -> CompileResult {
        var diagnostics = rules.flatMap { $0.check(fleet) }
        let (capacity, shortfalls) = CapacityPlanner.report(fleet)
        diagnostics += shortfalls
        return CompileResult(plan: nil, diagnostics: diagnostics.sortedForOutput(), capacity: capacity)
    }

    private static func render(_ fleet: FleetIndex, capacity: CapacityReport) -> Plan {
        let nodes = fleet.nodes.map { node -> PlannedNode in
            var (container, files) = ContainerRenderer.render(node: node, fleet: fleet)
            let hash = ContentHash.of(container: container, files: files) ?? ""
            container.labels[Labels.hash] = hash
            container.labels[Labels.hashScheme] = String(ContentHash.scheme)
            container.labels[Labels.files] = ContentHash.fileDigests(files)
            return PlannedNode(
                name: node.name.value, role: node.role, host: node.host.value, orchestrator: node.orchestrator,
                container: container, files: files, hash: hash
            )
        }
        let hosts = fleet.spec.hosts.map { host in
            PlannedHost(
                name: host.name.value, docker: host.docker?.value,
                tls: host.tls.map { PlannedHost.TLSFiles(ca: $0.ca.value, cert: $0.cert.value, key: $0.key.value) },
                insecure: host.insecure?.value ?? false
            )
        }.sorted { $0.name < $1.name }
        return Plan(fleet: fleet.spec.fleet.value, hosts: hosts, nodes: nodes, capacity: capacity)
    }
}
