import ArgumentParser
import Planner
import Spec
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum ColorMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Options every spec-reading subcommand shares.
struct SpecOptions: ParsableArguments {
    // Files and folders both complete: a spec may be a folder, and apply also takes a saved plan.
    @Argument(help: "The fleet spec: a YAML file, or a folder of *.yaml files merged in name order.", completion: .file())
    var spec: String

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Colour in diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorMode = .auto

    var useColor: Bool { color.enabled }
}

extension ColorMode {
    /// Whether diagnostics on stderr get colour.
    var enabled: Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

/// The spec loaded and compiled, with everything the commands print from.
struct Compiled {
    var load: SpecLoadResult
    var result: CompileResult?

    var diagnostics: [Diagnostic] { (load.diagnostics + (result?.diagnostics ?? [])).sortedForOutput() }

    static func run(_ options: SpecOptions, render: Bool = true) -> Compiled {
        let load = SpecLoader.load(path: options.spec)
        guard let spec = load.spec else { return Compiled(load: load, result: nil) }
        return Compiled(load: load, result: render ? Planner.compile(spec) : Planner.check(spec))
    }

    /// Whether the diagnostics fail the command: any error, or any warning under `--strict`.
    func fails(strict: Bool) -> Bool {
        diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }

    func printDiagnostics(_ options: SpecOptions) {
        let text = DiagnosticFormatter(colors: options.useColor).format(diagnostics, sources: load.sources)
        if !text.isEmpty { Output.stderr(text) }
    }

    var countsLine: String {
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}

enum Output {
    static func stdout(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func stderr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }
}
