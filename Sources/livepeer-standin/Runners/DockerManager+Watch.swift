/// docker.go's `watchContainer`: a health check every 5 s; two failures in a row (or an `ERROR`
/// status) remove the container, and a kept-warm one is started again.
extension DockerManager {
    static let watchInterval = 5.0
    static let maxHealthCheckFailures = 2

    func watch(_ container: RunnerContainer) {
        spawnThread { [self] in
            Slog.info("Watching container", ("container", container.name))
            var failures = 0
            while true {
                if failures >= Self.maxHealthCheckFailures {
                    guard isWatched(container) else { return }
                    Slog.error("Container health check failed too many times", ("container", container.name))
                    destroy(container)
                    if container.keepWarm {
                        Slog.info("Container was kept warm, restarting", ("container", container.name))
                        if let error = warm(pipeline: container.pipeline, modelID: container.modelID, flags: container.flags) {
                            Slog.error("Error restarting warm container", ("container", container.name), ("error", error))
                        }
                    }
                    return
                }
                sleepSeconds(Self.watchInterval)
                guard isWatched(container) else { return }
                failures = check(container, failures: failures)
            }
        }
    }

    /// One health check; returns the new failure count.
    private func check(_ container: RunnerContainer, failures: Int) -> Int {
        let response: HTTPResponse
        switch RunnerClient.get(port: container.port, path: "/health") {
        case .failure(let failure):
            Slog.error("Error getting health for runner", ("container", container.name),
                ("error", RunnerClient.describe(failure, port: container.port, path: "/health")))
            return failures + 1
        case .success(let answer): response = answer
        }
        guard response.status == 200 else {
            Slog.error("Container health check failed with HTTP status code", ("container", container.name),
                ("status_code", String(response.status)), ("body", response.text))
            return failures + 1
        }
        let status = (try? JSONNode.parse(response.body).get())?["status"]?.string ?? ""
        switch status {
        case "OK", "IDLE": return 0
        case "LOADING": return failures
        case "ERROR":
            Slog.error("Container returned ERROR state, restarting immediately", ("container", container.name), ("status", status))
            return Self.maxHealthCheckFailures
        default:
            Slog.error("Unknown container status", ("container", container.name), ("status", status))
            return failures
        }
    }
}
