import Foundation
import TestSupport
import Testing

/// plan/apply/drift failures that happen before or without a reachable engine.
@Suite struct EngineCommandTests {
    static let secret = ["ORCH_EU_SECRET": "cli-test-secret"]

    @Test func applyRefusesWithoutAutoApproveWhenStdinIsNotATerminal() throws {
        let result = try CLI.run(["apply", "specs/split.yaml", "--engine", "*=unix:///tmp/lpai-no-engine.sock"], environment: Self.secret)
        #expect(!result.crashed)
        #expect(result.status == 1)
        #expect(result.stderr.contains("stdin is not a terminal"))
        #expect(result.stderr.contains("--auto-approve"))
    }

    @Test(arguments: ["plan", "drift"])
    func anUnreachableEngineIsAnErrorNamingTheHost(_ command: String) throws {
        let result = try CLI.run([command, "specs/split.yaml", "--engine", "*=unix:///tmp/lpai-no-engine.sock"], environment: Self.secret)
        #expect(!result.crashed)
        #expect(result.status == 1)
        #expect(result.stderr.contains("GET /containers/json could not reach the engine"))
        #expect(result.stderr.contains("gpu-box-1+gpu-box-2+orch-box"))
        #expect(result.stderr.contains("could not read the state of fleet eu-prod; nothing was changed"))
    }

    @Test func anEngineOverrideForAnUnknownHostIsAnError() throws {
        let result = try CLI.run(["plan", "specs/split.yaml", "--engine", "gpu-box-7=unix:///tmp/x.sock"], environment: Self.secret)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--engine names host 'gpu-box-7', which the spec does not define"))
    }

    /// plan and drift need the secrets to detect rotation: a missing one is a located error.
    @Test func aMissingSecretIsALocatedErrorBeforeAnyEngineCall() throws {
        let result = try CLI.run(["plan", "specs/split.yaml", "--engine", "*=unix:///tmp/lpai-no-engine.sock"], environment: ["ORCH_EU_SECRET": ""])
        #expect(result.status == 1)
        #expect(result.stderr.contains("specs/split.yaml:41:13: error: environment variable ORCH_EU_SECRET is not set"))
        #expect(!result.stderr.contains("could not reach the engine"))
    }

    @Test func aSavedPlanThatIsNotOneIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try CLI.write("{\"lpaiSavedPlan\": 1, \"plan\": 3}\n", to: "broken.plan", in: dir)
        let result = try CLI.run(["apply", file.path, "--auto-approve"], environment: Self.secret)
        #expect(!result.crashed)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not a readable saved plan"))
    }
}
