import Foundation
import TestSupport
import Testing

/// `import --from-docker` against the real engine: created (never started) go-livepeer
/// containers whose aiModels.json is put in with the archive API, as apply does.
@Suite(.serialized) struct ImportFromDockerTests {
    static let prefix = "lpai-import-e2e-\(ProcessInfo.processInfo.processIdentifier)"

    private func create(_ name: String, _ args: [String]) -> String {
        let result = TestEngine.shell(["docker", "create", "--name", name, "--label", "io.lpai.test=import", "livepeer/go-livepeer:v0.9.1"] + args)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Copies `content` to `path` in the container through `docker cp` (the engine's archive API).
    private func put(_ content: String, at path: String, in container: String, dir: URL) throws {
        let local = try TempDir.write(Array(content.utf8), to: "aiModels.json", in: dir)
        let cp = TestEngine.docker("cp", local.path, "\(container):\(path)")
        #expect(cp.status == 0, "\(cp.stderr)")
    }

    @Test func importReadsArgumentsAndModelsOfCreatedContainers() throws {
        _ = try TestEngine.require()
        if TestEngine.docker("image", "inspect", "livepeer/go-livepeer:v0.9.1").status != 0 { _ = try TestEngine.requireStandin() }
        let orch = "\(Self.prefix)-orch"
        let worker = "\(Self.prefix)-gpu"
        defer { TestEngine.docker("rm", "-f", orch, worker) }
        let dir = try TempDir.make("lpai-import-e2e")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(!create(orch, ["-orchestrator", "-serviceAddr", "orch.example.com:8935", "-orchSecret", "e2e-secret-value", "-aiModels", "/tmp/aiModels.json"]).isEmpty)
        #expect(!create(worker, ["-aiWorker", "-orchAddr", "orch.example.com:8935", "-orchSecret", "e2e-secret-value", "-nvidia", "0,1", "-aiModels", "/tmp/aiModels.json", "-aiModelsDir", "/var/lib/livepeer/models"]).isEmpty)
        try put(#"[{"pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning", "price_per_unit": 4768371, "currency": "wei"}]"#, at: "/tmp/aiModels.json", in: orch, dir: dir)
        try put(#"[{"pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning", "warm": true}, {"pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning", "warm": true}]"#, at: "/tmp/aiModels.json", in: worker, dir: dir)
        var lpai = LPAI(environment: [:])
        let out = dir.appendingPathComponent("fleet.yaml").path
        let host = try TestEngine.require()
        let result = lpai.run(["import", "--from-docker", "box=\(host)", "--container", orch, "--container", worker, "--out", out], engine: false)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("round trip: \(worker), \(orch): the rendered aiModels.json loads the same entries as the original"))
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.contains("image: livepeer/go-livepeer:v0.9.1"))
        #expect(yaml.contains("box: {docker: \"\(host)\"}") || yaml.contains("box: {docker: \(host)}"))
        #expect(yaml.contains("- {model: sdxl-lightning, warm: 2}"))
        #expect(yaml.contains("gpus: [{id: 0}, {id: 1}]"))
        #expect(!yaml.contains("e2e-secret-value"))
        #expect(!lpai.transcript.contains("e2e-secret-value"))
        let validate = lpai.run(["validate", out], engine: false)
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    @Test func aContainerWhoseModelsFileIsMissingIsReported() throws {
        _ = try TestEngine.require()
        if TestEngine.docker("image", "inspect", "livepeer/go-livepeer:v0.9.1").status != 0 { _ = try TestEngine.requireStandin() }
        let worker = "\(Self.prefix)-nofile"
        defer { TestEngine.docker("rm", "-f", worker) }
        #expect(!create(worker, ["-aiWorker", "-orchAddr", "o:8935", "-nvidia", "0", "-aiModels", "/tmp/missing.json"]).isEmpty)
        var lpai = LPAI(environment: [:])
        let result = lpai.run(["import", "--from-docker", try TestEngine.require(), "--container", worker], engine: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("[lpai.import.models-unreadable]"))
        #expect(result.stderr.contains("/tmp/missing.json cannot be read from container \(worker)"))
    }

    @Test func aContainerStartedThroughAShellHasItsFlagsReadFromTheScript() throws {
        _ = try TestEngine.require()
        if TestEngine.docker("image", "inspect", "livepeer/go-livepeer:v0.9.1").status != 0 { _ = try TestEngine.requireStandin() }
        let box = "\(Self.prefix)-shell"
        defer { TestEngine.docker("rm", "-f", box) }
        let created = TestEngine.shell([
            "docker", "create", "--name", box, "--label", "io.lpai.test=import", "--entrypoint", "/bin/sh", "livepeer/go-livepeer:v0.9.1",
            "-c", "exec /usr/local/bin/livepeer -orchestrator -aiWorker -serviceAddr box.example.com:8935 -nvidia 0 -AIServiceRegistry",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        var lpai = LPAI(environment: [:])
        let result = lpai.run(["import", "--from-docker", try TestEngine.require(), "--container", box], engine: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("docker:local/\(box):1:98: error: flag provided but not defined: -AIServiceRegistry"), "\(result.stderr)")
    }
}
