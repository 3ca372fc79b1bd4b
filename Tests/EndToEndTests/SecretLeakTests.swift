import Foundation
import TestSupport
import Testing

/// Every artefact of a whole end-to-end run of the multi-orchestrator example (its three kinds
/// of secret: an env secret, a file secret, an external runner's token) searched for the
/// secret values: everything each command printed (validate, render, plan, a saved plan,
/// apply, drift, verify, reconcile's JSON logs), the rendered files, the plan file, every
/// container's `docker inspect` (argv, env, labels) and logs, and every file inside each
/// node's container. Only the files that must hold a secret (go-livepeer reads them) may, and
/// each of them is mode 0600.
@Suite(.serialized, .sharedEngine) struct SecretLeakTests {
    @Test func noSecretValueReachesAnyArtefactOfARun() throws {
        _ = try TestEngine.requireStandin()
        let fleet = "global"
        TestEngine.removeFleet(fleet)
        defer { TestEngine.removeFleet(fleet) }
        let dir = try TempDir.make("lpai-leak")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tag = UUID().uuidString.prefix(8)
        let secrets = ["orch-eu": "eu-SECRET-\(tag)", "orch-us": "us-SECRET-\(tag)", "token": "llama-TOKEN-\(tag)"]
        let usFile = try TempDir.write(Array((secrets["orch-us"]! + "\n").utf8), to: "orch-us", in: dir)
        let spec = dir.appendingPathComponent("spec")
        try FileManager.default.copyItem(at: TestEngine.repoRoot.appendingPathComponent("specs/multi-orchestrator"), to: spec)
        let nodesFile = spec.appendingPathComponent("20-nodes.yaml")
        let text = try String(contentsOf: nodesFile, encoding: .utf8).replacingOccurrences(of: "/etc/lpai/secrets/orch-us", with: usFile.path)
        try Data(text.utf8).write(to: nodesFile)

        var lpai = LPAI(environment: ["ORCH_EU_SECRET": secrets["orch-eu"]!, "LLAMA_TOKEN": secrets["token"]!])
        let rendered = dir.appendingPathComponent("rendered")
        let planFile = dir.appendingPathComponent("tonight.plan")
        let settle = SplitFleetTests.settle
        #expect(lpai.run(["validate", spec.path, "--check-secrets"], engine: false).status == 0)
        #expect(lpai.run(["render", spec.path, "--out", rendered.path], engine: false).status == 0)
        #expect(lpai.run("plan", spec.path, "--out", planFile.path).status == 0)
        let applied = lpai.run(["apply", planFile.path, "--auto-approve", "--parallelism", "1"] + settle)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(lpai.run("plan", spec.path, "--format", "json").status == 0)
        #expect(lpai.run("drift", spec.path).status == 0)
        #expect(lpai.run("verify", spec.path, "--inference").status == 0)
        let reconciled = lpai.run("reconcile", spec.path, "--once", "--log-format", "json", "--log-level", "trace")
        #expect(reconciled.status == 0, "\(reconciled.all)")

        var places: [(String, String)] = [("everything the commands printed", lpai.transcript)]
        for file in try Self.files(under: rendered) + [planFile] {
            places.append((file.path, try String(contentsOf: file, encoding: .utf8)))
        }
        let containers = TestEngine.docker("ps", "-aq", "--filter", "label=io.lpai.fleet=\(fleet)").stdout.split(separator: "\n").map(String.init)
        let runners = TestEngine.docker("ps", "-aq", "--filter", "label=creator=ai-worker").stdout.split(separator: "\n").map(String.init)
        #expect(containers.count == 5)
        for id in containers + runners + ["lpai-keys-\(fleet)"] {
            places.append(("docker inspect \(id)", TestEngine.docker("inspect", id).stdout))
            places.append(("docker logs \(id)", TestEngine.docker("logs", id).all))
        }
        for (place, content) in places {
            for (name, value) in secrets {
                #expect(!content.contains(value), "the \(name) secret appears in \(place)")
            }
        }

        // Inside each node's container: only files that must hold a secret do, mode 0600.
        var holders = 0
        for id in containers {
            let tar = dir.appendingPathComponent("\(id).tar")
            let export = TestEngine.shell(["sh", "-c", "docker export \(id) > '\(tar.path)'"])
            try #require(export.status == 0, "\(export.all)")
            let unpacked = dir.appendingPathComponent(id)
            try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
            // Only lpai-apply's files: the image's own are the stand-in's binary and libraries.
            let untar = TestEngine.shell(["tar", "-xf", tar.path, "-C", unpacked.path, "etc/lpai"])
            try #require(untar.status == 0, "\(untar.all)")
            for file in try Self.files(under: unpacked) {
                let bytes = try Data(contentsOf: file)
                let content = String(decoding: bytes, as: UTF8.self)
                guard secrets.values.contains(where: { content.contains($0) }) else { continue }
                holders += 1
                let listing = TestEngine.shell(["tar", "-tvf", tar.path, String(file.path.dropFirst(unpacked.path.count + 1))]).stdout
                #expect(listing.hasPrefix("-rw-------"), "\(file.lastPathComponent) in \(id) holds a secret but is not 0600: \(listing)")
                #expect(["orchSecret", "aiModels.json"].contains(file.lastPathComponent), "\(file.path) holds a secret")
            }
        }
        // Five orchestrator secret files, plus eu-gpu-1's aiModels.json with the external token.
        #expect(holders == 6, "secret-bearing files found: \(holders)")
    }

    static func files(under root: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }.sorted { $0.path < $1.path }
    }
}
