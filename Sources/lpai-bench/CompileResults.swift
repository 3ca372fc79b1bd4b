/// What one fleet size measured, as the child process reports it to the parent (and the JSON file keeps it).
struct SizeResult: Codable, Sendable {
    var workers: Int
    var orchestrators: Int
    var nodes: Int
    var yamlBytes: Int
    var yamlEvents: Int
    /// Files `render` writes, and their bytes.
    var renderedFiles: Int
    var renderedBytes: Int
    /// Diagnostics of the generated spec (the generator's promise: zero).
    var diagnostics: Int
    var steps: Steps
    /// End-to-end compile over the raw libyaml parse, by median.
    var e2eOverRawParse: Double?
    /// Peak resident set of a fresh process after its first end-to-end compile (or, without
    /// that step, after the in-memory steps that ran), in bytes.
    var peakRSSBytes: Int?
    /// The same after every in-memory step.
    var peakRSSAllStepsBytes: Int?
    /// The 1, 5 and 15 minute load averages after the end-to-end step: above the core count,
    /// something else was running and the times are inflated.
    var loadAverage: [Double]?
    /// Peak resident set of the `lpai-apply render` processes, in bytes.
    var renderDiskPeakRSSBytes: Int?

    struct Steps: Codable, Sendable {
        var rawParse: Timing?
        var loadDecode: Timing?
        var validate: Timing?
        var capacity: Timing?
        var renderMemory: Timing?
        var renderDisk: Timing?
        var e2eCompile: Timing?
    }
}

/// The whole JSON file: where and when, with which settings, every size, and the targets.
struct CompileReport: Codable, Sendable {
    var benchmark = "compile"
    var date: String
    var machine: Machine
    var settings: Settings
    var results: [SizeResult]
    var targets: [Target]

    struct Settings: Codable, Sendable {
        var repeats: Int
        var gpusPerWorker: Int
        var models: Int
        var seed: UInt64
        /// "one per 250 workers, rounded up" or a fixed count.
        var orchestrators: String
        var build: String
        /// The folder `render` wrote into, and its filesystem (tmpfs and ext4 differ tenfold).
        var renderDirectory: String
        var renderFilesystem: String
    }
}

/// One of the targets, as measured: pass, fail, or not measured at these sizes.
struct Target: Codable, Sendable {
    var name: String
    /// The limit as people read it, and as a number in `unit` (seconds, ratio or bytes).
    var limit: String
    var threshold: Double
    var unit: String
    var measured: String?
    var measuredValue: Double?
    var status: Status

    enum Status: String, Codable, Sendable {
        case pass, fail
        case notMeasured = "not measured"
    }
}
