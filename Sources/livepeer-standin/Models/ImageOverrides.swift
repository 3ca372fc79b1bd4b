/// Checks `-aiRunnerImageOverrides` as `json.Unmarshal(&worker.ImageOverrides)` would:
/// `{"default": string, "batch": {pipeline: image}, "live": {model_id: image}}`.
enum ImageOverridesCheck {
    /// Go's error text, or nil when the value decodes.
    static func error(in text: String) -> String? {
        let root: JSONNode
        switch JSONNode.parse(Array(text.utf8)) {
        case .failure(let error): return error.message
        case .success(let node): root = node
        }
        switch root.value {
        case .null: return nil
        case .object(let members):
            var saved: String?
            for (key, node) in members {
                let name = ["default", "batch", "live"].first { $0 == key } ?? ["default", "batch", "live"].first {
                    AIModelsDecoder.fold($0) == AIModelsDecoder.fold(key)
                }
                guard let name else { continue }
                let mismatch = "json: cannot unmarshal \(node.kind) into Go struct field ImageOverrides.\(name) of type "
                switch (name, node.value) {
                case ("default", .string), (_, .null): continue
                case ("default", _): saved = saved ?? mismatch + "string"
                case (_, .object(let images)):
                    for (_, image) in images {
                        switch image.value {
                        case .string, .null: continue
                        default: saved = saved ?? "json: cannot unmarshal \(image.kind) into Go struct field ImageOverrides.\(name) of type string"
                        }
                    }
                default: saved = saved ?? mismatch + "map[string]string"
                }
            }
            return saved
        default:
            return "json: cannot unmarshal \(root.kind) into Go value of type worker.ImageOverrides"
        }
    }
}

/// `worker.ImageOverrides`: the runner images go-livepeer uses instead of its defaults.
struct ImageOverrides: Sendable, Equatable {
    var defaultImage = ""
    var batch: [String: String] = [:]
    var live: [String: String] = [:]

    /// Decodes a value `ImageOverridesCheck` accepted: keys match exactly, else case-insensitively;
    /// a JSON null leaves a field as it is, and a null map element is stored as "" (Go's zero value).
    static func decode(_ text: String) -> ImageOverrides {
        var overrides = ImageOverrides()
        guard case .success(let root) = JSONNode.parse(Array(text.utf8)), case .object(let members) = root.value else { return overrides }
        for (key, node) in members {
            let name = ["default", "batch", "live"].first { $0 == key }
                ?? ["default", "batch", "live"].first { AIModelsDecoder.fold($0) == AIModelsDecoder.fold(key) }
            guard let name, case .object(let images) = node.value else {
                if name == "default", let image = node.string { overrides.defaultImage = image }
                continue
            }
            for (entry, image) in images {
                if name == "batch" { overrides.batch[entry] = image.string ?? "" } else { overrides.live[entry] = image.string ?? "" }
            }
        }
        return overrides
    }
}
