import Foundation
import Testing

/// A worker whose Docker Engine cannot be reached logs what go-livepeer logs and shuts down with
/// status 0, as go-livepeer does when `NewWorker` fails. No engine needed.
@Suite struct WorkerDockerErrorTests {
    @Test func noDockerSocketStopsTheWorkerAtStart() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let socket = dir.appendingPathComponent("absent.sock").path
        let standin = try StandinProcess(
            ["-aiWorker", "-aiModels", "text-to-image:m:true", "-orchAddr", "127.0.0.1:1", "-orchSecret", "s", "-datadir", dir.path],
            environment: ["LIVEPEER_STANDIN_DOCKER": "", "DOCKER_HOST": "unix://\(socket)"], in: dir)
        #expect(standin.waitForExit() == 0)
        let cannot = "failed to list containers: Cannot connect to the Docker daemon at unix://\(socket). Is the docker daemon running?\n"
        let log = standin.stderr
        #expect(log.contains("starter.go:356] Error removing existing AI worker containers: \(cannot)"))
        #expect(log.contains("starter.go:1220] Error starting AI worker: error creating docker manager: \(cannot)"))
        #expect(log.hasSuffix("] Graceful shutdown complete\n"))
        // NewWorker failed, so no Stop was deferred.
        #expect(!log.contains("Stopped AI worker containers"))
        #expect(!log.contains("Livepeer Running in AI Worker Mode"))
    }

    @Test func anOrchestratorAloneMakesNoDockerCalls() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Scratch.freePort()
        let standin = try StandinProcess(
            ["-orchestrator", "-orchSecret", "s", "-serviceAddr", "orch.example:\(port)", "-datadir", dir.path],
            environment: ["LIVEPEER_STANDIN_DOCKER": "", "DOCKER_HOST": "unix:///nonexistent/docker.sock"], in: dir)
        defer { standin.stop() }
        #expect(standin.waitFor("] ***Livepeer Running in Orchestrator Mode***\n"))
        #expect(!standin.stderr.contains("Docker"))
    }
}
