/// The models a generated fleet draws from: one per pipeline workers serve, plus external
/// runners, in an order that mixes kinds early so even a small catalogue is varied.
struct ModelTemplate {
    var name: String
    var pipeline: String
    var modelID: String
    /// VRAM one runner needs, in GiB; every value fits one slot of the smallest GPU kind.
    var vramGiB: Int?
    /// Optimization flags (rendered as `NAME: value`); a model with flags is only ever warm,
    /// since go-livepeer ignores flags on cold models (lpai.flags.cold-model).
    var flags: [(name: String, value: String)]
    /// Base price per unit in wei (an integer) or a decimal text for token-priced pipelines.
    var price: Price
    /// An external runner pool: its host stem and port. Such a model is never warm and has no flags.
    var external: (host: String, port: Int, capacity: Int)?

    enum Price {
        case wei(Int)
        case decimal(String)
        case eth(String)
    }

    var isExternal: Bool { external != nil }
}

enum Catalogue {
    static let templates: [ModelTemplate] = [
        ModelTemplate(name: "sdxl-lightning", pipeline: "text-to-image", modelID: "ByteDance/SDXL-Lightning", vramGiB: 14, flags: [("SFAST", "true")], price: .wei(4_768_371)),
        ModelTemplate(name: "whisper", pipeline: "audio-to-text", modelID: "openai/whisper-large-v3", vramGiB: 6, flags: [], price: .wei(12_882_811)),
        ModelTemplate(name: "llama-8b", pipeline: "llm", modelID: "meta-llama/Meta-Llama-3.1-8B-Instruct", vramGiB: 20, flags: [("MAX_MODEL_LEN", "8192")], price: .decimal("0.18")),
        ModelTemplate(name: "llama-70b", pipeline: "llm", modelID: "meta-llama/Meta-Llama-3.1-70B-Instruct", flags: [], price: .decimal("0.9"), external: ("llm-pool", 8000, 8)),
        ModelTemplate(name: "upscaler", pipeline: "upscale", modelID: "stabilityai/stable-diffusion-x4-upscaler", vramGiB: 10, flags: [], price: .wei(4_768_371)),
        ModelTemplate(name: "sam2", pipeline: "segment-anything-2", modelID: "facebook/sam2-hiera-large", vramGiB: 4, flags: [], price: .wei(2_000_000)),
        ModelTemplate(name: "sdxl-base", pipeline: "text-to-image", modelID: "stabilityai/stable-diffusion-xl-base-1.0", vramGiB: 12, flags: [("DEEPCACHE", "true")], price: .wei(5_200_000)),
        ModelTemplate(name: "pix2pix", pipeline: "image-to-image", modelID: "timbrooks/instruct-pix2pix", vramGiB: 8, flags: [], price: .wei(4_768_371)),
        ModelTemplate(name: "svd", pipeline: "image-to-video", modelID: "stabilityai/stable-video-diffusion-img2vid-xt-1-1", vramGiB: 20, flags: [("SFAST", "true")], price: .wei(3_390_842)),
        ModelTemplate(name: "blip", pipeline: "image-to-text", modelID: "Salesforce/blip-image-captioning-large", vramGiB: 4, flags: [], price: .eth("2e-12")),
        ModelTemplate(name: "parler-tts", pipeline: "text-to-speech", modelID: "parler-tts/parler-tts-large-v1", vramGiB: 6, flags: [], price: .wei(1_200_000)),
        ModelTemplate(name: "whisper-pool", pipeline: "audio-to-text", modelID: "openai/whisper-large-v3-turbo", flags: [], price: .wei(9_000_000), external: ("asr-pool", 9000, 4)),
    ]

    /// Model `index` of a catalogue of any size: the templates in order, then fine-tuned
    /// variants of them (`-2`, `-3`, …) with their own model_id, so no two share a model_id.
    static func template(_ index: Int) -> ModelTemplate {
        var t = templates[index % templates.count]
        let round = index / templates.count
        guard round > 0 else { return t }
        t.name += "-\(round + 1)"
        t.modelID += "-ft\(round + 1)"
        if let external = t.external { t.external = ("\(external.host)-\(round + 1)", external.port, external.capacity) }
        return t
    }

    /// The go-livepeer image every node runs, and the runner image pins of every batch
    /// pipeline that has its own tag (ImageRules: lpai.runner-image.*).
    static let image = "livepeer/go-livepeer:v0.9.1"
    static let upgradedImage = "livepeer/go-livepeer:v0.9.2"
    static let runnerImages: [(key: String, image: String)] = [
        ("default", "livepeer/ai-runner:v0.14.1"),
        ("llm", "livepeer/ai-runner:llm-v0.14.1"),
        ("audio-to-text", "livepeer/ai-runner:audio-to-text-v0.14.1"),
        ("segment-anything-2", "livepeer/ai-runner:sam2-v0.14.1"),
        ("text-to-speech", "livepeer/ai-runner:tts-v0.14.1"),
    ]

    /// GPU kinds: name and VRAM in GiB. Two runners per GPU only on 48 GiB or more, so two of
    /// the largest models (20 GiB) still fit (lpai.gpu.vram-exceeded).
    static let gpuKinds: [(name: String, vramGiB: Int)] = [
        ("RTX 4090", 24), ("RTX 4090", 24), ("L40S", 48), ("A100 80GB", 80), ("H100", 80),
    ]
}
