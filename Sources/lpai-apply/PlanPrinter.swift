import Foundation
import Planner
import Reconciler

/// Terraform-style text for a fleet diff: `+ create`, `~ replace` with what changed,
/// `> start`, `- remove`, and a summary line. Secrets show as `(sensitive)`.
enum PlanPrinter {
    static func text(_ diff: FleetDiff, plan: Plan) -> String {
        var out = ""
        if diff.changes.isEmpty {
            out += "No changes. Fleet \(diff.fleet) matches the spec (\(diff.unchanged.count) node\(diff.unchanged.count == 1 ? "" : "s") running as planned).\n"
        } else {
            out += "lpai-apply will change fleet \(diff.fleet) as follows:\n\n"
            for change in diff.changes { out += describe(change, plan: plan) + "\n" }
        }
        for warning in diff.warnings { out += "warning: \(warning)\n" }
        if !diff.connections.workers.isEmpty { out += "\n" + connections(diff.connections.workers) }
        if !diff.runners.isEmpty {
            out += "\nRunner containers started by go-livepeer (observed, never managed):\n"
            for (engine, runners) in diff.runners.sorted(by: { $0.key < $1.key }) {
                out += "  \(engine): " + runners.map { "\($0.name) (\($0.state))" }.joined(separator: ", ") + "\n"
            }
        }
        if !diff.runnerFindings.isEmpty {
            out += "\nRunner drift:\n"
            for finding in diff.runnerFindings { out += "  ! \(runnerFinding(finding))\n" }
        }
        if !diff.changes.isEmpty { out += "\nPlan: \(diff.summary).\n" }
        let problems = diff.connectionProblems.count
        if problems + diff.runnerFindings.count > 0 {
            var parts: [String] = []
            if problems > 0 { parts.append("\(problems) worker\(problems == 1 ? "" : "s") not registered with its orchestrator") }
            if !diff.runnerFindings.isEmpty { parts.append("\(diff.runnerFindings.count) runner finding\(diff.runnerFindings.count == 1 ? "" : "s")") }
            out += "Drift apply cannot fix by replacing containers: \(parts.joined(separator: ", ")).\n"
        }
        return out
    }

    /// The connection table: one line per worker.
    static func connections(_ workers: [WorkerConnection]) -> String {
        var out = "Worker connections (from go-livepeer's logs since each container started):\n"
        let width = workers.map { "\($0.worker) → \($0.orchestrator)".count }.max() ?? 0
        for worker in workers {
            let name = "\(worker.worker) → \(worker.orchestrator)"
            let mark = worker.isConnected ? " " : "!"
            out += "  \(mark) \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(worker.summary)"
            out += worker.detail.isEmpty ? "\n" : " (\(worker.detail))\n"
        }
        return out
    }

    static func runnerFinding(_ finding: RunnerFinding) -> String {
        let owner = finding.worker.map { "\($0) on \(finding.host)" } ?? finding.host
        return "\(owner): \(finding.kind.rawValue.replacingOccurrences(of: "-", with: " ")): \(finding.detail)"
    }

    static func symbol(_ action: NodeChange.Action) -> String {
        switch action {
        case .create: "+"
        case .replace: "~"
        case .start: ">"
        case .remove, .cleanup: "-"
        }
    }

    static func title(_ change: NodeChange) -> String {
        let role = change.role == "worker" ? "worker of \(change.orchestrator ?? "?")" : change.role
        return "\(change.node) (\(role) on \(change.host))"
    }

    static func describe(_ change: NodeChange, plan: Plan) -> String {
        let verb = switch change.action {
        case .create: "will be created"
        case .replace: "will be replaced"
        case .start: "will be started"
        case .remove: "will be removed"
        case .cleanup: "will be tidied up (no restart)"
        }
        var lines = ["  \(symbol(change.action)) \(title(change)) \(verb)"]
        switch change.action {
        case .create:
            if let node = plan.nodes.first(where: { $0.name == change.node && $0.host == change.host }) {
                lines.append("      image:  \(node.container.image)")
                lines.append("      args:   \(node.container.args.map(ShellQuote.word).joined(separator: " "))")
                if !node.container.mounts.isEmpty {
                    lines.append("      mounts: " + node.container.mounts.map { "\($0.source):\($0.target)\($0.readOnly ? ":ro" : "")" }.joined(separator: " "))
                }
                if let gpus = node.container.gpus { lines.append("      gpus:   \(gpus)") }
                lines.append("      files:  " + node.files.map { $0.secrets.isEmpty ? "\($0.basename) (\($0.content.utf8.count) bytes)" : "\($0.basename) (sensitive)" }.joined(separator: ", "))
            }
        case .replace, .start, .cleanup:
            for detail in change.details { lines.append("      ~ " + field(detail)) }
        case .remove:
            let why = change.details.first?.new ?? ""
            lines[0] += why.isEmpty ? "" : ": \(why)"
            for container in change.containers { lines.append("      container \(container.name) (\(container.id.prefix(12)))") }
        }
        if !change.leftovers.isEmpty && change.action != .cleanup {
            lines.append("      and removes leftover " + change.leftovers.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    static func field(_ change: FieldChange) -> String {
        if change.sensitive { return "\(change.field): (sensitive)" }
        switch (change.old, change.new) {
        case (nil, let new?): return "\(change.field): (none) → \(new)"
        case (let old?, nil): return "\(change.field): \(old) → (none)"
        case (let old?, let new?): return "\(change.field): \(old) → \(new)"
        case (nil, nil): return change.field
        }
    }
}
