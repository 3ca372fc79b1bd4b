import Foundation
import TestSupport
import Testing

@Suite struct RenderCommandTests {
    @Test func rendersEveryNodeAndIsByteForByteDeterministic() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out1 = dir.appendingPathComponent("r1")
        let out2 = dir.appendingPathComponent("r2")
        let first = try CLI.run(["render", "specs/split.yaml", "--out", out1.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "Rendered 3 nodes of fleet 'eu-prod' to \(out1.path) (7 files)\n")
        _ = try CLI.run(["render", "specs/split.yaml", "--out", out2.path])
        for path in ["plan.json", "orch-eu/aiModels.json", "orch-eu/launch.sh", "gpu-box-1/aiModels.json", "gpu-box-1/launch.sh", "gpu-box-2/aiModels.json", "gpu-box-2/launch.sh"] {
            let a = try Data(contentsOf: out1.appendingPathComponent(path))
            let b = try Data(contentsOf: out2.appendingPathComponent(path))
            #expect(a == b, "\(path) differs between two renders")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: out1.appendingPathComponent("gpu-box-1/launch.sh").path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
    }

    @Test func aSpecWithErrorsWritesNothingAndKeepsAnEarlierRender() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("rendered")
        #expect(try CLI.run(["render", "specs/split.yaml", "--out", out.path]).status == 0)
        let before = try Data(contentsOf: out.appendingPathComponent("plan.json"))
        let spec = try String(contentsOf: CLI.repoRoot.appendingPathComponent("specs/split.yaml"), encoding: .utf8)
        let bad = try CLI.write(spec.replacingOccurrences(of: "{id: 1, name: RTX 4090", with: "{id: 0, name: RTX 4090"), to: "bad.yaml", in: dir)
        let result = try CLI.run(["render", bad.path, "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("[lpai.gpu.id-duplicate]"))
        #expect(result.stderr.contains("nothing written"))
        #expect(try Data(contentsOf: out.appendingPathComponent("plan.json")) == before)
        let fresh = dir.appendingPathComponent("never")
        #expect(try CLI.run(["render", bad.path, "--out", fresh.path]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("lpai-tmp") || $0.contains("lpai-old") }
        #expect(leftovers.isEmpty)
    }

    /// Node names become folder names under --out: a name with `/` or `..` is refused at its
    /// line and column, and nothing is written, inside --out or beside it.
    @Test(arguments: ["../escaped", "nested/name", "..", "/abs"])
    func nodeNamesThatWouldEscapeTheOutputFolderAreRefused(name: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try String(contentsOf: CLI.repoRoot.appendingPathComponent("specs/split.yaml"), encoding: .utf8)
        let bad = try CLI.write(spec.replacingOccurrences(of: "\n  gpu-box-2:\n    host: gpu-box-2", with: "\n  \"\(name)\":\n    host: gpu-box-2"), to: "bad.yaml", in: dir)
        let out = dir.appendingPathComponent("out/rendered")
        let result = try CLI.run(["render", bad.path, "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:52:3: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("[lpai.spec.name]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.yaml"])
    }

    @Test func refusesToReplaceAFolderThatIsNotARender() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.write("keep me", to: "notes.txt", in: dir)
        let result = try CLI.run(["render", "specs/split.yaml", "--out", dir.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not empty and holds no plan.json"))
        #expect(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
    }

    /// Runs a rendered launch.sh with a stand-in `docker` on PATH that records its argv, so the
    /// script's quoting, secret handling and file modes are checked for real.
    @Test func launchScriptPassesSecretsAsFilesNeverInArgv() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        #expect(try CLI.run(["render", "specs/multi-orchestrator", "--out", out.path]).status == 0)
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fakeDocker = try CLI.write("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"$ARGV_LOG\"\nprintf -- '--\\n' >> \"$ARGV_LOG\"\n", to: "docker", in: bin)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeDocker.path)
        let log = dir.appendingPathComponent("argv.log")
        let run = dir.appendingPathComponent("run")
        let secret = "orch-secret-\"quoted\"\\value"
        let token = "tok\"en\\with-quotes"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [out.appendingPathComponent("eu-gpu-1/launch.sh").path]
        process.environment = [
            "PATH": "\(bin.path):/usr/bin:/bin", "ARGV_LOG": log.path, "LPAI_RUN_DIR": run.path,
            "ORCH_EU_SECRET": secret, "LLAMA_TOKEN": token,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let argv = try String(contentsOf: log, encoding: .utf8)
        #expect(!argv.contains(secret) && !argv.contains(token), "a secret reached docker's argv")
        #expect(argv.contains("\(run.path)/orchSecret:/etc/lpai/orchSecret:ro"))
        #expect(argv.contains("\(run.path)/aiModels.json:/etc/lpai/aiModels.json:ro"))
        #expect(argv.contains("-orchSecret\n/etc/lpai/orchSecret\n"))
        #expect(try String(contentsOf: run.appendingPathComponent("orchSecret"), encoding: .utf8) == secret)
        let secretMode = try FileManager.default.attributesOfItem(atPath: run.appendingPathComponent("orchSecret").path)[.posixPermissions] as? Int
        #expect(secretMode == 0o600)
        // The filled-in aiModels.json is valid JSON carrying the token exactly.
        let models = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("aiModels.json"))) as? [[String: Any]])
        #expect(models.contains { $0["token"] as? String == token })
        #expect(!models.contains { ($0["token"] as? String)?.contains("@@lpai-secret") == true })

        let missing = Process()
        missing.executableURL = URL(fileURLWithPath: "/bin/sh")
        missing.arguments = [out.appendingPathComponent("eu-gpu-1/launch.sh").path]
        missing.environment = ["PATH": "\(bin.path):/usr/bin:/bin", "ARGV_LOG": log.path, "LPAI_RUN_DIR": run.path, "LLAMA_TOKEN": token]
        let errPipe = Pipe()
        missing.standardError = errPipe
        try missing.run()
        let errText = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        missing.waitUntilExit()
        #expect(missing.terminationStatus != 0)
        #expect(errText.contains("ORCH_EU_SECRET"))
    }

    @Test func capacityPrintsTablesAndJSON() throws {
        let text = try CLI.run(["capacity", "specs/multi-orchestrator"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Requirements\n"))
        #expect(text.stdout.contains("met"))
        let json = try CLI.run(["capacity", "specs/multi-orchestrator", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let requirements = try #require(object["requirements"] as? [[String: Any]])
        let llama = try #require(requirements.first { $0["model"] as? String == "llama-external" })
        #expect(llama["offered"] as? Int == 8)
        #expect(llama["met"] as? Bool == true)
    }
}
