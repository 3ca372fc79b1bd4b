import ArgumentParser
import Planner
import Reconciler
import Spec

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a fleet spec against go-livepeer's rules.",
        discussion: """
            Prints every problem found, each as file:line:col with the source line and a caret, then a one-line summary. Warnings (risky but accepted) fail only with --strict.

            Example:
              lpai-apply validate specs/split.yaml
              lpai-apply validate fleet/ --format json --check-secrets

            Exit codes: 0 valid, 1 errors (or warnings with --strict).
            """
    )

    @OptionGroup var options: SpecOptions

    @Option(help: "Output format: text or json (diagnostics and summary as one JSON document on stdout).")
    var format: OutputFormat = .text

    @Flag(help: "Also check that every secret reference resolves here (env set, file readable); values are never printed.")
    var checkSecrets = false

    struct Report: Encodable {
        var valid: Bool
        var fleet: String?
        var counts: [String: Int]
        var diagnostics: [Diagnostic]
    }

    func run() throws {
        var compiled = Compiled.run(options, render: false)
        if checkSecrets, let spec = compiled.load.spec {
            compiled.load.diagnostics += SecretResolver.check(spec)
        }
        let fails = compiled.fails(strict: options.strict)
        let spec = compiled.load.spec
        switch format {
        case .json:
            let counts = [
                "errors": compiled.diagnostics.count { $0.severity == .error },
                "warnings": compiled.diagnostics.count { $0.severity == .warning },
                "orchestrators": spec?.orchestrators.count ?? 0, "workers": spec?.workers.count ?? 0, "models": spec?.models.count ?? 0,
            ]
            Output.stdout(Output.json(Report(valid: !fails, fleet: spec?.fleet.value, counts: counts, diagnostics: compiled.diagnostics)))
        case .text:
            compiled.printDiagnostics(options)
            if fails {
                Output.stderr("\(options.spec): invalid: \(compiled.countsLine)\n")
            } else if let spec {
                let warnings = compiled.diagnostics.count { $0.severity == .warning }
                Output.stdout("\(options.spec): fleet '\(spec.fleet.value)' is valid: \(spec.orchestrators.count) orchestrator\(spec.orchestrators.count == 1 ? "" : "s"), \(spec.workers.count) worker\(spec.workers.count == 1 ? "" : "s"), \(spec.models.count) model\(spec.models.count == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n")
            }
        }
        if fails { throw ExitCode(1) }
    }
}
