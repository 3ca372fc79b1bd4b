internal import Foundation
internal import Planner

/// The engine calls of one node's change, each reported as it happens.
struct NodeSteps: Sendable {
    let client: DockerClient
    let keys: EngineKeys
    let images: KnownImages
    let change: NodeChange
    let options: Executor.Options
    let report: ApplyReporter

    func say(_ message: String, _ kind: ApplyEvent.Kind = .step) {
        report(ApplyEvent(node: change.node, host: change.host, kind: kind, message: message))
    }

    /// Runs one engine call, turning its error into a step error that names the call.
    func attempt<T>(_ what: String, rollback: String? = nil, _ body: () async throws -> T) async throws(StepError) -> T {
        say(what)
        do { return try await body() } catch {
            throw StepError("\(what): \(error)", rollback: rollback)
        }
    }

    /// Runs a long call, printing a progress line every `progressEvery` until it returns.
    func withProgress<T: Sendable>(_ message: String, _ body: @Sendable () async throws -> T) async throws -> T {
        let begin = ContinuousClock.now
        let ticker = Task { [options, report, change] in
            while !Task.isCancelled {
                try await Task.sleep(for: options.progressEvery)
                let seconds = (ContinuousClock.now - begin).components.seconds
                report(ApplyEvent(node: change.node, host: change.host, kind: .waiting, message: "\(message) (\(seconds) s)"))
            }
        }
        defer { ticker.cancel() }
        return try await body()
    }

    func ensureImage(_ image: String) async throws(StepError) {
        guard !images.contains(image, on: client) else { return }
        let present: Bool
        do { present = try await client.imageExists(image) } catch { throw StepError("checking for image \(image): \(error)") }
        guard !present else {
            images.insert(image, on: client)
            return
        }
        say("pulling \(image) (not on the host)")
        do { try await withProgress("still pulling \(image)") { try await client.pull(image) } } catch let error as DockerError {
            throw StepError(
                "image \(image) is not on host \(change.host) and pulling it failed: \(error.message). If the host has no registry access, load the image there first (docker load or docker import)"
            )
        } catch {
            throw StepError("pulling \(image): \(error)")
        }
        images.insert(image, on: client)
    }

    /// Creates the node's container with its files, starts it and waits until it runs.
    func create(_ node: PlannedNode, secrets: SecretValues) async throws(StepError) {
        let id = try await createContainer(node, secrets: secrets)
        do throws(StepError) {
            try await start(id, name: node.container.name)
        } catch {
            let undone = (try? await client.remove(id, force: true)) != nil
            throw StepError(error.message, rollback: undone ? "removed the new container" : "the new container \(node.container.name) could not be removed")
        }
    }

    /// Replaces `old`: the new container is created and loaded before the old one stops, so
    /// the node is down only between stop and start; any failure puts the old one back.
    func replace(_ old: ContainerRef, with node: PlannedNode, secrets: SecretValues) async throws(StepError) {
        let name = node.container.name
        let parked = "\(name)-old-\(old.id.prefix(12))"
        let renamed = old.name == name
        if renamed { try await attempt("renaming \(old.name) to \(parked)") { try await client.rename(old.id, to: parked) } }
        let newID: String
        do { newID = try await createContainer(node, secrets: secrets) } catch {
            if renamed { try? await client.rename(old.id, to: name) }
            throw StepError(error.message, rollback: "the old container is untouched")
        }
        do throws(StepError) {
            if old.running {
                try await attempt("stopping \(old.name) (up to \(options.stopTimeout) s)") {
                    try await withProgress("still stopping \(old.name)") { try await client.stop(old.id, timeout: options.stopTimeout) }
                }
            }
            try await start(newID, name: name)
        } catch {
            try? await client.remove(newID, force: true)
            if renamed { try? await client.rename(old.id, to: name) }
            var rollback = "removed the new container"
            if old.running {
                let restarted = (try? await client.start(old.id)) != nil
                rollback += restarted ? "; the previous container is running again" : "; the previous container could NOT be restarted"
            }
            throw StepError(error.message, rollback: rollback)
        }
        try await attempt("removing the previous container \(parked)") { try await client.remove(old.id, force: true) }
    }

    func removeContainer(_ container: ContainerRef) async throws(StepError) {
        if container.running {
            try await attempt("stopping \(container.name) (up to \(options.stopTimeout) s)") {
                try await withProgress("still stopping \(container.name)") { try await client.stop(container.id, timeout: options.stopTimeout) }
            }
        }
        try await attempt("removing \(container.name)") { try await client.remove(container.id, force: true) }
    }

    /// Creates the container and uploads its files (secrets filled in, plus the digest key).
    private func createContainer(_ node: PlannedNode, secrets: SecretValues) async throws(StepError) -> String {
        var extraLabels: [String: String] = [:]
        var files = node.files.map { (path: $0.path, mode: $0.mode, contents: secrets.fill($0)) }
        if !node.files.flatMap(\.secrets).isEmpty {
            let engineKey: EngineKeys.Key
            do { engineKey = try await keys.obtain(on: client) } catch { throw StepError("preparing the engine's secret digest key: \(error)") }
            let own = SecretDigest.newKey()
            extraLabels[Labels.secrets] = secrets.digest(of: node, key: engineKey.bytes, keyID: engineKey.id)
            extraLabels[Labels.secretsOwn] = secrets.digest(of: node, key: own)
            files.append((path: SecretDigest.keyPath, mode: 0o600, contents: Hex.encode(own)))
        }
        let request = node.container.createRequest(extraLabels: extraLabels)
        let id: String
        do {
            say("creating \(node.container.name) from \(node.container.image)")
            id = try await client.create(name: node.container.name, request)
        } catch {
            if error.isConflict {
                throw StepError(
                    "creating \(node.container.name): a container of that name already exists on \(change.host) and lpai-apply does not manage it (it lacks the \(Labels.fleet) label). Rename or remove it, then apply again"
                )
            }
            throw StepError("creating \(node.container.name): \(error)")
        }
        do {
            let tar = try TarArchive.files(files).bytes()
            say("uploading \(node.files.map(\.basename).joined(separator: ", "))")
            try await client.putArchive(id, tar: tar)
        } catch let error as DockerError {
            try? await client.remove(id, force: true)
            throw StepError("uploading files into \(node.container.name): \(error)", rollback: "removed the new container")
        } catch {
            try? await client.remove(id, force: true)
            throw StepError("building the file archive for \(node.container.name): \(error)", rollback: "removed the new container")
        }
        return id
    }

    private func start(_ id: String, name: String) async throws(StepError) {
        try await attempt("starting \(name)") { try await client.start(id) }
        try await waitUntilRunning(id, name: name)
    }

    /// Waits (bounded) until the container runs, then for `settle` that it stays up.
    func waitUntilRunning(_ id: String, name: String) async throws(StepError) {
        let clock = ContinuousClock()
        let begin = clock.now
        var lastProgress = begin
        var runningSince: ContinuousClock.Instant?
        while true {
            let inspect: ContainerInspect
            do { inspect = try await client.inspect(id) } catch { throw StepError("waiting for \(name) to run: \(error)") }
            let now = clock.now
            if inspect.state.running && inspect.state.status != "restarting" {
                let since = runningSince ?? now
                runningSince = since
                if now - since >= options.settle { return }
            } else if inspect.state.status == "exited" || inspect.state.status == "dead" || inspect.state.status == "restarting" || runningSince != nil {
                let logs = (try? await client.logs(id, tail: 15)) ?? ""
                let tail = logs.split(separator: "\n").suffix(15).map { "    | \($0)" }.joined(separator: "\n")
                throw StepError("\(name) exited with code \(inspect.state.exitCode) right after starting\(inspect.state.error.isEmpty ? "" : " (\(inspect.state.error))")\(tail.isEmpty ? "" : "; its last output:\n\(tail)")")
            } else if now - begin >= options.startTimeout {
                throw StepError("\(name) did not reach running within \(options.startTimeout) (state: \(inspect.state.status))")
            }
            if now - lastProgress >= options.progressEvery {
                lastProgress = now
                say("still waiting for \(name) (\(Int((now - begin).components.seconds)) s, state \(inspect.state.status))", .waiting)
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
