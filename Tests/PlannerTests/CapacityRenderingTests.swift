import Foundation
import Planner
import Spec
import Testing

/// go-livepeer advertises 1 for a managed entry whatever its `capacity` (issue #3627) and N for
/// an external runner's `capacity: N` (LIVEPEER.md "Capacity"): N warm containers must be
/// rendered as N identical entries, and the capacity report must say what is advertised.
@Suite struct CapacityRenderingTests {
    static let spec = Fixture.spec(
        models: """
            models:
              sd:
                pipeline: text-to-image
                model_id: runwayml/stable-diffusion-v1-5
                price: {per_unit: 4768371, currency: wei}
                optimization_flags: {SFAST: true}
              llama:
                pipeline: llm
                model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
                price: {per_unit: 0.18, currency: wei}
                external:
                  url: http://127.0.0.1:9000
                  token: {env: LLAMA_TOKEN}
                  capacity: 8
            """,
        workers: """
            workers:
              gpu-1:
                host: gpu-box
                orchestrator: orch
                gpus: [{id: 0}, {id: 1}, {id: 2}, {id: 3}, {id: 4}]
                models: [{model: sd, warm: 5}, {model: llama}]
            """,
        requirements: """
            requirements:
              - {model: sd, capacity: 5}
              - {model: llama, capacity: 8}
            """
    )

    static func compiled() throws -> CompileResult {
        let c = compilation(spec)
        let result = try #require(c.result, "the spec must decode: \(render(c.load.diagnostics))")
        #expect(c.diagnostics.isEmpty, "\(render(c.diagnostics))")
        return result
    }

    /// The worker's aiModels.json, entry by entry.
    static func workerAIModels() throws -> [JSON] {
        let plan = try #require(try compiled().plan)
        let worker = try #require(plan.nodes.first { $0.name == "gpu-1" })
        let file = try #require(worker.files.first { $0.path == "/etc/lpai/aiModels.json" }, "files: \(worker.files.map(\.path))")
        return try JSONDecoder().decode([JSON].self, from: Data(file.content.utf8))
    }

    @Test func fiveWarmContainersAreFiveIdenticalWarmEntries() throws {
        let entries = try Self.workerAIModels()
        let sd = entries.filter { $0["model_id"] == .string("runwayml/stable-diffusion-v1-5") }
        #expect(sd.count == 5)
        #expect(Set(sd).count == 1, "the five entries must be identical: \(sd)")
        for entry in sd {
            #expect(entry["warm"] == .bool(true))
            #expect(entry["pipeline"] == .string("text-to-image"))
            #expect(entry["optimization_flags"] == .object(["SFAST": .bool(true)]))
            #expect(entry["capacity"] == nil, "a managed entry must never carry 'capacity' (go-livepeer would still advertise 1): \(entry)")
        }
        #expect(entries.count == 6, "5 managed entries and 1 external: \(entries)")
    }

    @Test func externalRunnerEntryKeepsItsCapacity() throws {
        let entries = try Self.workerAIModels()
        let llama = try #require(entries.first { $0["model_id"] == .string("meta-llama/Meta-Llama-3.1-8B-Instruct") })
        #expect(llama["url"] == .string("http://127.0.0.1:9000"))
        #expect(llama["capacity"] == .number(8))
    }

    @Test func capacityReportAdvertisesWhatGoLivepeerAdvertises() throws {
        let report = try Self.compiled().capacity
        let node = try #require(report.nodes.first { $0.node == "gpu-1" })
        let llama = try #require(node.models.first { $0.model == "llama" })
        #expect(llama.kind == "external")
        #expect(llama.advertised == 8)
        #expect(llama.warmContainers == 0)
        let sd = try #require(node.models.first { $0.model == "sd" })
        #expect(sd.kind == "warm")
        #expect(sd.advertised == 5)
        #expect(sd.warmContainers == 5)
        #expect(node.slots == 5)
        #expect(node.slotsUsed == 5)

        let orch = try #require(report.orchestrators.first { $0.orchestrator == "orch" })
        let llm = try #require(orch.models.first { $0.pipeline == "llm" })
        #expect(llm.advertised == 8)
        let t2i = try #require(orch.models.first { $0.pipeline == "text-to-image" })
        #expect(t2i.advertised == 5)

        #expect(report.requirements.map(\.offered) == [5, 8])
        #expect(report.requirements.map(\.met) == [true, true])
    }

    @Test func oneMoreThanAdvertisedIsShortAtTheRequirement() throws {
        let marked = Self.spec.replacingOccurrences(of: "{model: llama, capacity: 8}", with: "{model: llama, capacity: 1️⃣9}")
        let (diagnostics, markers) = compile(marked)
        let short = try #require(diagnostics.first { $0.id == "lpai.capacity.requirement-short" }, "\(render(diagnostics))")
        #expect(short.location == markers["1️⃣"])
        #expect(short.severity == .error)
        #expect(short.message.contains("offers 8 of the 9"))
    }
}
