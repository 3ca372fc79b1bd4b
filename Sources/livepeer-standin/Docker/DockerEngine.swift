import Glibc

/// An error as the Docker Go client words it (`Error response from daemon: ...`), with the HTTP status.
struct DockerError: Error, Sendable {
    let message: String
    var status: Int?

    var isNotFound: Bool { status == 404 }
}

/// The Docker Engine API over its unix socket: `DOCKER_HOST` when it is `unix://PATH`, else
/// /var/run/docker.sock (go-livepeer uses the Go client's `FromEnv`; the stand-in speaks no TCP or TLS).
struct DockerEngine: Sendable {
    let socketPath: String

    static let defaultSocket = "/var/run/docker.sock"

    static func fromEnvironment() -> DockerEngine { DockerEngine(socketPath: socketPath(dockerHost: environment("DOCKER_HOST"))) }

    static func socketPath(dockerHost: String?) -> String {
        guard let host = dockerHost, host.hasPrefix("unix://"), host.count > "unix://".count else { return defaultSocket }
        return String(host.dropFirst("unix://".count))
    }

    var host: String { "unix://" + socketPath }

    /// One API call with an optional JSON body; a status of 400 or more is an error.
    func call(_ method: String, _ target: String, json body: String? = nil, timeout: Int = 30) -> Result<HTTPResponse, DockerError> {
        var request = HTTPRequest(method: method, target: target)
        if let body {
            request.headers.add("Content-Type", "application/json")
            request.body = Array(body.utf8)
        }
        switch HTTPClient.send(request, to: .unix(socketPath), timeout: timeout) {
        case .failure(let failure):
            return .failure(DockerError(message: describe(failure, method: method, target: target)))
        case .success(let response) where response.status >= 400:
            return .failure(DockerError(message: "Error response from daemon: " + Self.daemonMessage(response), status: response.status))
        case .success(let response):
            return .success(response)
        }
    }

    /// The Go client's wording for a connection that failed.
    private func describe(_ failure: HTTPFailure, method: String, target: String) -> String {
        guard case .connect(let operation, let code) = failure else {
            return "error during connect: \(method) \"http://docker\(target)\": \(failure.text)"
        }
        switch code {
        case ENOENT, ECONNREFUSED:
            return "Cannot connect to the Docker daemon at \(host). Is the docker daemon running?"
        case EACCES:
            return "permission denied while trying to connect to the Docker daemon socket at \(host): "
                + "dial unix \(socketPath): \(operation): \(errnoText(code))"
        default:
            return "error during connect: dial unix \(socketPath): \(operation): \(errnoText(code))"
        }
    }

    /// The `message` of the engine's JSON error body, else the body text.
    static func daemonMessage(_ response: HTTPResponse) -> String {
        if case .success(let root) = JSONNode.parse(response.body), let message = root["message"]?.string { return message }
        return goTrimSpace(response.text)
    }
}
