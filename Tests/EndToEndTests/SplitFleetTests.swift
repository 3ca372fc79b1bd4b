import Foundation
import TestSupport
import Testing

/// The split example (one orchestrator, two workers) applied for real: go-livepeer stand-ins in
/// real containers on the test engine, every host of the spec pointed at it with --engine.
@Suite(.serialized, .sharedEngine) struct SplitFleetTests {
    static let fleet = "eu-prod"
    static let secret = "e2e-secret \"quoted\" \\ \(UUID().uuidString.prefix(8))"
    static let settle = ["--settle", "2", "--stop-timeout", "5"]

    struct Node {
        var id: String
        var running: Bool
        var labels: [String: String]
        var args: [String]
        var env: [String]
    }

    static func nodes() throws -> [String: Node] {
        let ids = TestEngine.docker("ps", "-aq", "--filter", "label=io.lpai.fleet=\(fleet)").stdout.split(separator: "\n").map(String.init)
        guard !ids.isEmpty else { return [:] }
        let inspect = TestEngine.shell(["docker", "inspect"] + ids)
        let all = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [[String: Any]])
        var out: [String: Node] = [:]
        for c in all {
            let config = c["Config"] as? [String: Any] ?? [:]
            let labels = config["Labels"] as? [String: String] ?? [:]
            let state = c["State"] as? [String: Any] ?? [:]
            out[labels["io.lpai.node"] ?? "?"] = Node(
                id: c["Id"] as? String ?? "", running: state["Running"] as? Bool ?? false, labels: labels,
                args: c["Args"] as? [String] ?? [], env: config["Env"] as? [String] ?? []
            )
        }
        return out
    }

    static func logs(_ node: String) -> String { TestEngine.docker("logs", "lpai-\(fleet)-\(node)").all }

    /// A copy of specs/split.yaml with `edit` applied, in a fresh folder.
    static func spec(_ edit: (String) -> String = { $0 }) throws -> String {
        let text = try String(contentsOf: TestEngine.repoRoot.appendingPathComponent("specs/split.yaml"), encoding: .utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("split.yaml").path
        try Data(edit(text).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The example applied from scratch (no container of the fleet left from before), for
    /// tests that start from a converged fleet; the caller removes the fleet when done.
    static func freshFleet() throws -> LPAI {
        _ = try TestEngine.requireStandin()
        TestEngine.removeFleet(fleet)
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": secret])
        let applied = lpai.run(["apply", "specs/split.yaml", "--auto-approve"] + settle)
        try #require(applied.status == 0, "\(applied.all)")
        return lpai
    }

    @Test func applyPlanDriftHealAndRemove() throws {
        _ = try TestEngine.requireStandin()
        TestEngine.removeFleet(Self.fleet)
        defer { TestEngine.removeFleet(Self.fleet) }
        TestEngine.docker("rm", "-f", "lpai-e2e-foreign")
        defer { TestEngine.docker("rm", "-f", "lpai-e2e-foreign") }
        // A container lpai-apply did not make: it must be untouched throughout.
        let foreign = TestEngine.docker("run", "-d", "--name", "lpai-e2e-foreign", "--network", "host", "--entrypoint", "/bin/sleep", "livepeer/go-livepeer:v0.9.1", "100000")
        try #require(foreign.status == 0, "\(foreign.all)")
        let foreignID = foreign.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        var lpai = LPAI(environment: ["ORCH_EU_SECRET": Self.secret])
        let example = "specs/split.yaml"

        // 1. The example, unchanged, applies: three containers with the right labels, files and flags.
        let first = lpai.run(["apply", example, "--auto-approve"] + Self.settle)
        #expect(first.status == 0, "\(first.all)")
        #expect(first.stdout.contains("Apply complete: 3 created."))
        var nodes = try Self.nodes()
        #expect(Set(nodes.keys) == ["orch-eu", "gpu-box-1", "gpu-box-2"])
        #expect(nodes.values.allSatisfy { $0.running })
        let orch = try #require(nodes["orch-eu"])
        #expect(orch.labels["io.lpai.role"] == "orchestrator")
        #expect(orch.labels["io.lpai.host"] == "orch-box")
        #expect(orch.labels["io.lpai.hash"]?.hasPrefix("sha256:") == true)
        #expect(orch.labels["io.lpai.secrets"]?.hasPrefix("hmac-sha256:") == true)
        #expect(orch.args.starts(with: ["-orchestrator", "-serviceAddr", "orch.example.com:8935"]))
        #expect(nodes["gpu-box-1"]?.args.contains("-aiWorker") == true)
        #expect(nodes["gpu-box-1"]?.labels["io.lpai.orchestrator"] == "orch-eu")
        // The secret file: exact value, mode 0600; the worker reads it and registers.
        let secretFile = TestEngine.docker("exec", "lpai-eu-prod-gpu-box-1", "cat", "/etc/lpai/orchSecret")
        #expect(secretFile.stdout == Self.secret)
        #expect(TestEngine.docker("exec", "lpai-eu-prod-orch-eu", "stat", "-c", "%a %u", "/etc/lpai/orchSecret").stdout == "600 0\n")
        let aiModels = TestEngine.docker("exec", "lpai-eu-prod-gpu-box-2", "cat", "/etc/lpai/aiModels.json").stdout
        #expect(aiModels.contains("\"model_id\": \"meta-llama/Meta-Llama-3.1-8B-Instruct\""))
        #expect(TestEngine.eventually(15) { Self.logs("orch-eu").components(separatedBy: "Worker compatible, connecting").count - 1 >= 2 },
                "both workers register with the orchestrator:\n\(Self.logs("orch-eu"))")

        // 2. Nothing to do right after.
        let again = lpai.run("plan", example, "--detailed-exitcode")
        #expect(again.status == 0, "\(again.all)")
        #expect(again.stdout.contains("No changes."))
        let noop = lpai.run(["apply", example, "--auto-approve"] + Self.settle)
        #expect(noop.status == 0)
        #expect(try Self.nodes().mapValues(\.id) == nodes.mapValues(\.id))

        // 3. A model change affects exactly the worker that serves it.
        let changed = try Self.spec { $0.replacingOccurrences(of: "{MAX_MODEL_LEN: 8192}", with: "{MAX_MODEL_LEN: 4096}") }
        let plan = lpai.run("plan", changed, "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.all)")
        #expect(plan.stdout.contains("~ gpu-box-2 (worker of orch-eu on gpu-box-2) will be replaced"))
        #expect(plan.stdout.contains("file aiModels.json"))
        #expect(!plan.stdout.contains("gpu-box-1 (worker"))
        #expect(!plan.stdout.contains("orch-eu (orchestrator"))
        #expect(plan.stdout.contains("Plan: 0 to create, 1 to replace, 0 to start, 0 to remove; 2 unchanged."))
        let applied = lpai.run(["apply", changed, "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        let afterChange = try Self.nodes()
        #expect(afterChange["gpu-box-2"]?.id != nodes["gpu-box-2"]?.id)
        #expect(afterChange["gpu-box-1"]?.id == nodes["gpu-box-1"]?.id)
        #expect(afterChange["orch-eu"]?.id == nodes["orch-eu"]?.id)
        #expect(lpai.run("plan", changed, "--detailed-exitcode").status == 0)
        #expect(TestEngine.docker("exec", "lpai-eu-prod-gpu-box-2", "cat", "/etc/lpai/aiModels.json").stdout.contains("\"MAX_MODEL_LEN\": \"4096\""))
        nodes = afterChange

        // 4. Hand-made drift: a stopped worker and a deleted orchestrator; drift names them, apply heals.
        TestEngine.docker("stop", "-t", "1", "lpai-eu-prod-gpu-box-1")
        TestEngine.docker("rm", "-f", "lpai-eu-prod-orch-eu")
        let drift = lpai.run("drift", changed)
        #expect(drift.status == 2, "\(drift.all)")
        #expect(drift.stdout.hasPrefix("drift: fleet eu-prod needs 2 changes:"))
        #expect(drift.stdout.contains("orch-eu on orch-box: create"))
        #expect(drift.stdout.contains("gpu-box-1 on gpu-box-1: start"))
        let driftJSON = lpai.run("drift", changed, "--format", "json")
        #expect(driftJSON.status == 2)
        #expect(driftJSON.stdout.contains("\"inSync\" : false"))
        let heal = lpai.run(["apply", changed, "--auto-approve"] + Self.settle)
        #expect(heal.status == 0, "\(heal.all)")
        #expect(lpai.run("drift", changed).status == 0)
        #expect(try Self.nodes().values.allSatisfy { $0.running })

        // 5. A worker removed from the spec: its container goes.
        let smaller = try Self.spec {
            $0.replacingOccurrences(of: """
                  gpu-box-2:
                    host: gpu-box-2
                    orchestrator: orch-eu
                    gpus:
                      - {id: 0, name: RTX 4090, vram: 24GiB}
                    models:
                      - {model: llama, warm: 1}
                """, with: "")
        }
        let removePlan = lpai.run("plan", smaller)
        #expect(removePlan.stdout.contains("- gpu-box-2 (worker of orch-eu on gpu-box-2) will be removed: no longer in the spec"), "\(removePlan.all)")
        let removed = lpai.run(["apply", smaller, "--auto-approve"] + Self.settle)
        #expect(removed.status == 0, "\(removed.all)")
        #expect(Set(try Self.nodes().keys) == ["orch-eu", "gpu-box-1"])

        // The foreign container was never touched.
        #expect(TestEngine.docker("inspect", "-f", "{{.Id}} {{.State.Running}}", "lpai-e2e-foreign").stdout == "\(foreignID) true\n")

        // No secret value anywhere but the 0600 file: outputs, container argv, env, labels, logs.
        for (name, node) in try Self.nodes() {
            let visible = node.args.joined(separator: " ") + node.env.joined(separator: " ") + node.labels.values.joined(separator: " ")
            #expect(!visible.contains(Self.secret), "the secret is visible in \(name)'s config")
            #expect(!Self.logs(name).contains(Self.secret), "the secret is in \(name)'s logs")
        }
        #expect(!lpai.transcript.contains(Self.secret))
        #expect(!lpai.transcript.isEmpty)
    }
}
