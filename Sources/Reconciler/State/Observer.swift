public import Planner

/// Reads every engine of a plan: this fleet's containers, go-livepeer's runners, and for each
/// container what the diff needs beyond labels (secret digest check; config when the hash differs).
public struct Observer: Sendable {
    public var plan: Plan
    public var engines: EngineSet
    public var secrets: SecretValues
    /// Reads worker registrations too (nil: containers only).
    public var connections: ConnectionObserver?

    /// Calls in flight per engine while reading containers.
    static let concurrencyPerEngine = 8

    public init(plan: Plan, engines: EngineSet, secrets: SecretValues, connections: ConnectionObserver? = ConnectionObserver()) {
        self.plan = plan
        self.engines = engines
        self.secrets = secrets
        self.connections = connections
    }

    /// Observes every engine concurrently; throws the errors of all engines that failed.
    public func observe() async throws(ObservationError) -> Observation {
        let (observation, errors) = await observeReachable()
        guard errors.isEmpty else { throw ObservationError(errors: errors) }
        return observation
    }

    /// Observes every engine concurrently and returns what the reachable ones hold, with the
    /// errors of the others (the reconcile loop goes on with the hosts it can reach).
    /// Registrations are kept only for nodes on reachable engines.
    public func observeReachable() async -> (Observation, [DockerError]) {
        // Registrations are read alongside the containers (the reads are independent; a host
        // that does not answer fails both in the same time), and dropped for failed hosts.
        async let registrations = connections?.observe(plan: plan, engines: engines)
        let results = await withTaskGroup(of: Result<(EngineState, [String: SecretCheck], [String: ObservedConfig]), DockerError>.self) { group in
            for client in engines.clients {
                group.addTask {
                    do throws(DockerError) { return .success(try await observe(client)) } catch { return .failure(error) }
                }
            }
            var out: [Result<(EngineState, [String: SecretCheck], [String: ObservedConfig]), DockerError>] = []
            for await result in group { out.append(result) }
            return out
        }
        var observation = Observation(fleet: plan.fleet, engines: [])
        var errors: [DockerError] = []
        for result in results {
            switch result {
            case .success(let (state, checks, configs)):
                observation.engines.append(state)
                observation.secretChecks.merge(checks) { a, _ in a }
                observation.configs.merge(configs) { a, _ in a }
            case .failure(let error): errors.append(error)
            }
        }
        observation.engines.sort { $0.hosts.first ?? "" < $1.hosts.first ?? "" }
        if var found = await registrations {
            let reachable = Set(observation.engines.flatMap(\.hosts))
            found.workers.removeAll { !reachable.contains($0.host) }
            found.orchestrators.removeAll { !reachable.contains($0.host) }
            observation.connections = found
        }
        return (observation, errors.sorted { $0.host < $1.host })
    }

    private func observe(_ client: DockerClient) async throws(DockerError) -> (EngineState, [String: SecretCheck], [String: ObservedConfig]) {
        let endpoint = client.endpoint.description
        let managed = try await client.listContainers(labels: ["\(Labels.fleet)=\(plan.fleet)"])
        let runners = try await client.listContainers(labels: ["\(Labels.runnerCreator)=ai-worker"])
        let containers = managed.map {
            ObservedContainer(id: $0.id, name: $0.name, engine: endpoint, state: $0.state, status: $0.status, image: $0.image, created: $0.created, labels: $0.labels)
        }.sorted { ($0.node, $0.created, $0.id) < ($1.node, $1.created, $1.id) }
        // One engine call per container at most (inspect when the hash differs, the digest key
        // otherwise), several at a time: reading a file out of a container costs the engine a
        // process spawn (~50 ms), which sequentially dominated a no-change plan.
        let planned = Dictionary(plan.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let work = containers.compactMap { c in planned[c.node].flatMap { $0.host == c.host ? (c, $0) : nil } }
        // One read of the engine's digest key verifies every container labelled under it.
        let needsKey = work.contains { $0.0.hash == $0.1.hash && $0.0.labels[Labels.secrets] != nil }
        let engineKey = needsKey ? try await EngineKeys(fleet: plan.fleet).existing(on: client) : nil
        var checks: [String: SecretCheck] = [:]
        var configs: [String: ObservedConfig] = [:]
        enum Finding: Sendable { case check(String, SecretCheck), config(String, ObservedConfig), nothing }
        await withTaskGroup(of: Finding.self) { group in
            var next = 0
            func add() {
                guard next < work.count else { return }
                let (container, node) = work[next]
                next += 1
                group.addTask {
                    if container.hash != node.hash {
                        // Only to name what changed; a container gone since the listing changes nothing here.
                        guard let inspect = try? await client.inspect(container.id) else { return .nothing }
                        return .config(container.id, ObservedConfig(inspect))
                    }
                    guard container.labels[Labels.secrets] != nil else { return .nothing }
                    return .check(container.id, await checkSecrets(of: node, in: container, engineKey: engineKey, client: client))
                }
            }
            for _ in 0..<Self.concurrencyPerEngine { add() }
            for await finding in group {
                switch finding {
                case .check(let id, let check): checks[id] = check
                case .config(let id, let config): configs[id] = config
                case .nothing: break
                }
                add()
            }
        }
        return (
            EngineState(
                endpoint: endpoint, hosts: engines.hosts(of: client), containers: containers,
                runners: runners.map { ObservedRunner(id: $0.id, name: $0.name, state: $0.state, creatorID: $0.labels[Labels.runnerCreatorID] ?? "") }
                    .sorted { $0.name < $1.name }
            ),
            checks, configs
        )
    }

    /// Compares the container's digest label with the secrets resolved now: under the engine's
    /// key when the label names it (no engine call), else under the container's own key.
    private func checkSecrets(of node: PlannedNode, in container: ObservedContainer, engineKey: EngineKeys.Key?, client: DockerClient) async -> SecretCheck {
        if let label = container.labels[Labels.secrets], let key = engineKey, SecretDigest.keyID(of: label) == key.id {
            return secrets.digest(of: node, key: key.bytes, keyID: key.id) == label ? .matches : .differs
        }
        guard let own = container.labels[Labels.secretsOwn] else {
            return .unverifiable("the engine's digest key is gone and the container has no digest of its own")
        }
        let archive: [UInt8]
        do { archive = try await client.getArchive(container.id, path: SecretDigest.keyPath) } catch {
            return .unverifiable(error.isNotFound ? "its digest key file is missing" : "its digest key could not be read: \(error.message)")
        }
        guard let entry = try? TarArchive.read(archive).entries.first(where: { !$0.isDirectory }), let key = Hex.decode(entry.contents) else {
            return .unverifiable("its digest key file is not readable")
        }
        return secrets.digest(of: node, key: key) == own ? .matches : .differs
    }
}

public struct ObservationError: Error, Sendable, CustomStringConvertible {
    public var errors: [DockerError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

enum Hex {
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }
    }

    static func decode(_ text: [UInt8]) -> [UInt8]? {
        let chars = text.filter { $0 != UInt8(ascii: "\n") }
        guard chars.count % 2 == 0, !chars.isEmpty else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
