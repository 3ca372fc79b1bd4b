import Foundation
import Planner
import Spec
import Testing

/// Rendered output of every example spec, compared byte for byte with reviewed golden files
/// under Tests/PlannerTests/Golden/<example>/. Re-record with LPAI_RECORD_GOLDEN=1 and review
/// the diff before committing.
@Suite struct GoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = ["combined.yaml", "split.yaml", "multi-orchestrator"]

    @Test(arguments: examples)
    func renderedOutputMatchesGolden(example: String) throws {
        let load = SpecLoader.load(path: Self.root.appendingPathComponent("specs/\(example)").path)
        let spec = try #require(load.spec, "\(example) must load: \(load.diagnostics)")
        let result = Planner.compile(spec)
        let plan = try #require(result.plan, "\(example) must compile: \(result.diagnostics)")
        let files = RenderOutput.files(for: plan)
        let goldenDir = Self.root.appendingPathComponent("Tests/PlannerTests/Golden/\(example.replacingOccurrences(of: ".yaml", with: ""))")
        if ProcessInfo.processInfo.environment["LPAI_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: goldenDir)
            for file in files {
                let url = goldenDir.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.content.utf8).write(to: url)
            }
            return
        }
        let expectedPaths = try Self.relativeFiles(under: goldenDir)
        #expect(files.map(\.path).sorted() == expectedPaths, "rendered file set differs from the golden set")
        for file in files {
            let golden = try String(contentsOf: goldenDir.appendingPathComponent(file.path), encoding: .utf8)
            #expect(file.content == golden, "\(example)/\(file.path) differs from its golden file")
        }
    }

    @Test(arguments: examples)
    func renderingIsDeterministic(example: String) throws {
        let path = Self.root.appendingPathComponent("specs/\(example)").path
        let first = try #require(SpecLoader.load(path: path).spec.flatMap { Planner.compile($0).plan })
        let second = try #require(SpecLoader.load(path: path).spec.flatMap { Planner.compile($0).plan })
        #expect(RenderOutput.files(for: first) == RenderOutput.files(for: second))
    }

    static func relativeFiles(under dir: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(dir.standardizedFileURL.path.count + 1)))
        }
        return paths.sorted()
    }
}
