/// go-livepeer's capability ids and names (`core/capabilities.go`, `CapabilityNameLookup`).
enum Capabilities {
    static let names: [(id: Int, name: String)] = [
        (-2, "Invalid"), (-1, "Unused"), (0, "H.264"), (1, "MPEGTS"), (2, "MP4"), (3, "Fractional framerates"),
        (4, "Storage direct"), (5, "Storage S3"), (6, "Storage GCS"), (7, "H264 Baseline profile"),
        (8, "H264 Main profile"), (9, "H264 High profile"), (10, "H264 Constained High profile"), (11, "GOP"),
        (12, "Auth token"), (14, "MPEG7 signature"), (15, "HEVC decode"), (16, "HEVC encode"), (17, "VP8 decode"),
        (18, "VP9 decode"), (19, "VP8 encode"), (20, "VP9 encode"), (21, "H264 Decode YUV444 8-bit"),
        (22, "H264 Decode YUV422 8-bit"), (23, "H264 Decode YUV444 10-bit"), (24, "H264 Decode YUV422 10-bit"),
        (25, "H264 Decode YUV420 10-bit"), (26, "Segment slicing"), (27, "Text to image"), (28, "Image to image"),
        (29, "Image to video"), (30, "Upscale"), (31, "Audio to text"), (32, "Segment anything 2"), (33, "Llm"),
        (34, "Image to text"), (35, "Live video to video"), (36, "Text to speech"),
    ]

    /// `core.PipelineToCapability`: upper-cases the first byte, turns the other `-` into spaces and looks
    /// the result up among *all* capability names — so `Text-to-image` and `text to image` are accepted too.
    static func capability(forPipeline pipeline: String) -> Int? {
        guard let first = pipeline.first else { return nil }
        let name = first.uppercased() + pipeline.dropFirst().replacing("-", with: " ")
        return names.first { $0.name == name }?.id
    }

    /// The pipeline spelling go-livepeer's runner uses for a capability (`Text to image` → `text-to-image`).
    static func pipelineName(_ id: Int) -> String {
        guard let name = names.first(where: { $0.id == id })?.name else { return String(id) }
        return name.lowercased().replacing(" ", with: "-")
    }
}

/// What a worker advertises for one (capability, model_id): `core.ModelConstraint`.
struct ModelConstraint: Sendable, Equatable {
    let capability: Int
    let modelID: String
    var warm: Bool
    var capacity: Int64
}
