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
        if !diff.runners.isEmpty {
            out += "\nRunner containers started by go-livepeer (observed, never managed):\n"
            for (engine, runners) in diff.runners.sorted(by: { $0.key < $1.key }) {
                out += "  \(engine): " + runners.map { "\($0.name) (\($0.state))" }.joined(separator: ", ") + "\n"
            }
        }
        if !diff.changes.isEmpty { out += "\nPlan: \(diff.summary).\n" }
        return out
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
