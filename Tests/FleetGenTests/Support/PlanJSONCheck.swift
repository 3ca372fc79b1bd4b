import Foundation
import Planner

/// Compares plan.json, parsed with JSONSerialization, with the ``Plan`` value it was rendered
/// from: what the reconciler and an operator read from the file must be what was planned.
enum PlanJSONCheck {
    static func differences(_ json: [String: Any], _ plan: Plan) -> [String] {
        var problems: [String] = []
        func expect(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { problems.append(what()) } }
        expect(json["fleet"] as? String == plan.fleet, "fleet")
        expect((json["planFormat"] as? NSNumber)?.intValue == plan.planFormat, "planFormat")
        expect((json["hashScheme"] as? NSNumber)?.intValue == plan.hashScheme, "hashScheme")
        let hosts = json["hosts"] as? [[String: Any]] ?? []
        expect(hosts.count == plan.hosts.count, "\(hosts.count) hosts, the plan has \(plan.hosts.count)")
        for (h, host) in zip(hosts, plan.hosts) {
            expect(h["name"] as? String == host.name && h["docker"] as? String == host.docker, "host \(host.name)")
            let tls = h["tls"] as? [String: String]
            expect(tls == host.tls.map { ["ca": $0.ca, "cert": $0.cert, "key": $0.key] }, "host \(host.name) tls")
        }
        let nodes = json["nodes"] as? [[String: Any]] ?? []
        expect(nodes.count == plan.nodes.count, "\(nodes.count) nodes, the plan has \(plan.nodes.count)")
        for (n, node) in zip(nodes, plan.nodes) {
            let name = node.name
            expect(n["name"] as? String == name, "node \(name): name")
            expect(n["role"] as? String == node.role.rawValue, "node \(name): role")
            expect(n["host"] as? String == node.host, "node \(name): host")
            expect(n["orchestrator"] as? String == node.orchestrator, "node \(name): orchestrator")
            expect(n["hash"] as? String == node.hash && node.hash.hasPrefix("sha256:"), "node \(name): hash")
            let c = n["container"] as? [String: Any] ?? [:]
            expect(c["name"] as? String == node.container.name, "node \(name): container name")
            expect(c["image"] as? String == node.container.image, "node \(name): image")
            expect(c["args"] as? [String] == node.container.args, "node \(name): args")
            expect(c["labels"] as? [String: String] == node.container.labels, "node \(name): labels")
            expect(c["gpus"] as? String == node.container.gpus, "node \(name): gpus")
            let mounts = (c["mounts"] as? [[String: Any]] ?? []).map { "\($0["source"] ?? "")>\($0["target"] ?? "")" }
            expect(mounts == node.container.mounts.map { "\($0.source)>\($0.target)" }, "node \(name): mounts")
            let files = n["files"] as? [[String: Any]] ?? []
            expect(files.count == node.files.count, "node \(name): \(files.count) files, the plan has \(node.files.count)")
            for (f, file) in zip(files, node.files) {
                expect(f["path"] as? String == file.path, "node \(name): file \(file.path)")
                expect(f["content"] as? String == file.content, "node \(name): \(file.path) content")
                expect((f["mode"] as? String).flatMap { Int($0, radix: 8) } == file.mode, "node \(name): \(file.path) mode")
                let slots = (f["secrets"] as? [[String: String]] ?? []).map { $0["placeholder"] ?? "" }
                expect(slots == file.secrets.map(\.placeholder), "node \(name): \(file.path) secrets")
            }
        }
        let capacity = json["capacity"] as? [String: Any] ?? [:]
        let capacityNodes = capacity["nodes"] as? [[String: Any]] ?? []
        expect(capacityNodes.count == plan.capacity.nodes.count, "capacity nodes")
        for (c, node) in zip(capacityNodes, plan.capacity.nodes) {
            let models = (c["models"] as? [[String: Any]] ?? []).map {
                "\($0["model"] ?? "") \($0["kind"] ?? "") \($0["warmContainers"] ?? "") \($0["advertised"] ?? "")"
            }
            expect(models == node.models.map { "\($0.model) \($0.kind) \($0.warmContainers) \($0.advertised)" }, "capacity of \(node.node)")
        }
        let requirements = (capacity["requirements"] as? [[String: Any]] ?? []).map { "\($0["model"] ?? "") \($0["offered"] ?? "")" }
        expect(requirements == plan.capacity.requirements.map { "\($0.model) \($0.offered)" }, "requirements")
        return problems
    }
}
