import Foundation
import TestSupport
import Testing

/// Worker ↔ orchestrator registration as lpai-apply observes it through go-livepeer's logs
/// (LIVEPEER.md "Worker ↔ orchestrator connection"), with the stand-in's real registrations.
extension SplitFleetTests {
    /// Waits until `drift` says `text`, returning its last run.
    static func driftSaying(_ text: String, _ lpai: inout LPAI, spec: String = "specs/split.yaml", within seconds: Double = 30) -> TestEngine.Result2 {
        var last = lpai.run("drift", spec)
        let deadline = Date().addingTimeInterval(seconds)
        while !last.stdout.contains(text) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.5)
            last = lpai.run("drift", spec)
        }
        return last
    }

    @Test func aWorkerWithAWrongSecretIsNotConnectedAndApplyReconnectsIt() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        let clean = lpai.run("drift", "specs/split.yaml")
        #expect(clean.status == 0, "\(clean.all)")
        #expect(clean.stdout.contains("2 workers registered"), "\(clean.stdout)")

        // gpu-box-2 restarts holding a secret its orchestrator does not know.
        let broke = TestEngine.docker("exec", "lpai-eu-prod-gpu-box-2", "sh", "-c", "printf wrong-secret > /etc/lpai/orchSecret")
        try #require(broke.status == 0, "\(broke.all)")
        try #require(TestEngine.docker("restart", "-t", "2", "lpai-eu-prod-gpu-box-2").status == 0)
        let drift = Self.driftSaying("invalid secret", &lpai)
        #expect(drift.status == 2, "\(drift.all)")
        #expect(drift.stdout.contains("gpu-box-2 on gpu-box-2: replace"), "\(drift.stdout)")
        #expect(!drift.stdout.contains("gpu-box-1 on"), "only gpu-box-2 drifted: \(drift.stdout)")

        let plan = lpai.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("~ gpu-box-2 (worker of orch-eu on gpu-box-2) will be replaced"), "\(plan.stdout)")
        #expect(plan.stdout.contains("! gpu-box-2 → orch-eu  not connected: invalid secret"), "\(plan.stdout)")
        #expect(plan.stdout.contains("  gpu-box-1 → orch-eu  connected"), "\(plan.stdout)")

        // go-livepeer stopped retrying; a new container with the spec's secret registers.
        let applied = lpai.run(["apply", "specs/split.yaml", "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(applied.stdout.contains("gpu-box-2 (gpu-box-2): registered with orch-eu (orch.example.com:8935)"), "\(applied.stdout)")
        #expect(applied.stdout.contains("gpu-box-2 → orch-eu  connected"), "\(applied.stdout)")
        let healed = lpai.run("drift", "specs/split.yaml")
        #expect(healed.status == 0, "\(healed.all)")
        #expect(!lpai.transcript.contains(Self.secret))
    }

    @Test func aWorkerOlderThanItsOrchestratorIsRefusedWithGoLivepeersReason() throws {
        _ = try TestEngine.requireStandin()
        TestEngine.removeFleet(Self.fleet)
        defer {
            TestEngine.removeFleet(Self.fleet)
            TestEngine.docker("rmi", "livepeer/go-livepeer:legacy")
        }
        // An image tag that hides its version from the compiler (it warns: unpinned).
        try #require(TestEngine.docker("tag", "livepeer/go-livepeer:v0.9.1", "livepeer/go-livepeer:legacy").status == 0)
        let spec = try Self.spec {
            $0.replacingOccurrences(of: "  image: livepeer/go-livepeer:v0.9.1", with: "  image: livepeer/go-livepeer:v0.9.2")
                .replacingOccurrences(of: "  gpu-box-2:\n    host: gpu-box-2\n", with: "  gpu-box-2:\n    host: gpu-box-2\n    image: livepeer/go-livepeer:legacy\n")
        }
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": Self.secret])
        let applied = lpai.run(["apply", spec, "--auto-approve", "--connect-timeout", "30"] + Self.settle)
        #expect(applied.status == 1, "\(applied.all)")
        #expect(applied.stderr.contains("lpai.image.unpinned"), "the compiler cannot compare versions: \(applied.stderr)")
        #expect(applied.stdout.contains("failed:      gpu-box-2 (create): gpu-box-2 runs but did not register with orch-eu"), "\(applied.stdout)")
        #expect(applied.stdout.contains("not connected: version not compatible"), "\(applied.stdout)")
        let drift = lpai.run("drift", spec)
        #expect(drift.status == 2)
        #expect(drift.stdout.contains("gpu-box-2 on gpu-box-2: not connected: version not compatible"), "\(drift.stdout)")
        #expect(drift.stdout.contains("older than the orchestrator"), "\(drift.stdout)")
        // Nothing left to change: apply still fails on the unregistered worker, with the reason,
        // unless told not to check registrations.
        let again = lpai.run(["apply", spec, "--auto-approve"] + Self.settle)
        #expect(again.status == 1, "\(again.all)")
        #expect(again.stderr.contains("worker gpu-box-2 on gpu-box-2 is not registered with orch-eu: not connected: version not compatible"), "\(again.stderr)")
        let unchecked = lpai.run(["apply", spec, "--auto-approve", "--connect-timeout", "0"] + Self.settle)
        #expect(unchecked.status == 0, "\(unchecked.all)")
    }

    @Test func aStoppedOrchestratorLeavesItsWorkersUnregisteredUntilApplyStartsIt() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        try #require(TestEngine.docker("stop", "-t", "2", "lpai-eu-prod-orch-eu").status == 0)
        // A worker first sees its stream end, then fails to dial on its next retry: wait for that.
        let drift = Self.driftSaying("gpu-box-1 on gpu-box-1: not connected: orchestrator unreachable", &lpai)
        #expect(drift.status == 2, "\(drift.all)")
        #expect(drift.stdout.contains("orch-eu on orch-box: start"), "\(drift.stdout)")
        #expect(drift.stdout.contains("gpu-box-1 on gpu-box-1: not connected: orchestrator unreachable"), "\(drift.stdout)")
        #expect(drift.stdout.contains("connection refused"), "go-livepeer's own words: \(drift.stdout)")

        let applied = lpai.run(["apply", "specs/split.yaml", "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(applied.stdout.contains("  gpu-box-1 → orch-eu  connected"), "the workers registered again: \(applied.stdout)")
        #expect(applied.stdout.contains("  gpu-box-2 → orch-eu  connected"), "\(applied.stdout)")
        #expect(lpai.run("drift", "specs/split.yaml").status == 0)
    }

    @Test func aWorkerAttachedToACombinedNodeIsCaughtAtCompileTimeAndObservedAsRefused() throws {
        // Compile time: the spec cannot say it.
        let combined = try Self.spec { $0.replacingOccurrences(of: "  orch-eu:\n    host: orch-box\n", with: "  orch-eu:\n    host: orch-box\n    mode: combined\n") }
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": Self.secret])
        let validated = lpai.run(["validate", combined], engine: false)
        #expect(validated.status == 1)
        #expect(validated.stderr.contains("lpai.topology.worker-on-combined"), "\(validated.stderr)")

        // Forced by hand: the orchestrator's container replaced with a combined node.
        lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        try #require(TestEngine.docker("rm", "-f", "lpai-eu-prod-orch-eu").status == 0)
        let forced = TestEngine.docker(
            "run", "-d", "--name", "lpai-eu-prod-orch-eu", "--network", "host", "-v", "/var/run/docker.sock:/var/run/docker.sock",
            "--label", "io.lpai.fleet=eu-prod", "--label", "io.lpai.node=orch-eu", "--label", "io.lpai.host=orch-box", "--label", "io.lpai.role=orchestrator",
            "livepeer/go-livepeer:v0.9.1", "-orchestrator", "-aiWorker", "-serviceAddr", "orch.example.com:8935", "-httpAddr", "0.0.0.0:8935",
            "-network", "offchain", "-nvidia", "0", "-aiModels", "text-to-image:ByteDance/SDXL-Lightning:false"
        )
        try #require(forced.status == 0, "\(forced.all)")
        let drift = Self.driftSaying("orchestrator refused", &lpai)
        #expect(drift.status == 2, "\(drift.all)")
        #expect(drift.stdout.contains("combined node"), "\(drift.stdout)")
        #expect(drift.stdout.contains("orch-eu on orch-box: replace"), "\(drift.stdout)")
        let applied = lpai.run(["apply", "specs/split.yaml", "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(lpai.run("drift", "specs/split.yaml").status == 0)
    }

    @Test func verifyProbesEveryRunnerFromItsHostAndNamesAStoppedOne() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        var ok = lpai.run("verify", "specs/split.yaml", "--inference")
        // Runners answer once go-livepeer has waited for their /health.
        if ok.status != 0 {
            _ = TestEngine.eventually(30) {
                ok = lpai.run("verify", "specs/split.yaml", "--inference")
                return ok.status == 0
            }
        }
        #expect(ok.status == 0, "\(ok.all)")
        let rows = ok.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 6, "3 runners × (health, inference): \(ok.stdout)")
        for port in ["8000", "8001", "8500"] {
            #expect(rows.contains { $0.contains("127.0.0.1:\(port)") && $0.contains("health") && $0.contains("serving") && $0.hasSuffix("OK") }, "\(ok.stdout)")
            #expect(rows.contains { $0.contains("127.0.0.1:\(port)") && $0.contains("inference") && $0.contains("answered") }, "\(ok.stdout)")
        }
        #expect(TestEngine.docker("ps", "-aq", "--filter", "label=io.lpai.probe").stdout.isEmpty, "probe containers are removed")

        try #require(TestEngine.docker("stop", "-t", "1", "text-to-image_ByteDance-SDXL-Lightning_8001").status == 0)
        let bad = lpai.run("verify", "specs/split.yaml")
        #expect(bad.status == 2, "\(bad.all)")
        #expect(bad.stdout.contains("runner text-to-image_ByteDance-SDXL-Lightning_8001 is exited"), "\(bad.stdout)")
        #expect(bad.stdout.contains("1 planned runner check not serving."), "\(bad.stdout)")
        let json = lpai.run("verify", "specs/split.yaml", "--format", "json")
        #expect(json.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["serving"] as? Bool == false)
    }

    @Test func reconcileOnceReportsOrHealsAndAgentModeTouchesOnlyItsHost() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        #expect(TestEngine.eventually(30) { lpai.run("plan", "specs/split.yaml", "--detailed-exitcode").status == 0 })
        let inSync = lpai.run("reconcile", "specs/split.yaml", "--once", "--dry-run")
        #expect(inSync.status == 0, "\(inSync.all)")
        let orchestrator = try #require(try Self.nodes()["orch-eu"]?.id)

        try #require(TestEngine.docker("rm", "-f", "lpai-eu-prod-gpu-box-1").status == 0)
        let dry = lpai.run("reconcile", "specs/split.yaml", "--once", "--dry-run")
        #expect(dry.status == 2, "\(dry.all)")
        #expect(dry.stderr.contains("drift: create") && dry.stderr.contains("node=gpu-box-1"), "\(dry.stderr)")
        #expect(try Self.nodes()["gpu-box-1"] == nil, "a dry run changes nothing")

        // The agent of gpu-box-2 sees only its own node, which is in sync.
        let otherAgent = lpai.run(["reconcile", "specs/split.yaml", "--once", "--host", "gpu-box-2"] + Self.settle)
        #expect(otherAgent.status == 0, "\(otherAgent.all)")
        #expect(try Self.nodes()["gpu-box-1"] == nil)
        // gpu-box-1's agent brings it back, and touches nothing else.
        let agent = lpai.run(["reconcile", "specs/split.yaml", "--once", "--host", "gpu-box-1"] + Self.settle)
        #expect(agent.status == 2, "drift found and applied: \(agent.all)")
        #expect(try Self.nodes()["gpu-box-1"]?.running == true)
        #expect(try Self.nodes()["orch-eu"]?.id == orchestrator)
        #expect(TestEngine.eventually(30) { lpai.run("plan", "specs/split.yaml", "--detailed-exitcode").status == 0 })
    }

    @Test func reconcileHealsKeepsGoingWhileAHostIsUnreachableServesMetricsAndStopsOnSIGTERM() throws {
        let host = try TestEngine.requireStandin()
        try #require(host.hasPrefix("unix://"), "this test reroutes a host's engine socket; DOCKER_HOST must be unix://, not \(host)")
        TestEngine.removeFleet(Self.fleet)
        defer { TestEngine.removeFleet(Self.fleet) }
        // gpu-box-2's engine is reached by a path that does not exist yet: unreachable until
        // the test links it to the real engine's socket.
        let detour = "/tmp/lpai-e2e-\(UUID().uuidString.prefix(8)).sock"
        defer { unlink(detour) }
        let spec = try Self.spec()
        let original = try String(contentsOfFile: spec, encoding: .utf8)

        let process = Process()
        process.executableURL = TestEngine.buildDir.appendingPathComponent("lpai-apply")
        process.arguments = [
            "reconcile", spec, "--interval", "2", "--backoff-cap", "4", "--settle", "1", "--stop-timeout", "5", "--connect-timeout", "20",
            "--call-timeout", "5", "--metrics-addr", "127.0.0.1:0", "--log-format", "json", "--engine", "*=\(host)", "--engine", "gpu-box-2=unix://\(detour)",
        ]
        process.currentDirectoryURL = TestEngine.repoRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["ORCH_EU_SECRET": Self.secret]) { _, new in new }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let log = LockedText()
        stderr.fileHandleForReading.readabilityHandler = { handle in log.append(handle.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // 1. The reachable hosts converge; the unreachable one is reported and retried.
        #expect(TestEngine.eventually(60) { log.text.contains("\"msg\":\"created and running\",\"host\":\"gpu-box-1\"") }, "\(log.text)")
        #expect(try Self.nodes().filter { $0.value.running }.keys.sorted() == ["gpu-box-1", "orch-eu"])
        #expect(TestEngine.eventually(10) { log.text.contains("cannot read the host's engine") && log.text.contains("\"host\":\"gpu-box-2\"") }, "\(log.text)")
        let url = try #require(Self.metricsURL(log.text), "the metrics address is logged: \(log.text)")

        // 2. A container removed by hand is back within an interval or two.
        try #require(TestEngine.docker("rm", "-f", "lpai-eu-prod-gpu-box-1").status == 0)
        #expect(TestEngine.eventually(30) { (try? Self.nodes())?["gpu-box-1"]?.running == true }, "\(log.text)")

        // 3. The host comes back: it converges too.
        let socket = String(host.dropFirst("unix://".count))
        try #require(symlink(socket, detour) == 0)
        #expect(TestEngine.eventually(60) { (try? Self.nodes())?["gpu-box-2"]?.running == true }, "\(log.text)")

        // 4. An invalid spec (a GitOps pull gone wrong) is reported; the last good one is kept.
        try Data("version: [\n".utf8).write(to: URL(fileURLWithPath: spec))
        #expect(TestEngine.eventually(15) { log.text.contains("the spec is not valid; keeping the last good one") }, "\(log.text)")
        #expect(process.isRunning)
        try Data(original.utf8).write(to: URL(fileURLWithPath: spec))
        #expect(TestEngine.eventually(15) { log.text.contains("the spec is valid again") }, "\(log.text)")

        // 5. Metrics, in Prometheus' text format.
        var metrics = ""
        #expect(TestEngine.eventually(30) {
            metrics = TestEngine.shell(["curl", "-fsS", url]).stdout
            return metrics.contains("lpai_workers_connected{orchestrator=\"orch-eu\"} 2")
        }, "\(metrics)")
        #expect(Self.metric(metrics, "lpai_reconcile_actions_total{action=\"create\"}").map { $0 >= 4 } == true, "orch-eu, gpu-box-1 twice, gpu-box-2: \(metrics)\n\(log.text)")
        #expect(Self.metric(metrics, "lpai_reconcile_errors_total{host=\"gpu-box-2\"}").map { $0 >= 1 } == true, "\(metrics)")
        #expect(Self.metric(metrics, "lpai_reconcile_passes_total{result=\"ok\"}").map { $0 >= 1 } == true, "\(metrics)")
        #expect(Self.metric(metrics, "lpai_reconcile_last_success_timestamp_seconds").map { $0 > 1_700_000_000 } == true, "\(metrics)")
        #expect(metrics.contains("lpai_advertised_capacity{model_id=\"ByteDance/SDXL-Lightning\",orchestrator=\"orch-eu\",pipeline=\"text-to-image\"} 2"), "\(metrics)")
        #expect(metrics.contains("# TYPE lpai_reconcile_passes_total counter"))

        // 6. SIGTERM: the pass in flight finishes and the loop exits 0.
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        #expect(!process.isRunning)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(log.text.suffix(2000))")
        stderr.fileHandleForReading.readabilityHandler = nil
        let lines = log.text.split(separator: "\n")
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["msg"] != nil }, "every log line is a JSON object")
        #expect(log.text.contains("\"msg\":\"stopped\""))
        #expect(!log.text.contains(Self.secret))
    }

    static func metricsURL(_ log: String) -> String? {
        for line in log.split(separator: "\n") where line.contains("serving metrics") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            return object["url"] as? String
        }
        return nil
    }

    static func metric(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}

/// Text appended from a pipe's reader thread and read by the test.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
