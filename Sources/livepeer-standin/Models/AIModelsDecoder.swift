/// `json.Unmarshal(data, &[]core.AIModelConfig)` with encoding/json's rules: keys match exactly, else
/// case-insensitively; unknown keys are skipped; the first type mismatch is remembered while decoding goes
/// on, but an error from a custom unmarshaler (`JSONRat`, `EnvValue`) stops at once.
enum AIModelsDecoder {
    static func decode(_ bytes: [UInt8]) -> Result<[AIModelConfig], AIModelsError> {
        let root: JSONNode
        switch JSONNode.parse(bytes) {
        case .failure(let error): return .failure(AIModelsError(message: error.message))
        case .success(let node): root = node
        }
        var state = DecodeState()
        var configs: [AIModelConfig] = []
        switch root.value {
        case .null:
            return .success([])
        case .array(let items):
            for item in items {
                var config = AIModelConfig()
                switch item.value {
                case .null: break
                case .object(let members):
                    if let abort = decodeObject(members, into: &config, state: &state) { return .failure(AIModelsError(message: abort)) }
                default:
                    state.save("json: cannot unmarshal \(item.kind) into Go value of type core.AIModelConfig")
                }
                configs.append(config)
            }
        default:
            state.save("json: cannot unmarshal \(root.kind) into Go value of type []core.AIModelConfig")
        }
        if let saved = state.saved { return .failure(AIModelsError(message: saved)) }
        return .success(configs)
    }

    private struct DecodeState {
        var saved: String?
        mutating func save(_ message: String) { if saved == nil { saved = message } }
    }

    private static let fields = [
        "pipeline", "model_id", "url", "token", "warm", "capacity", "optimization_flags",
        "gateway", "price_per_unit", "pixels_per_unit", "currency",
    ]

    /// Go's `foldName`: ASCII upper-cased; the Kelvin sign and long s fold to K and S.
    static func fold(_ key: String) -> String {
        var out = ""
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0x61...0x7A: out.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case 0x212A: out += "K"
            case 0x017F: out += "S"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func field(forKey key: String) -> String? {
        if fields.contains(key) { return key }
        let folded = fold(key)
        return fields.first { fold($0) == folded }
    }

    /// Returns the message of an error that stops decoding; type mismatches go to `state`.
    private static func decodeObject(_ members: [(key: String, value: JSONNode)], into config: inout AIModelConfig, state: inout DecodeState) -> String? {
        for (key, node) in members {
            guard let name = field(forKey: key) else { continue }
            let mismatch = { (type: String) in
                "json: cannot unmarshal \(node.kind) into Go struct field AIModelConfig.\(name) of type \(type)"
            }
            switch name {
            case "pipeline", "model_id", "url", "token", "gateway", "currency":
                switch node.value {
                case .string(let text): setString(name, text, &config)
                case .null: break
                default: state.save(mismatch("string"))
                }
            case "warm":
                switch node.value {
                case .bool(let flag): config.warm = flag
                case .null: break
                default: state.save(mismatch("bool"))
                }
            case "capacity":
                switch node.value {
                case .number(let text):
                    if let value = Int64(text) { config.capacity = value } else {
                        state.save("json: cannot unmarshal number \(text) into Go struct field AIModelConfig.capacity of type int")
                    }
                case .null: break
                default: state.save(mismatch("int"))
                }
            case "optimization_flags":
                switch node.value {
                case .null: config.optimizationFlags = nil
                case .object(let flags):
                    var map = config.optimizationFlags ?? [:]
                    for (flag, value) in flags {
                        switch value.value {
                        case .bool(let on): map[flag] = String(on)
                        case .null: map[flag] = "false"
                        case .string(let text): map[flag] = text
                        default: return "json: cannot unmarshal \(value.kind) into Go value of type string"
                        }
                    }
                    config.optimizationFlags = map
                default: state.save(mismatch("worker.OptimizationFlags"))
                }
            default: // price_per_unit, pixels_per_unit: JSONRat parses the raw bytes with big.Rat.SetString.
                guard case .number(let text) = node.value else { return "value is not a number: \(node.raw)" }
                if name == "price_per_unit" { config.pricePerUnit = text } else { config.pixelsPerUnit = text }
            }
        }
        return nil
    }

    private static func setString(_ name: String, _ text: String, _ config: inout AIModelConfig) {
        switch name {
        case "pipeline": config.pipeline = text
        case "model_id": config.modelID = text
        case "url": config.url = text
        case "token": config.token = text
        case "gateway": config.gateway = text
        default: config.currency = text
        }
    }
}
