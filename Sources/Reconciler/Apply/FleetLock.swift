internal import Foundation
internal import Planner

/// Serializes applies of one fleet. The lock lives on the hosts themselves: a created, never
/// started container `lpai-lock-<fleet>` on each engine, whose labels say who holds it and
/// since when. Engines refuse a second container of the same name, so taking it is atomic.
/// A lock whose holder was on this machine and whose process is gone is stale and is broken
/// automatically; any other is broken with `lpai-apply unlock SPEC`.
public enum FleetLock {
    static let imageRepo = "lpai/lock"
    static let imageTag = "1"
    static let ownerLabel = "io.lpai.lock.owner"
    static let machineLabel = "io.lpai.lock.machine"
    static let pidLabel = "io.lpai.lock.pid"
    static let sinceLabel = "io.lpai.lock.since"

    public static func containerName(fleet: String) -> String { "lpai-lock-\(fleet)" }

    /// Who holds a lock.
    public struct Holder: Sendable, Hashable, CustomStringConvertible {
        public var owner: String
        public var machine: String
        public var pid: Int32
        public var since: Int

        public static func current() -> Holder {
            let user = ProcessInfo.processInfo.environment["USER"] ?? "uid \(getuid())"
            let machine = ProcessInfo.processInfo.hostName
            return Holder(owner: "\(user)@\(machine)", machine: machine, pid: getpid(), since: Int(Date().timeIntervalSince1970))
        }

        var labels: [String: String] {
            [ownerLabel: owner, machineLabel: machine, pidLabel: String(pid), sinceLabel: String(since)]
        }

        init(owner: String, machine: String, pid: Int32, since: Int) {
            self.owner = owner
            self.machine = machine
            self.pid = pid
            self.since = since
        }

        init(labels: [String: String]) {
            owner = labels[ownerLabel] ?? "unknown"
            machine = labels[machineLabel] ?? ""
            pid = labels[pidLabel].flatMap { Int32($0) } ?? 0
            since = labels[sinceLabel].flatMap { Int($0) } ?? 0
        }

        /// Held by a process of this machine that no longer exists.
        public var isStale: Bool {
            machine == ProcessInfo.processInfo.hostName && pid > 0 && kill(pid, 0) != 0 && errno == ESRCH
        }

        public var description: String {
            let age = max(0, Int(Date().timeIntervalSince1970) - since)
            let when = Date(timeIntervalSince1970: TimeInterval(since)).formatted(.iso8601)
            return "\(owner) (pid \(pid)) since \(when), \(age / 60)m\(age % 60)s ago"
        }
    }

    public struct LockError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The locks this fleet holds on every engine, for a handle the caller releases.
    public struct Held: Sendable {
        var locks: [(client: DockerClient, id: String)]

        /// Removes every lock container; what could not be removed is returned, one line per
        /// host (the lock then stays until `unlock`, or until it is found stale).
        @discardableResult
        public func release() async -> [String] {
            var failed: [String] = []
            for lock in locks {
                do { try await lock.client.remove(lock.id, force: true) } catch {
                    failed.append("could not release the fleet lock on host \(lock.client.host): \(error)")
                }
            }
            return failed
        }
    }

    /// Takes the lock on every engine, in a fixed order so two applies cannot deadlock.
    /// Waits up to `wait` for a held lock; breaks stale ones and says so through `note`.
    public static func acquire(
        engines: EngineSet, fleet: String, holder: Holder = .current(), wait: Duration, note: @Sendable (String) -> Void
    ) async throws(LockError) -> Held {
        var held = Held(locks: [])
        let deadline = ContinuousClock.now + wait
        for client in engines.clients {
            while true {
                do {
                    try await ensureImage(client)
                    let id = try await client.create(name: containerName(fleet: fleet), request(fleet: fleet, holder: holder))
                    held.locks.append((client, id))
                    break
                } catch let error where error.isConflict {
                    let existing: ContainerInspect
                    do { existing = try await client.inspect(containerName(fleet: fleet)) } catch { continue }
                    let other = Holder(labels: existing.config.labels)
                    // Two endpoints of one engine (a host reached by another path): the lock
                    // taken moments ago through the first is already ours.
                    if other == holder && held.locks.contains(where: { $0.id == existing.id }) { break }
                    if other.isStale {
                        await breakStale(existing.id, holder: other, on: client, note: note)
                        continue
                    }
                    if ContinuousClock.now < deadline {
                        try? await Task.sleep(for: .seconds(1))
                        continue
                    }
                    await held.release()
                    throw LockError(description: """
                        fleet \(fleet) is locked on \(client.host) by \(other): another apply is running.
                        If it is not (its machine crashed, say), break the lock with: lpai-apply unlock SPEC
                        """)
                } catch {
                    await held.release()
                    throw LockError(description: "taking the fleet lock: \(error)")
                }
            }
        }
        return held
    }

    /// Removes the fleet's locks whose holder ran on this machine and is gone (a killed apply),
    /// without taking the lock: what apply does when it has nothing to change.
    public static func breakStale(engines: EngineSet, fleet: String, note: @Sendable (String) -> Void) async {
        guard let locks = try? await current(engines: engines, fleet: fleet) else { return }
        for lock in locks where lock.holder.isStale {
            await breakStale(lock.id, holder: lock.holder, on: lock.client, note: note)
        }
    }

    static func breakStale(_ id: String, holder: Holder, on client: DockerClient, note: @Sendable (String) -> Void) async {
        note("breaking a stale lock on \(client.host): held by \(holder), whose process is gone")
        try? await client.remove(id, force: true)
    }

    /// The locks of a fleet that exist now, per engine.
    public static func current(engines: EngineSet, fleet: String) async throws(DockerError) -> [(client: DockerClient, id: String, holder: Holder)] {
        var out: [(DockerClient, String, Holder)] = []
        for client in engines.clients {
            do {
                let inspect = try await client.inspect(containerName(fleet: fleet))
                out.append((client, inspect.id, Holder(labels: inspect.config.labels)))
            } catch where error.isNotFound {
                continue
            }
        }
        return out
    }

    static func request(fleet: String, holder: Holder) -> CreateContainerRequest {
        CreateContainerRequest(
            image: "\(imageRepo):\(imageTag)", cmd: ["/LPAI-LOCK"], env: [],
            labels: holder.labels.merging(["io.lpai.lock": fleet]) { a, _ in a },
            hostConfig: .init(binds: [], networkMode: "none", restartPolicy: ["Name": "no"], deviceRequests: [], initProcess: false)
        )
    }

    /// The lock container's image: one text file, imported locally (no registry needed).
    static func ensureImage(_ client: DockerClient) async throws(DockerError) {
        guard try await !client.imageExists("\(imageRepo):\(imageTag)") else { return }
        let text = Array("lpai-apply fleet lock: a container of this image is created, never started, to hold a lock.\n".utf8)
        let rootfs = (try? TarArchive.files([(path: "/LPAI-LOCK", mode: 0o644, contents: text)]).bytes()) ?? []
        try await client.importImage(repo: imageRepo, tag: imageTag, rootfs: rootfs)
    }
}
