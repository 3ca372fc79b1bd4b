@testable import livepeer_standin
import Foundation
import TestSupport
import Testing

/// Several spec hosts on the one test engine: workers whose container carries lpai-apply's host label
/// act as if each host had its own engine (docs/STANDIN.md, "Simulated hosts").
extension StandinEngineTests {
    @Test func workersOfSimulatedHostsShareOneEngine() throws {
        let socket = try StandinEngine.require()
        let run = StandinEngine.runPrefix + UUID().uuidString.prefix(8).lowercased()
        let (h1, h2, h3) = ("\(run)-h1", "\(run)-h2", "\(run)-h3")
        defer { StandinEngine.remove(run: run, simulatedHosts: [h1, h2, h3]) }
        let port: UInt16 = 8100
        try #require(!Loopback.isInUse(port: port), "127.0.0.1:\(port) is taken; this test's runner needs it")
        let models = try TempDir.make("lpai-standin-models")
        defer { try? FileManager.default.removeItem(at: models) }
        let docker = StandinEngine.docker
        let label = "\(StandinEngine.testLabel)=\(run)"
        let model = "standin/\(run)"
        let runner = "image-to-image_standin-\(run)_\(port)"

        // Both workers have an empty creator id, so go-livepeer's rule alone would remove each other's runners.
        func worker(_ host: String, model: String) throws -> () -> String {
            let started = docker(
                "run", "-d", "--name", "\(host)-worker", "--label", label, "--label", "io.lpai.host=\(host)", "--network", "host",
                "-v", "\(socket):/var/run/docker.sock", StandinEngine.workerImage, "-aiWorker", "-orchAddr", "127.0.0.1:\(try Scratch.freePort())",
                "-orchSecret", "s", "-nvidia", "0", "-aiModels", "image-to-image:\(model):true", "-aiModelsDir", models.path,
                "-aiRunnerImageOverrides", #"{"default":"\#(StandinEngine.runnerImage)"}"#)
            try #require(started.status == 0, "\(started.all)")
            let logs = { docker("logs", "\(host)-worker").all }
            try #require(StandinEngine.eventually(60) { logs().contains("] Livepeer Node version: standin-test\n") }, "\(logs())")
            return logs
        }
        func stop(_ host: String) -> Int? {
            #expect(docker("stop", "-t", "30", "\(host)-worker").status == 0)
            return (StandinEngine.inspect("\(host)-worker")?["State"] as? [String: Any])?["ExitCode"] as? Int
        }
        func runnerID() -> String? { StandinEngine.inspect(runner)?["Id"] as? String }

        // An old runner of h1 (removed when h1 starts) and one of h2 (invisible to h1, removed when h2 starts).
        for host in [h1, h2] {
            try #require(docker("create", "--name", "\(host)-stale", "--label", label, "--label", "creator=ai-worker",
                "--label", "creator_id=", "--label", "io.lpai.standin.host=\(host)", StandinEngine.runnerImage).status == 0)
        }

        let logs1 = try worker(h1, model: model)
        #expect(logs1().contains("] stand-in: simulating host \(h1) on a shared test engine (own container label io.lpai.host=\(h1)): "
            + "runners get io.lpai.standin.host=\(h1); runners of other simulated hosts are invisible to this worker\n"))
        #expect(logs1().contains(" INFO Removing existing managed container name=/\(h1)-stale\n"))
        #expect(StandinEngine.inspect("\(h1)-stale") == nil && StandinEngine.inspect("\(h2)-stale") != nil)
        let first = try #require(runnerID(), "\(logs1())")
        let labels = (StandinEngine.inspect(runner)?["Config"] as? [String: Any])?["Labels"] as? [String: String] ?? [:]
        #expect(labels["creator"] == "ai-worker" && labels["creator_id"] == "" && labels["io.lpai.standin.host"] == h1)
        #expect((try? RunnerClient.get(port: port, path: "/health").get())?.text == #"{"status":"OK"}"#)

        // h2 wants the same runner: it keeps h1's (its start removes only h2's old runner) and does not fail.
        let logs2 = try worker(h2, model: model)
        #expect(StandinEngine.inspect("\(h2)-stale") == nil)
        #expect(runnerID() == first, "h2's start leaves h1's runner alone")
        let log2 = logs2()
        #expect(log2.contains(" INFO Removing existing managed container name=/\(h2)-stale\n"))
        #expect(!log2.contains("name=/\(runner)"))
        #expect(log2.contains("] stand-in: the runner of simulated host \(h1) already holds the name \(runner) on this shared test engine; "
            + "image-to-image \(model) (GPU 0) is served by that container, which this worker does not create, watch or remove\n"), "\(log2)")
        #expect(!log2.contains("Starting managed container") && !log2.contains("Error AI worker warming"))

        // h3 wants another model on the same GPU, so the same port: also served by h1's runner.
        let logs3 = try worker(h3, model: "standin/\(run)-other")
        #expect(logs3().contains("] stand-in: the runner \(runner) of simulated host \(h1) already holds port 127.0.0.1:\(port) "
            + "on this shared test engine; image-to-image standin/\(run)-other (GPU 0) is served by that container, "
            + "which this worker does not create, watch or remove\n"), "\(logs3())")
        #expect(StandinEngine.docker("ps", "-aq", "--filter", "label=io.lpai.standin.host=\(h3)").stdout.isEmpty)

        // Stopping h2 and h3 leaves h1's runner; stopping h1 removes it.
        #expect(stop(h2) == 0)
        #expect(stop(h3) == 0)
        #expect(!logs2().contains("Removing managed container") && logs2().contains("] Stopped AI worker containers\n"))
        #expect(runnerID() == first)
        #expect((try? RunnerClient.get(port: port, path: "/health").get())?.status == 200)
        #expect(stop(h1) == 0)
        #expect(logs1().contains(" INFO Removing managed container gpu=0 name=\(runner) modelID=\(model)\n"))
        #expect(runnerID() == nil)
    }
}
