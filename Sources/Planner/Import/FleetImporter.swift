import Spec

/// Builds a spec from an existing setup: each node's go-livepeer flags and aiModels.json.
/// Every problem go-livepeer would have with the setup is reported (lint's findings and the
/// flags'); with none that is an error, the spec is written.
public enum FleetImporter {
    public static func build(_ inputs: [ImportNode], options: ImportOptions = ImportOptions()) -> ImportResult {
        var state = ImportState(inputs: inputs, options: options)
        state.run()
        return ImportResult(
            yaml: state.diagnostics.hasErrors ? nil : state.yaml,
            diagnostics: state.diagnostics.sortedForOutput(),
            secrets: state.secrets,
            roles: state.roles
        )
    }

    /// The role go-livepeer's flags give a node, or nil when it serves no AI (a gateway, a transcoder).
    public static func role(_ invocation: LivepeerInvocation) -> NodeRole? {
        switch (invocation.isSet("orchestrator"), invocation.isSet("aiWorker")) {
        case (true, true): .combined
        case (true, false): .orchestrator
        case (false, true): .worker
        default: nil
        }
    }

    /// A spec name from free text: letters, digits, `-`, `_`, `.`, starting with a letter or digit.
    static func specName(_ text: String, fallback: String) -> String {
        var out = String(text.lowercased().unicodeScalars.map { s -> Character in
            ("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "." ? Character(s) : "-"
        })
        while let first = out.first, !(first.isLetter || first.isNumber) { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        out = String(out.prefix(50))
        return out.isEmpty ? fallback : out
    }

    /// An environment variable name: `orch-eu` + `SECRET` → `ORCH_EU_SECRET`.
    static func variable(_ name: String, _ suffix: String) -> String {
        let base = String(name.uppercased().unicodeScalars.map { s -> Character in
            ("A"..."Z").contains(s) || ("0"..."9").contains(s) ? Character(s) : "_"
        })
        let joined = "\(base)_\(suffix)"
        return joined.first?.isNumber == true ? "N_\(joined)" : joined
    }
}

/// The import's working state: diagnostics accumulate, the fleet is built step by step.
struct ImportState {
    let inputs: [ImportNode]
    let options: ImportOptions
    var diagnostics: [Diagnostic] = []
    var secrets: [ImportedSecret] = []
    var roles: [String: NodeRole] = [:]
    var fleet: ImportedFleet
    var yaml = ""
    /// Catalogue models by identity, and names taken.
    var modelNames: [String: String] = [:]
    var takenNames = Set<String>()

    init(inputs: [ImportNode], options: ImportOptions) {
        self.inputs = inputs
        self.options = options
        fleet = ImportedFleet(fleet: options.fleet, hosts: [], models: [], nodes: [], header: [])
    }

    mutating func run() {
        for input in inputs {
            guard let role = FleetImporter.role(input.invocation) else {
                let at = input.invocation.flags.values.map(\.location).min()
                diagnostics.append(.error("lpai.import.role", at: at, "node '\(input.name)' runs neither -orchestrator nor -aiWorker: it is no AI orchestrator or worker (a gateway or a transcoder?), and lpai-apply manages only those. Leave it out"))
                continue
            }
            roles[input.name] = role
            lintModels(input, role: role)
        }
        guard !diagnostics.hasErrors else { return }
        buildNodes()
        guard !diagnostics.hasErrors else { return }
        buildModels()
        fleet.header = header()
        yaml = SpecYAMLWriter.write(fleet)
    }

    private mutating func lintModels(_ input: ImportNode, role: NodeRole) {
        let flags = input.invocation
        if let models = input.models {
            let gpus = flags.value("nvidia").flatMap { Self.gpuIDs($0) }
            let perGPU = flags.value("aiRunnerContainersPerGPU").flatMap { Int($0) } ?? 1
            diagnostics += AIModelsLint.lint(models, options: .init(role: role, gpus: gpus, containersPerGPU: perGPU)).diagnostics
        } else if let path = flags.flags["aiModels"] {
            diagnostics.append(.error(
                "lpai.import.models-missing", at: path.location,
                "node '\(input.name)' reads its models from '\(path.value)'; give that file's content with --models \(input.name)=PATH (a value that is not a file is go-livepeer's inline pipeline:model_id:warm form, which import does not read)"
            ))
        }
    }

    static func gpuIDs(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",").map { Int($0.trimmingSpaces) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    private func header() -> [String] {
        var lines = ["Imported by lpai-apply import from: " + inputs.map(\.name).joined(separator: ", ") + "."]
        if !secrets.isEmpty {
            lines.append("Secrets are references: set " + secrets.map(\.variable).joined(separator: ", ") + " before plan/apply.")
        }
        return lines
    }
}
