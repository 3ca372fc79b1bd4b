import FleetGen
import Planner
import Spec
import Testing

/// Over many seeds and shapes, every generated fleet compiles without a diagnostic and has the
/// nodes it was asked for.
@Suite struct FleetGenPropertyTests {
    @Test func everySeedCompilesCleanly() throws {
        var shapes = SplitMix64(seed: 2026)
        for seed in UInt64(1)...30 {
            let workers = 1 + shapes.below(60)
            let options = FleetGen.Options(
                workers: workers, orchestrators: 1 + shapes.below(min(workers, 6)),
                gpusPerWorker: 1 + shapes.below(10), models: 1 + shapes.below(30), seed: seed
            )
            let compiled = Compilation.of(spec: FleetGen.spec(options))
            #expect(compiled.diagnostics.isEmpty, "\(Shape(options).testDescription): \(compiled.report)")
            let plan = try #require(compiled.plan, "\(Shape(options).testDescription) did not compile")
            #expect(plan.nodes.count == options.workers + options.orchestrators)
            for node in plan.nodes where node.role == .worker {
                #expect(node.orchestrator != nil)
            }
            #expect(compiled.capacity?.requirements.allSatisfy(\.met) == true, "\(Shape(options).testDescription)")
        }
    }
}
