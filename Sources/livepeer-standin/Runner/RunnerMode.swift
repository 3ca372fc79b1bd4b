import Glibc

/// The same binary as a stand-in ai-runner: what the worker starts in each runner container. It
/// serves the runner API on 127.0.0.1:`LIVEPEER_STANDIN_RUNNER_PORT` (the real one serves container
/// port 8000) and logs as uvicorn does; SIGTERM or SIGINT ends it with status 0.
enum RunnerMode {
    static let roleVariable = "LIVEPEER_STANDIN_ROLE"
    static let portVariable = "LIVEPEER_STANDIN_RUNNER_PORT"

    static var isRequested: Bool { environment(roleVariable) == "runner" }

    static func run() -> Never {
        let pid = getpid()
        log("INFO", "Started server process [\(pid)]")
        log("INFO", "Waiting for application startup.")
        guard let pipeline = environment("PIPELINE"), let modelID = environment("MODEL_ID") else {
            startupFailed("KeyError: '\(environment("PIPELINE") == nil ? "PIPELINE" : "MODEL_ID")'")
        }
        guard RunnerRoutes.endpoints[pipeline] != nil else {
            startupFailed("OSError: \(pipeline) is not a valid pipeline for model \(modelID)")
        }
        let portText = environment(portVariable) ?? "8000"
        guard let port = UInt16(portText), port > 0 else { startupFailed("ValueError: invalid \(portVariable) \(portText)") }
        let context = RunnerRoutes.Context(
            pipeline: pipeline, modelID: modelID, version: environment("VERSION") ?? "undefined",
            gpus: visibleGPUs())
        log("INFO", "Started up with pipeline \(context.pipelineClass)(model_id=\(modelID))")
        log("INFO", "Application startup complete.")
        let listener: Int32
        switch Loopback.listen(port: port) {
        case .failure(let error):
            log("ERROR", "[Errno \(error.code)] error while attempting to bind on address ('127.0.0.1', \(port)): \(error.text)")
            log("INFO", "Waiting for application shutdown.")
            log("INFO", "Application shutdown complete.")
            _exit(1)
        case .success(let bound): listener = bound.fd
        }
        log("INFO", "Uvicorn running on http://127.0.0.1:\(port) (Press CTRL+C to quit)")
        spawnThread {
            while let connection = Loopback.accept(listener) {
                spawnThread { serve(connection.fd, peer: connection.peer, context) }
            }
        }
        _ = TerminationSignals.wait()
        log("INFO", "Shutting down")
        log("INFO", "Waiting for application shutdown.")
        log("INFO", "Application shutdown complete.")
        log("INFO", "Finished server process [\(pid)]")
        _exit(0)
    }

    private static func serve(_ fd: Int32, peer: String, _ context: RunnerRoutes.Context) {
        defer { close(fd) }
        Loopback.setTimeouts(fd, seconds: 30)
        let request: HTTPRequest
        do throws(HTTPFailure) {
            request = try HTTPWire.readRequest(ByteReader.socket(fd))
        } catch {
            if error != .closed { _ = Loopback.sendAll(fd, HTTPWire.encode(HTTPResponse(status: 400, body: Array("Invalid HTTP request received.".utf8)))) }
            return
        }
        let response = RunnerRoutes.respond(to: request, context)
        _ = Loopback.sendAll(fd, HTTPWire.encode(response))
        log("INFO", "\(peer) - \"\(request.method) \(request.target) HTTP/1.1\" \(response.status) \(HTTPWire.reason(response.status))")
    }

    /// The devices Docker's nvidia driver exposes (`NVIDIA_VISIBLE_DEVICES`); none on an emulated GPU.
    private static func visibleGPUs() -> [String] {
        guard let devices = environment("NVIDIA_VISIBLE_DEVICES"), !["", "void", "none"].contains(devices) else { return [] }
        return devices.split(separator: ",").map(String.init)
    }

    private static func startupFailed(_ error: String) -> Never {
        log("ERROR", "Traceback (most recent call last):\n  (livepeer-standin: no Python traceback)\n\(error)\n")
        log("ERROR", "Application startup failed. Exiting.")
        _exit(3)
    }

    /// uvicorn's format in ai-runner's logging config: `%(asctime)s %(levelprefix)s %(message)s`.
    static func log(_ level: String, _ message: String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let time = "\(parts.tm_year + 1900)-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2)) "
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)),\(pad(now.tv_nsec / 1_000_000, 3))"
        let prefix = level + ":" + String(repeating: " ", count: max(1, 9 - level.count))
        Glog.shared.write("\(time) \(prefix)\(message)")
    }
}
