import Foundation
import Planner
import Spec
import Testing

/// The example specs shipped in specs/ are what operators copy: they compile without an error.
@Suite struct ExampleSpecTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["split.yaml", "combined.yaml", "multi-orchestrator"])
    func exampleCompilesWithoutErrors(_ example: String) throws {
        let load = SpecLoader.load(path: Self.root.appendingPathComponent("specs/\(example)").path)
        #expect(!load.diagnostics.hasErrors, "\(example) fails to load: \(render(load.diagnostics))")
        let spec = try #require(load.spec, "\(example) did not decode")
        let result = Planner.compile(spec)
        #expect(!result.diagnostics.hasErrors, "\(example): \(render(result.diagnostics))")
        #expect(result.plan != nil)
    }
}
