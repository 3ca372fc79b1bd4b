@testable import livepeer_standin
import Foundation
import Glibc
import Testing

/// The built binary in runner mode (`LIVEPEER_STANDIN_ROLE=runner`), as a worker starts it in a
/// runner container: it serves 127.0.0.1:LIVEPEER_STANDIN_RUNNER_PORT until SIGTERM. No engine needed.
@Suite struct RunnerProcessTests {
    private func runner(port: Int, pipeline: String? = "text-to-image", in dir: URL) throws -> StandinProcess {
        var env = [RunnerMode.roleVariable: "runner", RunnerMode.portVariable: String(port), "MODEL_ID": "org/model", "VERSION": "v0.14.1"]
        if let pipeline { env["PIPELINE"] = pipeline }
        return try StandinProcess([], environment: env, in: dir)
    }

    @Test func servesTheRunnerAPIAndExitsZeroOnSIGTERM() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Scratch.freePort()
        let standin = try runner(port: port, in: dir)
        defer { standin.stop() }
        #expect(standin.waitFor("INFO:     Uvicorn running on http://127.0.0.1:\(port) (Press CTRL+C to quit)\n"))

        let health = try RunnerClient.get(port: UInt16(port), path: "/health").get()
        #expect(health.status == 200 && health.text == #"{"status":"OK"}"#)
        #expect(try RunnerClient.get(port: UInt16(port), path: "/version").get().text
            == #"{"pipeline":"text-to-image","model_id":"org/model","version":"v0.14.1"}"#)
        var request = HTTPRequest(method: "POST", target: "/text-to-image", body: Array(#"{"prompt":"a cat"}"#.utf8))
        request.headers.add("Content-Type", "application/json")
        let image = try HTTPClient.send(request, to: .loopback(UInt16(port)), timeout: 5).get()
        #expect(image.status == 200 && image.text.hasPrefix(#"{"images":[{"url":"data:image/png;base64,"#))
        request.body = Array("{}".utf8)
        #expect(try HTTPClient.send(request, to: .loopback(UInt16(port)), timeout: 5).get().status == 422)

        #expect(standin.waitFor(#" - "POST /text-to-image HTTP/1.1" 422 Unprocessable Entity"#))
        #expect(standin.stderr.contains("INFO:     Started up with pipeline TextToImagePipeline(model_id=org/model)\n"))
        #expect(standin.stop() == 0)
        let log = standin.stderr
        let shutdown = try #require(log.firstRange(of: "INFO:     Shutting down\n"))
        #expect(log[shutdown.upperBound...].contains("INFO:     Finished server process ["))
    }

    @Test func aTakenPortEndsTheRunnerWithStatusOne() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let taken = try #require(try? Loopback.listen(port: 0).get())
        defer { close(taken.fd) }
        let standin = try runner(port: Int(taken.port), in: dir)
        #expect(standin.waitForExit() == 1)
        #expect(standin.stderr.contains("ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', \(taken.port)): address already in use\n"))
    }

    @Test func aRunnerWithoutPipelineOrWithAnUnknownOneFailsStartup() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let none = try runner(port: try Scratch.freePort(), pipeline: nil, in: dir)
        #expect(none.waitForExit() == 3)
        #expect(none.stderr.contains("KeyError: 'PIPELINE'"))
        #expect(none.stderr.contains("ERROR:    Application startup failed. Exiting.\n"))
        let unknown = try runner(port: try Scratch.freePort(), pipeline: "text-to-3d", in: dir)
        #expect(unknown.waitForExit() == 3)
        #expect(unknown.stderr.contains("text-to-3d is not a valid pipeline for model org/model"))
    }
}
