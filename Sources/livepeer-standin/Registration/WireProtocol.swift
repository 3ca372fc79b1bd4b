/// The stand-in's replacement for gRPC `net.AIWorker/RegisterAIWorker`: one JSON object per line over
/// plain TCP on 127.0.0.1 (docs/STANDIN.md describes it).
enum WireProtocol {
    /// The worker's request: `RegisterAIWorkerRequest{secret, capabilities}`, capabilities carrying the version.
    struct Registration: Sendable {
        let secret: String
        let version: String
        let models: [ModelConstraint]

        func encode() -> String {
            let models = models.map { model in
                "{\"capability\":\(model.capability),\"pipeline\":\(jsonString(Capabilities.pipelineName(model.capability))),"
                    + "\"model_id\":\(jsonString(model.modelID)),\"warm\":\(model.warm),\"capacity\":\(model.capacity)}"
            }
            return "{\"type\":\"RegisterAIWorker\",\"secret\":\(jsonString(secret)),\"version\":\(jsonString(version)),"
                + "\"capabilities\":[\(models.joined(separator: ","))]}"
        }

        static func decode(_ line: [UInt8]) -> Registration? {
            guard line.filter({ $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }).count < 256,
                case .success(let root) = JSONNode.parse(line), case .object(let members) = root.value,
                members.string("type") == "RegisterAIWorker", let secret = members.string("secret"),
                let version = members.string("version") else { return nil }
            var models: [ModelConstraint] = []
            if case .array(let items)? = members.first(where: { $0.key == "capabilities" })?.value.value {
                for item in items {
                    guard case .object(let fields) = item.value, let capability = fields.integer("capability"),
                        let modelID = fields.string("model_id") else { continue }
                    let warm = fields.first { $0.key == "warm" }.map { if case .bool(true) = $0.value.value { true } else { false } } ?? false
                    models.append(ModelConstraint(capability: Int(capability), modelID: modelID, warm: warm, capacity: fields.integer("capacity") ?? 0))
                }
            }
            return Registration(secret: secret, version: version, models: models)
        }
    }

    /// How the orchestrator ends a stream: a gRPC status code and message. `OK` is a clean end (the worker reads EOF).
    struct Status: Sendable {
        let code: String
        let message: String

        static let ok = Status(code: "OK", message: "")
        static let invalidSecret = Status(code: "Unknown", message: "invalid secret")
        /// What gRPC answers for a service the server did not register (a combined node).
        static let unknownService = Status(code: "Unimplemented", message: "unknown service net.AIWorker")

        func encode() -> String {
            "{\"type\":\"status\",\"code\":\(jsonString(code)),\"message\":\(jsonString(message))}"
        }

        static func decode(_ line: [UInt8]) -> Status? {
            guard case .success(let root) = JSONNode.parse(line), case .object(let members) = root.value,
                members.string("type") == "status", let code = members.string("code") else { return nil }
            return Status(code: code, message: members.string("message") ?? "")
        }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u" + hex(scalar.value, width: 4) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

private extension Array where Element == (key: String, value: JSONNode) {
    func string(_ key: String) -> String? {
        guard case .string(let text)? = first(where: { $0.key == key })?.value.value else { return nil }
        return text
    }

    func integer(_ key: String) -> Int64? {
        guard case .number(let text)? = first(where: { $0.key == key })?.value.value else { return nil }
        return Int64(text)
    }
}
