import Glibc

/// server/ai_worker.go `RunAIWorker`: registers with the first `-orchAddr` entry and keeps the stream;
/// retries with exponential backoff until an error it deems fatal (a wrong secret). It dials
/// 127.0.0.1 at the entry's port whatever host the entry names.
enum WorkerClient {
    private static let registered = Shared(false)

    /// Whether a stream is open (go-livepeer then logs "Exiting Livepeer AIWorker" on a signal).
    static var isRegistered: Bool { registered.get() }

    static func start(orchestrator: OrchestratorAddress, registration: WireProtocol.Registration) {
        logInfo(Sites.standin, "stand-in: dialing 127.0.0.1:\(orchestrator.dialPort) for \(orchestrator.host)")
        spawnThread {
            var backoff = Backoff()
            while true {
                logInfo(Sites.registering, "Registering AI worker to \(orchestrator.host)")
                let outcome = attempt(orchestrator, registration)
                logInfo(Sites.unregistering, "Unregistering AI worker: \(outcome.error)")
                if outcome.fatal {
                    logInfo(Sites.terminating, "Terminating AI Worker because of \(outcome.error)")
                    return
                }
                sleepSeconds(backoff.next())
            }
        }
    }

    private struct Outcome {
        let error: String
        var fatal = false
    }

    private static let readError = "rpc error: code = Unavailable desc = error reading from server: EOF"

    private static func attempt(_ orchestrator: OrchestratorAddress, _ registration: WireProtocol.Registration) -> Outcome {
        guard let port = UInt16(orchestrator.dialPort) else {
            return unreachable("dial tcp: address \(orchestrator.dialPort): invalid port")
        }
        let fd: Int32
        switch Loopback.connect(port: port) {
        case .failure(let error):
            return unreachable("dial tcp 127.0.0.1:\(port): \(error.operation): \(error.text)")
        case .success(let connection):
            fd = connection.fd
        }
        defer { close(fd) }
        var outcome = Outcome(error: readError)
        if Loopback.send(fd, registration.encode()) {
            registered.update { $0 = true }
            if case .line(let line) = LineReader(fd: fd).next(), let status = WireProtocol.Status.decode(line) {
                if status.code == "OK" {
                    outcome = Outcome(error: "EOF")
                } else if status.message == "invalid secret" {
                    outcome = Outcome(error: status.message, fatal: true)
                } else {
                    outcome = Outcome(error: "rpc error: code = \(status.code) desc = \(status.message)")
                }
            }
            registered.update { $0 = false }
        }
        logInfo(Sites.endOfStream, "End of stream receive cycle because of err=\(goQuote(outcome.error)), waiting for running aiworker jobs to complete")
        return outcome
    }

    /// gRPC fails the call itself when the connection cannot be made.
    private static func unreachable(_ dialError: String) -> Outcome {
        let error = "rpc error: code = Unavailable desc = connection error: desc = \(goQuote("transport: Error while dialing: " + dialError))"
        logError(Sites.couldNotRegister, "Could not register aiworker to orchestrator \(error)")
        return Outcome(error: error)
    }
}

/// cenkalti/backoff's `ExponentialBackOff` as go-livepeer configures it: 500 ms initial, x1.5, +/-50 %
/// jitter, interval capped at one minute, retrying forever.
struct Backoff {
    private var interval = 0.5

    mutating func next() -> Double {
        let delay = interval * (0.5 + Double.random(in: 0..<1))
        interval = interval >= 60 / 1.5 ? 60 : interval * 1.5
        return delay
    }
}
