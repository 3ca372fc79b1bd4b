import Foundation
import Planner
import Spec
import Testing

@Suite struct LintTests {
    /// Each fixture with every error and warning it must produce, at its marker, and no other.
    static let cases: [LintCase] = [
        LintCase("docs-string-price.json", .orchestrator, [Expect("price-string", "1️⃣")]),
        LintCase("docs-capacity-managed.json", .worker, [Expect("capacity-managed", "1️⃣")]),
        LintCase("trailing-comma.json", .worker, [Expect("trailing-comma", "1️⃣")]),
        LintCase("trailing-comma-object.json", .worker, [Expect("trailing-comma", "1️⃣")]),
        LintCase("comment.json", .worker, [Expect("comment", "1️⃣")]),
        LintCase("bare-object.json", .worker, [Expect("not-an-array", "1️⃣")]),
        LintCase("unclosed.json", .worker, [Expect("syntax", "2️⃣")]),
        LintCase("single-quotes.json", .worker, [Expect("syntax", "1️⃣")]),
        LintCase("missing-comma.json", .worker, [Expect("syntax", "1️⃣")]),
        LintCase("key-case.json", .worker, [Expect("key-case", "1️⃣"), Expect("key-case", "2️⃣")]),
        LintCase("unknown-key.json", .worker, [Expect("unknown-key", "1️⃣"), Expect("unknown-key", "2️⃣")]),
        LintCase("duplicate-key.json", .worker, [Expect("duplicate-key", "1️⃣")]),
        LintCase("wrong-types.json", .worker, [
            Expect("type", "1️⃣"), Expect("type", "2️⃣"), Expect("type", "3️⃣"), Expect("type", "4️⃣"), Expect("entry-type", "5️⃣"),
        ]),
        LintCase("unknown-pipeline.json", .worker, [Expect("pipeline-unknown", "1️⃣"), Expect("pipeline-unknown", "2️⃣")]),
        LintCase("prices.json", .orchestrator, [
            Expect("price-negative", "1️⃣"), Expect("pixels-per-unit", "2️⃣"), Expect("pixels-per-unit", "3️⃣"),
            Expect("currency", "4️⃣"), Expect("price-missing", "5️⃣"), Expect("price-duplicate", "6️⃣"),
        ]),
        LintCase("warm-and-cold.json", .worker, [Expect("warm-and-cold", "1️⃣")]),
        LintCase("capacity-adds.json", .worker, []),
        LintCase("flags.json", .worker, [
            Expect("flags-sfast-deepcache", "1️⃣"), Expect("flags-deepcache-lightning", "1️⃣"), Expect("flags-cold", "2️⃣"),
            Expect("flags-unknown", "3️⃣"), Expect("flag-value", "4️⃣"),
        ]),
        LintCase("flags-lightning.json", .worker, [
            Expect("flags-deepcache-lightning", "1️⃣"), Expect("flags-external", "2️⃣"), Expect("url-scheme", "3️⃣"), Expect("token-without-url", "4️⃣"),
        ]),
        LintCase("orchestrator-worker-keys.json", .orchestrator, [Expect("ignored-on-orchestrator", "1️⃣"), Expect("external-on-orchestrator", "2️⃣")]),
        LintCase("worker-price-keys.json", .worker, [Expect("ignored-on-worker", "1️⃣"), Expect("ignored-on-worker", "2️⃣"), Expect("live-on-worker", "3️⃣")]),
        LintCase("gpu-slots.json", .worker, gpus: [0, 1], [Expect("gpu-slots", "1️⃣")]),
        LintCase("combined-gateway.json", .combined, [Expect("combined-gateway", "1️⃣")]),
        LintCase("null-file.json", .worker, [Expect("null-file", "1️⃣")]),
        // Passing cases: realistic files each rule must leave alone.
        LintCase("good-worker.json", .worker, gpus: [0, 1, 2], []),
        LintCase("good-orchestrator.json", .orchestrator, []),
        LintCase("good-combined.json", .combined, []),
    ]

    @Test(arguments: cases)
    func findings(_ c: LintCase) throws {
        let fixture = try LintFixture(c.fixture)
        let result = fixture.lint(role: c.role, gpus: c.gpus)
        let found = result.diagnostics.filter { $0.severity != .note }
        for expect in c.expected {
            let at = try #require(fixture.marked[expect.marker], "marker \(expect.marker) missing from \(c.fixture)")
            #expect(found.contains { $0.id == expect.id && $0.location == at }, "\(expect) not reported at \(at); got \(found.map { "\($0.id)@\($0.location.map(\.description) ?? "-")" })")
        }
        let unexpected = found.filter { d in !c.expected.contains { $0.id == d.id && fixture.marked[$0.marker] == d.location } }
        #expect(unexpected.isEmpty, "unexpected: \(unexpected.map { "\($0.id)@\($0.location.map(\.description) ?? "-"): \($0.message)" })")
    }

    @Test func theGoodFilesPassWithTheSameGPUsWithoutARole() throws {
        for (name, role) in [("good-worker.json", NodeRole.worker), ("good-orchestrator.json", .orchestrator), ("good-combined.json", .combined)] {
            let result = try LintFixture(name).lint(role: nil, gpus: nil)
            #expect(result.role == role, "\(name) inferred as \(result.role)")
            #expect(result.roleInferred)
            #expect(!result.diagnostics.contains { $0.severity != .note }, "\(name): \(result.diagnostics.map(\.id))")
        }
    }

    @Test func identicalWarmEntriesAddCapacityAsANote() throws {
        let fixture = try LintFixture("capacity-adds.json")
        let notes = fixture.lint(role: .worker).diagnostics.filter { $0.id == "lpai.lint.capacity-adds" }
        #expect(notes.count == 1)
        #expect(notes.first?.severity == .note)
        #expect(notes.first?.location == fixture.marked["1️⃣"])
        #expect(notes.first?.message.contains("advertises 2 and starts 2 containers") == true)
    }

    @Test func messagesSayWhatGoLivepeerDoesAndTheFix() throws {
        let price = try LintFixture("docs-string-price.json").lint(role: .orchestrator).diagnostics.first { $0.id == "lpai.lint.price-string" }
        #expect(price?.message.contains("fails to load the whole file") == true)
        #expect(price?.message.contains("0.5e-2 with \"currency\": \"USD\"") == true)
        let typo = try LintFixture("unknown-key.json").lint(role: .worker).diagnostics.first { $0.id == "lpai.lint.unknown-key" }
        #expect(typo?.message.contains("did you mean 'pipeline'?") == true)
        let comma = try LintFixture("trailing-comma.json").lint(role: .worker).diagnostics.first
        #expect(comma?.message.contains("invalid character ']' looking for beginning of value") == true)
        let slots = try LintFixture("gpu-slots.json").lint(role: .worker, gpus: [0, 1]).diagnostics.first { $0.id == "lpai.lint.gpu-slots" }
        #expect(slots?.message.contains("insufficient capacity") == true)
        #expect(slots?.message.contains("3 warm containers for 2 GPU slots") == true)
    }

    @Test func goPicksTheLastDuplicateKey() throws {
        let result = try LintFixture("duplicate-key.json").lint(role: .worker)
        #expect(result.file.entries.first?.isWarm == true)
        let caseFixture = try LintFixture("key-case.json").lint(role: .worker)
        #expect(caseFixture.file.entries.first?.url?.value == "http://127.0.0.1:9000")
        #expect(caseFixture.file.entries.first?.modelID?.value == "meta-llama/Meta-Llama-3.1-8B-Instruct")
    }

    @Test func everyReportedIdIsListed() throws {
        let listed = Set(AIModelsLint.ids.map(\.id))
        for c in Self.cases {
            for e in c.expected { #expect(listed.contains(e.id), "\(e.id) is not in AIModelsLint.ids") }
        }
    }
}
