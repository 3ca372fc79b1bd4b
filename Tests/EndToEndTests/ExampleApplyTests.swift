import Foundation
import TestSupport
import Testing

extension SplitFleetTests {
    /// Every example in specs/ applies against the test engine and is then converged; its
    /// workers register with their own orchestrator. The only edit: multi-orchestrator's
    /// `{file: /etc/lpai/secrets/orch-us}` points at a file of the test's.
    @Test(arguments: [
        ("combined.yaml", "solo", [String: Int]()),
        ("multi-orchestrator", "global", ["orch-eu": 2, "orch-us": 1]),
    ])
    func everyExampleApplies(example: String, fleet: String, registrations: [String: Int]) throws {
        _ = try TestEngine.requireStandin()
        TestEngine.removeFleet(fleet)
        defer { TestEngine.removeFleet(fleet) }
        let dir = try TempDir.make("lpai-e2e-example")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = TestEngine.repoRoot.appendingPathComponent("specs/\(example)")
        let usSecret = try TempDir.write(Array("orch-us-secret\n".utf8), to: "orch-us", in: dir)
        var path = source.path
        if example == "multi-orchestrator" {
            let copy = dir.appendingPathComponent("spec")
            try FileManager.default.copyItem(at: source, to: copy)
            let nodes = copy.appendingPathComponent("20-nodes.yaml")
            let text = try String(contentsOf: nodes, encoding: .utf8).replacingOccurrences(of: "/etc/lpai/secrets/orch-us", with: usSecret.path)
            try Data(text.utf8).write(to: nodes)
            path = copy.path
        }
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": Self.secret, "LLAMA_TOKEN": "llama-token-e2e"])
        let applied = lpai.run(["apply", path, "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        let plan = lpai.run("plan", path, "--detailed-exitcode")
        #expect(plan.status == 0, "\(plan.all)")
        let running = TestEngine.docker("ps", "--filter", "label=io.lpai.fleet=\(fleet)", "--format", "{{.Names}}").stdout.split(separator: "\n")
        let all = TestEngine.docker("ps", "-a", "--filter", "label=io.lpai.fleet=\(fleet)", "--format", "{{.Names}}").stdout.split(separator: "\n")
        #expect(!running.isEmpty && running.count == all.count, "every container runs: \(all)")
        for (orchestrator, count) in registrations {
            let logs = { TestEngine.docker("logs", "lpai-\(fleet)-\(orchestrator)").all }
            #expect(TestEngine.eventually(15) { logs().components(separatedBy: "Worker compatible, connecting").count - 1 >= count },
                    "\(count) worker(s) register with \(orchestrator):\n\(logs())")
        }
        #expect(!lpai.transcript.contains(Self.secret) && !lpai.transcript.contains("llama-token-e2e"))
    }

    /// A rotated secret (same reference, new value) replaces every node holding it, shows only
    /// as "(sensitive)", and the workers register again with the new value.
    @Test func aRotatedSecretReplacesTheNodesThatHoldIt() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        let before = try Self.nodes()
        let rotated = "rotated-\(UUID().uuidString.prefix(8))"
        var after = LPAI(environment: ["ORCH_EU_SECRET": rotated])
        let plan = after.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.all)")
        #expect(plan.stdout.components(separatedBy: "~ secrets: (sensitive)").count - 1 == 3, "\(plan.stdout)")
        #expect(after.run("drift", "specs/split.yaml").status == 2)
        let applied = after.run(["apply", "specs/split.yaml", "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        let nodes = try Self.nodes()
        #expect(Set(nodes.keys) == Set(before.keys))
        #expect(nodes.allSatisfy { before[$0.key]?.id != $0.value.id }, "every node was replaced")
        #expect(TestEngine.docker("exec", "lpai-eu-prod-gpu-box-1", "cat", "/etc/lpai/orchSecret").stdout == rotated)
        #expect(TestEngine.eventually(15) { Self.logs("orch-eu").components(separatedBy: "Worker compatible, connecting").count - 1 >= 2 })
        #expect(after.run("plan", "specs/split.yaml", "--detailed-exitcode").status == 0)
        // The old value is now the stale one.
        #expect(lpai.run("drift", "specs/split.yaml").status == 2)
        #expect(!(lpai.transcript + after.transcript).contains(rotated) && !(lpai.transcript + after.transcript).contains(Self.secret))
    }

    /// go-livepeer's runner containers are listed by plan and never touched by apply.
    @Test func runnerContainersAreObservedNeverManaged() throws {
        var lpai = try Self.freshFleet()
        defer {
            TestEngine.removeFleet(Self.fleet)
            TestEngine.docker("rm", "-f", "text-to-image_ByteDance-SDXL-Lightning_8000")
        }
        TestEngine.docker("rm", "-f", "text-to-image_ByteDance-SDXL-Lightning_8000")
        let runner = TestEngine.docker(
            "run", "-d", "--name", "text-to-image_ByteDance-SDXL-Lightning_8000", "--label", "creator=ai-worker", "--label", "creator_id=",
            "--network", "host", "--entrypoint", "/bin/sleep", "livepeer/go-livepeer:v0.9.1", "100000"
        )
        try #require(runner.status == 0, "\(runner.all)")
        let id = runner.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let plan = lpai.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(plan.status == 0, "a runner is not drift: \(plan.all)")
        #expect(plan.stdout.contains("Runner containers started by go-livepeer (observed, never managed):"))
        #expect(plan.stdout.contains("text-to-image_ByteDance-SDXL-Lightning_8000 (running)"))
        let changed = try Self.spec { $0.replacingOccurrences(of: "{MAX_MODEL_LEN: 8192}", with: "{MAX_MODEL_LEN: 512}") }
        #expect(lpai.run(["apply", changed, "--auto-approve"] + Self.settle).status == 0)
        #expect(TestEngine.docker("inspect", "-f", "{{.Id}} {{.State.Running}}", "text-to-image_ByteDance-SDXL-Lightning_8000").stdout == "\(id) true\n")
    }
}

extension SplitFleetTests {
    /// The engine's digest key makes a no-change plan one key read per engine; when its
    /// keyholder is removed (say by `docker container prune`), each container's own key still
    /// verifies its secrets: nothing is replaced, and a rotation is still caught.
    @Test func secretsStayVerifiableWhenTheEnginesKeyholderIsGone() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        let holder = TestEngine.docker("inspect", "-f", "{{.State.Status}} {{index .Config.Labels \"io.lpai.keyholder\"}}", "lpai-keys-eu-prod")
        #expect(holder.stdout == "created eu-prod\n", "\(holder.all)")
        let labels = try Self.nodes()["orch-eu"]?.labels ?? [:]
        #expect(labels["io.lpai.secrets"]?.split(separator: ":").count == 3, "engine-key digest names its key")
        #expect(labels["io.lpai.secrets-own"]?.hasPrefix("hmac-sha256:") == true)

        TestEngine.docker("rm", "-f", "lpai-keys-eu-prod")
        let plan = lpai.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(plan.status == 0, "\(plan.all)")
        var rotated = LPAI(environment: ["ORCH_EU_SECRET": "rotated-\(UUID().uuidString.prefix(6))"])
        let drift = rotated.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(drift.status == 2)
        #expect(drift.stdout.components(separatedBy: "~ secrets: (sensitive)").count - 1 == 3, "\(drift.stdout)")
        // A new container (here after a hand removal) brings a new keyholder.
        TestEngine.docker("rm", "-f", "lpai-eu-prod-gpu-box-2")
        #expect(lpai.run(["apply", "specs/split.yaml", "--auto-approve"] + Self.settle).status == 0)
        #expect(TestEngine.docker("inspect", "lpai-keys-eu-prod").status == 0)
        #expect(lpai.run("plan", "specs/split.yaml", "--detailed-exitcode").status == 0)
    }
}
