import ArgumentParser
import Foundation
import Planner
import Reconciler

struct Drift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check whether the hosts still match the spec (read-only, for cron).",
        discussion: """
            Reads every host like plan and prints one line: in sync, or which nodes drifted and why (a stopped or deleted container, a changed file, a rotated secret, a container no longer in the spec, a worker not registered with its orchestrator and go-livepeer's reason, a planned warm runner missing or stopped, an orphan runner). Nothing is changed.

            For cron, docs/recipes/drift-check.sh wraps it: quiet on 0, an alert on 2 (drift), a different alert on 1 (the check failed, so drift is unknown). An /etc/cron.d line (README, "Recipes"):
              */10 * * * * lpai /usr/local/lib/lpai/drift-check.sh /srv/spec.yaml

            Example:
              lpai-apply drift specs/split.yaml
              lpai-apply drift specs/split.yaml --format json

            Exit codes: 0 in sync, 2 drift, 1 error.
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var engine: EngineOptions

    @Option(help: "Output format: text (one summary line), or json (every drifted node and why).")
    var format: OutputFormat = .text

    struct Report: Encodable {
        struct Node: Encodable {
            var node: String
            var host: String
            var action: String
            var why: [String]
        }

        var fleet: String
        var inSync: Bool
        var nodes: Int
        var drifted: [Node]
        var connections: [WorkerConnection]
        var runnerFindings: [RunnerFinding]
    }

    func run() async throws {
        let session = try FleetSession.open(spec: options, engine: engine)
        let diff = try await session.observe()
        await session.close()
        let drifted = diff.changes.map { change in
            Report.Node(node: change.node, host: change.host, action: change.action.rawValue, why: change.details.map(PlanPrinter.field))
        }
        let total = session.plan.nodes.count
        switch format {
        case .json:
            Output.stdout(Output.json(Report(
                fleet: diff.fleet, inSync: !diff.hasDrift, nodes: total, drifted: drifted, connections: diff.connections.workers,
                runnerFindings: diff.runnerFindings
            )))
        case .text:
            Output.stdout(Self.text(diff, drifted: drifted, total: total))
        }
        for warning in diff.warnings { Output.stderr("warning: \(warning)\n") }
        if diff.hasDrift { throw ExitCode(2) }
    }

    static func text(_ diff: FleetDiff, drifted: [Report.Node], total: Int) -> String {
        guard diff.hasDrift else {
            let workers = diff.connections.workers.count
            let connected = workers == 0 ? "" : ", \(workers) worker\(workers == 1 ? "" : "s") registered"
            return "in sync: fleet \(diff.fleet), \(total) node\(total == 1 ? "" : "s") as planned\(connected)\n"
        }
        let changes = drifted.map { "\($0.node) on \($0.host): \($0.action) (\($0.why.joined(separator: "; ")))" }
        let findings = diff.connectionProblems.map { "\($0.worker) on \($0.host): \($0.summary) (\($0.detail))" } + diff.runnerFindings.map(PlanPrinter.runnerFinding)
        var parts: [String] = []
        if !changes.isEmpty { parts.append("needs \(changes.count) change\(changes.count == 1 ? "" : "s"): \(changes.joined(separator: ", "))") }
        if !findings.isEmpty { parts.append("\(findings.count) connection/runner finding\(findings.count == 1 ? "" : "s"): \(findings.joined(separator: ", "))") }
        return "drift: fleet \(diff.fleet) \(parts.joined(separator: "; "))\n"
    }
}
