import Foundation
import TestSupport
import Testing

/// The real Docker Engine the end-to-end tests run against: `DOCKER_HOST`, as
/// scripts/test-engine.sh (and .ci/run) start it. Without one the tests fail, loudly.
enum TestEngine {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let buildDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// `DOCKER_HOST`, after checking the engine answers.
    static func require() throws -> String {
        try engine.get()
    }

    /// `DOCKER_HOST`, after checking the engine answers and building the go-livepeer stand-in
    /// images (`livepeer/go-livepeer:v0.9.1` and `:v0.9.2`) from the built stand-in.
    static func requireStandin() throws -> String {
        try standin.get()
    }

    private static let engine: Result<String, Unavailable> = {
        guard let host = ProcessInfo.processInfo.environment["DOCKER_HOST"], !host.isEmpty else {
            return .failure(Unavailable(description: """
                DOCKER_HOST is not set: the end-to-end tests need a real Docker Engine. Start one with
                  eval "$(scripts/test-engine.sh start)"
                (as root, with Debian's docker.io installed) and run the tests again.
                """))
        }
        let ping = shell(["docker", "version", "--format", "{{.Server.APIVersion}}"])
        guard ping.status == 0 else {
            return .failure(Unavailable(description: "the Docker Engine at DOCKER_HOST=\(host) does not answer (\(ping.stderr.trimmingCharacters(in: .whitespacesAndNewlines))). Start it with: eval \"$(scripts/test-engine.sh start)\""))
        }
        return .success(host)
    }()

    private static let standin: Result<String, Unavailable> = {
        let host: String
        switch engine {
        case .success(let h): host = h
        case .failure(let e): return .failure(e)
        }
        let standin = buildDir.appendingPathComponent("livepeer-standin").path
        let build = shell([repoRoot.appendingPathComponent("scripts/standin-image.sh").path, "--binary", standin, "v0.9.1", "v0.9.2"])
        guard build.status == 0 else {
            return .failure(Unavailable(description: "building the go-livepeer stand-in images failed:\n\(build.stdout)\(build.stderr)"))
        }
        return .success(host)
    }()

    typealias Result2 = ProcessResult

    /// Runs a program (found on PATH) and captures its output; a program that cannot start is status -1.
    @discardableResult
    static func shell(_ args: [String], environment: [String: String] = [:], cwd: URL? = nil) -> Result2 {
        do {
            return try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), args, environment: environment, cwd: cwd ?? repoRoot)
        } catch {
            return ProcessResult(status: -1, stdout: "", stderr: "\(error)", crashed: false)
        }
    }

    @discardableResult
    static func docker(_ args: String...) -> Result2 { shell(["docker"] + args) }

    /// Removes every container of a fleet (and its lock), as a test's first and last step.
    static func removeFleet(_ fleet: String) {
        let ids = docker("ps", "-aq", "--filter", "label=io.lpai.fleet=\(fleet)").stdout.split(separator: "\n").map(String.init)
        if !ids.isEmpty { shell(["docker", "rm", "-f"] + ids) }
        docker("rm", "-f", "lpai-lock-\(fleet)", "lpai-keys-\(fleet)")
        removeRunners()
    }

    struct Container {
        var name: String
        var node: String
        var state: String
    }

    /// Every container of the fleet, running or not.
    static func containers(ofFleet fleet: String) -> [Container] {
        docker("ps", "-a", "--filter", "label=io.lpai.fleet=\(fleet)", "--format", "{{.Names}}|{{.Label \"io.lpai.node\"}}|{{.State}}")
            .stdout.split(separator: "\n").map { row in
                let f = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                return Container(name: f[0], node: f.count > 1 ? f[1] : "", state: f.count > 2 ? f[2] : "")
            }
    }

    /// What runs and what each node's go-livepeer said last, for a failure's message.
    static func diagnostics(fleet: String) -> String {
        var out = docker("ps", "-a", "--format", "{{.Names}} {{.State}} {{.Status}} {{.Label \"creator_id\"}}").stdout
        for c in containers(ofFleet: fleet) { out += "-- \(c.name):\n" + docker("logs", "--tail", "25", c.name).all }
        return out
    }

    /// Removes the fleet until it stays gone: a worker killed by `rm -f` may have runner
    /// calls in flight that the engine finishes afterwards (a runner appearing after the sweep).
    static func removeFleetUntilGone(_ fleet: String) {
        for _ in 0..<20 {
            removeFleet(fleet)
            usleep(500_000)
            let left = docker("ps", "-aq", "--filter", "label=io.lpai.fleet=\(fleet)").stdout + docker("ps", "-aq", "--filter", "label=creator=ai-worker").stdout
            if left.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
        }
    }

    /// go-livepeer's runner containers that stand-in workers of lpai-apply's fleets started
    /// (a worker removed with `rm -f` leaves them, and their restart policy is always). The
    /// stand-in's own tests label theirs io.lpai.standin.test and are left alone.
    static func removeRunners() {
        let rows = docker("ps", "-a", "--filter", "label=creator=ai-worker", "--format", "{{.ID}} {{.Label \"io.lpai.standin.test\"}}|{{.Label \"io.lpai.standin.host\"}}").stdout
        let ids = rows.split(separator: "\n").compactMap { row -> String? in
            let fields = row.split(separator: " ", maxSplits: 1)
            guard fields.count == 2 else { return nil }
            let labels = fields[1].split(separator: "|", omittingEmptySubsequences: false)
            return labels.first?.isEmpty == true && labels.last?.hasPrefix("standin-test-") != true ? String(fields[0]) : nil
        }
        if !ids.isEmpty { shell(["docker", "rm", "-f"] + ids) }
    }

    /// Polls `condition` every 200 ms for at most `seconds`.
    static func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        TestSupport.eventually(seconds, condition)
    }
}

/// Runs the built `lpai-apply` with every host pointed at the test engine.
struct LPAI {
    var environment: [String: String]
    /// Everything every run printed, to check no secret ever appears.
    var transcript = ""

    mutating func run(_ args: String...) -> TestEngine.Result2 { run(args) }

    mutating func run(_ args: [String], engine: Bool = true) -> TestEngine.Result2 {
        var argv = [TestEngine.buildDir.appendingPathComponent("lpai-apply").path] + args
        if engine, let host = ProcessInfo.processInfo.environment["DOCKER_HOST"] { argv += ["--engine", "*=\(host)"] }
        let result = TestEngine.shell(argv, environment: environment)
        transcript += result.all
        return result
    }
}
