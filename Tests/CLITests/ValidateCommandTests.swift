import Foundation
import TestSupport
import Testing

@Suite struct ValidateCommandTests {
    static let valid = """
        version: 1
        fleet: test
        defaults: {image: "livepeer/go-livepeer:v0.9.1", runnerImages: {default: "livepeer/ai-runner:v0.14.1"}}
        hosts: {h1: {docker: "unix:///var/run/docker.sock"}, h2: {}}
        models:
          sdxl: {pipeline: text-to-image, model_id: ByteDance/SDXL-Lightning, price: {per_unit: 100, currency: wei}}
        orchestrators:
          o1: {host: h1, serviceAddr: "o1.example:8935", secret: {env: O1_SECRET}}
        workers:
          w1:
            host: h2
            orchestrator: o1
            gpus: [{id: 0}]
            models: [{model: sdxl, warm: 1}]

        """

    @Test func validSpecPrintsOneLineSummaryAndExitsZero() throws {
        let result = try CLI.run(["validate", "specs/split.yaml"])
        #expect(!result.crashed)
        #expect(result.status == 0)
        #expect(result.stdout == "specs/split.yaml: fleet 'eu-prod' is valid: 1 orchestrator, 2 workers, 2 models, 0 warnings\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func folderSpecIsMerged() throws {
        let result = try CLI.run(["validate", "specs/multi-orchestrator"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("fleet 'global' is valid: 2 orchestrators, 3 workers, 3 models"))
    }

    @Test func everyProblemIsReportedWithLocationCaretAndSuggestion() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = Self.valid
            .replacingOccurrences(of: "pipeline: text-to-image", with: "pipeline: text-to-imag")
            .replacingOccurrences(of: "    orchestrator: o1", with: "    orchestrater: o1")
        let file = try CLI.write(bad, to: "bad.yaml", in: dir)
        let result = try CLI.run(["validate", file.path])
        #expect(!result.crashed)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        // The unknown key (decoder) stops planning, so the pipeline error comes on the next run;
        // both decoder errors of one pass are reported together.
        #expect(result.stderr.contains("\(file.path):12:5: error: unknown key 'orchestrater' in worker 'w1'; did you mean 'orchestrator'? [lpai.spec.unknown-key]"))
        #expect(result.stderr.contains("\(file.path):11:5: error: worker 'w1' needs 'orchestrator'"))
        #expect(result.stderr.contains("      orchestrater: o1\n      ^\n"))
        #expect(result.stderr.hasSuffix("invalid: 2 errors, 0 warnings\n"))
    }

    @Test func plannerRulesReportAllProblemsAtOnce() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = Self.valid
            .replacingOccurrences(of: "pipeline: text-to-image", with: "pipeline: text-to-imag")
            .replacingOccurrences(of: "gpus: [{id: 0}]", with: "gpus: [{id: 12}]")
        let file = try CLI.write(bad, to: "bad.yaml", in: dir)
        let result = try CLI.run(["validate", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file.path):6:20: error: unknown pipeline 'text-to-imag' (did you mean 'text-to-image'?); go-livepeer panics"))
        #expect(result.stderr.contains("[lpai.pipeline.unknown]"))
        #expect(result.stderr.contains("\(file.path):13:17: error: GPU id 12 on 'w1' is outside 0–9"))
    }

    @Test func jsonFormatCarriesTheSameDiagnostics() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try CLI.write(Self.valid.replacingOccurrences(of: "per_unit: 100", with: "per_unit: \"0.5e-2USD\""), to: "bad.yaml", in: dir)
        let result = try CLI.run(["validate", file.path, "--format", "json"])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == false)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["id"] as? String == "lpai.price.not-a-number")
        let location = try #require(diagnostics.first?["location"] as? [String: Any])
        #expect(location["line"] as? Int == 6)
        #expect(location["column"] as? Int == 89)
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let warned = Self.valid.replacingOccurrences(of: "price: {per_unit: 100, currency: wei}}", with: "price: {per_unit: 100, currency: wei}, optimization_flags: {SFASTT: true}}")
        let file = try CLI.write(warned, to: "warn.yaml", in: dir)
        let relaxed = try CLI.run(["validate", file.path])
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warning: optimization flag 'SFASTT' is not one go-livepeer's runners know (did you mean 'SFAST'?)"))
        #expect(relaxed.stdout.hasSuffix("1 warning\n"))
        let strict = try CLI.run(["validate", file.path, "--strict"])
        #expect(strict.status == 1)
    }

    @Test func checkSecretsReportsUnsetVariablesWithoutPrintingValues() throws {
        let unset = try CLI.run(["validate", "specs/split.yaml", "--check-secrets"], environment: ["ORCH_EU_SECRET": ""])
        #expect(unset.status == 1)
        #expect(unset.stderr.contains("specs/split.yaml:41:13: error: environment variable ORCH_EU_SECRET is not set"))
        let set = try CLI.run(["validate", "specs/split.yaml", "--check-secrets", "--format", "json"], environment: ["ORCH_EU_SECRET": "s3cr3t-value-xyz"])
        #expect(set.status == 0)
        #expect(!set.stdout.contains("s3cr3t-value-xyz") && !set.stderr.contains("s3cr3t-value-xyz"))
    }

    @Test func missingFileIsALocatedError() throws {
        let result = try CLI.run(["validate", "no/such/spec.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no/such/spec.yaml:1:1: error: no such file or folder: no/such/spec.yaml [lpai.spec.io]"))
    }
}
