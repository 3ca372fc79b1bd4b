import Glibc

/// The orchestrator's service port, reduced to `RegisterAIWorker`: listens on 127.0.0.1 only, whatever
/// host `-serviceAddr` / `-httpAddr` name, and serves each worker stream on its own thread.
enum OrchestratorServer {
    struct Settings: Sendable {
        let secret: String
        let version: String
        /// False on a combined node (`-orchestrator -aiWorker`): go-livepeer registers no AIWorker service there.
        let acceptsWorkers: Bool
    }

    static func start(httpAddr: String, settings: Settings) {
        let portText = httpAddr.lastIndex(of: ":").map { String(httpAddr[httpAddr.index(after: $0)...]) } ?? httpAddr
        guard let port = portText.isEmpty ? 0 : UInt16(portText) else {
            starterExit(Sites.transcodeServer, "Error starting Transcoder node: err=\(goQuote("listen tcp: address \(httpAddr): invalid port"))")
        }
        let listener: Int32
        switch Loopback.listen(port: port) {
        case .failure(let error):
            starterExit(Sites.transcodeServer, "Error starting Transcoder node: err=\(goQuote("listen tcp \(httpAddr): \(error.operation): \(error.text)"))")
        case .success(let bound):
            listener = bound.fd
            logInfo(Sites.listening, "Listening for RPC on \(httpAddr)")
            logInfo(Sites.standin, "stand-in: RegisterAIWorker over plain TCP on 127.0.0.1:\(bound.port) (accepts workers: \(settings.acceptsWorkers))")
        }
        spawnThread {
            while let connection = Loopback.accept(listener) {
                spawnThread { serve(fd: connection.fd, peer: connection.peer, settings: settings) }
            }
        }
    }

    private static func serve(fd: Int32, peer: String, settings: Settings) {
        defer { close(fd) }
        Loopback.setReadTimeout(fd, seconds: 10)
        let reader = LineReader(fd: fd)
        guard case .line(let line) = reader.next() else { return }
        guard settings.acceptsWorkers else {
            _ = Loopback.send(fd, WireProtocol.Status.unknownService.encode())
            return
        }
        guard let request = WireProtocol.Registration.decode(line) else {
            logWarning(Sites.standin, "stand-in: ignoring a malformed request from \(peer)")
            return
        }
        logInfo(Sites.gotRegister, "Got a RegisterAIWorker request from aiworker=\(peer) ")
        guard request.secret == settings.secret else {
            logError(Sites.badSecret, "err=\(goQuote("invalid secret"))")
            _ = Loopback.send(fd, WireProtocol.Status.invalidSecret.encode())
            return
        }
        guard VersionCheck.compatible(workerVersion: request.version, minimum: settings.version) else {
            logError(Sites.notCompatible, "worker \(peer) not connected, version not compatible")
            _ = Loopback.send(fd, WireProtocol.Status.ok.encode())
            return
        }
        logInfo(Sites.compatible, "Worker compatible, connecting worker_version=\(request.version) orchestrator_version=\(settings.version) worker_addr=\(peer)")
        for model in request.models {
            logInfo(Sites.standin, "stand-in: aiworker=\(peer) pipeline=\(Capabilities.pipelineName(model.capability)) "
                + "model_id=\(goQuote(model.modelID)) warm=\(model.warm) capacity=\(model.capacity)")
        }
        Loopback.setReadTimeout(fd, seconds: 0)
        while case .line = reader.next() {}
        logError(Sites.streamClosed, "Stream closed for aiworker=\(peer), err=\(goQuote("context canceled"))")
        logInfo(Sites.workerEOF, "Got aiworker=\(peer) eof, removing from live aiworkers map")
    }
}
