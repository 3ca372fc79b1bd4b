import ArgumentParser
import Foundation
import Planner
import Reconciler
import Spec

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a fleet spec from an existing setup: go-livepeer flags, aiModels.json files, running containers.",
        discussion: """
            Give each node a name and what you have for it: its go-livepeer command line (a pasted `docker run …` line or the bare flags) from a file (--flags-file NAME=PATH) or inline (--flags NAME='-aiWorker -orchAddr …'), and its aiModels.json (--models NAME=PATH). Or read every livepeer/go-livepeer container of a Docker engine (--from-docker URL): their arguments, binds, and the aiModels.json each names, read through the archive API. Both can be combined.

            Roles come from the flags (-orchestrator, -aiWorker, both = combined); a worker is attached to the imported orchestrator whose -serviceAddr its -orchAddr names. Secrets are never copied: -orchSecret, -ethPassword and external runner tokens become {env: NAME} references, and import lists the variables to set.

            Everything go-livepeer would refuse or mishandle in the existing setup is reported as lint does (file:line:column, rule id, fix); with an error there, no spec is written. The spec is then compiled as validate does, and each node's rendered aiModels.json is compared with the original by what go-livepeer loads from it (the round trip); deliberate rewrites (such as a managed capacity: N becoming warm: N) are reported first.

            Example:
              lpai-apply import --flags-file orch=orch.sh --models orch=orch.json \\
                  --flags-file gpu-1=gpu-1.sh --models gpu-1=gpu-1.json --out fleet.yaml
              lpai-apply import --from-docker unix:///var/run/docker.sock --fleet eu-prod

            Exit codes: 0 the spec was written and compiles, 1 problems in the existing setup or the imported spec (or warnings with --strict), or a failure.
            """
    )

    @Option(name: .customLong("flags-file"), help: ArgumentHelp("A node's go-livepeer command line from a file: a docker run line or bare flags.", valueName: "NAME=PATH"))
    var flagsFiles: [String] = []

    @Option(name: .customLong("flags"), help: ArgumentHelp("A node's go-livepeer command line inline.", valueName: "NAME=FLAGS"))
    var inlineFlags: [String] = []

    @Option(name: .customLong("models"), help: ArgumentHelp("A node's aiModels.json.", valueName: "NAME=PATH"))
    var modelFiles: [String] = []

    @Option(name: .customLong("host"), help: ArgumentHelp("The spec host a node runs on (default: the node's name; with --from-docker: that engine's host).", valueName: "NAME=HOST"))
    var hostNames: [String] = []

    @Option(name: .customLong("from-docker"), help: ArgumentHelp("Read the livepeer/go-livepeer containers of an engine (unix:///var/run/docker.sock, tcp://host:2375); HOST= names the spec host (default: local, or the URL's host).", valueName: "[HOST=]URL"))
    var fromDocker: [String] = []

    @Option(name: .customLong("container"), help: ArgumentHelp("With --from-docker: read only the containers of these names (repeat it); default: every livepeer/go-livepeer container.", valueName: "NAME"))
    var containers: [String] = []

    @Option(help: "The fleet's name.")
    var fleet = "imported"

    @Option(help: "The go-livepeer image of nodes whose command line names none.")
    var image: String?

    @Option(help: "Write the spec to this file instead of stdout.")
    var out: String?

    @Option(help: "Output format of the report on stderr (text) or of everything on stdout (json).")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Colour in diagnostics: auto, always, never.")
    var color: ColorMode = .auto

    func validate() throws {
        for (option, values) in [("--flags-file", flagsFiles), ("--flags", inlineFlags), ("--models", modelFiles), ("--host", hostNames)] {
            for value in values { _ = try Self.pair(value, option: option) }
        }
        if flagsFiles.isEmpty && inlineFlags.isEmpty && fromDocker.isEmpty {
            throw ValidationError("give at least one node (--flags-file NAME=PATH or --flags NAME=FLAGS) or --from-docker URL")
        }
    }

    static func pair(_ text: String, option: String) throws -> (String, String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw ValidationError("\(option) takes NAME=VALUE (got '\(text)')")
        }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }

    func run() async throws {
        var gathered = try await ImportGathering.gather(self)
        let result = FleetImporter.build(gathered.nodes, options: ImportOptions(fleet: fleet, image: image))
        gathered.diagnostics += result.diagnostics
        let report = ImportReport.make(result: result, gathered: gathered, specFile: out ?? "<stdout>")
        try report.emit(self)
    }
}
