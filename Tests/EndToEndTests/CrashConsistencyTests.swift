import FleetGen
import Foundation
import TestSupport
import Testing

/// `lpai-apply apply` killed with SIGKILL at seeded random moments, over the split example and
/// a 10-worker fleet, from an empty fleet (creates) and from a converged one being upgraded
/// (replaces: rename, stop, start, remove). After each kill: no node has two running
/// containers, every container of the fleet is a node's or a parked copy of one, a lock left
/// behind names the killed process and the next apply breaks it as stale; that next apply
/// converges and `plan` is clean.
@Suite(.serialized, .sharedEngine) struct CrashConsistencyTests {
    struct Fleet: Sendable {
        var name: String
        var spec: @Sendable (String) throws -> String
        var nodes: [String]
        var extra: [String]
    }

    static let split = Fleet(
        name: SplitFleetTests.fleet,
        spec: { tag in try SplitFleetTests.spec { $0.replacingOccurrences(of: "go-livepeer:v0.9.1", with: "go-livepeer:\(tag)") } },
        nodes: ["gpu-box-1", "gpu-box-2", "orch-eu"], extra: []
    )

    /// One orchestrator and ten workers, each on its own host (all reaching the test engine);
    /// cold models, so the ten stand-ins start no runner containers that would share ports.
    static let tenWorkers = Fleet(
        name: "crash10",
        spec: { tag in
            var lines = [
                "version: 1", "fleet: crash10", "defaults:", "  image: livepeer/go-livepeer:\(tag)",
                "  runnerImages: {default: livepeer/ai-runner:v0.14.1, llm: livepeer/ai-runner:llm-v0.14.1}", "hosts:", "  orch-box: {}",
            ]
            lines += (1...10).map { "  gpu-\($0): {}" }
            lines += [
                "models:", "  sd:", "    pipeline: text-to-image", "    model_id: ByteDance/SDXL-Lightning",
                "    price: {per_unit: 4768371, currency: wei}", "orchestrators:", "  orch:", "    host: orch-box",
                "    serviceAddr: 127.0.0.1:18935", "    secret: {env: ORCH_EU_SECRET}", "workers:",
            ]
            for i in 1...10 {
                lines += ["  w\(i):", "    host: gpu-\(i)", "    orchestrator: orch", "    gpus: [{id: 0}]", "    models: [{model: sd}]"]
            }
            let dir = try TempDir.make("lpai-crash10")
            return try TempDir.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: "crash10.yaml", in: dir).path
        },
        nodes: ["orch"] + (1...10).map { "w\($0)" }, extra: ["--max-unavailable", "5"]
    )

    static let options = ["--auto-approve", "--settle", "1", "--stop-timeout", "2"]

    /// Starts apply, kills it with SIGKILL after `after` seconds (or lets it end first); returns
    /// its pid, whether the kill landed, and what it printed.
    static func applyKilled(_ spec: String, fleet: Fleet, after: Double, environment: [String: String]) throws -> (pid: Int32, killed: Bool, output: String) {
        let host = try TestEngine.requireStandin()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-kill-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = TestEngine.buildDir.appendingPathComponent("lpai-apply")
        process.arguments = ["apply", spec, "--engine", "*=\(host)"] + options + fleet.extra
        process.currentDirectoryURL = TestEngine.repoRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(after)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try handle.close()
        return (process.processIdentifier, killed, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    static func trials(_ fleet: Fleet, count: Int, seed: UInt64) throws -> (killed: Int, stale: Int) {
        _ = try TestEngine.requireStandin()
        var moments = SplitMix64(seed: seed)
        let env = ["ORCH_EU_SECRET": SplitFleetTests.secret]
        var lpai = LPAI(environment: env)
        let specs = ["v0.9.1": try fleet.spec("v0.9.1"), "v0.9.2": try fleet.spec("v0.9.2")]
        TestEngine.removeFleet(fleet.name)
        defer { TestEngine.removeFleet(fleet.name) }
        // How long an uninterrupted apply takes, from empty and as an upgrade: the kills fall
        // anywhere in that span.
        var begin = Date()
        try #require(lpai.run(["apply", specs["v0.9.1"]!] + options + fleet.extra).status == 0)
        let createSpan = Date().timeIntervalSince(begin)
        begin = Date()
        try #require(lpai.run(["apply", specs["v0.9.2"]!] + options + fleet.extra).status == 0)
        let upgradeSpan = Date().timeIntervalSince(begin)
        var tag = "v0.9.2"
        var killedCount = 0
        var staleCount = 0
        for trial in 0..<count {
            // Even trials start from nothing; odd ones from the converged fleet, changing image.
            let fromEmpty = trial % 2 == 0
            if fromEmpty { TestEngine.removeFleetUntilGone(fleet.name) }
            tag = tag == "v0.9.1" ? "v0.9.2" : "v0.9.1"
            let spec = specs[tag]!
            let after = (fromEmpty ? createSpan : upgradeSpan) * Double(moments.below(1_000_000)) / 1_000_000
            let what = "\(fleet.name) trial \(trial) (\(fromEmpty ? "create" : "upgrade to \(tag)"), SIGKILL at \(String(format: "%.2f", after)) s, seed \(seed))"
            let run = try applyKilled(spec, fleet: fleet, after: after, environment: env)
            if run.killed { killedCount += 1 }

            // Right after the kill.
            let left = TestEngine.containers(ofFleet: fleet.name)
            let running = Dictionary(grouping: left.filter { $0.state == "running" }, by: \.node)
            #expect(running.values.allSatisfy { $0.count == 1 }, "\(what): a node runs twice: \(left)")
            for c in left {
                let accounted = fleet.nodes.contains(c.node) && (c.name == "lpai-\(fleet.name)-\(c.node)" || c.name.hasPrefix("lpai-\(fleet.name)-\(c.node)-old-"))
                #expect(accounted, "\(what): container \(c.name) (node \(c.node)) is not accounted for")
            }
            let lock = TestEngine.docker("inspect", "--format", "{{index .Config.Labels \"io.lpai.lock.pid\"}}", "lpai-lock-\(fleet.name)")
            let lockLeft = lock.status == 0
            if lockLeft {
                #expect(lock.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(run.pid), "\(what): the lock left names another process: \(lock.all)")
            }

            // The next apply converges, breaking the dead run's lock.
            let again = lpai.run(["apply", spec] + options + fleet.extra)
            #expect(again.status == 0, "\(what): the next apply failed:\n\(again.all)\n-- killed run:\n\(run.output)")
            if lockLeft {
                staleCount += 1
                #expect(again.stdout.contains("breaking a stale lock on") && again.stdout.contains("(pid \(run.pid))"), "\(what): \(again.all)")
            }
            let after2 = TestEngine.containers(ofFleet: fleet.name)
            #expect(after2.map(\.node).sorted() == fleet.nodes.sorted(), "\(what): \(after2)")
            #expect(after2.allSatisfy { $0.name == "lpai-\(fleet.name)-\($0.node)" && $0.state == "running" }, "\(what): \(after2)")
            let plan = lpai.run("plan", spec, "--detailed-exitcode")
            #expect(plan.status == 0, "\(what): \(plan.all)\n-- killed run:\n\(run.output)\n-- the next:\n\(again.all)\n-- the engine now:\n\(TestEngine.diagnostics(fleet: fleet.name))")
        }
        return (killedCount, staleCount)
    }

    @Test func killedAppliesOfTheSplitExampleConverge() throws {
        let result = try Self.trials(Self.split, count: 12, seed: 20261129)
        #expect(result.killed >= 9, "most trials must kill a running apply: \(result)")
        print("crash trials, split example: 12, \(result.killed) killed mid-apply, \(result.stale) stale locks broken")
    }

    @Test func killedAppliesOfATenWorkerFleetConverge() throws {
        let result = try Self.trials(Self.tenWorkers, count: 10, seed: 11)
        #expect(result.killed >= 7, "most trials must kill a running apply: \(result)")
        print("crash trials, 10 workers: 10, \(result.killed) killed mid-apply, \(result.stale) stale locks broken")
    }
}
