/// One aiModels.json entry as go-livepeer's `core.AIModelConfig` holds it after `json.Unmarshal`.
struct AIModelConfig: Sendable {
    var pipeline = ""
    var modelID = ""
    var url = ""
    var token = ""
    var warm = false
    var capacity: Int64 = 0
    /// `worker.OptimizationFlags` (a Go map: nil until the key appears with an object).
    var optimizationFlags: [String: String]?
    var gateway = ""
    /// `JSONRat` fields: the JSON number text, exactly as written; nil when absent.
    var pricePerUnit: String?
    var pixelsPerUnit: String?
    var currency = ""

    /// The stand-in's one-line rendering of what it understood.
    func describe(index: Int) -> String {
        var flags = "map[]"
        if let optimizationFlags {
            let pairs = optimizationFlags.keys.sorted().map { "\($0):\(optimizationFlags[$0]!)" }
            flags = "map[" + pairs.joined(separator: " ") + "]"
        }
        return "aiModels[\(index)] pipeline=\(goQuote(pipeline)) model_id=\(goQuote(modelID)) warm=\(warm) "
            + "capacity=\(capacity) url=\(goQuote(url)) token=\(token.isEmpty ? "\"\"" : "***") "
            + "optimization_flags=\(optimizationFlags == nil ? "nil" : flags) gateway=\(goQuote(gateway)) "
            + "price_per_unit=\(pricePerUnit ?? "nil") pixels_per_unit=\(pixelsPerUnit ?? "nil") currency=\(goQuote(currency))"
    }
}

/// `core.ParseAIModelConfigs`: a path to an existing regular file is read as JSON; anything else is
/// the inline form `pipeline:model_id:warm,...`.
enum AIModelsParser {
    static func parse(_ value: String) -> Result<[AIModelConfig], AIModelsError> {
        if pathKind(value) == .file {
            switch readFile(value) {
            case .failure(let error): return .failure(AIModelsError(message: error.message))
            case .success(let bytes): return AIModelsDecoder.decode(bytes)
            }
        }
        var configs: [AIModelConfig] = []
        for entry in value.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3 else {
                return .failure(AIModelsError(message: "invalid AI model config expected <pipeline>:<model_id>:<warm>"))
            }
            guard let warm = GoValues.bool(String(parts[2])) else {
                return .failure(AIModelsError(message: "strconv.ParseBool: parsing \(goQuote(String(parts[2]))): invalid syntax"))
            }
            configs.append(AIModelConfig(pipeline: String(parts[0]), modelID: String(parts[1]), warm: warm))
        }
        return .success(configs)
    }
}

struct AIModelsError: Error { let message: String }
