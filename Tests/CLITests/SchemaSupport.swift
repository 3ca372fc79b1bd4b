import Foundation
import TestSupport
import Testing

/// scripts/check-spec-schema.py, the real JSON Schema validator (Python's jsonschema) the
/// schema tests check against. Missing Python packages fail the test that needs them, with
/// the command that installs them: a schema test never passes without validating.
enum SchemaChecker {
    static let script = CLI.repoRoot.appendingPathComponent("scripts/check-spec-schema.py")
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// True when python3 with jsonschema and PyYAML can run; otherwise records why.
    static func available(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let probe = try? ProcessRunner.run(env, ["python3", "-c", "import jsonschema, yaml"])
        guard let probe, probe.status == 0 else {
            Issue.record(
                "python3 with jsonschema and PyYAML is needed to check the JSON Schema (pip install jsonschema pyyaml; .ci/run installs them): \(probe?.stderr ?? "python3 not found")",
                sourceLocation: sourceLocation
            )
            return false
        }
        return true
    }

    /// Writes the command's full and fragment schemas into `dir`, returning the checker's schema arguments.
    static func schemaArguments(in dir: URL) throws -> [String] {
        let full = try CLI.run(["schema"])
        let fragment = try CLI.run(["schema", "--fragment"])
        try #require(full.status == 0 && fragment.status == 0, "\(full.stderr)\(fragment.stderr)")
        let fullFile = try CLI.write(full.stdout, to: "full.schema.json", in: dir)
        let fragmentFile = try CLI.write(fragment.stdout, to: "fragment.schema.json", in: dir)
        return ["--schema", fullFile.path, "--fragment-schema", fragmentFile.path]
    }

    /// Checks spec files or folders; the result's stdout has one line per problem.
    static func check(_ paths: [String], schemaArguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(env, ["python3", script.path] + schemaArguments + paths, cwd: CLI.repoRoot)
    }

    struct Verdict: Decodable {
        var name: String
        var valid: Bool
        var errors: [String]
    }

    struct Case: Encodable {
        var name: String
        var text: String
        var fragment = false
    }

    /// Validates many YAML documents in one Python process.
    static func batch(_ cases: [Case], schemaArguments: [String], in dir: URL) throws -> [String: Verdict] {
        let input = try CLI.write(bytes: Array(try JSONEncoder().encode(cases)), to: "cases.json", in: dir)
        let result = try ProcessRunner.run(env, ["python3", script.path] + schemaArguments + ["--batch", input.path])
        try #require(result.status == 0, "the schema checker failed: \(result.stderr)")
        let verdicts = try JSONDecoder().decode([Verdict].self, from: Data(result.stdout.utf8))
        return Dictionary(verdicts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }
}
