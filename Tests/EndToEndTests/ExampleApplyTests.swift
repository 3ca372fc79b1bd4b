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
        // One host at a time: on the shared test engine eu-gpu-1 and eu-gpu-2 want the same
        // runner name and port, which the stand-in resolves only when one worker has started
        // before the other (docs/STANDIN.md, "Simulated hosts"); separate machines have no such race.
        let applied = lpai.run(["apply", path, "--auto-approve", "--parallelism", "1"] + Self.settle)
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
        let converged = after.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(converged.status == 0, "\(converged.all)")
        // The old value is now the stale one.
        #expect(lpai.run("drift", "specs/split.yaml").status == 2)
        #expect(!(lpai.transcript + after.transcript).contains(rotated) && !(lpai.transcript + after.transcript).contains(Self.secret))
    }

    /// go-livepeer's runner containers are listed by plan; one that no planned worker owns is
    /// reported as an orphan (drift) and left alone by apply, and removed only with
    /// --prune-runners. The workers' own runners are never touched.
    @Test func runnerContainersAreObservedNeverManaged() throws {
        var lpai = try Self.freshFleet()
        let orphanName = "upscale_stabilityai-stable-diffusion-x4-upscaler_8300"
        defer {
            TestEngine.removeFleet(Self.fleet)
            TestEngine.docker("rm", "-f", orphanName)
        }
        #expect(TestEngine.eventually(20) { lpai.run("plan", "specs/split.yaml", "--detailed-exitcode").status == 0 }, "the applied fleet converges with its runners")
        let own = TestEngine.docker("inspect", "-f", "{{.Id}}", "text-to-image_ByteDance-SDXL-Lightning_8000").stdout
        TestEngine.docker("rm", "-f", orphanName)
        // A runner left by a worker that is gone: its creator_id belongs to no planned worker.
        let runner = TestEngine.docker(
            "run", "-d", "--name", orphanName, "--label", "creator=ai-worker", "--label", "creator_id=old-box.example:8935",
            "--network", "host", "--entrypoint", "/bin/sleep", "livepeer/go-livepeer:v0.9.1", "100000"
        )
        try #require(runner.status == 0, "\(runner.all)")
        let id = runner.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let plan = lpai.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(plan.status == 2, "an orphan runner is drift: \(plan.all)")
        #expect(plan.stdout.contains("Runner containers started by go-livepeer (observed, never managed):"))
        #expect(plan.stdout.contains("\(orphanName) (running)"))
        #expect(plan.stdout.contains("orphan: runner \(orphanName) (creator_id old-box.example:8935) belongs to no planned worker"), "\(plan.stdout)")
        let drift = lpai.run("drift", "specs/split.yaml")
        #expect(drift.status == 2 && drift.stdout.contains("orphan"), "\(drift.all)")
        // A change elsewhere is applied; the orphan stays.
        let changed = try Self.spec { $0.replacingOccurrences(of: "{MAX_MODEL_LEN: 8192}", with: "{MAX_MODEL_LEN: 512}") }
        #expect(lpai.run(["apply", changed, "--auto-approve"] + Self.settle).status == 0)
        #expect(TestEngine.docker("inspect", "-f", "{{.Id}} {{.State.Running}}", orphanName).stdout == "\(id) true\n")
        // Only --prune-runners removes it, and nothing else.
        let pruned = lpai.run(["apply", changed, "--auto-approve", "--prune-runners"] + Self.settle)
        #expect(pruned.status == 0, "\(pruned.all)")
        #expect(pruned.stdout.contains("removed orphan runner \(orphanName)"), "\(pruned.stdout)")
        #expect(TestEngine.docker("inspect", orphanName).status != 0)
        #expect(TestEngine.docker("inspect", "-f", "{{.Id}}", "text-to-image_ByteDance-SDXL-Lightning_8000").stdout == own, "a worker's own runner is untouched")
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
