import Foundation
import TestSupport
import Testing

/// docs/RECONCILE.md "As a container", run as written against the real engine: the documented
/// `docker run` with only its machine paths pointed at a scratch folder and the test engine.
/// The image cannot come from docs/recipes/Dockerfile here (its base images need a registry),
/// so it is the built lpai-apply with its shared libraries, imported with the Dockerfile's own
/// ENTRYPOINT: what is tested is the run recipe, not the image build.
@Suite(.serialized, .sharedEngine) struct ReconcileContainerRecipeTests {
    static let fleet = "recipe-ctr"

    @Test func documentedDockerRunReconcilesAndStopsCleanly() throws {
        _ = try TestEngine.requireStandin()
        let socket = try #require(ProcessInfo.processInfo.environment["DOCKER_HOST"]?.replacingOccurrences(of: "unix://", with: ""))
        let dir = try TempDir.make("lpai-recipe-ctr")
        let tag = "lpai-apply-recipe-test:\(UUID().uuidString.prefix(8).lowercased())"
        let name = "lpai-recipe-reconcile-\(UUID().uuidString.prefix(8).lowercased())"
        TestEngine.removeFleet(Self.fleet)
        defer {
            TestEngine.docker("rm", "-f", name)
            TestEngine.removeFleet(Self.fleet)
            TestEngine.docker("rmi", "-f", tag)
            try? FileManager.default.removeItem(at: dir)
        }
        try buildImage(tag: tag, in: dir)

        // The spec the agent reads: one orchestrator on this machine's host name, as `--host "$(hostname)"` names it.
        let host = TestEngine.shell(["hostname"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(host.wholeMatch(of: try Regex("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) != nil, "this machine's host name '\(host)' is not a spec name")
        let fleetDir = dir.appendingPathComponent("fleet")
        try FileManager.default.createDirectory(at: fleetDir, withIntermediateDirectories: true)
        try TempDir.write(Array("""
            version: 1
            fleet: \(Self.fleet)
            defaults: {image: "livepeer/go-livepeer:v0.9.1", dataDir: "\(dir.path)/data/{node}"}
            hosts: {\(host): {}}
            orchestrators:
              orch: {host: \(host), serviceAddr: "127.0.0.1:18935", secret: {env: RECIPE_ORCH_SECRET}}

            """.utf8), to: "spec.yaml", in: fleetDir)
        let secrets = try TempDir.write(Array("RECIPE_ORCH_SECRET=from-the-env-file\n".utf8), to: "secrets.env", in: dir)

        let documented = try Self.documentedRun()
        let port = 19464 + Int.random(in: 0..<500)
        let command = documented
            .replacingOccurrences(of: "--name lpai-reconcile", with: "--name \(name)")
            .replacingOccurrences(of: "-v /srv/fleet:/srv/fleet:ro", with: "-v \(fleetDir.path):/srv/fleet:ro")
            .replacingOccurrences(of: "-v /var/run/docker.sock:", with: "-v \(socket):")
            .replacingOccurrences(of: "--env-file /etc/lpai/secrets.env", with: "--env-file \(secrets.path)")
            .replacingOccurrences(of: "127.0.0.1:9464:9464", with: "127.0.0.1:\(port):9464")
            .replacingOccurrences(of: "lpai-apply:latest", with: tag)
        #expect(command.components(separatedBy: dir.path).count == 3 && command.contains(tag), "the recipe changed: \(command)")
        let started = TestEngine.shell(["sh", "-c", command])
        try #require(started.status == 0, "docker run: \(started.all)")

        let node = "lpai-\(Self.fleet)-orch"
        let running = TestEngine.eventually(60) {
            TestEngine.docker("inspect", "-f", "{{.State.Running}}", node).stdout.hasPrefix("true")
        }
        let logs = { TestEngine.docker("logs", name).all }
        #expect(running, "the containerised reconcile did not create \(node):\n\(logs())")
        let metrics = TestEngine.eventually(20) {
            TestEngine.shell(["curl", "-fsS", "http://127.0.0.1:\(port)/metrics"]).stdout.contains("lpai_reconcile_passes_total")
        }
        #expect(metrics, "no metrics on the published port:\n\(logs())")
        #expect(!logs().contains("from-the-env-file"), "a secret value reached the logs")

        // `docker stop` sends SIGTERM; reconcile finishes its step, releases the lock and exits 0.
        let stop = TestEngine.docker("stop", name)
        #expect(stop.status == 0, "\(stop.all)")
        let exit = TestEngine.docker("inspect", "-f", "{{.State.ExitCode}}", name).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(exit == "0", "reconcile exited \(exit) on docker stop:\n\(logs())")
    }

    /// The `docker run` block of docs/RECONCILE.md, its continuation lines joined.
    static func documentedRun() throws -> String {
        let doc = try String(contentsOf: TestEngine.repoRoot.appendingPathComponent("docs/RECONCILE.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "docker run -d --name lpai-reconcile"))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        return doc[start.lowerBound..<end.lowerBound].replacingOccurrences(of: "\\\n", with: " ").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The built lpai-apply, the libraries ldd lists and /etc/passwd, imported with the
    /// Dockerfile's ENTRYPOINT line.
    func buildImage(tag: String, in dir: URL) throws {
        let dockerfile = try String(contentsOf: TestEngine.repoRoot.appendingPathComponent("docs/recipes/Dockerfile"), encoding: .utf8)
        let changes = dockerfile.split(separator: "\n").filter { $0.hasPrefix("ENTRYPOINT ") }.flatMap { ["--change", String($0)] }
        #expect(changes.count == 2, "the Dockerfile's ENTRYPOINT is gone")
        let binary = TestEngine.buildDir.appendingPathComponent("lpai-apply").path
        let script = """
            set -eu
            root="$1/rootfs"; mkdir -p "$root/usr/local/bin" "$root/etc" "$root/tmp"
            install -m 755 "$2" "$root/usr/local/bin/lpai-apply"
            strip "$root/usr/local/bin/lpai-apply" 2>/dev/null || true
            ldd "$2" | awk '$2 == "=>" && $3 ~ /^\\// { print $3 } $1 ~ /^\\// { print $1 }' | sort -u | while read -r lib; do
              mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
            done
            printf 'root:x:0:0:root:/root:/bin/sh\\n' > "$root/etc/passwd"
            tar -C "$root" -cf "$1/rootfs.tar" .
            """
        let rootfs = TestEngine.shell(["bash", "-c", script, "bash", dir.path, binary])
        try #require(rootfs.status == 0, "rootfs: \(rootfs.all)")
        let imported = TestEngine.shell(["docker", "import"] + changes + [dir.appendingPathComponent("rootfs.tar").path, tag])
        try #require(imported.status == 0, "docker import: \(imported.all)")
    }
}
