/// Generates large, valid fleet specs from a seed, for benchmarks and tests.
///
/// The same options always give the same bytes. Every spec validates with no error and no
/// warning: one worker per host, orchestrators on their own hosts, warm containers that fit the
/// GPU slots and VRAM, prices for every gateway, pinned runner images, and requirements the
/// fleet meets (docs/BENCHMARKS.md describes the mix).
public enum FleetGen {
    /// The size and seed of a generated fleet.
    public struct Options: Sendable, Hashable, Codable {
        /// Remote AI workers, each on its own host.
        public var workers: Int
        /// Split orchestrators, each on its own host; workers are dealt to them in turn.
        public var orchestrators: Int
        /// GPUs per worker, ids 0..<gpusPerWorker (at most 10: ids are one digit).
        public var gpusPerWorker: Int
        /// Models in the catalogue, of which a few are external runners.
        public var models: Int
        public var seed: UInt64

        public init(workers: Int, orchestrators: Int, gpusPerWorker: Int = 2, models: Int = 12, seed: UInt64 = 1) {
            self.workers = workers
            self.orchestrators = orchestrators
            self.gpusPerWorker = gpusPerWorker
            self.models = models
            self.seed = seed
        }

        /// `workers` over ⌈workers / 250⌉ orchestrators, the benchmark's default ratio.
        public init(workers: Int, gpusPerWorker: Int = 2, models: Int = 12, seed: UInt64 = 1) {
            self.init(workers: workers, orchestrators: max(1, (workers + 249) / 250), gpusPerWorker: gpusPerWorker, models: models, seed: seed)
        }

        /// What makes these options unusable, each with the accepted range; empty when valid.
        public var problems: [String] {
            var out: [String] = []
            if workers < 1 { out.append("workers must be at least 1 (got \(workers))") }
            if orchestrators < 1 { out.append("orchestrators must be at least 1 (got \(orchestrators))") }
            if workers >= 1, orchestrators > workers {
                out.append("orchestrators (\(orchestrators)) must not outnumber workers (\(workers)): an orchestrator without workers raises a warning")
            }
            if !(1...10).contains(gpusPerWorker) { out.append("gpusPerWorker must be 1–10, since GPU ids are one digit (got \(gpusPerWorker))") }
            if !(1...10_000).contains(models) { out.append("models must be 1–10000 (got \(models))") }
            return out
        }

        /// "5000 workers over 20 orchestrators, 2 GPUs per worker, 12 models".
        public var summary: String {
            func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            return "\(count(workers, "worker")) over \(count(orchestrators, "orchestrator")), \(count(gpusPerWorker, "GPU")) per worker, \(count(models, "model"))"
        }

        /// These options, or an error listing every problem.
        public func validated() throws(OptionsError) -> Options {
            let problems = problems
            guard problems.isEmpty else { throw OptionsError(problems: problems) }
            return self
        }
    }

    /// Options outside the ranges the generator supports.
    public struct OptionsError: Error, Sendable, Hashable, CustomStringConvertible {
        public var problems: [String]
        public var description: String { problems.joined(separator: "; ") }
    }

    /// The whole fleet as one YAML document. The options must be valid (see ``Options/problems``).
    public static func spec(_ options: Options) -> String {
        let fleet = build(options)
        var writer = SpecWriter(fleet: fleet, options: options)
        writer.header(file: "the whole fleet")
        writer.top()
        writer.defaults()
        writer.hosts()
        writer.models()
        writer.orchestrators()
        writer.workers()
        writer.requirements()
        return writer.text
    }

    /// The same fleet as a folder spec in the GitOps layout of specs/multi-orchestrator/:
    /// fleet settings, hosts and requirements; the model catalogue; the nodes.
    public static func folder(_ options: Options) -> [(name: String, text: String)] {
        let fleet = build(options)
        var fleetFile = SpecWriter(fleet: fleet, options: options)
        fleetFile.header(file: "fleet-wide settings, hosts and requirements")
        fleetFile.top()
        fleetFile.defaults()
        fleetFile.hosts()
        fleetFile.requirements()
        var modelsFile = SpecWriter(fleet: fleet, options: options)
        modelsFile.header(file: "the model catalogue")
        modelsFile.models()
        var nodesFile = SpecWriter(fleet: fleet, options: options)
        nodesFile.header(file: "orchestrators and workers")
        nodesFile.orchestrators()
        nodesFile.workers()
        return [("00-fleet.yaml", fleetFile.text), ("10-models.yaml", modelsFile.text), ("20-nodes.yaml", nodesFile.text)]
    }

    static func build(_ options: Options) -> GeneratedFleet {
        precondition(options.problems.isEmpty, "invalid FleetGen.Options: \(options.problems.joined(separator: "; "))")
        var builder = FleetBuilder(options: options)
        return builder.build()
    }
}
