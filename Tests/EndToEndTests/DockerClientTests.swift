import Foundation
import TestSupport
import Planner
@testable import Reconciler
import Testing

/// The Docker client against the real engine: every call the reconciler uses.
@Suite struct DockerClientTests {
    static let image = "lpai-test/busybox:1"
    static let label = "io.lpai.test=docker-client"

    /// A client for DOCKER_HOST and a tiny local image (busybox, imported through the client).
    static func client() async throws -> (DockerClient, EngineSet) {
        let host = try TestEngine.require()
        let endpoint = try EngineEndpoint.parse(host, tls: nil, insecure: true)
        let engines = EngineSet(directory: EngineDirectory(endpoints: ["local": endpoint], overridden: []))
        let client = try #require(engines.client(forHost: "local"))
        if try await !client.imageExists(image) {
            let busybox = try Array(Data(contentsOf: URL(fileURLWithPath: "/bin/busybox")))
            let rootfs = try TarArchive.files([(path: "/bin/busybox", mode: 0o755, contents: busybox)]).bytes()
            try await client.importImage(repo: "lpai-test/busybox", tag: "1", rootfs: rootfs)
        }
        return (client, engines)
    }

    static func cleanup(_ client: DockerClient) async {
        for c in (try? await client.listContainers(labels: [label])) ?? [] { try? await client.remove(c.id, force: true) }
    }

    @Test func pingAndVersion() async throws {
        let (client, engines) = try await Self.client()
        try await client.ping()
        let version = try await client.version()
        #expect(version.apiVersion.map { $0 >= "1.41" } == true, "engine API \(version.apiVersion ?? "?")")
        await engines.shutdown()
    }

    /// Create (labels, binds, GPUs, restart policy, init), upload a 0600 file, start, read it
    /// back, logs, list by label, stop, remove.
    @Test func containerLifecycleWithFiles() async throws {
        let (client, engines) = try await Self.client()
        await Self.cleanup(client)
        let name = "lpai-test-client-\(UUID().uuidString.prefix(8))"
        let request = CreateContainerRequest(
            image: Self.image, cmd: ["/bin/busybox", "sh", "-c", "/bin/busybox cat /etc/lpai/secret; echo; echo to-stderr >&2; exec /bin/busybox sleep 600"],
            env: ["A=1"], labels: ["io.lpai.test": "docker-client", "io.lpai.node": "n1"],
            hostConfig: .init(binds: ["/tmp:/host-tmp:ro"], networkMode: "host", restartPolicy: ["Name": "unless-stopped"], deviceRequests: [.allGPUs], initProcess: true)
        )
        let id = try await client.create(name: name, request)
        let tar = try TarArchive.files([(path: "/etc/lpai/secret", mode: 0o600, contents: Array("top-secret".utf8))]).bytes()
        try await client.putArchive(id, tar: tar)
        let back = try TarArchive.read(try await client.getArchive(id, path: "/etc/lpai/secret"))
        #expect(back.entries.first?.mode == 0o600)
        #expect(back.entries.first?.contents == Array("top-secret".utf8))

        try await client.start(id)
        let inspect = try await client.inspect(id)
        #expect(inspect.name == "/\(name)")
        #expect(inspect.config.labels["io.lpai.node"] == "n1")
        #expect(inspect.hostConfig.binds == ["/tmp:/host-tmp:ro"])
        #expect(inspect.hostConfig.networkMode == "host")
        #expect(inspect.hostConfig.restartPolicy == "unless-stopped")
        #expect(inspect.hostConfig.initProcess)
        #expect(inspect.hostConfig.deviceRequests == [.allGPUs])
        var logs = ""
        for _ in 0..<50 where !logs.contains("to-stderr") {
            logs = try await client.logs(id)
            try await Task.sleep(for: .milliseconds(100))
        }
        // Both streams, demultiplexed: no frame header bytes (stream 1/2, zero padding) remain.
        #expect(logs.contains("top-secret\n") && logs.contains("to-stderr\n"), "\(logs.debugDescription)")
        #expect(!logs.unicodeScalars.contains { $0.value < 0x09 }, "frame headers left in \(logs.debugDescription)")

        let listed = try await client.listContainers(labels: ["io.lpai.test=docker-client", "io.lpai.node=n1"])
        #expect(listed.map(\.id) == [id])
        #expect(listed.first?.state == "running")
        #expect(try await client.listContainers(labels: ["io.lpai.test=docker-client", "io.lpai.node=other"]).isEmpty)

        try await client.rename(id, to: name + "-renamed")
        try await client.stop(id, timeout: 2)
        #expect(try await client.inspect(id).state.running == false)
        try await client.remove(id, force: true)
        try await client.remove(id, force: true)  // already gone: not an error
        await engines.shutdown()
    }

    /// Errors carry the host, the call, the HTTP status and the engine's own message.
    @Test func engineErrorsCarryStatusMessageAndHost() async throws {
        let (client, engines) = try await Self.client()
        do {
            _ = try await client.inspect("lpai-no-such-container")
            Issue.record("inspect of a missing container succeeded")
        } catch {
            #expect(error.status == 404)
            #expect(error.message.contains("No such container"))
            #expect(error.description.hasPrefix("host local: GET /containers/{id}/json failed with HTTP 404"))
        }
        let name = "lpai-test-conflict-\(UUID().uuidString.prefix(8))"
        let request = CreateContainerRequest(
            image: Self.image, cmd: ["/bin/busybox", "true"], env: [], labels: ["io.lpai.test": "docker-client"],
            hostConfig: .init(binds: [], networkMode: "none", restartPolicy: ["Name": "no"], deviceRequests: [], initProcess: false)
        )
        let id = try await client.create(name: name, request)
        do {
            _ = try await client.create(name: name, request)
            Issue.record("a second container with the same name was created")
        } catch {
            #expect(error.isConflict)
            #expect(error.message.contains("already in use"))
        }
        try await client.remove(id, force: true)
        await engines.shutdown()
    }

    @Test func anUnreachableEngineIsATransportErrorNamingTheHost() async throws {
        let engines = EngineSet(directory: EngineDirectory(
            endpoints: ["gpu-box-9": EngineEndpoint(transport: .unix(path: "/tmp/lpai-no-engine-here.sock"))], overridden: []
        ))
        let client = try #require(engines.client(forHost: "gpu-box-9"))
        do {
            try await client.ping()
            Issue.record("ping of a missing socket succeeded")
        } catch {
            #expect(error.kind == .transport)
            #expect(error.description.contains("host gpu-box-9: GET /_ping could not reach the engine"))
            #expect(error.description.contains("/tmp/lpai-no-engine-here.sock"))
        }
        await engines.shutdown()
    }
}
