@testable import livepeer_standin
import Foundation
import Glibc
import TestSupport
import Testing

/// The worker against a real Docker Engine (`DOCKER_HOST`): it starts, watches and removes stand-in
/// runner containers as go-livepeer does. These tests FAIL without an engine; to run the other
/// StandinTests without one: `swift test --skip-build --filter StandinTests --skip StandinEngineTests`.
@Suite(.serialized, .sharedEngine) struct StandinEngineTests {
    /// Three warm containers on GPU 9 with three slots: colocation digits 0, 1, 2.
    static let expected: [String: UInt16] = [
        "text-to-image_standin-test-model_8009": 8009, "text-to-image_standin-test-model_8019": 8019,
        "image-to-text_standin-caption_8729": 8729,
    ]

    private func newRun() -> (run: String, creatorID: String) {
        let run = StandinEngine.runPrefix + UUID().uuidString.prefix(8).lowercased()
        return (run, "\(run).example:8935")
    }

    @Test func workerContainerStartsWatchesAndRemovesItsRunners() throws {
        let socket = try StandinEngine.require()
        let (run, creatorID) = newRun()
        defer { StandinEngine.remove(run: run, creatorID: creatorID) }
        for port in Self.expected.values {
            try #require(!Loopback.isInUse(port: port), "127.0.0.1:\(port) is taken; this test's runners need it")
        }
        // The runners bind-mount the models dir, so it must exist on the engine's host.
        let models = try TempDir.make("lpai-standin-models")
        defer { try? FileManager.default.removeItem(at: models) }
        let docker = StandinEngine.docker
        let label = "\(StandinEngine.testLabel)=\(run)"
        // An old runner of this worker (removed at start) and one of another worker (kept).
        try #require(docker("create", "--name", "\(run)-stale", "--label", label, "--label", "creator=ai-worker",
            "--label", "creator_id=\(creatorID)", StandinEngine.runnerImage).status == 0)
        try #require(docker("create", "--name", "\(run)-other", "--label", label, "--label", "creator=ai-worker",
            "--label", "creator_id=\(run)-other", StandinEngine.runnerImage).status == 0)

        // Run as lpai-apply runs a worker: host networking, the engine's socket mounted.
        let started = docker(
            "run", "-d", "--name", "\(run)-worker", "--label", label, "--network", "host", "-v", "\(socket):/var/run/docker.sock",
            StandinEngine.workerImage, "-aiWorker", "-orchAddr", "127.0.0.1:\(try Scratch.freePort())", "-orchSecret", "s",
            "-serviceAddr", creatorID, "-nvidia", "9", "-aiRunnerContainersPerGPU", "3",
            "-aiModels", "text-to-image:standin/test_model:true,text-to-image:standin/test_model:true,image-to-text:standin/caption:true",
            "-aiModelsDir", models.path, "-aiRunnerImageOverrides", #"{"default":"\#(StandinEngine.runnerImage)"}"#)
        try #require(started.status == 0, "\(started.all)")
        let logs = { docker("logs", "\(run)-worker").all }
        try #require(StandinEngine.eventually(60) { logs().contains("] Livepeer Node version: standin-test\n") }, "\(logs())")

        #expect(StandinEngine.runners(creatorID: creatorID) == Self.expected.keys.sorted())
        #expect(StandinEngine.inspect("\(run)-stale") == nil, "the old runner with this creator_id is removed at start")
        #expect(StandinEngine.inspect("\(run)-other") != nil, "another worker's runner is kept")
        let log = logs()
        #expect(log.contains(" INFO Removing existing managed container name=/\(run)-stale\n"))
        #expect(log.contains("] Removed 1 existing AI worker containers\n"))
        #expect(log.contains(" INFO Starting managed container gpu=colocated-0-9 name=text-to-image_standin-test-model_8009 "
            + "modelID=standin/test_model containerImage=\(StandinEngine.runnerImage)\n"))
        #expect(log.contains(" INFO Watching container container=image-to-text_standin-caption_8729\n"))

        let runner = try #require(StandinEngine.inspect("text-to-image_standin-test-model_8019"))
        let config = runner["Config"] as? [String: Any] ?? [:]
        let labels = config["Labels"] as? [String: String] ?? [:]
        #expect(labels["creator"] == "ai-worker" && labels["creator_id"] == creatorID)
        let env = config["Env"] as? [String] ?? []
        #expect(env.contains("PIPELINE=text-to-image") && env.contains("MODEL_ID=standin/test_model"))
        #expect(env.contains("LIVEPEER_STANDIN_RUNNER_PORT=8019"))
        let host = runner["HostConfig"] as? [String: Any] ?? [:]
        #expect(host["NetworkMode"] as? String == "host")
        #expect((host["RestartPolicy"] as? [String: Any])?["Name"] as? String == "always")
        #expect(((host["DeviceRequests"] as? [[String: Any]])?.first?["DeviceIDs"] as? [String]) == ["9"])
        let mount = (runner["Mounts"] as? [[String: Any]])?.first
        #expect(mount?["Source"] as? String == models.path && mount?["Destination"] as? String == "/models")
        #expect((runner["State"] as? [String: Any])?["Running"] as? Bool == true)

        for (name, port) in Self.expected {
            let health = RunnerClient.get(port: port, path: "/health")
            #expect((try? health.get())?.text == #"{"status":"OK"}"#, "\(name): \(health)")
        }
        #expect((try? RunnerClient.get(port: 8729, path: "/version").get())?.text
            == #"{"pipeline":"image-to-text","model_id":"standin/caption","version":"standin-test"}"#)
        var request = HTTPRequest(method: "POST", target: "/text-to-image", body: Array(#"{"prompt":"a cat"}"#.utf8))
        request.headers.add("Content-Type", "application/json")
        let image = try HTTPClient.send(request, to: .loopback(8009), timeout: 5).get()
        #expect(image.status == 200 && image.text.contains(#""images":[{"url":"data:image/png;base64,"#))

        // A runner that disappears is noticed by the watch loop and started again (it is kept warm).
        let before = try #require(StandinEngine.inspect("image-to-text_standin-caption_8729")?["Id"] as? String)
        try #require(docker("rm", "-f", "image-to-text_standin-caption_8729").status == 0)
        let restarted = StandinEngine.eventually(45) {
            guard let id = StandinEngine.inspect("image-to-text_standin-caption_8729")?["Id"] as? String, id != before else { return false }
            return (try? RunnerClient.get(port: 8729, path: "/health").get())?.status == 200
        }
        #expect(restarted, "\(logs())")
        let watching = " INFO Watching container container=image-to-text_standin-caption_8729\n"
        #expect(StandinEngine.eventually(15) { logs().components(separatedBy: watching).count - 1 == 2 }, "\(logs())")
        #expect(logs().contains(" ERROR Container health check failed too many times container=image-to-text_standin-caption_8729\n"))
        #expect(logs().contains(" INFO Container was kept warm, restarting container=image-to-text_standin-caption_8729\n"))

        // SIGTERM: the worker removes its runners, then exits 0.
        let stopped = docker("stop", "-t", "30", "\(run)-worker")
        #expect(stopped.status == 0, "\(stopped.all)")
        #expect((StandinEngine.inspect("\(run)-worker")?["State"] as? [String: Any])?["ExitCode"] as? Int == 0)
        #expect(StandinEngine.runners(creatorID: creatorID).isEmpty)
        let final = logs()
        #expect(final.contains(" INFO Removing managed container gpu=colocated-0-9 name=text-to-image_standin-test-model_8009 modelID=standin/test_model\n"))
        #expect(final.contains("] Stopped AI worker containers\n"))
        #expect(final.hasSuffix("] Graceful shutdown complete\n"))
        #expect(StandinEngine.inspect("\(run)-other") != nil)
    }

    @Test func aMissingImageOrATakenPortFailsTheWarmStart() throws {
        _ = try StandinEngine.require()
        let (run, creatorID) = newRun()
        defer { StandinEngine.remove(run: run, creatorID: creatorID) }
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func worker(_ model: String, image: String) throws -> StandinProcess {
            try StandinProcess(
                ["-aiWorker", "-aiModels", model, "-orchAddr", "127.0.0.1:1", "-orchSecret", "s", "-serviceAddr", creatorID,
                 "-nvidia", "9", "-aiModelsDir", dir.path, "-datadir", dir.path, "-aiRunnerImageOverrides", #"{"default":"\#(image)"}"#],
                environment: ["LIVEPEER_STANDIN_DOCKER": ""], in: dir)
        }

        // The stand-in never pulls: a missing image fails as a failed pull, then as go-livepeer's create does.
        let absent = "livepeer/ai-runner:standin-absent"
        StandinEngine.docker("rmi", absent)
        let missing = try worker("text-to-image:standin/absent:true", image: absent)
        #expect(missing.waitForExit(seconds: 30) == 0)
        #expect(missing.stderr.contains(" ERROR Image for pipeline text-to-image and modelID standin/absent is not available locally: \(absent)\n"))
        #expect(missing.stderr.contains("] Error ensuring AI worker image available for text-to-image: failed to pull image: "))
        #expect(missing.stderr.contains("] Error AI worker warming text-to-image container: Error response from daemon: No such image: \(absent)\n"))
        #expect(missing.stderr.contains("] Stopped AI worker containers\n"))
        #expect(missing.stderr.hasSuffix("] Graceful shutdown complete\n"))

        // A host port already bound fails the start as Docker's port binding does; the container is removed.
        let held = Loopback.listen(port: 8009)
        defer { if case .success(let socket) = held { close(socket.fd) } }
        try #require(Loopback.isInUse(port: 8009))
        let busy = try worker("text-to-image:standin/busy:true", image: StandinEngine.runnerImage)
        #expect(busy.waitForExit(seconds: 30) == 0)
        #expect(busy.stderr.contains("] Error AI worker warming text-to-image container: Error response from daemon: driver failed programming "
            + "external connectivity on endpoint text-to-image_standin-busy_8009 ("))
        #expect(busy.stderr.contains("Error starting userland proxy: listen tcp4 127.0.0.1:8009: bind: address already in use\n"))
        #expect(StandinEngine.runners(creatorID: creatorID).isEmpty)
    }
}
