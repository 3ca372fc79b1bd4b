import ArgumentParser
import Foundation
import Planner
import Reconciler

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change on the hosts.",
        discussion: """
            Compiles the spec, reads every host's Docker Engine (containers carrying this fleet's labels; go-livepeer's runner containers are listed, never touched) and prints, per node: + create, ~ replace (with the fields that changed), > start, - remove, and a summary line. Secret values are never printed; a rotated secret shows as (sensitive).

            Example:
              lpai-apply plan specs/split.yaml
              lpai-apply plan specs/split.yaml --out tonight.plan
              lpai-apply apply tonight.plan
              lpai-apply plan specs/split.yaml --detailed-exitcode
              lpai-apply plan specs/split.yaml --engine '*=unix:///var/run/docker.sock'

            Each worker's registration with its orchestrator is read from go-livepeer's logs (since the container started): connected, not connected with go-livepeer's reason (invalid secret, version not compatible, orchestrator unreachable), or registered with the wrong orchestrator. Planned warm runner containers that are missing or stopped, and runner containers no planned worker owns (orphans), are listed too. These are drift that replacing containers cannot fix.

            Exit codes: 0 success (with --detailed-exitcode: no drift), 1 error, 2 drift: changes, a worker not connected, or runner drift (only with --detailed-exitcode).
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Exit 0 when nothing would change, 2 when something would, 1 on error.")
    var detailedExitcode = false

    @Option(help: "Output format: text, or json (the changes as one JSON document on stdout).")
    var format: OutputFormat = .text

    @Option(help: "Save the plan, with the containers it was made against, to FILE for `lpai-apply apply FILE`. The file holds no secret values.")
    var out: String?

    func run() async throws {
        let session = try FleetSession.open(spec: options, engine: engine)
        let diff = try await session.observe()
        await session.close()
        switch format {
        case .text: Output.stdout(PlanPrinter.text(diff, plan: session.plan))
        case .json: Output.stdout(Output.json(PlanReport(diff)))
        }
        if let out {
            do {
                let bytes = try SavedPlan(plan: session.plan, engineOverrides: session.overrides, diff: diff).encoded()
                try AtomicFile.write(bytes, to: out)
                if format == .text { Output.stdout("\nSaved the plan to \(out). Apply exactly these changes with: lpai-apply apply \(out)\n") }
            } catch {
                Output.stderr("error: cannot write the plan to \(out): \(error)\n")
                throw ExitCode(1)
            }
        }
        if detailedExitcode && diff.hasDrift { throw ExitCode(2) }
    }
}

/// `plan --format json`.
struct PlanReport: Encodable {
    var fleet: String
    var changed: Bool
    var summary: [String: Int]
    var changes: [NodeChange]
    var unchanged: [FleetDiff.UnchangedNode]
    var warnings: [String]
    var runners: [String: [ObservedRunner]]
    var connections: [WorkerConnection]
    var orchestrators: [OrchestratorView]
    var runnerFindings: [RunnerFinding]
    var drift: Bool

    init(_ diff: FleetDiff) {
        fleet = diff.fleet
        changed = !diff.isEmpty
        summary = Dictionary(uniqueKeysWithValues: NodeChange.Action.allCases.map { ($0.rawValue, diff.count($0)) })
        summary["unchanged"] = diff.unchanged.count
        changes = diff.changes
        unchanged = diff.unchanged
        warnings = diff.warnings
        runners = diff.runners
        connections = diff.connections.workers
        orchestrators = diff.connections.orchestrators
        runnerFindings = diff.runnerFindings
        drift = diff.hasDrift
    }
}

/// Writes a file by writing a temporary file beside it and renaming it over the target.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                close(fd)
                unlink(temp)
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            offset += n
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }
}
