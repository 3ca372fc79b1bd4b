/// go-livepeer's AI pipelines and what it knows of each (LIVEPEER.md, "aiModels.json" and
/// "Runner containers").
public enum Pipelines {
    /// Every pipeline go-livepeer v0.9.1 accepts; anything else panics at startup.
    public static let all: [String] = [
        "text-to-image", "image-to-image", "image-to-video", "upscale", "audio-to-text",
        "segment-anything-2", "llm", "image-to-text", "text-to-speech", "live-video-to-video",
    ]

    /// The two-digit prefix of a runner container's host port.
    public static let portPrefix: [String: Int] = [
        "text-to-image": 80, "image-to-image": 81, "image-to-video": 82, "upscale": 83, "audio-to-text": 84,
        "llm": 85, "segment-anything-2": 86, "image-to-text": 87, "text-to-speech": 88, "live-video-to-video": 89,
    ]

    /// Pipelines with their own runner image tag, which `-aiRunnerImage` and the override's
    /// `default` do not change.
    public static let ownRunnerImage: Set<String> = ["audio-to-text", "llm", "segment-anything-2", "text-to-speech"]

    /// Remote workers serve only batch pipelines; live-video-to-video needs a combined node.
    public static let liveOnly: Set<String> = ["live-video-to-video"]

    public static func isKnown(_ pipeline: String) -> Bool { portPrefix[pipeline] != nil }

    /// `127.0.0.1:PORT` of a runner: prefix, colocation digit, GPU id (t2i on GPU 0 is 8000).
    /// Nil unless both are single digits: other ids are errors already (`lpai.gpu.id-range`),
    /// and an id near `Int.max` overflowed the arithmetic.
    public static func runnerPort(pipeline: String, colocation: Int, gpu: Int) -> Int? {
        guard (0...9).contains(colocation), (0...9).contains(gpu) else { return nil }
        return portPrefix[pipeline].map { $0 * 100 + colocation * 10 + gpu }
    }
}

/// Optimization flags go-livepeer's runners understand (LIVEPEER.md).
public enum OptimizationFlags {
    public static let known: [String] = [
        "SFAST", "DEEPCACHE", "SFAST_WARMUP", "SAFETY_CHECKER_DEVICE", "BFLOAT16", "TORCH_COMPILE",
        "USE_8BIT", "MAX_MODEL_LEN", "MAX_NUM_SEQS", "MAX_NUM_BATCHED_TOKENS", "GPU_MEMORY_UTILIZATION",
        "TENSOR_PARALLEL_SIZE", "PIPELINE_PARALLEL_SIZE", "BACKEND",
    ]
}
