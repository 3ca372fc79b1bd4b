import ArgumentParser
import Foundation
import Planner
import Reconciler

struct Drift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check whether the hosts still match the spec (read-only, for cron).",
        discussion: """
            Reads every host like plan and prints one line: in sync, or which nodes drifted and why (a stopped or deleted container, a changed file, a rotated secret, a container no longer in the spec). Nothing is changed.

            Example:
              */10 * * * * lpai-apply drift /srv/fleet/spec.yaml || alert "fleet drifted"
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
            Output.stdout(Output.json(Report(fleet: diff.fleet, inSync: diff.isEmpty, nodes: total, drifted: drifted)))
        case .text:
            if diff.isEmpty {
                Output.stdout("in sync: fleet \(diff.fleet), \(total) node\(total == 1 ? "" : "s") as planned\n")
            } else {
                let items = drifted.map { "\($0.node) on \($0.host): \($0.action) (\($0.why.joined(separator: "; ")))" }
                Output.stdout("drift: fleet \(diff.fleet) needs \(drifted.count) change\(drifted.count == 1 ? "" : "s"): \(items.joined(separator: ", "))\n")
            }
        }
        for warning in diff.warnings { Output.stderr("warning: \(warning)\n") }
        if !diff.isEmpty { throw ExitCode(2) }
    }
}
