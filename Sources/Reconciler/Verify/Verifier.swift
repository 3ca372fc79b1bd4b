public import Planner
internal import Foundation

/// `lpai-apply verify`: checks every planned warm runner of every worker from the worker's own
/// host, through a short-lived probe container with host networking started by the host's
/// Docker Engine (no ssh; the runner ports are bound to 127.0.0.1 there).
public struct Verifier: Sendable {
    public struct Options: Sendable {
        /// Also send one small real request per model and report its latency.
        public var inference: Bool
        /// Seconds each HTTP request may take.
        public var requestTimeout: Int
        /// The probe's image; nil: the worker's own go-livepeer image (already on the host).
        public var probeImage: String?

        public init(inference: Bool = false, requestTimeout: Int = 10, probeImage: String? = nil) {
            self.inference = inference
            self.requestTimeout = requestTimeout
            self.probeImage = probeImage
        }
    }

    public static let probeLabel = "io.lpai.probe"

    public var plan: Plan
    public var engines: EngineSet
    public var options: Options

    public init(plan: Plan, engines: EngineSet, options: Options) {
        self.plan = plan
        self.engines = engines
        self.options = options
    }

    /// Every planned model of every worker, checked or said why not; engine errors per host.
    public func verify(_ observation: Observation) async -> (results: [ProbeResult], errors: [String]) {
        var engineOfHost: [String: EngineState] = [:]
        for engine in observation.engines { for host in engine.hosts { engineOfHost[host] = engine } }
        var results: [ProbeResult] = []
        var perHost: [String: (image: String, checks: [ProbeCheck])] = [:]
        var nextID = 1
        for node in plan.nodes where node.role == .worker || node.role == .combined {
            guard let engine = engineOfHost[node.host] else { continue }
            let running = engine.containers.contains { $0.node == node.name && $0.host == node.host && $0.state == "running" && $0.name == node.container.name }
            let creator = RunnerCheck.creatorID(of: node)
            let runners = engine.runners.filter { $0.creatorID == creator }
            var seen: Set<String> = []
            for entry in PlannedModels.entries(of: node) {
                let key = "\(entry.pipeline)\u{0}\(entry.modelID)\u{0}\(entry.external)"
                guard seen.insert(key).inserted else { continue }
                let base = ProbeResult(check: nil, worker: node.name, host: node.host, pipeline: entry.pipeline, modelID: entry.modelID, verdict: .skipped, status: "")
                if entry.external {
                    results.append(with(base) { $0.status = "external runner: not checked (its token stays out of probe containers)" })
                    continue
                }
                if !entry.warm {
                    results.append(with(base) { $0.status = "cold: go-livepeer starts its runner on the first request" })
                    continue
                }
                guard running else {
                    results.append(with(base) { $0.verdict = .missing; $0.status = "the worker's container does not run" })
                    continue
                }
                let mine = runners.filter { RunnerCheck.parseName($0.name).map { $0.pipeline == entry.pipeline && $0.model == RunnerCheck.flattened(entry.modelID) } ?? false }
                    .sorted { $0.name < $1.name }
                if mine.isEmpty {
                    results.append(with(base) { $0.verdict = .missing; $0.status = "no runner container \(entry.pipeline)_\(RunnerCheck.flattened(entry.modelID))_<port> with creator_id '\(creator)'" })
                }
                for runner in mine {
                    guard runner.state == "running", let port = RunnerCheck.port(of: runner.name) else {
                        results.append(with(base) { $0.verdict = .notServing; $0.status = "runner \(runner.name) is \(runner.state)" })
                        continue
                    }
                    var kinds: [ProbeCheck.Kind] = [.health]
                    if options.inference {
                        if RunnerProbe.inferenceBody(pipeline: entry.pipeline, modelID: entry.modelID) != nil {
                            kinds.append(.inference)
                        } else {
                            results.append(with(base) { $0.status = "inference: not checked (\(entry.pipeline) needs an input file)" })
                        }
                    }
                    for kind in kinds {
                        let check = ProbeCheck(id: nextID, kind: kind, worker: node.name, host: node.host, pipeline: entry.pipeline, modelID: entry.modelID, runner: runner.name, port: port)
                        nextID += 1
                        perHost[node.host, default: (options.probeImage ?? node.container.image, [])].checks.append(check)
                    }
                }
            }
        }
        var errors: [String] = []
        let probed = await withTaskGroup(of: (String, Result<[ProbeResult], DockerError>).self) { group in
            for (host, work) in perHost {
                guard let client = engines.client(forHost: host) else { continue }
                group.addTask {
                    do throws(DockerError) {
                        return (host, .success(try await probe(host: host, image: work.image, checks: work.checks, client: client)))
                    } catch {
                        return (host, .failure(error))
                    }
                }
            }
            var out: [(String, Result<[ProbeResult], DockerError>)] = []
            for await item in group { out.append(item) }
            return out
        }
        for (host, result) in probed.sorted(by: { $0.0 < $1.0 }) {
            switch result {
            case .success(let found): results += found
            case .failure(let error):
                errors.append("\(host): the probe container could not run: \(error)")
                for check in perHost[host]?.checks ?? [] {
                    results.append(ProbeResult(check: check, worker: check.worker, host: host, pipeline: check.pipeline, modelID: check.modelID, verdict: .notServing, status: "not probed: \(error.message)"))
                }
            }
        }
        let order = Dictionary(plan.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        results.sort { (order[$0.worker] ?? 0, $0.pipeline, $0.modelID, $0.check?.id ?? 0) < (order[$1.worker] ?? 0, $1.pipeline, $1.modelID, $1.check?.id ?? 0) }
        return (results, errors)
    }

    /// Runs one probe container on `host` for all its checks.
    func probe(host: String, image: String, checks: [ProbeCheck], client: DockerClient) async throws(DockerError) -> [ProbeResult] {
        let script = RunnerProbe.script(checks, timeoutSeconds: options.requestTimeout)
        var request = CreateContainerRequest(
            image: image, cmd: [script], env: [], labels: [Self.probeLabel: plan.fleet],
            hostConfig: .init(binds: [], networkMode: "host", restartPolicy: ["Name": "no"], deviceRequests: [], initProcess: false)
        )
        request.entrypoint = ["sh", "-c"]
        let name = "lpai-probe-\(plan.fleet)-\(host)-\(UInt32.random(in: 0...UInt32.max))"
        let id = try await client.create(name: name, request)
        do {
            try await client.start(id)
            let budget = Duration.seconds(checks.count * (options.requestTimeout + 1) + 30)
            _ = try await client.wait(id, deadline: budget)
            let output = try await client.logs(id)
            try? await client.remove(id, force: true)
            return RunnerProbe.results(output, checks: checks)
        } catch {
            try? await client.remove(id, force: true)
            throw error
        }
    }
}

func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}

extension RunnerCheck {
    /// The host port at the end of a runner's name.
    public static func port(of name: String) -> Int? {
        name.split(separator: "_").last.flatMap { Int($0) }
    }
}
