import Foundation
import TestSupport
import Testing

@Suite struct ImportCommandTests {
    private static func split(_ dir: URL) throws -> [String] {
        var args = ["import", "--fleet", "eu-prod", "--image", "livepeer/go-livepeer:v0.9.1"]
        for (name, flags) in [("orch", "orch.sh"), ("gpu-1", "gpu-1.sh"), ("gpu-2", "gpu-2.flags")] {
            args += ["--flags-file", "\(name)=" + (try SharedFixtures.copy("import/split/\(flags)", to: dir))]
            args += ["--models", "\(name)=" + (try SharedFixtures.copy("import/split/\(name).json", to: dir))]
        }
        return args
    }

    @Test func aSplitSetupImportsToASpecThatValidatesAndRoundTrips() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("fleet.yaml").path
        let result = try CLI.run(try Self.split(dir) + ["--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("import: round trip: orch, gpu-1, gpu-2: the rendered aiModels.json loads the same entries as the original"))
        #expect(result.stderr.contains("  ORCH_SECRET: the -orchSecret of orchestrator 'orch' and its workers; today a literal on the command line"))
        #expect(result.stderr.contains("-monitor is not carried into the spec"))
        #expect(result.stderr.contains("import: spec written to \(out); it compiles"))
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.contains("secret: {env: ORCH_SECRET}"))
        for secret in ["my-orch-secret", "llm-runner-token-42"] {
            #expect(!yaml.contains(secret))
            #expect(!result.all.contains(secret))
        }
        let validate = try CLI.run(["validate", out])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("fleet 'eu-prod' is valid: 1 orchestrator, 2 workers"))
    }

    @Test func withoutOutTheSpecGoesToStdout() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(try Self.split(dir))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("# Imported by lpai-apply import from: orch, gpu-1, gpu-2."))
        #expect(result.stdout.contains("fleet: eu-prod\n"))
    }

    @Test func theDocsSetupIsReportedWithLocationsAndNoSpec() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let orch = try SharedFixtures.copy("import/docs/orch.sh", to: dir)
        let orchModels = try SharedFixtures.copy("import/docs/orch.json", to: dir)
        let worker = try SharedFixtures.copy("import/docs/worker.sh", to: dir)
        let workerModels = try SharedFixtures.copy("import/docs/worker.json", to: dir)
        let out = dir.appendingPathComponent("fleet.yaml")
        let result = try CLI.run(["import", "--flags-file", "orch=\(orch)", "--models", "orch=\(orchModels)", "--flags-file", "worker=\(worker)", "--models", "worker=\(workerModels)", "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(orch):14:5: error: flag provided but not defined: -AIServiceRegistry (Go flags are case-sensitive: did you mean -aiServiceRegistry?"))
        #expect(result.stderr.contains("\(orchModels):5:23: error: price_per_unit is the string \"0.5e-2USD\""))
        #expect(result.stderr.contains("\(workerModels):10:4: error: trailing comma"))
        #expect(result.stderr.contains("No spec written"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!result.all.contains("abc123"), "the docs' -orchSecret literal")
    }

    @Test func inlineFlagsAndJSON() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let models = try CLI.write(#"[{"pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning", "warm": true, "price_per_unit": 4768371}]"#, to: "m.json", in: dir).path
        let result = try CLI.run([
            "import", "--flags", "box=-orchestrator -aiWorker -serviceAddr box.example.com:8935 -nvidia 0 -aiModels /m.json -aiModelsDir /models",
            "--models", "box=\(models)", "--image", "livepeer/go-livepeer:v0.9.1", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == true)
        #expect(report["roundTripChecked"] as? [String] == ["box"])
        #expect((report["roundTrip"] as? [Any])?.isEmpty == true)
        let spec = try #require(report["spec"] as? String)
        #expect(spec.contains("mode: combined"))
        #expect(spec.contains("- {model: sdxl-lightning, warm: 1}"))
    }

    @Test func badUsageIsRefused() throws {
        let none = try CLI.run(["import"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("give at least one node"))
        let malformed = try CLI.run(["import", "--flags", "no-equals-sign"])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--flags takes NAME=VALUE"))
    }
}

/// The README's and docs/ADOPT.md's lint and import examples, run as written from the repository's root.
@Suite struct AdoptDocsExampleTests {
    @Test func theDocumentedCommandsWorkAsWritten() throws {
        let docs = try String(contentsOf: CLI.repoRoot.appendingPathComponent("docs/ADOPT.md"), encoding: .utf8)
        let readme = try String(contentsOf: CLI.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lintCommand = "lint docs/examples/aiModels-from-the-docs.json --role worker --gpus 0"
        #expect(docs.contains("$lpai " + lintCommand) && readme.contains("$lpai " + lintCommand))
        let lint = try CLI.run(lintCommand.split(separator: " ").map(String.init))
        #expect(lint.status == 1)
        #expect(lint.stderr.contains("docs/examples/aiModels-from-the-docs.json: problems: 2 entries read as a worker's aiModels.json: 4 errors, 3 warnings"))
        for line in lint.stderr.split(separator: "\n") where line.hasPrefix("docs/examples/aiModels-from-the-docs.json:5:23") || line.hasPrefix("docs/examples/aiModels-from-the-docs.json:7:17") {
            #expect(docs.contains(line), "docs/ADOPT.md quotes an output line that changed: \(line)")
        }
        let good = try CLI.run(["lint", "Tests/PlannerTests/Fixtures/import/split/gpu-1.json", "--role", "worker", "--gpus", "0,1,2"])
        #expect(good.status == 0)

        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = "Tests/PlannerTests/Fixtures/import/split"
        let out = dir.appendingPathComponent("fleet.yaml").path
        let imported = try CLI.run([
            "import", "--fleet", "eu-prod", "--image", "livepeer/go-livepeer:v0.9.1",
            "--flags-file", "orch=\(f)/orch.sh", "--models", "orch=\(f)/orch.json",
            "--flags-file", "gpu-1=\(f)/gpu-1.sh", "--models", "gpu-1=\(f)/gpu-1.json",
            "--flags-file", "gpu-2=\(f)/gpu-2.flags", "--models", "gpu-2=\(f)/gpu-2.json", "--out", out,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        for quoted in [
            "  ORCH_SECRET: the -orchSecret of orchestrator 'orch' and its workers; today a literal on the command line (visible in docker inspect and ps)",
            "import: round trip: orch, gpu-1, gpu-2: the rendered aiModels.json loads the same entries as the original",
        ] {
            #expect(docs.contains(quoted))
            #expect(imported.stderr.contains(quoted))
        }
        #expect(imported.stderr.contains("import: spec written to \(out); it compiles, 3 warnings"))
        #expect(try CLI.run(["validate", out]).status == 0)
    }
}
