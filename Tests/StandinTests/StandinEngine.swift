import Foundation
import TestSupport
import Testing

/// The real Docker Engine at `DOCKER_HOST` (scripts/test-engine.sh) for `StandinEngineTests`, with the
/// stand-in's test images built by scripts/standin-image.sh. Without an engine those tests fail, loudly.
enum StandinEngine {
    static let workerImage = "livepeer/go-livepeer:standin-test"
    static let runnerImage = "livepeer/ai-runner:standin-test"
    /// Every container a test creates itself carries this label (value: the run id); runner containers
    /// the stand-in starts carry go-livepeer's labels, with a `creator_id` that starts with `standin-test-`.
    static let testLabel = "io.lpai.standin.test"
    static let runPrefix = "standin-test-"

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The engine's socket path, once it answers and the images are built.
    static func require() throws -> String { try ready.get() }

    private static let ready: Result<String, Unavailable> = {
        let skip = "(to run StandinTests without an engine: swift test --skip-build --filter StandinTests --skip StandinEngineTests)"
        guard let host = ProcessInfo.processInfo.environment["DOCKER_HOST"], !host.isEmpty else {
            return .failure(Unavailable(description: """
                DOCKER_HOST is not set: StandinEngineTests need a real Docker Engine. Start one with
                  eval "$(scripts/test-engine.sh start)"
                and run the tests again \(skip).
                """))
        }
        guard host.hasPrefix("unix://") else {
            return .failure(Unavailable(description: "StandinEngineTests need a unix:// DOCKER_HOST (the worker container mounts its socket); got \(host) \(skip)"))
        }
        let ping = docker("version", "--format", "{{.Server.APIVersion}}")
        guard ping.status == 0 else {
            return .failure(Unavailable(description: "the Docker Engine at DOCKER_HOST=\(host) does not answer: \(ping.all) \(skip)"))
        }
        let build = shell([
            repoRoot.appendingPathComponent("scripts/standin-image.sh").path, "--binary", StandinProcess.executable.path,
            "--no-default-runner-images", "--runner-image", runnerImage, "standin-test",
        ])
        guard build.status == 0 else {
            return .failure(Unavailable(description: "building the stand-in test images failed:\n\(build.all)"))
        }
        removeLeftovers()
        return .success(String(host.dropFirst("unix://".count)))
    }()

    @discardableResult
    static func shell(_ arguments: [String]) -> ProcessResult {
        do {
            return try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments)
        } catch {
            return ProcessResult(status: -1, stdout: "", stderr: "\(error)", crashed: false)
        }
    }

    @discardableResult
    static func docker(_ arguments: String...) -> ProcessResult { shell(["docker"] + arguments) }

    static func lines(_ result: ProcessResult) -> [String] {
        result.stdout.split(separator: "\n").map(String.init)
    }

    /// Names of the containers labelled `creator_id=ID`.
    static func runners(creatorID: String) -> [String] {
        lines(docker("ps", "-a", "--filter", "label=creator_id=\(creatorID)", "--format", "{{.Names}}")).sorted()
    }

    static func inspect(_ name: String) -> [String: Any]? {
        let result = docker("inspect", "--type", "container", name)
        guard result.status == 0, let all = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else { return nil }
        return all.first
    }

    /// Removes what a run created: its labelled containers and the runners of its creator id.
    static func remove(run: String, creatorID: String) {
        let ids = lines(docker("ps", "-aq", "--filter", "label=\(testLabel)=\(run)"))
            + lines(docker("ps", "-aq", "--filter", "label=creator_id=\(creatorID)"))
        if !ids.isEmpty { shell(["docker", "rm", "-f"] + ids) }
    }

    /// Removes what a run with simulated hosts created: its labelled containers and the hosts' runners.
    static func remove(run: String, simulatedHosts: [String]) {
        var ids = lines(docker("ps", "-aq", "--filter", "label=\(testLabel)=\(run)"))
        for host in simulatedHosts { ids += lines(docker("ps", "-aq", "--filter", "label=\(simulatedHostLabel)=\(host)")) }
        if !ids.isEmpty { shell(["docker", "rm", "-f"] + ids) }
    }

    /// The label the stand-in puts on the runners of a simulated host (test hosts start with `runPrefix`).
    static let simulatedHostLabel = "io.lpai.standin.host"

    /// Containers left by an earlier, interrupted run (runner containers restart with the engine).
    private static func removeLeftovers() {
        var ids = lines(docker("ps", "-aq", "--filter", "label=\(testLabel)"))
        let format = "{{.ID}} {{.Label \"creator_id\"}}|{{.Label \"\(simulatedHostLabel)\"}}"
        for line in lines(docker("ps", "-a", "--filter", "label=creator=ai-worker", "--format", format)) {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let labels = parts[1].split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if labels.contains(where: { $0.hasPrefix(runPrefix) }) { ids.append(parts[0]) }
        }
        if !ids.isEmpty { shell(["docker", "rm", "-f"] + ids) }
    }

    /// Polls `condition` every 200 ms for at most `seconds`.
    static func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        TestSupport.eventually(seconds, condition)
    }
}
