import ArgumentParser
import Foundation
import Planner
import Spec

/// What import prints: the setup's findings, the imported spec's compile diagnostics, the
/// secrets to set, and the round trip of every node's aiModels.json.
struct ImportReport: Encodable {
    var written: Bool
    var valid: Bool
    var file: String?
    var spec: String?
    var diagnostics: [Diagnostic]
    var specDiagnostics: [Diagnostic]
    var secrets: [ImportedSecret]
    var roundTrip: [RoundTrip.Difference]
    var roundTripChecked: [String]
    private(set) var sources = SourceFiles()

    enum CodingKeys: String, CodingKey { case written, valid, file, spec, diagnostics, specDiagnostics, secrets, roundTrip, roundTripChecked }

    static func make(result: ImportResult, gathered: ImportGathering, specFile: String) -> ImportReport {
        var report = ImportReport(
            written: false, valid: false, file: nil, spec: result.yaml, diagnostics: gathered.diagnostics.sortedForOutput(),
            specDiagnostics: [], secrets: result.secrets, roundTrip: [], roundTripChecked: []
        )
        report.sources = gathered.sources
        guard let yaml = result.yaml, !gathered.diagnostics.hasErrors else { return report }
        report.sources.add(file: specFile, text: yaml)
        let load = SpecLoader.load(text: yaml, file: specFile)
        report.specDiagnostics = load.diagnostics
        guard let spec = load.spec else { return report }
        let compiled = Planner.compile(spec)
        report.specDiagnostics = (load.diagnostics + compiled.diagnostics).sortedForOutput()
        guard let plan = compiled.plan else { return report }
        for node in gathered.nodes {
            guard let original = node.models, let role = result.roles[node.name],
                  let planned = plan.nodes.first(where: { $0.name == node.name }),
                  let file = planned.files.first(where: { $0.path.hasSuffix("/aiModels.json") })
            else { continue }
            let rendered = AIModelsFile.read(Array(file.content.utf8), file: "\(node.name)/aiModels.json (rendered)")
            report.roundTripChecked.append(node.name)
            if let difference = RoundTrip.compare(node: node.name, original: original.entries, rendered: rendered.entries, role: role) {
                report.roundTrip.append(difference)
            }
        }
        return report
    }

    func fails(strict: Bool) -> Bool {
        (diagnostics + specDiagnostics).contains { $0.severity == .error || (strict && $0.severity == .warning) } || spec == nil
    }

    func emit(_ command: Import) throws {
        var report = self
        report.valid = !fails(strict: command.strict)
        if let yaml = spec, !diagnostics.hasErrors {
            if let path = command.out {
                do { try Data(yaml.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                    Output.stderr("error: cannot write \(path): \(error.localizedDescription)\n")
                    throw ExitCode(1)
                }
                report.file = path
                report.written = true
            } else if command.format == .text {
                Output.stdout(yaml)
                report.written = true
            }
        }
        switch command.format {
        case .json: Output.stdout(Output.json(report))
        case .text: report.printText(colors: command.color.enabled, out: command.out)
        }
        if !report.valid { throw ExitCode(1) }
    }

    private func printText(colors: Bool, out: String?) {
        let formatter = DiagnosticFormatter(colors: colors)
        var text = formatter.format(diagnostics, sources: sources)
        if spec == nil {
            let errors = diagnostics.count { $0.severity == .error }
            text += "import: \(errors) error\(errors == 1 ? "" : "s") (above) in the existing setup or in what import was given; fix them and import again. No spec written\n"
            Output.stderr(text)
            return
        }
        text += formatter.format(specDiagnostics, sources: sources)
        if !secrets.isEmpty {
            text += "import: the spec refers to secrets by environment variable; set these before plan/apply:\n"
            for secret in secrets { text += "  \(secret.variable): \(secret.purpose)\n" }
        }
        for difference in roundTrip {
            text += "import: round trip: \(difference.node)'s rendered aiModels.json differs from the original in what go-livepeer loads (see the rewrites above):\n"
            for line in difference.onlyOriginal { text += "  - \(line)\n" }
            for line in difference.onlyRendered { text += "  + \(line)\n" }
        }
        let same = roundTripChecked.filter { name in !roundTrip.contains { $0.node == name } }
        if !same.isEmpty { text += "import: round trip: \(same.joined(separator: ", ")): the rendered aiModels.json loads the same entries as the original\n" }
        let specErrors = specDiagnostics.count { $0.severity == .error }
        let warnings = (diagnostics + specDiagnostics).count { $0.severity == .warning }
        let target = out ?? "stdout"
        text += specErrors > 0
            ? "import: spec written to \(target), but it does not compile: \(specErrors) error\(specErrors == 1 ? "" : "s") (above) in the existing setup as the spec expresses it\n"
            : "import: spec written to \(target); it compiles, \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        Output.stderr(text)
    }
}
