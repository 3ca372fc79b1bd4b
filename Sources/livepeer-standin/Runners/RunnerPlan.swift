/// What ai/worker/docker.go derives for a managed runner container: host port, name, image,
/// creator id, environment and the create request. Pure functions, so tests can check each rule.
enum RunnerPlan {
    static let creatorLabel = "creator"
    static let creator = "ai-worker"
    static let creatorIDLabel = "creator_id"
    static let containerModelDir = "/models"
    static let containerPort = "8000/tcp"

    /// `containerHostPorts`: each pipeline's port base; the last two digits come from the GPU slot.
    static let hostPorts: [String: String] = [
        "text-to-image": "8000", "image-to-image": "8100", "image-to-video": "8200", "upscale": "8300",
        "audio-to-text": "8400", "llm": "8500", "segment-anything-2": "8600", "image-to-text": "8700",
        "text-to-speech": "8800", "live-video-to-video": "8900",
    ]

    static let defaultImage = "livepeer/ai-runner:latest"
    /// `pipelineToImage`: batch pipelines with their own image, which `-aiRunnerImage` does not change.
    static let pipelineImages: [String: String] = [
        "segment-anything-2": "livepeer/ai-runner:segment-anything-2", "text-to-speech": "livepeer/ai-runner:text-to-speech",
        "audio-to-text": "livepeer/ai-runner:audio-to-text", "llm": "livepeer/ai-runner:llm",
    ]
    /// `livePipelineToImage`, keyed by the model id of a live-video-to-video entry.
    static let liveImages: [String: String] = [
        "streamdiffusion": "livepeer/ai-runner:live-app-streamdiffusion",
        "streamdiffusion-sd15": "livepeer/ai-runner:live-app-streamdiffusion-sd15",
        "streamdiffusion-sdxl": "livepeer/ai-runner:live-app-streamdiffusion-sdxl",
        "streamdiffusion-sdxl-faceid": "livepeer/ai-runner:live-app-streamdiffusion-sdxl-faceid",
        "comfyui": "livepeer/ai-runner:live-app-comfyui", "segment_anything_2": "livepeer/ai-runner:live-app-segment_anything_2",
        "noop": "livepeer/ai-runner:live-app-noop",
    ]

    /// starter.go: `-serviceAddr`, else `-ethAcctAddr`, else empty.
    static func creatorID(serviceAddr: String, ethAcctAddr: String) -> String {
        serviceAddr.isEmpty ? ethAcctAddr : serviceAddr
    }

    /// `containerHostPorts[pipeline][:2] + portOffset(gpu)`; nil where Go's slice of a missing entry panics.
    static func hostPort(pipeline: String, gpu: String) -> String? {
        guard let base = hostPorts[pipeline] else { return nil }
        return String(base.prefix(2)) + portOffset(gpu)
    }

    /// `portOffset`: the colocation index's first digit, then the GPU id (`emulated-` removed).
    static func portOffset(_ gpu: String) -> String {
        var result = "00"
        var device = gpu
        if gpu.contains("colocated-") {
            if let (slot, rest) = colocated(gpu) {
                result = slot + result.dropFirst()
                device = rest
            } else {
                logWarning(Sites.standin, "Invalid GPU name: \(gpu)")
            }
        }
        if isEmulated(device), let range = device.firstRange(of: "emulated-") { device.removeSubrange(range) }
        return String(result.prefix(1)) + device
    }

    /// `hwGPU`: the device id a `colocated-N-ID` slot stands for.
    static func hardwareGPU(_ gpu: String) -> String {
        guard gpu.hasPrefix("colocated-") else { return gpu }
        return colocated(gpu)?.device ?? gpu
    }

    static func isEmulated(_ gpu: String) -> Bool { gpu.hasPrefix("emulated-") }

    /// The first `colocated-(\d+)-(.*)` match: slot digits and the rest.
    private static func colocated(_ gpu: String) -> (slot: String, device: String)? {
        var search = gpu[...]
        while let found = search.firstRange(of: "colocated-") {
            let after = search[found.upperBound...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, after.dropFirst(digits.count).first == "-" {
                return (String(digits), String(after.dropFirst(digits.count + 1)))
            }
            search = search[search.index(after: found.lowerBound)...]
        }
        return nil
    }

    /// `dockerContainerName`: `<pipeline>_<model_id with / and _ as ->_<suffix>`.
    static func containerName(pipeline: String, modelID: String, suffix: String) -> String {
        let sanitized = modelID.replacing("/", with: "-").replacing("_", with: "-")
        return "\(pipeline)_\(sanitized)_\(suffix)"
    }

    /// `getContainerImageName`: live images by model id; batch overrides, then the pipeline's own
    /// image, then the default override, then livepeer/ai-runner:latest.
    static func image(pipeline: String, modelID: String, overrides: ImageOverrides) -> Result<String, DockerError> {
        if pipeline == "live-video-to-video" {
            if let image = overrides.live[modelID] ?? liveImages[modelID] { return .success(image) }
            return .failure(DockerError(message: "no container image found for live pipeline \(modelID)"))
        }
        if let image = overrides.batch[pipeline] ?? pipelineImages[pipeline] { return .success(image) }
        return .success(overrides.defaultImage.isEmpty ? defaultImage : overrides.defaultImage)
    }

    /// The container's environment: go-livepeer's, then the two variables the stand-in's runner reads.
    static func environment(pipeline: String, modelID: String, flags: [String: String], verbose: Bool, hostPort: String) -> [String] {
        var env = ["PIPELINE=" + pipeline, "MODEL_ID=" + modelID]
        env += flags.keys.sorted().map { "\($0)=\(flags[$0] ?? "")" }
        if verbose { env.append("VERBOSE_LOGGING=1") }
        return env + ["\(RunnerMode.roleVariable)=runner", "\(RunnerMode.portVariable)=\(hostPort)"]
    }

    /// go-livepeer's two labels, plus `io.lpai.standin.host` for a simulated host (docs/STANDIN.md).
    static func labels(creatorID: String, simulatedHost: String?) -> [String: String] {
        var labels = [creatorLabel: creator, creatorIDLabel: creatorID]
        if let simulatedHost { labels[SimulatedHost.runnerLabel] = simulatedHost }
        return labels
    }

    /// The `ContainerCreate` body: go-livepeer's config and host config, except `NetworkMode: host`
    /// (the runner listens on 127.0.0.1:hostPort itself; the port binding is kept for `docker inspect`).
    static func createBody(
        image: String, env: [String], creatorID: String, gpu: String, modelDir: String, hostPort: String, keepWarm: Bool,
        simulatedHost: String? = nil
    ) -> String {
        var deviceRequests = "null"
        if !isEmulated(hardwareGPU(gpu)) {
            deviceRequests = JSONText.array([JSONText.object([
                ("Driver", JSONText.string("")), ("Count", "0"), ("DeviceIDs", JSONText.strings([hardwareGPU(gpu)])),
                ("Capabilities", JSONText.array([JSONText.strings(["gpu"])])), ("Options", "{}"),
            ])])
        }
        let restart = keepWarm
            ? JSONText.object([("Name", JSONText.string("always")), ("MaximumRetryCount", "0")])
            : JSONText.object([("Name", JSONText.string("on-failure")), ("MaximumRetryCount", "3")])
        let hostConfig = JSONText.object([
            ("NetworkMode", JSONText.string("host")),
            ("DeviceRequests", deviceRequests),
            ("Mounts", JSONText.array([JSONText.object([
                ("Type", JSONText.string("bind")), ("Source", JSONText.string(modelDir)), ("Target", JSONText.string(containerModelDir)),
            ])])),
            ("PortBindings", JSONText.object([(containerPort, JSONText.array([JSONText.object([
                ("HostIp", JSONText.string("127.0.0.1")), ("HostPort", JSONText.string(hostPort)),
            ])]))])),
            ("RestartPolicy", restart),
        ])
        return JSONText.object([
            ("Image", JSONText.string(image)),
            ("Env", JSONText.strings(env)),
            ("Volumes", JSONText.object([(containerModelDir, "{}")])),
            ("ExposedPorts", JSONText.object([(containerPort, "{}")])),
            ("Labels", JSONText.stringMap(labels(creatorID: creatorID, simulatedHost: simulatedHost))),
            ("HostConfig", hostConfig),
        ])
    }
}
