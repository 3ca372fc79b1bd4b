import ArgumentParser
import Foundation
import Planner
import Spec

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema of the spec format, for editors and CI.",
        discussion: """
            Prints a JSON Schema (draft-07) of the fleet spec: every key with its description, types, required keys, enums (pipelines, orchestrator modes, runner image keys), formats (names, sizes such as 24GiB, image references, docker: addresses, host:port) and secrets only as {env: NAME} or {file: /path}. Unknown keys are refused, as the decoder refuses them. The output is the same bytes every time; schema/lpai-spec.schema.json in the repository is this output.

            yaml-language-server (VS Code's YAML extension, Neovim, Helix…) uses it from a first line
              # yaml-language-server: $schema=/path/to/lpai-spec.schema.json
            or from the editor's yaml.schemas setting. Use --fragment for the files of a folder spec: each file holds part of the fleet, so no top-level key is required in one file.

            The schema checks shape, not meaning: references between nodes, GPU slots, prices behind an orchestrator and the rest of go-livepeer's rules need `lpai-apply validate`.

            Example:
              lpai-apply schema --out schema/lpai-spec.schema.json
              lpai-apply schema --fragment --out schema/lpai-spec-fragment.schema.json
              lpai-apply schema | python3 -m json.tool >/dev/null

            Exit codes: 0 printed or written, 1 the file could not be written.
            """
    )

    @Flag(help: "The schema of one file of a folder spec (no top-level key required).")
    var fragment = false

    @Option(help: "Write the schema to this file instead of standard output.", completion: .file(extensions: ["json"]))
    var out: String?

    static func text(fragment: Bool) -> String {
        let vocabulary = SchemaVocabulary(pipelines: Pipelines.all, optimizationFlags: OptimizationFlags.known)
        return SpecSchema.jsonSchema(vocabulary, fragment: fragment).pretty
    }

    func run() throws {
        let text = Self.text(fragment: fragment)
        guard let out else {
            Output.stdout(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Output.stderr("error: cannot write \(out): \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
    }
}
