import Glibc

/// ai-runner's HTTP API for one pipeline: `/health`, `/version`, `/hardware/info`, `/hardware/stats`
/// and the pipeline's own endpoint, with FastAPI's error shapes. Results are tiny fixed media.
enum RunnerRoutes {
    struct Context: Sendable {
        let pipeline: String
        let modelID: String
        let version: String
        let gpus: [String]

        /// The pipeline class ai-runner loads (`TextToImagePipeline`).
        var pipelineClass: String {
            pipeline.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
                .replacing("Llm", with: "LLM") + "Pipeline"
        }
    }

    /// A request body field the pipeline requires, and its JSON type (`nil` for a multipart file or form field).
    struct Field: Sendable {
        let name: String
        let json: String?
    }

    enum BodyKind: Sendable { case json, multipart }

    /// Each pipeline's endpoint: how its body comes and what it must hold.
    static let endpoints: [String: (kind: BodyKind, required: [Field])] = [
        "text-to-image": (.json, [Field(name: "prompt", json: "string")]),
        "image-to-image": (.multipart, [Field(name: "prompt", json: nil), Field(name: "image", json: nil)]),
        "image-to-video": (.multipart, [Field(name: "image", json: nil)]),
        "upscale": (.multipart, [Field(name: "prompt", json: nil), Field(name: "image", json: nil)]),
        "audio-to-text": (.multipart, [Field(name: "audio", json: nil)]),
        "segment-anything-2": (.multipart, [Field(name: "image", json: nil)]),
        "llm": (.json, [Field(name: "messages", json: "list")]),
        "image-to-text": (.multipart, [Field(name: "image", json: nil)]),
        "text-to-speech": (.json, []),
        "live-video-to-video": (.json, [Field(name: "subscribe_url", json: "string"), Field(name: "publish_url", json: "string")]),
    ]

    static let pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
    static let silence = "data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA="

    static func respond(to request: HTTPRequest, _ context: Context) -> HTTPResponse {
        var path = request.path
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        let pipelinePath = "/" + context.pipeline
        let gets = ["/health", "/version", "/hardware/info", "/hardware/stats"]
        if gets.contains(path) {
            guard request.method == "GET" else { return json(405, #"{"detail":"Method Not Allowed"}"#) }
            return json(200, get(path, context))
        }
        guard path == pipelinePath else { return json(404, #"{"detail":"Not Found"}"#) }
        guard request.method == "POST" else { return json(405, #"{"detail":"Method Not Allowed"}"#) }
        if let problem = validate(request, context) { return json(422, #"{"detail":["# + problem + "]}") }
        return json(200, result(request, context))
    }

    private static func get(_ path: String, _ context: Context) -> String {
        let identity = [("pipeline", JSONText.string(context.pipeline)), ("model_id", JSONText.string(context.modelID))]
        switch path {
        case "/health":
            return JSONText.object([("status", JSONText.string(context.pipeline == "live-video-to-video" ? "IDLE" : "OK"))])
        case "/version":
            return JSONText.object(identity + [("version", JSONText.string(context.version))])
        default:
            let stats = path == "/hardware/stats"
            let gpus = context.gpus.enumerated().map { index, device in
                var fields = [
                    ("id", JSONText.string("GPU-standin-\(device)")), ("name", JSONText.string("stand-in GPU \(device)")),
                    ("memory_total", "25757220864"), ("memory_free", "25757220864"),
                ]
                fields += stats ? [("utilization_compute", "0"), ("utilization_memory", "0")] : [("major", "8"), ("minor", "9")]
                return (String(index), JSONText.object(fields))
            }
            return JSONText.object(identity + [(stats ? "gpu_stats" : "gpu_info", JSONText.object(gpus))])
        }
    }

    /// FastAPI's validation of the body: the first problem as one `HTTPValidationError` detail, or nil.
    static func validate(_ request: HTTPRequest, _ context: Context) -> String? {
        guard let endpoint = endpoints[context.pipeline] else { return nil }
        let missing = { (location: String, input: String) in
            JSONText.object([("type", #""missing""#), ("loc", location), ("msg", #""Field required""#), ("input", input)])
        }
        if endpoint.kind == .multipart {
            let body = String(decoding: request.body, as: UTF8.self)
            let isForm = request.headers["Content-Type"]?.lowercased().hasPrefix("multipart/form-data") ?? false
            for field in endpoint.required where !isForm || !body.contains("name=\"\(field.name)\"") {
                return missing(JSONText.strings(["body", field.name]), "null")
            }
            return nil
        }
        if request.body.isEmpty { return missing(#"["body"]"#, "null") }
        let root: JSONNode
        switch JSONNode.parse(request.body) {
        case .failure:
            return JSONText.object([
                ("type", #""json_invalid""#), ("loc", #"["body",0]"#), ("msg", #""JSON decode error""#), ("input", "{}"),
                ("ctx", #"{"error":"Expecting value"}"#),
            ])
        case .success(let node): root = node
        }
        guard root.isObject else {
            return JSONText.object([
                ("type", #""model_attributes_type""#), ("loc", #"["body"]"#),
                ("msg", #""Input should be a valid dictionary or object to extract fields from""#), ("input", root.raw),
            ])
        }
        for field in endpoint.required {
            let location = JSONText.strings(["body", field.name])
            guard let value = root[field.name] else { return missing(location, root.raw) }
            switch (field.json, value.value) {
            case ("string", .string), ("list", .array): continue
            default:
                let type = field.json == "list" ? "list_type" : "string_type"
                let message = field.json == "list" ? "Input should be a valid list" : "Input should be a valid string"
                return JSONText.object([("type", JSONText.string(type)), ("loc", location), ("msg", JSONText.string(message)), ("input", value.raw)])
            }
        }
        return nil
    }

    /// The pipeline's response model, filled with tiny fixed media.
    private static func result(_ request: HTTPRequest, _ context: Context) -> String {
        let body = try? JSONNode.parse(request.body).get()
        var seed = "1"
        if let node = body?["seed"], case .number(let text) = node.value, Int64(text) != nil { seed = text }
        let media = JSONText.object([("url", JSONText.string(pixel)), ("seed", seed), ("nsfw", "false")])
        let text = "stand-in output of \(context.modelID)"
        switch context.pipeline {
        case "image-to-video":
            return JSONText.object([("frames", JSONText.array([JSONText.array([media])]))])
        case "audio-to-text":
            let chunk = JSONText.object([("timestamp", "[0.0,1.0]"), ("text", JSONText.string(text))])
            return JSONText.object([("text", JSONText.string(text)), ("chunks", JSONText.array([chunk]))])
        case "segment-anything-2":
            return JSONText.object([("masks", JSONText.string("[[[0]]]")), ("scores", JSONText.string("[1.0]")), ("logits", JSONText.string("[[[0.0]]]"))])
        case "image-to-text":
            return JSONText.object([("text", JSONText.string(text))])
        case "text-to-speech":
            return JSONText.object([("audio", JSONText.object([("url", JSONText.string(silence))]))])
        case "llm":
            let message = JSONText.object([("role", #""assistant""#), ("content", JSONText.string(text))])
            let choice = JSONText.object([("index", "0"), ("finish_reason", #""stop""#), ("message", message)])
            let usage = JSONText.object([("prompt_tokens", "1"), ("completion_tokens", "1"), ("total_tokens", "2")])
            return JSONText.object([
                ("id", #""chatcmpl-standin""#), ("model", JSONText.string(context.modelID)), ("created", String(time(nil))),
                ("usage", usage), ("choices", JSONText.array([choice])),
            ])
        case "live-video-to-video":
            let urls = ["subscribe_url", "publish_url", "control_url", "events_url"].map { ($0, JSONText.string(body?[$0]?.string ?? "")) }
            return JSONText.object(urls + [("request_id", #""""#), ("manifest_id", #""""#)])
        default:
            return JSONText.object([("images", JSONText.array([media]))])
        }
    }

    private static func json(_ status: Int, _ text: String) -> HTTPResponse {
        var response = HTTPResponse(status: status, body: Array(text.utf8))
        response.headers.add("Content-Type", "application/json")
        return response
    }
}
