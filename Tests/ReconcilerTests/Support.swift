import Foundation
import Planner
@testable import Reconciler
import Spec
import Testing

/// Plans of the example specs and observations built from them, for tests without an engine.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let engine = "unix:///test.sock"

    static func plan(_ example: String = "split.yaml", edit: ((inout String) -> Void)? = nil) throws -> Plan {
        let path = root.appendingPathComponent("specs/\(example)")
        let load: SpecLoadResult
        if let edit {
            var text = try String(contentsOf: path, encoding: .utf8)
            edit(&text)
            load = SpecLoader.load(text: text, file: example)
        } else {
            load = SpecLoader.load(path: path.path)
        }
        let spec = try #require(load.spec, "\(example) does not load: \(load.diagnostics)")
        return try #require(Planner.compile(spec).plan, "\(example) does not compile")
    }

    static let secrets: SecretValues = SecretValues(values: [.init(source: "env", name: "ORCH_EU_SECRET"): "orch-secret-value"])

    /// A container exactly as apply would have created it for `node`, with a digest key.
    static func container(
        for node: PlannedNode, id: String? = nil, state: String = "running", created: Int = 100, secrets: SecretValues = Fixtures.secrets,
        key: [UInt8] = Array(repeating: 7, count: 32), name: String? = nil
    ) -> ObservedContainer {
        var labels = node.container.labels
        if let digest = secrets.digest(of: node, key: key) { labels[Labels.secrets] = digest }
        return ObservedContainer(
            id: id ?? "id-\(node.name)-\(created)", name: name ?? node.container.name, engine: engine, state: state,
            status: state == "running" ? "Up 5 minutes" : "Exited (1) 2 minutes ago", image: node.container.image, created: created, labels: labels
        )
    }

    /// The observation of a fleet where every planned node runs as planned.
    static func converged(_ plan: Plan, extra: [ObservedContainer] = []) -> Observation {
        let containers = plan.nodes.map { container(for: $0) } + extra
        var checks: [String: SecretCheck] = [:]
        for c in containers where c.labels[Labels.secrets] != nil { checks[c.id] = .matches }
        return Observation(
            fleet: plan.fleet, engines: [EngineState(endpoint: engine, hosts: plan.hosts.map(\.name), containers: containers, runners: [])],
            secretChecks: checks
        )
    }
}
