import Foundation
import TestSupport
import Testing

@Suite struct SchemaCommandTests {
    /// The committed files are what editors and the README point at; they must be the command's output.
    @Test(arguments: [([], "schema/lpai-spec.schema.json"), (["--fragment"], "schema/lpai-spec-fragment.schema.json")])
    func committedSchemaIsTheCommandsOutput(arguments: [String], file: String) throws {
        let first = try CLI.run(["schema"] + arguments)
        let second = try CLI.run(["schema"] + arguments)
        #expect(first.status == 0 && first.stderr.isEmpty, "\(first.stderr)")
        #expect(first.stdout == second.stdout, "the schema must be byte-for-byte deterministic")
        let committed = try String(contentsOf: CLI.repoRoot.appendingPathComponent(file), encoding: .utf8)
        #expect(
            committed == first.stdout,
            "\(file) is stale: regenerate it with `swift run lpai-apply schema \(arguments.joined(separator: " ")) --out \(file)` and commit it"
        )
    }

    @Test func outWritesTheSameBytesAndABadPathFails() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("spec.schema.json")
        let written = try CLI.run(["schema", "--out", target.path])
        #expect(written.status == 0 && written.stdout.isEmpty, "\(written.all)")
        #expect(try String(contentsOf: target, encoding: .utf8) == CLI.run(["schema"]).stdout)
        let bad = try CLI.run(["schema", "--out", dir.appendingPathComponent("missing/dir/x.json").path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: cannot write"))
    }

    @Test func schemaIsJSONWithEnumsPatternsAndDescriptions() throws {
        let result = try CLI.run(["schema"])
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        #expect(schema["required"] as? [String] == ["version", "fleet", "orchestrators"])
        #expect(schema["additionalProperties"] as? Bool == false)
        let properties = try #require(schema["properties"] as? [String: Any])
        let models = try #require(properties["models"] as? [String: Any])
        let model = try #require(models["additionalProperties"] as? [String: Any])
        let modelProperties = try #require(model["properties"] as? [String: Any])
        let pipeline = try #require(modelProperties["pipeline"] as? [String: Any])
        #expect((pipeline["enum"] as? [String])?.contains("text-to-image") == true)
        #expect((pipeline["description"] as? String)?.contains("panics") == true)
        let vram = try #require(modelProperties["vram"] as? [String: Any])
        #expect(vram["pattern"] != nil)
    }

    /// Every example in specs/ (files, and folder specs fragment by fragment and merged) is
    /// valid under the schema, checked by Python's jsonschema.
    @Test func everyExampleSpecValidates() throws {
        guard SchemaChecker.available() else { return }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let specs = CLI.repoRoot.appendingPathComponent("specs")
        let entries = try FileManager.default.contentsOfDirectory(atPath: specs.path).filter { !$0.hasPrefix(".") }.sorted()
        let paths = entries.map { "specs/\($0)" }
        #expect(paths.contains("specs/split.yaml") && paths.contains("specs/multi-orchestrator"), "\(paths)")
        let result = try SchemaChecker.check(paths, schemaArguments: SchemaChecker.schemaArguments(in: dir))
        #expect(result.status == 0, "\(result.all)")
        for path in paths {
            #expect(result.stdout.contains("\(path): valid\n"), "\(result.all)")
        }
    }

    /// The README's editor setup names the files `schema --out` writes and globs that match specs.
    @Test func readmeEditorSetupPointsAtRealFiles() throws {
        let readme = try String(contentsOf: CLI.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        // yaml-language-server reads a first-line comment of this shape (its modeline).
        let modeline = try #require(readme.split(separator: "\n").first { $0.hasPrefix("# yaml-language-server:") })
        #expect(modeline.wholeMatch(of: try Regex(#"# yaml-language-server: \$schema=\./lpai-spec\.schema\.json"#)) != nil, "\(modeline)")
        let open = try #require(readme.range(of: "```json\n"))
        let close = try #require(readme.range(of: "```", range: open.upperBound..<readme.endIndex))
        let settings = try #require(try JSONSerialization.jsonObject(with: Data(readme[open.upperBound..<close.lowerBound].utf8)) as? [String: [String: [String]]])
        let schemas = try #require(settings["yaml.schemas"])
        #expect(Set(schemas.keys) == ["./lpai-spec.schema.json", "./lpai-spec-fragment.schema.json"])
        #expect(readme.contains("lpai-apply schema --out lpai-spec.schema.json") && readme.contains("lpai-apply schema --fragment --out lpai-spec-fragment.schema.json"))
        // Each glob matches example files, and the fragment glob only files of a folder spec.
        let specs = try FileManager.default.subpathsOfDirectory(atPath: CLI.repoRoot.appendingPathComponent("specs").path).map { "specs/\($0)" }
        for (schema, globs) in schemas {
            for glob in globs where glob.hasPrefix("specs/") {
                let pattern = "^" + glob.replacingOccurrences(of: ".", with: "\\.").replacingOccurrences(of: "*", with: "[^/]*") + "$"
                let matched = specs.filter { $0.wholeMatch(of: try! Regex(pattern)) != nil }
                #expect(!matched.isEmpty, "\(glob) matches no example")
                #expect(matched.allSatisfy { $0.split(separator: "/").count == (schema.contains("fragment") ? 3 : 2) }, "\(glob): \(matched)")
            }
        }
    }

    /// What the schema must refuse, each also refused by `lpai-apply validate` so the two agree.
    static let refused: [(name: String, from: String, to: String, error: String)] = [
        ("unknown key", "    orchestrator: o1\n", "    orchestrator: o1\n    orchestrater: o1\n", "Additional properties are not allowed ('orchestrater' was unexpected)"),
        ("wrong type", "gpus: [{id: 0}]", "gpus: {id: 0}", "{'id': 0} is not of type 'array'"),
        ("quoted count", "warm: 1", "warm: \"1\"", "{'model': 'sdxl', 'warm': '1'} is not valid under any of the given schemas"),
        ("inline secret", "secret: {env: O1_SECRET}", "secret: hunter2", "'hunter2' is not of type 'object'"),
        ("both secret forms", "secret: {env: O1_SECRET}", "secret: {env: O1_SECRET, file: /run/s}", "has too many properties"),
        ("relative secret file", "secret: {env: O1_SECRET}", "secret: {file: run/secret}", "does not match '^/'"),
        ("bad pipeline", "pipeline: text-to-image", "pipeline: text-to-imag", "'text-to-imag' is not one of"),
        ("quoted price", "per_unit: 100", "per_unit: \"100\"", "'100' is not of type 'number'"),
        ("YAML 1.1 boolean", "h2: {}", "h2: {insecure: yes}", "'yes' is not of type 'boolean'"),
        ("size without unit", "gpus: [{id: 0}]", "gpus: [{id: 0, vram: 24}]", "24 is not of type 'string'"),
        ("bad name", "  w1:\n", "  -w1:\n", "does not match"),
        ("bad engine address", "docker: \"unix:///var/run/docker.sock\"", "docker: \"http://h1:2375\"", "does not match"),
        ("bad image reference", "image: \"livepeer/go-livepeer:v0.9.1\"", "image: \"Livepeer/Go Livepeer:v0.9.1\"", "does not match"),
        ("missing version", "version: 1\n", "", "'version' is a required property"),
    ]

    @Test func badSpecsAreRefusedByTheSchemaAndByValidate() throws {
        guard SchemaChecker.available() else { return }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let valid = ValidateCommandTests.valid
        var cases = [SchemaChecker.Case(name: "valid", text: valid)]
        for bad in Self.refused {
            #expect(valid.contains(bad.from), "fixture '\(bad.name)' no longer applies")
            cases.append(.init(name: bad.name, text: valid.replacingOccurrences(of: bad.from, with: bad.to)))
        }
        let verdicts = try SchemaChecker.batch(cases, schemaArguments: SchemaChecker.schemaArguments(in: dir), in: dir)
        #expect(verdicts["valid"]?.valid == true, "\(verdicts["valid"]?.errors ?? [])")
        for (index, bad) in Self.refused.enumerated() {
            let verdict = try #require(verdicts[bad.name])
            #expect(!verdict.valid, "the schema accepted '\(bad.name)'")
            #expect(verdict.errors.contains { $0.contains(bad.error) }, "'\(bad.name)': \(verdict.errors)")
            // The image reference is the one check validate leaves to Docker (a pull refuses it).
            guard bad.name != "bad image reference" else { continue }
            let file = try CLI.write(cases[index + 1].text, to: "bad-\(index).yaml", in: dir)
            let validate = try CLI.run(["validate", file.path], environment: ["O1_SECRET": "x"])
            #expect(validate.status == 1, "validate accepted '\(bad.name)' that the schema refuses:\n\(validate.all)")
        }
    }
}
