import Foundation
import Planner
@testable import Reconciler
import Testing

@Suite struct SecretTests {
    @Test func theDigestIsKeyedAndChangesWithTheValue() throws {
        let plan = try Fixtures.plan()
        let orch = plan.nodes[0]
        let key = Array(repeating: UInt8(1), count: 32)
        let a = try #require(Fixtures.secrets.digest(of: orch, key: key))
        #expect(a.hasPrefix("hmac-sha256:"))
        #expect(Fixtures.secrets.digest(of: orch, key: key) == a)
        let rotated = SecretValues(values: [.init(source: "env", name: "ORCH_EU_SECRET"): "rotated"])
        #expect(rotated.digest(of: orch, key: key) != a)
        // Without the key, a guess (even the right value) does not reproduce the label.
        #expect(Fixtures.secrets.digest(of: orch, key: Array(repeating: 2, count: 32)) != a)
        #expect(!a.contains("orch-secret-value"))
    }

    @Test func fillingEscapesTokensInsideJSON() throws {
        let plan = try Fixtures.plan("multi-orchestrator")
        let node = try #require(plan.nodes.first { $0.files.contains { $0.basename == "aiModels.json" && !$0.secrets.isEmpty } })
        let file = try #require(node.files.first { $0.basename == "aiModels.json" })
        let slot = try #require(file.secrets.first)
        let values = SecretValues(values: [.init(source: slot.source, name: slot.name): "tok\"en\\x\n"])
        let filled = values.fill(file)
        let parsed = try JSONSerialization.jsonObject(with: Data(filled)) as? [[String: Any]]
        #expect(parsed?.contains { ($0["token"] as? String) == "tok\"en\\x\n" } == true)
    }

    /// A saved plan holds placeholders and digests, never a secret value.
    @Test func aSavedPlanHoldsNoSecretValue() throws {
        let plan = try Fixtures.plan()
        let diff = Differ.diff(plan: plan, observed: Fixtures.converged(plan))
        let bytes = try SavedPlan(plan: plan, engineOverrides: ["*": "unix:///x.sock"], diff: diff).encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("orch-secret-value"))
        #expect(text.contains("@@lpai-secret:env:ORCH_EU_SECRET@@"))
        #expect(SavedPlan.looksLikeSavedPlan(bytes))
        let back = try SavedPlan.decode(bytes)
        #expect(back.plan == plan)
        #expect(back.staleNodes(now: diff).isEmpty)
    }

    @Test func aSavedPlanIsStaleWhenAContainerChanged() throws {
        let plan = try Fixtures.plan()
        let saved = SavedPlan(plan: plan, engineOverrides: [:], diff: Differ.diff(plan: plan, observed: Fixtures.converged(plan)))
        var observed = Fixtures.converged(plan)
        observed.engines[0].containers[2].state = "exited"
        let stale = saved.staleNodes(now: Differ.diff(plan: plan, observed: observed))
        #expect(stale.count == 1)
        #expect(stale[0].hasPrefix("gpu-box-2 on gpu-box-2: the plan expected no change"))
    }
}

extension SecretTests {
    @Test func anEngineKeyDigestNamesItsKey() throws {
        let plan = try Fixtures.plan()
        let label = try #require(Fixtures.secrets.digest(of: plan.nodes[0], key: Array(repeating: 3, count: 32), keyID: "0badf00d"))
        #expect(label.hasPrefix("hmac-sha256:0badf00d:"))
        #expect(SecretDigest.keyID(of: label) == "0badf00d")
        #expect(SecretDigest.keyID(of: "hmac-sha256:abcdef") == nil)
        #expect(Fixtures.secrets.digest(of: plan.nodes[0], key: Array(repeating: 3, count: 32)).map { SecretDigest.keyID(of: $0) } == .some(nil))
    }
}
