import Foundation
import TestSupport
import Testing

/// Two stand-in processes registering over 127.0.0.1, checked through go-livepeer's log lines.
@Suite struct RegistrationTests {
    private struct Pair {
        let orchestrator: StandinProcess
        let worker: StandinProcess

        func stop() {
            worker.stop()
            orchestrator.stop()
        }
    }

    private func orchestrator(port: Int, secret: String, extra: [String] = [], version: String = "0.9.1", in dir: URL) throws -> StandinProcess {
        let data = dir.appendingPathComponent("orchestrator-\(port)").path
        let standin = try StandinProcess(
            ["-orchestrator", "-orchSecret", secret, "-serviceAddr", "orch.example:\(port)", "-datadir", data] + extra,
            version: version, in: dir)
        try #require(standin.waitFor("stand-in: RegisterAIWorker over plain TCP on 127.0.0.1:\(port) "))
        return standin
    }

    private func worker(port: Int, secret: String, version: String = "0.9.1", in dir: URL) throws -> StandinProcess {
        let models = try Scratch.write(#"[{"pipeline":"text-to-image","model_id":"m","warm":true}]"#, "worker-models.json", in: dir)
        return try StandinProcess(
            ["-aiWorker", "-aiModels", models, "-orchAddr", "orch.example:\(port)", "-orchSecret", secret,
             "-nvidia", "0", "-datadir", dir.appendingPathComponent("worker").path],
            version: version, in: dir)
    }

    @Test func correctSecretFromATrimmedFileConnects() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Scratch.freePort()
        let secretFile = try Scratch.write("  s3cret \n", "orchSecret", in: dir)
        let pair = Pair(
            orchestrator: try orchestrator(port: port, secret: secretFile, in: dir),
            worker: try worker(port: port, secret: "s3cret", in: dir))
        defer { pair.stop() }

        #expect(pair.worker.waitFor("ai_worker.go:69] Registering AI worker to orch.example:\(port)\n"))
        #expect(pair.orchestrator.waitFor("] Got a RegisterAIWorker request from aiworker=127.0.0.1:"))
        #expect(pair.orchestrator.waitFor("] Worker compatible, connecting worker_version=0.9.1 orchestrator_version=0.9.1 worker_addr=127.0.0.1:"))
        #expect(pair.orchestrator.waitFor("] stand-in: aiworker=127.0.0.1:"))
        #expect(pair.orchestrator.stderr.contains(" pipeline=text-to-image model_id=\"m\" warm=true capacity=1\n"))
        #expect(!pair.worker.stderr.contains("Unregistering AI worker"))

        #expect(pair.worker.stop() == 0)
        #expect(pair.worker.stderr.contains("] Exiting Livepeer AIWorker: terminated\n"))
        #expect(pair.orchestrator.waitFor(" eof, removing from live aiworkers map\n"))
        #expect(pair.orchestrator.stderr.contains(", err=\"context canceled\"\n"))
    }

    @Test func wrongSecretIsRejectedAndTheWorkerStopsRetrying() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Scratch.freePort()
        let pair = Pair(
            orchestrator: try orchestrator(port: port, secret: "right", in: dir),
            worker: try worker(port: port, secret: "wrong", in: dir))
        defer { pair.stop() }

        #expect(pair.orchestrator.waitFor("ai_worker.go:49] err=\"invalid secret\"\n"))
        #expect(pair.worker.waitFor("] Unregistering AI worker: invalid secret\n"))
        #expect(pair.worker.waitFor("] Terminating AI Worker because of invalid secret\n"))
        // Long enough for two retries at go-livepeer's backoff; none may come, and the process stays up.
        Thread.sleep(forTimeInterval: 2.5)
        #expect(pair.worker.stderr.components(separatedBy: "Registering AI worker to").count - 1 == 1)
        #expect(pair.orchestrator.stderr.components(separatedBy: "Got a RegisterAIWorker request").count - 1 == 1)
        #expect(pair.worker.process.isRunning)
        #expect(!pair.orchestrator.stderr.contains("Worker compatible"))
    }

    @Test func workerOlderThanOrchestratorIsNotConnected() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Scratch.freePort()
        let pair = Pair(
            orchestrator: try orchestrator(port: port, secret: "s", version: "0.9.1", in: dir),
            worker: try worker(port: port, secret: "s", version: "0.9.0", in: dir))
        defer { pair.stop() }

        #expect(pair.orchestrator.waitFor("ai_orchestrator.go:99] worker 127.0.0.1:"))
        #expect(pair.orchestrator.stderr.contains(" not connected, version not compatible\n"))
        #expect(!pair.orchestrator.stderr.contains("Worker compatible"))
        // go-livepeer ends the stream cleanly, so the worker reads EOF and keeps retrying.
        #expect(pair.worker.waitFor("] Unregistering AI worker: EOF\n"))
        #expect(pair.orchestrator.waitFor("not connected, version not compatible", count: 2))
    }

    @Test func combinedNodeOffersNoWorkerService() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Scratch.freePort()
        let models = try Scratch.write(#"[{"pipeline":"text-to-image","model_id":"m","warm":true}]"#, "combined.json", in: dir)
        let pair = Pair(
            orchestrator: try orchestrator(port: port, secret: "s", extra: ["-aiWorker", "-aiModels", models], in: dir),
            worker: try worker(port: port, secret: "s", in: dir))
        defer { pair.stop() }

        #expect(pair.worker.waitFor("] Unregistering AI worker: rpc error: code = Unimplemented desc = unknown service net.AIWorker\n"))
        #expect(!pair.orchestrator.stderr.contains("Got a RegisterAIWorker request"))
    }

    @Test func unreachableOrchestratorIsRetriedUntilItAppears() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Scratch.freePort()
        let worker = try worker(port: port, secret: "s", in: dir)
        defer { worker.stop() }
        #expect(worker.waitFor("connect: connection refused\"\n", count: 2))
        let orchestrator = try orchestrator(port: port, secret: "s", in: dir)
        defer { orchestrator.stop() }
        #expect(orchestrator.waitFor("] Worker compatible, connecting worker_version=0.9.1", seconds: 15))
    }
}
