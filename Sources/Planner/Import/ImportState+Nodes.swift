import Spec

/// Nodes: roles, addresses, secrets, on-chain settings, GPUs, images and the flags left out.
extension ImportState {
    /// Flags the spec expresses (docs/SPEC.md); any other is reported as not carried over.
    static let mapped: Set<String> = [
        "orchestrator", "aiWorker", "orchSecret", "serviceAddr", "orchAddr", "nvidia", "aiModels", "aiModelsDir",
        "aiRunnerContainersPerGPU", "aiRunnerImage", "aiRunnerImageOverrides", "network", "ethUrl", "ethAcctAddr",
        "ethPassword", "pricePerUnit", "aiServiceRegistry", "httpAddr", "cliAddr", "datadir", "dataDir",
    ]

    mutating func buildNodes() {
        var orchestratorAddrs: [String: String] = [:]
        var hosts: [(String, String?)] = []
        for input in inputs {
            if !hosts.contains(where: { $0.0 == input.host }) { hosts.append((input.host, input.docker)) }
        }
        fleet.hosts = hosts
        let images = Set(inputs.map { $0.invocation.image ?? options.image ?? "" })
        if images.count == 1, let image = images.first, !image.isEmpty { fleet.image = image }
        for input in inputs where roles[input.name] != nil && roles[input.name] != .worker {
            var node = baseNode(input, role: roles[input.name]!)
            let flags = input.invocation
            if let addr = flags.flags["serviceAddr"] {
                node.serviceAddr = addr.value
                let key = Self.addressKey(addr.value)
                if let other = orchestratorAddrs[key] {
                    diagnostics.append(.error("lpai.import.service-addr", at: addr.location, "orchestrators '\(other)' and '\(input.name)' both advertise -serviceAddr \(addr.value); each needs its own"))
                }
                orchestratorAddrs[key] = input.name
            } else {
                let at = flags.flags.values.map(\.location).min()
                diagnostics.append(.error("lpai.import.service-addr", at: at, "orchestrator '\(input.name)' has no -serviceAddr: workers and gateways reach an orchestrator at its public host:port; add -serviceAddr HOST:8935"))
            }
            if flags.flags["orchSecret"] != nil {
                node.secretVariable = addSecret(FleetImporter.variable(input.name, "SECRET"), "the -orchSecret of orchestrator '\(input.name)' and its workers", flag: "orchSecret", of: input)
            }
            if let network = flags.value("network"), network != "offchain" {
                var c = ImportedFleet.OnChain(network: network, aiServiceRegistry: flags.isSet("aiServiceRegistry"))
                c.ethUrl = flags.value("ethUrl")
                c.ethAcctAddr = flags.value("ethAcctAddr")
                c.pricePerUnit = flags.value("pricePerUnit")
                if flags.flags["ethPassword"] != nil {
                    c.ethPasswordVariable = addSecret(FleetImporter.variable(input.name, "ETH_PASSWORD"), "the -ethPassword of orchestrator '\(input.name)'", flag: "ethPassword", of: input)
                }
                node.onchain = c
            }
            fleet.nodes.append(node)
        }
        for input in inputs where roles[input.name] == .worker {
            var node = baseNode(input, role: .worker)
            let flags = input.invocation
            node.serviceAddr = flags.value("serviceAddr")
            guard let orchAddr = flags.flags["orchAddr"] else {
                diagnostics.append(.error("lpai.import.orch-addr", at: flags.flags["aiWorker"]?.location, "worker '\(input.name)' has no -orchAddr: it registers with no orchestrator; add -orchAddr ORCH_HOST:8935"))
                continue
            }
            let first = orchAddr.value.split(separator: ",").first.map(String.init) ?? ""
            guard let orchestrator = orchestratorAddrs[Self.addressKey(first)] else {
                let known = orchestratorAddrs.isEmpty ? "no orchestrator was imported" : "imported orchestrators advertise " + fleet.nodes.compactMap(\.serviceAddr).joined(separator: ", ")
                diagnostics.append(.error("lpai.import.orch-addr", at: orchAddr.location, "worker '\(input.name)' registers with \(first), which matches no imported orchestrator's -serviceAddr (\(known)); import that orchestrator too, or correct -orchAddr"))
                continue
            }
            node.orchestrator = orchestrator
            if let mine = flags.flags["orchSecret"], let orchInput = inputs.first(where: { $0.name == orchestrator }), let theirs = orchInput.invocation.flags["orchSecret"] {
                let comparable = { (v: String, expands: Bool) in !expands && !Self.looksLikePath(v) }
                if comparable(mine.value, flags.expanding.contains("orchSecret")), comparable(theirs.value, orchInput.invocation.expanding.contains("orchSecret")), mine.value != theirs.value {
                    diagnostics.append(.error("lpai.import.secret-mismatch", at: mine.location, "worker '\(input.name)' passes a different -orchSecret than orchestrator '\(orchestrator)': the orchestrator rejects it (invalid secret) and it never registers. The spec gives both the orchestrator's secret; make them equal"))
                }
            } else if flags.flags["orchSecret"] == nil, node.orchestrator != nil, inputs.first(where: { $0.name == orchestrator })?.invocation.flags["orchSecret"] != nil {
                diagnostics.append(.warning("lpai.import.secret-missing", at: orchAddr.location, "worker '\(input.name)' passes no -orchSecret, so orchestrator '\(orchestrator)' rejects it; the spec gives it the orchestrator's secret"))
            }
            fleet.nodes.append(node)
        }
        sharedDirectories()
    }

    private mutating func baseNode(_ input: ImportNode, role: NodeRole) -> ImportedFleet.Node {
        let flags = input.invocation
        var node = ImportedFleet.Node(name: input.name, role: role, host: input.host, gpus: [], runnerImages: [], uses: [])
        let image = flags.image ?? options.image
        if fleet.image == nil { node.image = image }
        if image == nil {
            diagnostics.append(.warning("lpai.import.image", at: flags.flags.values.map(\.location).min(), "node '\(input.name)' names no go-livepeer image (its flags come without a docker run line); pass --image livepeer/go-livepeer:TAG with the version it runs"))
        }
        for (name, value) in flags.flags.sorted(by: { $0.key < $1.key }) where !Self.mapped.contains(name) {
            diagnostics.append(.warning("lpai.import.flag-dropped", at: value.location, "-\(name) is not carried into the spec: lpai-apply passes only the flags docs/SPEC.md lists. Check that the node works without it"))
        }
        if let http = flags.flags["httpAddr"], let service = flags.value("serviceAddr"),
           RuleSupport.hostAndPort(http.value).port != RuleSupport.hostAndPort(service).port {
            diagnostics.append(.warning("lpai.import.http-addr", at: http.location, "-httpAddr \(http.value) listens on another port than -serviceAddr \(service); lpai-apply listens on the serviceAddr port (-httpAddr 0.0.0.0:PORT)"))
        }
        guard role != .orchestrator else { return node }
        if let nvidia = flags.flags["nvidia"] {
            if let ids = Self.gpuIDs(nvidia.value), ids.allSatisfy({ (0...9).contains($0) }) {
                node.gpus = ids
            } else {
                diagnostics.append(.error("lpai.import.nvidia", at: nvidia.location, "-nvidia \(nvidia.value) is not a list of GPU ids 0-9; list them (such as -nvidia 0,1): the spec needs each GPU, and runner ports hold one digit of GPU id"))
            }
        }
        if let perGPU = flags.flags["aiRunnerContainersPerGPU"] {
            if let n = Int(perGPU.value), (1...9).contains(n) { if n != 1 { node.containersPerGPU = n } } else {
                diagnostics.append(.error("lpai.import.containers-per-gpu", at: perGPU.location, "-aiRunnerContainersPerGPU \(perGPU.value) is not 1-9"))
            }
        }
        node.runnerImages = runnerImages(flags)
        return node
    }

    private mutating func runnerImages(_ flags: LivepeerInvocation) -> [(key: String, image: String)] {
        var out: [(key: String, image: String)] = []
        if let image = flags.value("aiRunnerImage"), image != "livepeer/ai-runner:latest" { out.append(("default", image)) }
        guard let overrides = flags.flags["aiRunnerImageOverrides"] else { return out }
        let bad = Diagnostic.error("lpai.import.runner-overrides", at: overrides.location, "-aiRunnerImageOverrides is not go-livepeer's JSON ({\"default\": IMAGE, \"batch\": {PIPELINE: IMAGE}, \"live\": {MODEL_ID: IMAGE}}); go-livepeer refuses it at startup")
        guard case .success(let root) = JSONReader.read(Array(overrides.value.utf8), file: overrides.location.file), case .object(let members) = root.kind else {
            diagnostics.append(bad)
            return out
        }
        for m in members {
            switch (m.key, m.value.kind) {
            case ("default", .string(let image)):
                out.removeAll { $0.key == "default" }
                out.append(("default", image))
            case ("batch", .object(let pins)), ("live", .object(let pins)):
                for pin in pins {
                    guard case .string(let image) = pin.value.kind else { diagnostics.append(bad); continue }
                    let key = m.key == "live" ? "live-video-to-video" : pin.key
                    if let existing = out.first(where: { $0.key == key }), existing.image != image {
                        diagnostics.append(.warning("lpai.import.live-images", at: overrides.location, "live runner images differ by model; the spec pins one live-video-to-video image, '\(existing.image)'"))
                        continue
                    }
                    if !out.contains(where: { $0.key == key }) { out.append((key, image)) }
                }
            default:
                diagnostics.append(bad)
            }
        }
        return out
    }

    /// `-aiModelsDir` and the data folder mounted at /root/.lpData become defaults when they agree.
    private mutating func sharedDirectories() {
        let dirs = Set(inputs.compactMap { $0.invocation.value("aiModelsDir") })
        if let dir = dirs.sorted().first {
            if dir.hasPrefix("/") { fleet.aiModelsDir = dir }
            if dirs.count > 1 || !dir.hasPrefix("/"), let at = inputs.compactMap({ $0.invocation.flags["aiModelsDir"]?.location }).first {
                diagnostics.append(.warning("lpai.import.models-dir", at: at, "nodes use different or relative -aiModelsDir values (\(dirs.sorted().joined(separator: ", "))); the spec has one absolute defaults.aiModelsDir\(dir.hasPrefix("/") ? ", set to \(dir)" : ""). Check the model weights are there"))
            }
        }
        var patterns = Set<String>()
        for input in inputs {
            guard let bind = input.invocation.binds.first(where: { $0.container == "/root/.lpData" || $0.container == "/root/.lpData/" }) else { continue }
            var host = bind.host
            while host.count > 1, host.hasSuffix("/") { host.removeLast() }
            patterns.insert(host.replacing(input.name, with: "{node}"))
        }
        guard !patterns.isEmpty else { return }
        let sharedHost = Set(inputs.map(\.host)).count < inputs.count
        if patterns.count == 1, let dir = patterns.first, dir.hasPrefix("/"), dir.contains("{node}") || !sharedHost {
            if dir != "/var/lib/livepeer/{node}" { fleet.dataDir = dir }
        } else {
            diagnostics.append(.warning("lpai.import.data-dir", at: nil, "the data folders mounted at /root/.lpData (\(patterns.sorted().joined(separator: ", "))) do not follow one absolute pattern with {node} for the node's name; the spec uses lpai-apply's default /var/lib/livepeer/{node}. Move each node's data (keystore, database) there, or set defaults.dataDir"))
        }
    }

    private mutating func addSecret(_ variable: String, _ purpose: String, flag: String, of input: ImportNode) -> String {
        let value = input.invocation.flags[flag]
        var today = "today a literal on the command line (visible in docker inspect and ps)"
        if let value {
            if input.invocation.expanding.contains(flag) { today = "today the shell expression \(value.value)" } else if Self.looksLikePath(value.value) {
                today = "today the content of the file \(value.value) (trimmed)"
            }
        }
        if !secrets.contains(where: { $0.variable == variable }) {
            secrets.append(ImportedSecret(variable: variable, purpose: "\(purpose); \(today)"))
        }
        return variable
    }

    /// A `-orchSecret` / `-ethPassword` value that names a file (go-livepeer reads the file when it
    /// exists); only such a value is ever printed, never one that may be the secret itself.
    static func looksLikePath(_ value: String) -> Bool {
        ["/", "~/", "./", "../"].contains { value.hasPrefix($0) }
    }

    /// `host:port` as go-livepeer dials it: no port means 8935, no host 127.0.0.1.
    static func addressKey(_ text: String) -> String {
        var (host, port) = RuleSupport.hostAndPort(text)
        if host.isEmpty { host = "127.0.0.1" }
        if host == "localhost" { host = "127.0.0.1" }
        return "\(host):\(port)"
    }
}
