public import Spec

/// Checks an existing aiModels.json against go-livepeer v0.9.1's parsing and startup
/// (LIVEPEER.md: "aiModels.json as go-livepeer parses it", "Capacity", "GPU slots").
public enum AIModelsLint {
    public struct Options: Sendable, Hashable {
        /// The node's role; inferred from the keys when nil.
        public var role: NodeRole?
        /// `-nvidia` GPU ids, for the slot check; nil skips it.
        public var gpus: [Int]?
        /// `-aiRunnerContainersPerGPU`.
        public var containersPerGPU: Int

        public init(role: NodeRole? = nil, gpus: [Int]? = nil, containersPerGPU: Int = 1) {
            self.role = role
            self.gpus = gpus
            self.containersPerGPU = containersPerGPU
        }
    }

    public struct Result: Sendable {
        public var file: AIModelsFile
        public var role: NodeRole
        public var roleInferred: Bool
        /// Decoding and rule findings, sorted.
        public var diagnostics: [Diagnostic]
    }

    public static func lint(_ bytes: [UInt8], file: String, options: Options = Options(), limits: JSONLimits = JSONLimits()) -> Result {
        lint(AIModelsFile.read(bytes, file: file, limits: limits), options: options)
    }

    public static func lint(_ models: AIModelsFile, options: Options) -> Result {
        let role = options.role ?? inferRole(models.entries)
        var diagnostics = models.diagnostics
        for entry in models.entries { diagnostics += EntryChecks.check(entry, role: role) }
        diagnostics += NodeChecks.check(models.entries, role: role, options: options)
        return Result(file: models, role: role, roleInferred: options.role == nil, diagnostics: diagnostics.sortedForOutput())
    }

    /// Price keys and no worker keys: an orchestrator's price list; both: a combined node; else a worker.
    public static func inferRole(_ entries: [AIModelEntry]) -> NodeRole {
        let priced = entries.contains { e in AIModelFields.price.contains { e.keys[$0] != nil } }
        let workerKeys = entries.contains { e in ["warm", "capacity", "optimization_flags", "url", "token"].contains { e.keys[$0] != nil } }
        switch (priced, workerKeys) {
        case (true, false): return .orchestrator
        case (true, true): return .combined
        default: return .worker
        }
    }

    /// Every id lint can report, with what it catches (for `rules`-style listings and the docs).
    public static let ids: [(id: String, summary: String)] = [
        ("lpai.lint.syntax", "a JSON syntax error: go-livepeer fails to load the file"),
        ("lpai.lint.trailing-comma", "a trailing comma: Go's encoding/json rejects it"),
        ("lpai.lint.comment", "a comment: JSON has none, the file fails to load"),
        ("lpai.lint.encoding", "not UTF-8, or a byte-order mark"),
        ("lpai.lint.empty", "an empty file"),
        ("lpai.lint.too-large", "a file over the size limit"),
        ("lpai.lint.too-deep", "nesting over the depth limit"),
        ("lpai.lint.not-an-array", "a bare object (or other value) instead of an array"),
        ("lpai.lint.null-file", "null: no models"),
        ("lpai.lint.empty-list", "[]: no models"),
        ("lpai.lint.entry-type", "an entry that is not an object"),
        ("lpai.lint.unknown-key", "a key go-livepeer ignores (typo), with did-you-mean"),
        ("lpai.lint.key-case", "a key Go matches case-insensitively (\"URL\"): works, non-canonical"),
        ("lpai.lint.duplicate-key", "a key set twice: Go keeps the last"),
        ("lpai.lint.type", "a value of the wrong JSON type: the file fails to load"),
        ("lpai.lint.flag-value", "an optimization flag that is not a bool or string: the file fails to load"),
        ("lpai.lint.price-string", "a quoted price such as \"0.5e-2USD\": the file fails to load"),
        ("lpai.lint.price-negative", "a negative price: go-livepeer panics"),
        ("lpai.lint.pixels-per-unit", "pixels_per_unit not a positive integer: go-livepeer panics"),
        ("lpai.lint.currency", "a currency other than wei or eth: needs the on-chain price feed"),
        ("lpai.lint.price-missing", "an orchestrator entry without a price: adds nothing to the quote"),
        ("lpai.lint.price-duplicate", "two prices for one (pipeline, model_id, gateway): one is lost"),
        ("lpai.lint.pipeline-unknown", "an unknown or missing pipeline: go-livepeer panics"),
        ("lpai.lint.model-id-missing", "an entry without model_id"),
        ("lpai.lint.capacity-managed", "capacity on a managed entry: advertises 1 (issue #3627)"),
        ("lpai.lint.capacity-value", "capacity below 1"),
        ("lpai.lint.capacity-adds", "entries with the same pipeline, model_id and warm add their capacities"),
        ("lpai.lint.warm-and-cold", "one model both warm and cold on a node: go-livepeer panics"),
        ("lpai.lint.flags-cold", "optimization_flags on a cold entry: ignored"),
        ("lpai.lint.flags-external", "optimization_flags on an external entry: no effect"),
        ("lpai.lint.flags-sfast-deepcache", "SFAST with DEEPCACHE: mutually exclusive"),
        ("lpai.lint.flags-deepcache-lightning", "DEEPCACHE on a Lightning/Turbo model"),
        ("lpai.lint.flags-unknown", "an optimization flag the runners do not know"),
        ("lpai.lint.url-scheme", "an external url that is not http(s)"),
        ("lpai.lint.token-without-url", "a token on a managed entry: ignored"),
        ("lpai.lint.external-on-orchestrator", "an external runner (url) in a split orchestrator's file: ignored"),
        ("lpai.lint.ignored-on-orchestrator", "worker keys in a split orchestrator's file: ignored"),
        ("lpai.lint.ignored-on-worker", "price keys in a worker's file: ignored"),
        ("lpai.lint.combined-gateway", "a per-gateway price on a combined node: also a worker entry"),
        ("lpai.lint.live-on-worker", "live-video-to-video on a remote worker"),
        ("lpai.lint.gpu-slots", "more warm containers than GPU slots: insufficient capacity at boot"),
    ]
}
