import ArgumentParser
import Foundation
import Planner
import Reconciler

extension EngineBench {
    struct Real: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "First apply and no-change plan against DOCKER_HOST, beside docker-compose.")

        @Option(help: "Containers in the fleet (one orchestrator, the rest workers).")
        var containers = 50

        @Option(help: "Runs of each no-change command to take the median of.")
        var repeatCount = 5

        @Option(help: "First applies (and Compose up -d) to take the median of, run alternately.")
        var applyRuns = 3

        @Option(help: "Also write the results as JSON to this file.")
        var jsonOut: String?

        func run() async throws {
            guard let dockerHost = ProcessInfo.processInfo.environment["DOCKER_HOST"] else {
                throw ValidationError("DOCKER_HOST is not set; start the test engine: eval \"$(scripts/test-engine.sh start)\"")
            }
            let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let lpai = bin.appendingPathComponent("lpai-apply").path
            guard FileManager.default.isExecutableFile(atPath: lpai) else { throw ValidationError("\(lpai) is missing: build lpai-apply in the same configuration") }
            guard Self.shell(["docker", "image", "inspect", "livepeer/go-livepeer:v0.9.1"]).status == 0 else {
                throw ValidationError("the go-livepeer stand-in image is missing: scripts/standin-image.sh --binary .build/debug/livepeer-standin v0.9.1")
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-bench-real-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let specText = EngineFleet.spec(fleet: "bench", workers: containers - 1) { _ in nil }
            let spec = dir.appendingPathComponent("bench.yaml").path
            try Data(specText.utf8).write(to: URL(fileURLWithPath: spec))
            let plan = try EngineFleet.plan(specText)
            let env = ["LPAI_BENCH_SECRET": "bench-secret"]
            let engine = "--engine=*=\(dockerHost)"
            Self.removeFleet()
            defer { Self.removeFleet() }

            var results: [EngineResult] = []
            // Like for like with Compose, which starts containers and waits for nothing: the
            // containers up and running, at Compose's parallelism (COMPOSE_PARALLEL_LIMIT, 64;
            // each container here is on its own spec host, so apply's --parallelism is that limit).
            let base = [lpai, "apply", spec, "--auto-approve", "--settle", "0", "--parallelism", "64", engine]
            let composeFile = dir.appendingPathComponent("docker-compose.yml").path
            let hasCompose = Self.shell(["sh", "-c", "command -v docker-compose"]).status == 0
            if hasCompose { try Data(try Self.composeFile(plan: plan, dir: dir).utf8).write(to: URL(fileURLWithPath: composeFile)) }
            let compose = ["docker-compose", "-p", "lpaibench", "-f", composeFile]
            // The engine's speed wanders on this VM: the two tools alternate, medians compared.
            var applyTimes: [Double] = []
            var composeTimes: [Double] = []
            for _ in 0..<max(1, applyRuns) {
                let (status, time) = Self.timed(base + ["--connect-timeout", "0"], env)
                guard status == 0 else { throw ValidationError("apply failed (exit \(status))") }
                applyTimes.append(time)
                Self.removeFleet()
                if hasCompose {
                    let (upStatus, upTime) = Self.timed(compose + ["up", "-d"], [:])
                    guard upStatus == 0 else { throw ValidationError("docker-compose up -d failed (exit \(upStatus))") }
                    composeTimes.append(upTime)
                    _ = Self.timed(compose + ["down", "-t", "1"], [:])
                }
            }
            results.append(EngineResult(
                name: "lpai-apply: first apply of \(containers)", seconds: median(applyTimes), target: hasCompose ? median(composeTimes) : nil,
                note: "containers running (--settle 0 --parallelism 64 --connect-timeout 0), median of \(applyTimes.count): \(applyTimes.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s"
            ))
            if hasCompose {
                results.append(EngineResult(
                    name: "docker-compose: up -d of the same \(containers)", seconds: median(composeTimes), target: nil,
                    note: "docker-compose \(Self.composeVersion()), median of \(composeTimes.count): \(composeTimes.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s"
                ))
            }
            // What apply does by default: each worker's step also waits for its registration.
            let (convergedStatus, convergedTime) = Self.timed(base, env)
            guard convergedStatus == 0 else { throw ValidationError("apply failed (exit \(convergedStatus))") }
            results.append(EngineResult(
                name: "lpai-apply: first apply, workers registered", seconds: convergedTime, target: nil,
                note: "the same, waiting for every worker's registration (the default)"
            ))
            var planTimes: [Double] = []
            for _ in 0..<max(1, repeatCount) {
                let (status, t) = Self.timed([lpai, "plan", spec, "--detailed-exitcode", engine], env)
                guard status == 0 else { throw ValidationError("the no-change plan reported changes or failed (exit \(status))") }
                planTimes.append(t)
            }
            results.append(EngineResult(
                name: "lpai-apply: no-change plan, \(containers) containers", seconds: median(planTimes), target: containers == 50 ? 0.1 : nil,
                note: "whole process, median of \(planTimes.count); min \(String(format: "%.3f", planTimes.min() ?? 0)) s"
            ))
            Self.removeFleet()

            if hasCompose {
                _ = Self.timed(compose + ["up", "-d"], [:])
                var noop: [Double] = []
                for _ in 0..<max(1, repeatCount) { noop.append(Self.timed(compose + ["up", "-d"], [:]).1) }
                _ = Self.timed(compose + ["down", "-t", "1"], [:])
                results.append(EngineResult(name: "docker-compose: no-op up -d, \(containers) services", seconds: median(noop), target: nil, note: "median of \(noop.count)"))
            } else {
                results.append(EngineResult(name: "docker-compose: not installed", seconds: 0, target: nil, note: "apt-get install docker-compose for the side-by-side figures"))
            }
            try printResults(results, jsonOut: jsonOut)
        }

        /// The same containers as Compose services: image, args, host network, restart policy,
        /// labels, binds, GPUs; the files (secrets filled) bind-mounted read-only.
        static func composeFile(plan: Plan, dir: URL) throws -> String {
            let secrets = SecretValues.fixed([(source: "env", name: "LPAI_BENCH_SECRET", value: "bench-secret")])
            var out = "services:\n"
            func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
            for node in plan.nodes {
                let files = dir.appendingPathComponent("files/\(node.name)")
                try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
                var volumes = node.container.mounts.map { "\($0.source):\($0.target)\($0.readOnly ? ":ro" : "")" }
                for file in node.files {
                    let local = files.appendingPathComponent(file.basename)
                    try Data(secrets.fill(file)).write(to: local)
                    volumes.append("\(local.path):\(file.path):ro")
                }
                out += "  \(node.name):\n    image: \(q(node.container.image))\n    container_name: lpaibench-\(node.name)\n"
                out += "    network_mode: host\n    restart: unless-stopped\n    init: true\n"
                out += "    command: [" + node.container.args.map(q).joined(separator: ", ") + "]\n"
                out += "    labels:\n" + node.container.labels.sorted { $0.key < $1.key }.map { "      \(q("bench." + $0.key)): \(q($0.value))\n" }.joined()
                out += "    volumes:\n" + volumes.map { "      - \(q($0))\n" }.joined()
                if node.container.gpus != nil {
                    out += "    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n"
                }
            }
            return out
        }

        static func composeVersion() -> String {
            shell(["docker-compose", "version", "--short"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        static func removeFleet() {
            let ids = shell(["sh", "-c", "docker ps -aq --filter label=io.lpai.fleet=bench"]).output.split(separator: "\n").map(String.init)
            _ = shell(["docker", "rm", "-f", "lpai-keys-bench", "lpai-lock-bench"] + ids)
        }

        static func shell(_ args: [String], _ env: [String: String] = [:]) -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = args
            process.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { return (-1, "") }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }

        static func timed(_ args: [String], _ env: [String: String]) -> (Int32, Double) {
            let clock = ContinuousClock()
            let start = clock.now
            let (status, _) = shell(args, env)
            return (status, seconds(clock.now - start))
        }
    }
}
