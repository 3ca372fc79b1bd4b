import Glibc

/// go-livepeer's HTTP client for a runner at `http://localhost:PORT` (the generated ai/worker client).
enum RunnerClient {
    static func get(port: UInt16, path: String, timeout: Int = 5) -> Result<HTTPResponse, HTTPFailure> {
        HTTPClient.send(HTTPRequest(method: "GET", target: path), to: .loopback(port), timeout: max(1, timeout))
    }

    /// The error text of Go's `http.Client.Get` for a failed request.
    static func describe(_ failure: HTTPFailure, port: UInt16, path: String) -> String {
        let detail: String
        switch failure {
        case .connect(let operation, let code): detail = "dial tcp 127.0.0.1:\(port): \(operation): \(errnoText(code))"
        case .timedOut: detail = "context deadline exceeded"
        default: detail = failure.text
        }
        return "Get \"http://localhost:\(port)\(path)\": \(detail)"
    }
}

/// Seconds on the monotonic clock, for bounded waits.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1_000_000_000
}
