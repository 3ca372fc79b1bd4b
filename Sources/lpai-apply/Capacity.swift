import ArgumentParser
import Planner
import Spec

struct Capacity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the fleet's capacity as go-livepeer will advertise it.",
        discussion: """
            Per node: each model's warm containers and advertised capacity (N warm containers advertise N; a managed capacity: N would advertise 1, go-livepeer issue #3627), GPU slots and VRAM used and free. Per orchestrator: the sum over its workers. Then each requirement, met or short.

            Example:
              lpai-apply capacity specs/multi-orchestrator --format json

            Exit codes: 0 all requirements met and the spec valid, 1 otherwise.
            """
    )

    @OptionGroup var options: SpecOptions

    @Option(help: "Output format: text tables or json.")
    var format: OutputFormat = .text

    func run() throws {
        let compiled = Compiled.run(options, render: false)
        compiled.printDiagnostics(options)
        guard let report = compiled.result?.capacity else {
            Output.stderr("\(options.spec): cannot compute capacity: \(compiled.countsLine)\n")
            throw ExitCode(1)
        }
        Output.stdout(format == .json ? Output.json(report) : Self.text(report))
        if compiled.fails(strict: options.strict) { throw ExitCode(1) }
    }

    static func text(_ report: CapacityReport) -> String {
        var models = Table("NODE", "ROLE", "ORCHESTRATOR", "PIPELINE", "MODEL_ID", "KIND", "WARM", "ADVERTISED")
        var gpus = Table("NODE", "GPU", "NAME", "SLOTS USED/TOTAL", "VRAM USED/TOTAL", "VRAM FREE")
        for node in report.nodes {
            for m in node.models {
                models.add(node.node, node.role.rawValue, node.orchestrator ?? node.node, m.pipeline, m.modelID, m.kind, String(m.warmContainers), String(m.advertised))
            }
            for g in node.gpus {
                let total = g.vramTotal.map(ByteSize.format) ?? "unknown"
                let free = g.vramTotal.map { ByteSize.format($0 - g.vramUsed) } ?? "-"
                gpus.add(node.node, String(g.id), g.name ?? "-", "\(g.slotsUsed)/\(g.slots)", "\(ByteSize.format(g.vramUsed))/\(total)", free)
            }
        }
        var orchestrators = Table("ORCHESTRATOR", "PIPELINE", "MODEL_ID", "NODES", "WARM", "ADVERTISED")
        for o in report.orchestrators {
            for m in o.models { orchestrators.add(o.orchestrator, m.pipeline, m.modelID, String(m.nodes), String(m.warmContainers), String(m.advertised)) }
        }
        var out = "Models per node\n" + models.render() + "\nGPUs\n" + gpus.render() + "\nPer orchestrator\n" + orchestrators.render()
        if !report.requirements.isEmpty {
            var requirements = Table("MODEL", "PIPELINE", "MODEL_ID", "SCOPE", "REQUIRED", "OFFERED", "STATUS")
            for r in report.requirements {
                requirements.add(r.model, r.pipeline, r.modelID, r.orchestrator ?? "fleet", String(r.required), String(r.offered), r.met ? "met" : "SHORT by \(r.required - r.offered)")
            }
            out += "\nRequirements\n" + requirements.render()
        }
        return out
    }
}
