import Foundation
import Spec
import Testing

/// A spec folder is merged in name order: sections unioned, names unique across files.
@Suite struct SpecFolderTests {
    func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    static let base = """
        version: 1
        fleet: f
        hosts: {h: {}}
        orchestrators:
          o: {host: h, serviceAddr: "o.example:8935"}

        """

    @Test func sectionsFromSeveralFilesAreUnionedInNameOrder() throws {
        let dir = try folder([
            "00-fleet.yaml": Self.base,
            "10-more.yaml": "hosts:\n  h2: {}\nmodels:\n  m: {pipeline: llm, model_id: x/y}\n",
            "notes.txt": "not yaml, ignored",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = SpecLoader.load(path: dir.path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let spec = try #require(result.spec)
        #expect(spec.hosts.map(\.name.value) == ["h", "h2"])
        #expect(spec.models.map(\.name.value) == ["m"])
        #expect(spec.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["00-fleet.yaml", "10-more.yaml"])
        // Locations keep pointing into the file each value came from.
        #expect(spec.hosts.last?.name.location.file.hasSuffix("10-more.yaml") == true)
        #expect(spec.hosts.last?.name.location.line == 2)
    }

    @Test func aNameDefinedInTwoFilesIsAnErrorWithANote() throws {
        let dir = try folder(["a.yaml": Self.base, "b.yaml": "hosts:\n  h: {docker: \"unix:///x.sock\"}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = SpecLoader.load(path: dir.path)
        #expect(result.spec == nil)
        let d = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(d.id == "lpai.spec.duplicate-name")
        #expect(d.location?.file.hasSuffix("b.yaml") == true && d.location?.line == 2 && d.location?.column == 3)
        #expect(d.notes.first?.location?.file.hasSuffix("a.yaml") == true)
        #expect(d.notes.first?.location?.line == 3)
    }

    @Test func differingSingularKeysConflict() throws {
        let dir = try folder(["a.yaml": Self.base, "b.yaml": "fleet: other\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try #require(SpecLoader.load(path: dir.path).diagnostics.first)
        #expect(d.id == "lpai.spec.conflict")
        #expect(d.location?.file.hasSuffix("b.yaml") == true && d.location?.line == 1)
    }

    @Test func anEmptySectionInAnEarlierFileDoesNotSwallowLaterOnes() throws {
        let dir = try folder(["a.yaml": Self.base + "models:\n", "b.yaml": "models:\n  m: {pipeline: llm, model_id: x/y}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try #require(SpecLoader.load(path: dir.path).spec)
        #expect(spec.models.map(\.name.value) == ["m"])
    }

    @Test func aFolderWithoutYAMLIsALocatedError() throws {
        let dir = try folder(["readme.md": "# nothing"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try #require(SpecLoader.load(path: dir.path).diagnostics.first)
        #expect(d.id == "lpai.spec.io")
        #expect(d.message.contains("holds no *.yaml or *.yml file"))
    }

    @Test(arguments: [
        ("secret: {file: relative/secret}", "lpai.secret.file-path"),
        ("secret: {env: 9BAD}", "lpai.secret.env-name"),
        ("secret: {env: A, file: /b}", "lpai.secret.ambiguous"),
        ("mode: combind", "lpai.spec.enum"),
    ])
    func orchestratorFieldErrors(_ field: String, _ id: String) throws {
        let text = Self.base.replacingOccurrences(of: "serviceAddr: \"o.example:8935\"}", with: "serviceAddr: \"o.example:8935\", \(field)}")
        let result = SpecLoader.load(text: text)
        #expect(result.diagnostics.map(\.id) == [id], "\(result.diagnostics)")
        #expect(result.diagnostics.first?.location?.line == 5)
    }

    @Test func unsupportedVersionIsNamed() throws {
        let result = SpecLoader.load(text: Self.base.replacingOccurrences(of: "version: 1", with: "version: 2"))
        #expect(result.diagnostics.map(\.id) == ["lpai.spec.version"])
        #expect(result.diagnostics.first?.location == Spec.SourceLocation(file: "spec.yaml", line: 1, column: 10))
    }
}
