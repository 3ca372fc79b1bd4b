internal import Crypto
internal import Foundation
internal import Planner

/// The secret-digest key of each engine: 32 random bytes in `/key` (mode 0600) of a container
/// `lpai-keys-<fleet>` that is created and never started. Reading it is one archive call per
/// engine, where a key per container cost one per container (dockerd spawns a process for each,
/// ~50 ms). Labels name the key by a short id so a lost or replaced keyholder is noticed, and
/// each container still carries a digest under a key of its own as the fallback.
public actor EngineKeys {
    public struct Key: Sendable, Hashable {
        /// First 8 hex digits of SHA-256 of the key: names it in labels, reveals nothing.
        public var id: String
        public var bytes: [UInt8]

        init(bytes: [UInt8]) {
            self.bytes = bytes
            id = String(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined().prefix(8))
        }
    }

    public static let keyPath = "/key"
    public static func containerName(fleet: String) -> String { "lpai-keys-\(fleet)" }
    static let label = "io.lpai.keyholder"

    let fleet: String
    private var known: [ObjectIdentifier: Key] = [:]
    /// One keyholder creation per engine, however many steps ask for it at once.
    private var creating: [ObjectIdentifier: Task<Key, any Error>] = [:]

    public init(fleet: String) {
        self.fleet = fleet
    }

    /// The engine's key, or nil when it has no keyholder (or an unreadable one).
    public func existing(on client: DockerClient) async -> Key? {
        if let key = known[ObjectIdentifier(client)] { return key }
        guard let archive = try? await client.getArchive(Self.containerName(fleet: fleet), path: Self.keyPath),
              let entry = try? TarArchive.read(archive).entries.first(where: { !$0.isDirectory }),
              let bytes = Hex.decode(entry.contents), bytes.count == 32
        else { return nil }
        let key = Key(bytes: bytes)
        known[ObjectIdentifier(client)] = key
        return key
    }

    /// The engine's key, creating its keyholder first when there is none (apply, under the lock).
    public func obtain(on client: DockerClient) async throws(DockerError) -> Key {
        if let key = known[ObjectIdentifier(client)] { return key }
        let id = ObjectIdentifier(client)
        let task = creating[id] ?? Task { try await self.readOrCreate(on: client) }
        creating[id] = task
        do { return try await task.value } catch let error as DockerError {
            creating[id] = nil
            throw error
        } catch {
            creating[id] = nil
            throw DockerError(host: client.host, call: "keyholder", kind: .protocolError, message: "\(error)")
        }
    }

    private func readOrCreate(on client: DockerClient) async throws(DockerError) -> Key {
        if let key = await existing(on: client) { return key }
        let bytes = SecretDigest.newKey()
        let name = Self.containerName(fleet: fleet)
        // A keyholder that exists but cannot be read (its file lost) is replaced.
        try await client.remove(name, force: true)
        try await FleetLock.ensureImage(client)
        let id = try await client.create(name: name, CreateContainerRequest(
            image: "\(FleetLock.imageRepo):\(FleetLock.imageTag)", cmd: ["/LPAI-LOCK"], env: [], labels: [Self.label: fleet],
            hostConfig: .init(binds: [], networkMode: "none", restartPolicy: ["Name": "no"], deviceRequests: [], initProcess: false)
        ))
        let tar = (try? TarArchive.files([(path: Self.keyPath, mode: 0o600, contents: Hex.encode(bytes))]).bytes()) ?? []
        try await client.putArchive(id, tar: tar)
        let key = Key(bytes: bytes)
        known[ObjectIdentifier(client)] = key
        return key
    }
}
