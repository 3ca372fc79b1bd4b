import Spec
internal import Foundation

/// Builds a node's container: go-livepeer's flags for its role, mounts, GPUs, labels.
enum ContainerRenderer {
    static let filesDir = "/etc/lpai"
    static let aiModelsPath = "\(filesDir)/aiModels.json"
    static let orchSecretPath = "\(filesDir)/orchSecret"
    static let ethPasswordPath = "\(filesDir)/ethPassword"
    static let defaultDataDir = "/var/lib/livepeer/{node}"
    static let defaultModelsDir = "/var/lib/livepeer/models"

    static func containerName(fleet: String, node: String) -> String { "lpai-\(fleet)-\(node)" }

    static func render(node: ResolvedNode, fleet: FleetIndex) -> (ContainerSpec, [PlannedFile]) {
        let spec = fleet.spec
        var args: [String] = []
        var files: [PlannedFile] = []
        var mounts: [Mount] = []
        let dataDir = (spec.defaults.dataDir?.value ?? defaultDataDir).replacingOccurrences(of: "{node}", with: node.name.value)
        mounts.append(Mount(source: dataDir, target: "/root/.lpData", readOnly: false))

        func secretFile(_ ref: SecretRef, path: String) {
            let placeholder = SecretSlot.placeholder(source: ref.source.rawValue, name: ref.name)
            files.append(PlannedFile(
                path: path, mode: 0o600, content: placeholder,
                secrets: [SecretSlot(placeholder: placeholder, source: ref.source.rawValue, name: ref.name, escaping: .none)]
            ))
        }

        let orchestrator = fleet.orchestrators[node.role == .worker ? node.orchestrator ?? "" : node.name.value]
        switch node.role {
        case .orchestrator, .combined:
            guard let o = orchestrator else { break }
            args += node.role == .combined ? ["-orchestrator", "-aiWorker"] : ["-orchestrator"]
            args += ["-serviceAddr", o.serviceAddr.value]
            args += ["-httpAddr", "0.0.0.0:\(RuleSupport.hostAndPort(o.serviceAddr.value).port)"]
            if let chain = o.onchain {
                args += ["-network", chain.network.value]
                if let url = chain.ethUrl { args += ["-ethUrl", url.value] }
                if let addr = chain.ethAcctAddr { args += ["-ethAcctAddr", addr.value] }
                if let password = chain.ethPassword {
                    args += ["-ethPassword", ethPasswordPath]
                    secretFile(password, path: ethPasswordPath)
                }
                if let price = chain.pricePerUnit { args += ["-pricePerUnit", price.value] }
                // Go flags are case-sensitive: the docs' -AIServiceRegistry is not a flag (LIVEPEER.md).
                if chain.aiServiceRegistry?.value ?? true { args.append("-aiServiceRegistry") }
            } else {
                args += ["-network", "offchain"]
            }
            if let secret = o.secret {
                args += ["-orchSecret", orchSecretPath]
                secretFile(secret, path: orchSecretPath)
            }
        case .worker:
            args.append("-aiWorker")
            if let o = orchestrator {
                args += ["-orchAddr", o.serviceAddr.value]
                if let secret = o.secret {
                    args += ["-orchSecret", orchSecretPath]
                    secretFile(secret, path: orchSecretPath)
                }
            }
            if let serviceAddr = node.serviceAddr { args += ["-serviceAddr", serviceAddr.value] }
        }

        if node.cliPort != node.defaultCLIPort { args += ["-cliAddr", "127.0.0.1:\(node.cliPort)"] }

        if node.servesModels || node.role == .orchestrator {
            let aiModels = AIModelsRenderer.render(node: node, fleet: fleet)
            args += ["-aiModels", aiModelsPath]
            files.append(PlannedFile(path: aiModelsPath, mode: aiModels.secrets.isEmpty ? 0o644 : 0o600, content: aiModels.json, secrets: aiModels.secrets))
        }
        var gpus: String?
        if node.servesModels {
            args += ["-aiModelsDir", spec.defaults.aiModelsDir?.value ?? defaultModelsDir]
            if !node.gpus.isEmpty { args += ["-nvidia", node.gpus.map { String($0.id.value) }.joined(separator: ",")] }
            if node.containersPerGPU != 1 { args += ["-aiRunnerContainersPerGPU", String(node.containersPerGPU)] }
            if let overrides = runnerImageOverrides(node) { args += ["-aiRunnerImageOverrides", overrides] }
            // The worker starts its runner containers through the host's engine.
            mounts.append(Mount(source: "/var/run/docker.sock", target: "/var/run/docker.sock", readOnly: false))
            gpus = "all"
        }

        var labels = [
            Labels.fleet: spec.fleet.value,
            Labels.node: node.name.value,
            Labels.role: node.role.rawValue,
            Labels.host: node.host.value,
        ]
        if let o = node.orchestrator { labels[Labels.orchestrator] = o }
        let container = ContainerSpec(
            name: containerName(fleet: spec.fleet.value, node: node.name.value), image: node.image?.value ?? "",
            args: args, env: [], mounts: mounts, gpus: gpus, networkMode: "host", restartPolicy: "unless-stopped", labels: labels
        )
        return (container, files.sorted { $0.path < $1.path })
    }

    /// `{"batch":{"llm":"…"},"default":"…","live":{"model_id":"…"}}` with sorted keys, or nil
    /// when nothing is pinned. go-livepeer keys live runner images by model_id, so a
    /// `live-video-to-video` pin applies to each such model the node serves.
    static func runnerImageOverrides(_ node: ResolvedNode) -> String? {
        let images = node.runnerImages
        guard !images.isEmpty else { return nil }
        var members: [String] = []
        let batch = images.perPipeline.filter { Pipelines.isKnown($0.pipeline.value) && !Pipelines.liveOnly.contains($0.pipeline.value) }
            .sorted { $0.pipeline.value < $1.pipeline.value }
        if !batch.isEmpty {
            members.append("\"batch\":{" + batch.map { "\(JSONValue.quote($0.pipeline.value)):\(JSONValue.quote($0.image.value))" }.joined(separator: ",") + "}")
        }
        if let defaultImage = images.defaultImage { members.append("\"default\":\(JSONValue.quote(defaultImage.value))") }
        var live: [String: String] = [:]
        for pipeline in Pipelines.liveOnly.sorted() {
            guard let image = images.image(forPipeline: pipeline) else { continue }
            for use in node.uses where use.model.pipeline.value == pipeline && !use.isExternal { live[use.model.modelID.value] = image.value }
        }
        if !live.isEmpty {
            members.append("\"live\":{" + live.sorted { $0.key < $1.key }.map { "\(JSONValue.quote($0.key)):\(JSONValue.quote($0.value))" }.joined(separator: ",") + "}")
        }
        return members.isEmpty ? nil : "{" + members.joined(separator: ",") + "}"
    }
}
