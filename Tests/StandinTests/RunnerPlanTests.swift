@testable import livepeer_standin
import Testing

/// What ai/worker/docker.go derives for a runner container, rule by rule.
@Suite struct RunnerPlanTests {
    @Test(arguments: [
        ("text-to-image", "0", "8000"), ("llm", "1", "8501"), ("upscale", "emulated-0", "8300"),
        ("text-to-image", "colocated-1-0", "8010"), ("audio-to-text", "colocated-2-9", "8429"),
        ("image-to-text", "colocated-0-3", "8703"), ("live-video-to-video", "7", "8907"),
        // Only the colocation index's first digit is kept; a two-digit GPU id makes a 5-digit port.
        ("text-to-image", "colocated-12-3", "8013"), ("text-to-image", "10", "80010"),
    ])
    func hostPortIsPipelinePrefixColocationDigitAndGPU(pipeline: String, gpu: String, port: String) {
        #expect(RunnerPlan.hostPort(pipeline: pipeline, gpu: gpu) == port)
    }

    @Test func pipelineWithoutAPortBaseHasNoPort() {
        // `Text-to-image` passes the capability lookup, but docker.go's port map has no such key (Go panics).
        #expect(RunnerPlan.hostPort(pipeline: "Text-to-image", gpu: "0") == nil)
    }

    @Test func hardwareGPUStripsTheColocationSlot() {
        #expect(RunnerPlan.hardwareGPU("colocated-1-0") == "0")
        #expect(RunnerPlan.hardwareGPU("colocated-0-emulated-0") == "emulated-0")
        #expect(RunnerPlan.hardwareGPU("3") == "3")
        #expect(RunnerPlan.isEmulated("emulated-0"))
    }

    @Test func nameReplacesSlashesAndUnderscoresInTheModelID() {
        #expect(RunnerPlan.containerName(pipeline: "text-to-image", modelID: "ByteDance/SDXL-Lightning", suffix: "8000")
            == "text-to-image_ByteDance-SDXL-Lightning_8000")
        #expect(RunnerPlan.containerName(pipeline: "upscale", modelID: "stabilityai/sd_x4/upscaler", suffix: "8301")
            == "upscale_stabilityai-sd-x4-upscaler_8301")
    }

    @Test func creatorIDPrefersServiceAddrThenEthAccount() {
        #expect(RunnerPlan.creatorID(serviceAddr: "orch.example:8935", ethAcctAddr: "0xabc") == "orch.example:8935")
        #expect(RunnerPlan.creatorID(serviceAddr: "", ethAcctAddr: "0xabc") == "0xabc")
        #expect(RunnerPlan.creatorID(serviceAddr: "", ethAcctAddr: "").isEmpty)
    }

    private func image(_ pipeline: String, _ modelID: String = "m", _ overrides: ImageOverrides = ImageOverrides()) -> String? {
        try? RunnerPlan.image(pipeline: pipeline, modelID: modelID, overrides: overrides).get()
    }

    @Test func imagesAreChosenAsGoLivepeerChoosesThem() {
        #expect(image("text-to-image") == "livepeer/ai-runner:latest")
        for pipeline in ["audio-to-text", "llm", "segment-anything-2", "text-to-speech"] {
            #expect(image(pipeline) == "livepeer/ai-runner:\(pipeline)")
        }
        // -aiRunnerImage (or the default override) does not change the pipelines with their own image.
        let pinned = ImageOverrides(defaultImage: "livepeer/ai-runner:v0.14.1", batch: ["llm": "livepeer/ai-runner:llm-v0.14.1"])
        #expect(image("upscale", "m", pinned) == "livepeer/ai-runner:v0.14.1")
        #expect(image("llm", "m", pinned) == "livepeer/ai-runner:llm-v0.14.1")
        #expect(image("audio-to-text", "m", pinned) == "livepeer/ai-runner:audio-to-text")
        // Live images are keyed by model id.
        #expect(image("live-video-to-video", "comfyui") == "livepeer/ai-runner:live-app-comfyui")
        #expect(image("live-video-to-video", "comfyui", ImageOverrides(live: ["comfyui": "mine:1"])) == "mine:1")
        let missing = RunnerPlan.image(pipeline: "live-video-to-video", modelID: "mystery", overrides: ImageOverrides())
        #expect((try? missing.get()) == nil)
        if case .failure(let error) = missing { #expect(error.message == "no container image found for live pipeline mystery") }
    }

    @Test func overridesDecodeWithGoKeyMatching() {
        let overrides = ImageOverrides.decode(#"{"DEFAULT":"a:1","batch":{"llm":"b:2","upscale":null},"live":null,"other":3}"#)
        #expect(overrides == ImageOverrides(defaultImage: "a:1", batch: ["llm": "b:2", "upscale": ""]))
    }

    @Test func environmentCarriesPipelineModelFlagsAndTheRunnerPort() {
        let env = RunnerPlan.environment(
            pipeline: "llm", modelID: "meta/llama", flags: ["MAX_MODEL_LEN": "8192", "BFLOAT16": "true"], verbose: true, hostPort: "8501")
        #expect(env == [
            "PIPELINE=llm", "MODEL_ID=meta/llama", "BFLOAT16=true", "MAX_MODEL_LEN=8192", "VERBOSE_LOGGING=1",
            "LIVEPEER_STANDIN_ROLE=runner", "LIVEPEER_STANDIN_RUNNER_PORT=8501",
        ])
    }

    @Test func createBodyHasGoLivepeersLabelsGPUAndHostNetworking() throws {
        let body = RunnerPlan.createBody(
            image: "livepeer/ai-runner:latest", env: ["PIPELINE=text-to-image"], creatorID: "orch.example:8935", gpu: "colocated-1-3",
            modelDir: "/srv/models", hostPort: "8013", keepWarm: true)
        let root = try JSONNode.parse(Array(body.utf8)).get()
        #expect(root["Image"]?.string == "livepeer/ai-runner:latest")
        #expect(root["Labels"]?.stringMap == ["creator": "ai-worker", "creator_id": "orch.example:8935"])
        let host = try #require(root["HostConfig"])
        #expect(host["NetworkMode"]?.string == "host")
        #expect(host["RestartPolicy"]?["Name"]?.string == "always")
        let device = try #require(host["DeviceRequests"]?.array?.first)
        #expect(device["DeviceIDs"]?.array?.compactMap(\.string) == ["3"])
        #expect(device["Capabilities"]?.array?.first?.array?.compactMap(\.string) == ["gpu"])
        let mount = try #require(host["Mounts"]?.array?.first)
        #expect(mount["Type"]?.string == "bind" && mount["Source"]?.string == "/srv/models" && mount["Target"]?.string == "/models")
        #expect(host["PortBindings"]?["8000/tcp"]?.array?.first?["HostPort"]?.string == "8013")

        let emulated = try JSONNode.parse(Array(RunnerPlan.createBody(
            image: "i", env: [], creatorID: "", gpu: "emulated-0", modelDir: "/m", hostPort: "8000", keepWarm: false).utf8)).get()
        if case .null? = emulated["HostConfig"]?["DeviceRequests"]?.value {} else { Issue.record("an emulated GPU requests no device") }
        #expect(emulated["HostConfig"]?["RestartPolicy"]?["Name"]?.string == "on-failure")
        #expect(emulated["Labels"]?.stringMap == ["creator": "ai-worker", "creator_id": ""])
    }

    @Test func dockerSocketComesFromAUnixDockerHostOnly() {
        #expect(DockerEngine.socketPath(dockerHost: "unix:///tmp/lpai-engine/docker.sock") == "/tmp/lpai-engine/docker.sock")
        #expect(DockerEngine.socketPath(dockerHost: "tcp://127.0.0.1:2376") == "/var/run/docker.sock")
        #expect(DockerEngine.socketPath(dockerHost: nil) == "/var/run/docker.sock")
        #expect(DockerEngine.socketPath(dockerHost: "unix://") == "/var/run/docker.sock")
    }

    @Test func slogLinesUseTheDefaultHandlersTextFormat() {
        #expect(Slog.line(.info, "Starting managed container", [("gpu", "0"), ("name", "a_b_8000"), ("modelID", "x/y")], time: "2026/01/02 03:04:05")
            == "2026/01/02 03:04:05 INFO Starting managed container gpu=0 name=a_b_8000 modelID=x/y")
        #expect(Slog.value("") == "\"\"")
        #expect(Slog.value("two words") == "\"two words\"")
        #expect(Slog.value("a=b") == "\"a=b\"")
        #expect(Slog.value("/text-to-image_m_8000") == "/text-to-image_m_8000")
    }

    @Test func queryValuesArePercentEncoded() {
        #expect(percentEncode(#"{"label":["creator=ai-worker"]}"#) == "%7B%22label%22%3A%5B%22creator%3Dai-worker%22%5D%7D")
        #expect(percentEncode("text-to-image_m.1~x") == "text-to-image_m.1~x")
    }
}
