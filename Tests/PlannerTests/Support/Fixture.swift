/// The compact valid spec every rule test starts from: one split orchestrator, one remote
/// worker with one GPU, one warm managed model. A variant replaces whole top-level sections,
/// so each test shows the section it breaks and nothing else.
enum Fixture {
    /// Every runner image pinned, so only the broken part of a fixture raises anything.
    static let runnerImages = "runnerImages: {default: livepeer/ai-runner:v0.14.1, llm: livepeer/ai-runner:llm-v0.14.1, audio-to-text: livepeer/ai-runner:audio-to-text-v0.14.1, segment-anything-2: livepeer/ai-runner:sam2-v0.14.1, text-to-speech: livepeer/ai-runner:tts-v0.14.1, live-video-to-video: livepeer/ai-runner:live-v0.14.1}"

    static let defaults = """
        defaults:
          image: livepeer/go-livepeer:v0.9.1
          \(runnerImages)
        """

    static let hosts = """
        hosts:
          orch-box: {}
          gpu-box: {}
        """

    static let models = """
        models:
          sd:
            pipeline: text-to-image
            model_id: runwayml/stable-diffusion-v1-5
            price: {per_unit: 4768371, currency: wei}
        """

    /// The base catalogue plus a second text-to-image model with its own model_id.
    static let twoModels = """
        models:
          sd:
            pipeline: text-to-image
            model_id: runwayml/stable-diffusion-v1-5
            price: {per_unit: 4768371, currency: wei}
          sd2:
            pipeline: text-to-image
            model_id: stabilityai/stable-diffusion-2-1
            price: {per_unit: 4768371, currency: wei}
        """

    /// The base catalogue plus a managed llm model (its runner has its own image tag).
    static let withLLM = """
        models:
          sd:
            pipeline: text-to-image
            model_id: runwayml/stable-diffusion-v1-5
            price: {per_unit: 4768371, currency: wei}
          llama:
            pipeline: llm
            model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
            price: {per_unit: 0.18, currency: wei}
        """

    static let orchestrators = """
        orchestrators:
          orch:
            host: orch-box
            serviceAddr: orch.example:8935
            secret: {env: ORCH_SECRET}
        """

    static let workers = """
        workers:
          gpu-1:
            host: gpu-box
            orchestrator: orch
            gpus: [{id: 0}]
            models: [{model: sd, warm: 1}]
        """

    /// The base spec with some sections replaced; an empty section is left out.
    static func spec(
        defaults: String = defaults, hosts: String = hosts, models: String = models,
        orchestrators: String = orchestrators, workers: String = workers, requirements: String = ""
    ) -> String {
        ["version: 1\nfleet: test", defaults, hosts, models, orchestrators, workers, requirements]
            .filter { !$0.isEmpty }
            .joined(separator: "\n") + "\n"
    }

    static let base = spec()
}
