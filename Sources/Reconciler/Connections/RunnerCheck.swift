public import Planner
internal import Foundation

/// go-livepeer's runner containers compared with the warm models the plan gives each worker
/// (LIVEPEER.md "Runner containers"): observed, never managed, except that orphans may be
/// pruned on request.
public struct RunnerFinding: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A planned warm model has fewer runner containers than warm entries.
        case missing
        /// A runner container of a planned worker exists but does not run.
        case notRunning = "not-running"
        /// A runner whose creator_id belongs to no planned worker on its host.
        case orphan
    }

    public var kind: Kind
    public var host: String
    /// The worker it belongs to (missing, not running); nil for orphans.
    public var worker: String?
    public var pipeline: String
    public var modelID: String
    /// The runner container (not running, orphan).
    public var container: String?
    public var containerID: String?
    public var detail: String

    public init(kind: Kind, host: String, worker: String?, pipeline: String, modelID: String, container: String?, containerID: String?, detail: String) {
        self.kind = kind
        self.host = host
        self.worker = worker
        self.pipeline = pipeline
        self.modelID = modelID
        self.container = container
        self.containerID = containerID
        self.detail = detail
    }
}

extension EngineSet {
    /// Removes an orphan runner on the engine it was found on (`RunnerFinding.host` names the
    /// engine's hosts as its client does); false when the finding names no container or engine.
    public func prune(_ orphan: RunnerFinding) async throws(DockerError) -> Bool {
        guard orphan.kind == .orphan, let id = orphan.containerID, let client = clients.first(where: { $0.host == orphan.host }) else { return false }
        try await client.remove(id, force: true)
        return true
    }
}

public enum RunnerCheck {
    /// The nine batch pipelines and live-video-to-video, whose names start runner names.
    static let pipelines = [
        "text-to-image", "image-to-image", "image-to-video", "upscale", "audio-to-text", "llm", "segment-anything-2", "image-to-text",
        "text-to-speech", "live-video-to-video",
    ]

    /// `<pipeline>_<model_id with / and _ as ->_<port>` → (pipeline, flattened model id).
    public static func parseName(_ name: String) -> (pipeline: String, model: String)? {
        let name = name.hasPrefix("/") ? String(name.dropFirst()) : name
        guard let lastUnderscore = name.lastIndex(of: "_"), name[name.index(after: lastUnderscore)...].allSatisfy(\.isNumber),
              name.index(after: lastUnderscore) < name.endIndex
        else { return nil }
        let head = name[..<lastUnderscore]
        for pipeline in pipelines where head.hasPrefix(pipeline + "_") {
            return (pipeline, String(head.dropFirst(pipeline.count + 1)))
        }
        return nil
    }

    /// A model id as it appears in a runner's name.
    public static func flattened(_ modelID: String) -> String {
        String(modelID.map { $0 == "/" || $0 == "_" ? "-" : $0 })
    }

    /// The worker's runner owner id: its -serviceAddr, else its -ethAcctAddr, else empty.
    public static func creatorID(of node: PlannedNode) -> String {
        ConnectionClassifier.flag("-serviceAddr", in: node.container.args) ?? ConnectionClassifier.flag("-ethAcctAddr", in: node.container.args) ?? ""
    }

    /// Warm managed entries of a node's planned aiModels.json, counted per (pipeline, model_id).
    public static func plannedWarm(_ node: PlannedNode) -> [String: (pipeline: String, modelID: String, count: Int)] {
        var out: [String: (pipeline: String, modelID: String, count: Int)] = [:]
        for entry in PlannedModels.entries(of: node) where entry.warm && !entry.external {
            out["\(entry.pipeline)\u{0}\(flattened(entry.modelID))", default: (entry.pipeline, entry.modelID, 0)].count += 1
        }
        return out
    }

    /// Findings for every planned worker of the observed engines, and orphans on those engines.
    public static func check(plan: Plan, observed: Observation) -> [RunnerFinding] {
        var engineOfHost: [String: EngineState] = [:]
        for engine in observed.engines { for host in engine.hosts { engineOfHost[host] = engine } }
        var findings: [RunnerFinding] = []
        // Per engine endpoint, the creator ids planned workers there own.
        var owners: [String: [String: String]] = [:]
        for node in plan.nodes where node.role == .worker || node.role == .combined {
            guard let engine = engineOfHost[node.host] else { continue }
            let creator = creatorID(of: node)
            owners[engine.endpoint, default: [:]][creator] = node.name
            let mine = engine.runners.filter { $0.creatorID == creator }
            for (key, want) in plannedWarm(node).sorted(by: { $0.key < $1.key }) {
                let matching = mine.filter { runner in parseName(runner.name).map { "\($0.pipeline)\u{0}\($0.model)" == key } ?? false }
                for runner in matching where runner.state != "running" {
                    findings.append(RunnerFinding(
                        kind: .notRunning, host: node.host, worker: node.name, pipeline: want.pipeline, modelID: want.modelID, container: runner.name,
                        containerID: runner.id, detail: "runner \(runner.name) is \(runner.state), so \(want.modelID) serves with less warm capacity than planned"
                    ))
                }
                if matching.count < want.count {
                    findings.append(RunnerFinding(
                        kind: .missing, host: node.host, worker: node.name, pipeline: want.pipeline, modelID: want.modelID, container: nil, containerID: nil,
                        detail: "\(want.count) warm \(want.pipeline) runner\(want.count == 1 ? "" : "s") for \(want.modelID) planned, \(matching.count) found; go-livepeer starts warm runners at start-up, so look at the worker's log (insufficient capacity, image missing)"
                    ))
                }
            }
        }
        for engine in observed.engines {
            let known = owners[engine.endpoint] ?? [:]
            guard engine.hosts.contains(where: { host in plan.nodes.contains { $0.host == host } }) else { continue }
            for runner in engine.runners where known[runner.creatorID] == nil {
                let parsed = parseName(runner.name)
                findings.append(RunnerFinding(
                    kind: .orphan, host: engine.hosts.joined(separator: "+"), worker: nil, pipeline: parsed?.pipeline ?? "", modelID: parsed?.model ?? "",
                    container: runner.name, containerID: runner.id,
                    detail: "runner \(runner.name) (creator_id \(runner.creatorID.isEmpty ? "empty" : runner.creatorID)) belongs to no planned worker on this host; it holds a GPU and a port. Remove it with apply --prune-runners"
                ))
            }
        }
        return findings
    }
}

/// The entries of a node's planned aiModels.json, and the capacity go-livepeer advertises for
/// them (LIVEPEER.md "Capacity": a managed entry advertises 1, an external runner its
/// `capacity`, default 1; equal entries add up).
public enum PlannedModels {
    public struct Entry: Sendable, Hashable {
        public var pipeline: String
        public var modelID: String
        public var warm: Bool
        public var external: Bool
        public var capacity: Int
    }

    public static func entries(of node: PlannedNode) -> [Entry] {
        guard let file = node.files.first(where: { $0.basename == "aiModels.json" }),
              let list = try? JSONSerialization.jsonObject(with: Data(file.content.utf8)) as? [[String: Any]]
        else { return [] }
        return list.compactMap { entry in
            guard let pipeline = entry["pipeline"] as? String, let model = entry["model_id"] as? String else { return nil }
            let external = entry["url"] != nil
            let capacity = external ? max(1, (entry["capacity"] as? Int) ?? 1) : 1
            return Entry(pipeline: pipeline, modelID: model, warm: (entry["warm"] as? Bool) == true, external: external, capacity: capacity)
        }
    }

    /// Advertised capacity per (pipeline, model_id) of the given nodes, summed.
    public static func advertised(by nodes: [PlannedNode]) -> [String: (pipeline: String, modelID: String, capacity: Int)] {
        var out: [String: (pipeline: String, modelID: String, capacity: Int)] = [:]
        for node in nodes {
            for entry in entries(of: node) {
                out["\(entry.pipeline)\u{0}\(entry.modelID)", default: (entry.pipeline, entry.modelID, 0)].capacity += entry.capacity
            }
        }
        return out
    }
}
