internal import Crypto
internal import Foundation
internal import Planner

/// The secret-digest key of each engine: 32 random bytes held by a container `lpai-keys-<fleet>`
/// that is created and never started, as the target of its symbolic link `/key` (`/<64 hex>`).
/// A link's target comes back in the stat header of `HEAD /containers/{id}/archive` (~10 ms),
/// where reading a file's content makes dockerd spawn a tar process (~70 ms), and reading a key
/// per container cost one such read per container. Either needs the access that reading the
/// secret file itself needs. Labels name the key by a short id so a lost or replaced keyholder is
/// noticed, and each container still carries a digest under a key of its own as the fallback.
public actor EngineKeys {
    public struct Key: Sendable, Hashable {
        /// First 8 hex digits of SHA-256 of the key: names it in labels, reveals nothing.
        public var id: String
        public var bytes: [UInt8]

        /// The keyholder's `/key` link target: `/` and the key in hex.
        public var linkTarget: String { "/" + String(decoding: Hex.encode(bytes), as: UTF8.self) }

        public init(bytes: [UInt8]) {
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

    /// The engine's key, or nil when it has no keyholder (or an unreadable one). An engine that
    /// cannot answer is an error, not a missing key: taking it for one would replace the key.
    public func existing(on client: DockerClient) async throws(DockerError) -> Key? {
        if let key = known[ObjectIdentifier(client)] { return key }
        let stat: PathStat
        do { stat = try await client.statPath(Self.containerName(fleet: fleet), path: Self.keyPath) } catch {
            if error.isNotFound || error.kind == .protocolError { return nil }
            throw error
        }
        guard stat.linkTarget.hasPrefix("/"), let bytes = Hex.decode(Array(stat.linkTarget.utf8.dropFirst())), bytes.count == 32 else { return nil }
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
        if let key = try await existing(on: client) { return key }
        let bytes = SecretDigest.newKey()
        let name = Self.containerName(fleet: fleet)
        // A keyholder that exists but cannot be read (its file lost) is replaced.
        try await client.remove(name, force: true)
        try await FleetLock.ensureImage(client)
        let id = try await client.create(name: name, CreateContainerRequest(
            image: "\(FleetLock.imageRepo):\(FleetLock.imageTag)", cmd: ["/LPAI-LOCK"], env: [], labels: [Self.label: fleet],
            hostConfig: .init(binds: [], networkMode: "none", restartPolicy: ["Name": "no"], deviceRequests: [], initProcess: false)
        ))
        let link = "/" + String(decoding: Hex.encode(bytes), as: UTF8.self)
        let tar = (try? TarArchive(entries: [TarArchive.Entry(path: String(Self.keyPath.dropFirst()), mode: 0o777, contents: [], linkTarget: link)]).bytes()) ?? []
        try await client.putArchive(id, tar: tar)
        let key = Key(bytes: bytes)
        known[ObjectIdentifier(client)] = key
        return key
    }
}
