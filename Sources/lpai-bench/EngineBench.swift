import ArgumentParser
import Foundation
import NIOCore
import Planner
import Reconciler
import Spec

struct EngineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Reconciler benchmarks (real dockerd and a simulated fleet of hosts).",
        discussion: """
            simulated: a no-change plan of a fleet of --hosts hosts (one worker each), every host a unix socket of an in-process server that answers the Docker calls plan makes after --latency-ms. Shows how concurrency hides latency.

            real: against DOCKER_HOST with the go-livepeer stand-in images (scripts/standin-image.sh): the first apply of --containers containers and a no-change plan, beside docker-compose's `up -d` of the same containers (when docker-compose is installed).

            Example:
              swift run -c release lpai-bench engine simulated --hosts 1000 --latency-ms 20
              swift run -c release lpai-bench engine real --containers 50
            """,
        subcommands: [Simulated.self, Real.self]
    )
}

/// A fleet of one orchestrator and `workers` workers, each node on its own host.
enum EngineFleet {
    static func spec(fleet: String, workers: Int, docker: (Int) -> String?) -> String {
        var lines = [
            "version: 1", "fleet: \(fleet)", "defaults:", "  image: livepeer/go-livepeer:v0.9.1",
            "  runnerImages: {default: livepeer/ai-runner:v0.14.1, llm: livepeer/ai-runner:llm-v0.14.1}", "hosts:",
        ]
        for i in 0...workers {
            let name = i == 0 ? "orch-box" : "gpu-\(i)"
            lines.append(docker(i).map { "  \(name): {docker: \"\($0)\"}" } ?? "  \(name): {}")
        }
        lines += [
            "models:", "  sd:", "    pipeline: text-to-image", "    model_id: ByteDance/SDXL-Lightning",
            "    price: {per_unit: 4768371, currency: wei}", "orchestrators:", "  orch:", "    host: orch-box",
            "    serviceAddr: orch.example.com:8935", "    secret: {env: LPAI_BENCH_SECRET}", "workers:",
        ]
        // Cold models: the workers start no runner containers, so the stand-ins, all on one
        // engine, do not compete for runner names and ports; the benchmark measures lpai-apply.
        for i in 1...max(1, workers) {
            lines += ["  w\(i):", "    host: gpu-\(i)", "    orchestrator: orch", "    gpus: [{id: 0}]", "    models: [{model: sd}]"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func plan(_ text: String) throws -> Plan {
        let load = SpecLoader.load(text: text, file: "bench.yaml")
        guard let spec = load.spec, let plan = Planner.compile(spec).plan else {
            throw ValidationError("the benchmark fleet does not compile: \(load.diagnostics)")
        }
        return plan
    }
}

struct EngineResult: Codable {
    var name: String
    var seconds: Double
    var target: Double?
    var note: String
    var pass: Bool? { target.map { seconds < $0 } }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

func printResults(_ results: [EngineResult], jsonOut: String?) throws {
    print(String(repeating: "-", count: 100))
    for r in results {
        let verdict = r.pass.map { $0 ? "PASS" : "FAIL" } ?? ""
        let target = r.target.map { String(format: "< %.2f s", $0) } ?? ""
        print(String(format: "%-46@ %9.3f s  %-10@ %-4@  %@", r.name as NSString, r.seconds, target as NSString, verdict as NSString, r.note as NSString))
    }
    if let jsonOut {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try (encoder.encode(results) + Data("\n".utf8)).write(to: URL(fileURLWithPath: jsonOut))
        print("results written to \(jsonOut)")
    }
}

extension EngineBench {
    struct Simulated: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "No-change plan across many simulated engines with injected latency.")

        @Option(help: "Simulated hosts (one orchestrator, the rest workers).")
        var hosts = 1000

        @Option(help: "Latency added to every engine call, in milliseconds.")
        var latencyMs = 20

        @Option(help: "Runs to take the median of.")
        var repeatCount = 3

        @Option(help: "Also write the results as JSON to this file.")
        var jsonOut: String?

        func run() async throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-sim-\(getpid())").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let paths = (0..<hosts).map { "\(dir)/h\($0).sock" }
            let plan = try EngineFleet.plan(EngineFleet.spec(fleet: "sim", workers: hosts - 1) { "unix://\(paths[$0])" })
            let secrets = SecretValues.fixed([(source: "env", name: "LPAI_BENCH_SECRET", value: "bench")])
            let key = EngineKeys.Key(bytes: Array(repeating: 9, count: 32))
            let keyStat = Data("{\"name\":\"key\",\"size\":65,\"mode\":134218239,\"linkTarget\":\"\(key.linkTarget)\"}".utf8).base64EncodedString()
            var states: [EngineSimulator.HostState] = []
            let nodeOfHost = Dictionary(plan.nodes.map { ($0.host, $0) }, uniquingKeysWith: { a, _ in a })
            for i in 0..<hosts {
                let hostName = i == 0 ? "orch-box" : "gpu-\(i)"
                guard let node = nodeOfHost[hostName] else { throw ValidationError("no node on \(hostName)") }
                var labels = node.container.labels
                labels[Labels.secrets] = secrets.digest(of: node, key: key.bytes, keyID: key.id)
                let summary: [String: Any] = [
                    "Id": String(format: "%064x", i + 1), "Names": ["/\(node.container.name)"], "Image": node.container.image,
                    "State": "running", "Status": "Up 1 hour", "Labels": labels, "Created": 1_700_000_000,
                ]
                // The connection check: the container runs, and its log shows the registration
                // (a worker's attempt; the orchestrator's compatible line for every worker).
                let started = "2026-11-29T10:00:00.000000000Z"
                let inspect: [String: Any] = [
                    "Id": String(format: "%064x", i + 1), "Name": "/\(node.container.name)",
                    "State": ["Status": "running", "Running": true, "ExitCode": 0, "Error": "", "StartedAt": started],
                    "Config": ["Image": node.container.image, "Cmd": node.container.args, "Env": [String](), "Labels": labels],
                    "HostConfig": ["Binds": node.container.mounts.map { "\($0.source):\($0.target)" }, "NetworkMode": "host", "RestartPolicy": ["Name": "unless-stopped"]],
                ]
                let lines = i == 0
                    ? (1..<hosts).map { "\(started) I1129 10:00:01.000000 1 ai_orchestrator.go:80] Worker compatible, connecting worker_version=0.9.1 orchestrator_version=0.9.1 worker_addr=10.0.\($0 / 250).\($0 % 250):40000\n" }
                    : ["\(started) I1129 10:00:01.000000 1 ai_worker.go:57] Registering AI worker to orch.example.com:8935\n"]
                states.append(.init(
                    containers: Array(try JSONSerialization.data(withJSONObject: [summary])), keyStat: keyStat, name: node.container.name, id: String(format: "%064x", i + 1),
                    inspect: Array(try JSONSerialization.data(withJSONObject: inspect)), logs: Self.multiplexed(lines.joined())
                ))
            }
            let simulator = try await EngineSimulator(socketPaths: paths, states: states, latency: .milliseconds(Int64(latencyMs)))
            var timings: [Double] = []
            var callsPerRun = 0
            for _ in 0..<max(1, repeatCount) {
                let directory = try EngineDirectory.resolve(plan: plan, overrides: [:], environment: [:])
                let engines = EngineSet(directory: directory)
                let before = simulator.calls.current
                let clock = ContinuousClock()
                let start = clock.now
                let observation = try await Observer(plan: plan, engines: engines, secrets: secrets).observe()
                let diff = Differ.diff(plan: plan, observed: observation)
                let elapsed = clock.now - start
                callsPerRun = simulator.calls.current - before
                await engines.shutdown()
                guard !diff.hasDrift else {
                    throw ValidationError("the simulated fleet is not converged: \(diff.summary); \(diff.connectionProblems.count) connection problems, first: \(diff.connectionProblems.first.map { "\($0.worker): \($0.summary) \($0.detail)" } ?? "-")")
                }
                timings.append(seconds(elapsed))
            }
            await simulator.shutdown()
            let sequential = Double(callsPerRun) * Double(latencyMs) / 1000
            try printResults([
                EngineResult(
                    name: "no-change plan, \(hosts) hosts, \(latencyMs) ms/call", seconds: median(timings), target: hosts == 1000 && latencyMs == 20 ? 2 : nil,
                    note: "\(callsPerRun) calls; \(String(format: "%.0f", sequential)) s if made one at a time; min \(String(format: "%.3f", timings.min() ?? 0)) s"
                ),
            ], jsonOut: jsonOut)
        }

        /// Docker's log stream framing for a container without a TTY: stderr frames.
        static func multiplexed(_ text: String) -> [UInt8] {
            let payload = Array(text.utf8)
            let n = UInt32(payload.count)
            return [2, 0, 0, 0, UInt8(n >> 24), UInt8((n >> 16) & 255), UInt8((n >> 8) & 255), UInt8(n & 255)] + payload
        }
    }
}
