import ArgumentParser
import Foundation
import Planner
import Spec

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check existing aiModels.json files against go-livepeer's real parsing.",
        discussion: """
            Reads each file the way go-livepeer v0.9.1 does (Go's encoding/json: no comments, no trailing commas, keys matched case-insensitively, unknown keys ignored, prices as JSON numbers) and reports what makes it refuse the file, panic at startup, or silently do something else than written: string prices such as "0.5e-2USD", capacity on managed entries (advertises 1), warm and cold entries of one model, warm containers beyond the GPU slots, keys the node's role ignores, and more. Each finding has file:line:column, the rule id and the fix. Token values are never printed.

            Without --role the role is inferred: price keys only → orchestrator, price and worker keys → combined, else worker.

            Example:
              lpai-apply lint worker/aiModels.json --role worker --gpus 0,1
              lpai-apply lint orch/aiModels.json --role orchestrator --format json

            Exit codes: 0 every file is fine, 1 errors (or warnings with --strict) in any file, or a file cannot be read.
            """
    )

    @Argument(help: "aiModels.json files to check.")
    var files: [String]

    @Option(help: "The node's role: worker (-aiWorker), orchestrator (split -orchestrator) or combined (-orchestrator -aiWorker). Inferred from the keys when omitted.")
    var role: RoleOption?

    @Option(help: "The node's -nvidia GPU ids (such as 0,1), to check warm containers against the GPU slots.")
    var gpus: String?

    @Option(help: "The node's -aiRunnerContainersPerGPU.")
    var containersPerGPU: Int = 1

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Colour in diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorMode = .auto

    struct FileReport: Encodable {
        var file: String
        var role: String
        var roleInferred: Bool
        var loads: Bool
        var entries: Int
        var diagnostics: [Diagnostic]
    }

    struct Report: Encodable {
        var valid: Bool
        var files: [FileReport]
    }

    func validate() throws {
        guard (1...9).contains(containersPerGPU) else { throw ValidationError("--containers-per-gpu must be 1 to 9") }
        if let gpus { _ = try GPUList.parse(gpus) }
    }

    func run() throws {
        let options = AIModelsLint.Options(role: role?.role, gpus: try gpus.map(GPUList.parse), containersPerGPU: containersPerGPU)
        var reports: [FileReport] = []
        var sources = SourceFiles()
        var fails = false
        for path in files {
            let (bytes, readError) = LintInput.read(path)
            let result: AIModelsLint.Result? = bytes.map { AIModelsLint.lint($0, file: path, options: options) }
            var diagnostics = result?.diagnostics ?? []
            if let readError { diagnostics = [readError] }
            if let bytes { LintInput.addExcerpts(of: bytes, file: path, to: &sources) }
            let failed = diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
            fails = fails || failed
            reports.append(FileReport(
                file: path, role: (result?.role ?? role?.role ?? .worker).rawValue, roleInferred: role == nil,
                loads: result?.file.loads ?? false, entries: result?.file.entries.count ?? 0, diagnostics: diagnostics
            ))
        }
        switch format {
        case .json:
            Output.stdout(Output.json(Report(valid: !fails, files: reports)))
        case .text:
            let useColor = color.enabled
            for report in reports {
                let text = DiagnosticFormatter(colors: useColor).format(report.diagnostics, sources: sources)
                if !text.isEmpty { Output.stderr(text) }
                Output.stderr(summary(report) + "\n")
            }
        }
        if fails { throw ExitCode(1) }
    }

    private func summary(_ report: FileReport) -> String {
        let errors = report.diagnostics.count { $0.severity == .error }
        let warnings = report.diagnostics.count { $0.severity == .warning }
        let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        if !report.loads && report.entries == 0 && errors > 0 {
            return "\(report.file): go-livepeer would not load it: \(counts)"
        }
        let article = report.role == NodeRole.orchestrator.rawValue ? "an" : "a"
        let inferred = report.roleInferred ? " (role inferred; set it with --role)" : ""
        let entries = "\(report.entries) entr\(report.entries == 1 ? "y" : "ies")"
        return "\(report.file): \(errors > 0 ? "problems" : "ok"): \(entries) read as \(article) \(report.role)'s aiModels.json\(inferred): \(counts)"
    }
}

/// `--role`: go-livepeer's node roles.
enum RoleOption: String, ExpressibleByArgument, CaseIterable {
    case worker, orchestrator, combined

    var role: NodeRole {
        switch self {
        case .worker: .worker
        case .orchestrator: .orchestrator
        case .combined: .combined
        }
    }
}

/// `-nvidia`-style GPU id lists: `0,1`.
enum GPUList {
    static func parse(_ text: String) throws -> [Int] {
        let ids = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var out: [Int] = []
        for id in ids {
            guard let n = Int(id), (0...9).contains(n) else {
                throw ValidationError("GPU ids are single digits 0-9 separated by commas, such as 0,1 (got '\(text)'): go-livepeer's runner ports hold one digit of GPU id")
            }
            guard !out.contains(n) else { throw ValidationError("GPU id \(n) is given twice in '\(text)'") }
            out.append(n)
        }
        return out
    }
}

/// Reading a file for lint: its bytes, or a diagnostic saying why it cannot be read.
enum LintInput {
    /// Makes the file's lines available for excerpts, tokens starred out; a minified file (a line
    /// over 1,000 characters) gets none, since quoting its one line would flood the terminal.
    static func addExcerpts(of bytes: [UInt8], file: String, to sources: inout SourceFiles) {
        var longest = 0
        var current = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { current = 0 } else { current += 1; longest = max(longest, current) }
        }
        guard longest <= 1000 else { return }
        sources.add(file: file, text: Redaction.aiModels(String(decoding: bytes, as: UTF8.self)))
    }

    static func read(_ path: String, limit: Int = JSONLimits().maxBytes) -> ([UInt8]?, Diagnostic?) {
        let at = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return (nil, .error("lpai.lint.read", at: nil, "\(path): no such file"))
        }
        if isDirectory.boolValue { return (nil, .error("lpai.lint.read", at: nil, "\(path) is a folder; give the aiModels.json file")) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
            return (nil, .error("lpai.lint.too-large", at: at, "the file is \(size) bytes, over the \(limit)-byte limit; an aiModels.json is a few kilobytes: this is not one"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, .error("lpai.lint.read", at: nil, "\(path) cannot be read (permissions?)"))
        }
        return (Array(data), nil)
    }
}
