public import Spec

/// An aiModels.json read the way go-livepeer's `json.Unmarshal(data, &[]core.AIModelConfig)`
/// reads it: entries, whether the file loads at all, and every decoding finding.
public struct AIModelsFile: Sendable {
    public var file: String
    public var entries: [AIModelEntry]
    /// False when go-livepeer refuses the whole file (syntax or type error).
    public var loads: Bool
    public var diagnostics: [Diagnostic]
    public var root: LocatedJSON?

    public static func read(_ bytes: [UInt8], file: String, limits: JSONLimits = JSONLimits()) -> AIModelsFile {
        switch JSONReader.read(bytes, file: file, limits: limits) {
        case .failure(let diagnostic):
            return AIModelsFile(file: file, entries: [], loads: false, diagnostics: [diagnostic], root: nil)
        case .success(let root):
            var decoder = AIModelsDecoding()
            let entries = decoder.decode(root)
            return AIModelsFile(file: file, entries: entries, loads: !decoder.refused, diagnostics: decoder.diagnostics, root: root)
        }
    }
}

/// Go's decoding of the array into `[]core.AIModelConfig`, kept going past the first problem so
/// that lint reports them all.
struct AIModelsDecoding {
    var diagnostics: [Diagnostic] = []
    /// Whether `json.Unmarshal` returns an error, so go-livepeer refuses the whole file (a null
    /// entry, by contrast, decodes and panics later).
    var refused = false

    private mutating func refuse(_ diagnostic: Diagnostic) {
        refused = true
        diagnostics.append(diagnostic)
    }

    mutating func decode(_ root: LocatedJSON) -> [AIModelEntry] {
        switch root.kind {
        case .null:
            diagnostics.append(.warning("lpai.lint.null-file", at: root.location, "the file is null: go-livepeer loads no models from it; write [] to say so, or list the models"))
            return []
        case .object(let members):
            let looksLikeEntry = members.contains { AIModelFields.field(forKey: $0.key) != nil }
            refuse(.error(
                "lpai.lint.not-an-array", at: root.location,
                "json: cannot unmarshal object into Go value of type []core.AIModelConfig: go-livepeer fails to load the file; aiModels.json is an array of entries\(looksLikeEntry ? ": wrap this object in [ ]" : "")"
            ))
            return looksLikeEntry ? [entry(members, index: 0, at: root.location)] : []
        case .array(let items):
            if items.isEmpty {
                diagnostics.append(.warning("lpai.lint.empty-list", at: root.location, "the list is empty: the node serves no AI models"))
            }
            return items.enumerated().compactMap { index, item in
                switch item.kind {
                case .object(let members): return entry(members, index: index, at: item.location)
                case .null:
                    diagnostics.append(.error("lpai.lint.entry-type", at: item.location, "null entry: go-livepeer loads it as an entry with no pipeline and panics (unknown pipeline \"\"); remove it"))
                    return nil
                default:
                    refuse(.error("lpai.lint.entry-type", at: item.location, "json: cannot unmarshal \(item.goKind) into Go value of type core.AIModelConfig: go-livepeer fails to load the file; each entry is an object such as {\"pipeline\": \"text-to-image\", \"model_id\": \"…\"}"))
                    return nil
                }
            }
        default:
            refuse(.error("lpai.lint.not-an-array", at: root.location, "json: cannot unmarshal \(root.goKind) into Go value of type []core.AIModelConfig: go-livepeer fails to load the file; aiModels.json is an array of entries"))
            return []
        }
    }

    private mutating func entry(_ members: [LocatedJSON.Member], index: Int, at location: SourceLocation) -> AIModelEntry {
        var entry = AIModelEntry(index: index, location: location)
        for member in members {
            guard let field = AIModelFields.field(forKey: member.key) else {
                diagnostics.append(unknownKey(member))
                continue
            }
            if member.key != field {
                diagnostics.append(.warning(
                    "lpai.lint.key-case", at: member.keyLocation,
                    "'\(member.key)' works (Go's decoder matches keys case-insensitively) but is not the canonical '\(field)'; write \"\(field)\""
                ))
            }
            if let earlier = entry.keys[field] {
                diagnostics.append(.warning(
                    "lpai.lint.duplicate-key", at: member.keyLocation,
                    "'\(field)' is set twice in this entry; go-livepeer keeps the last value (this one) and silently drops the other. Keep one",
                    notes: [.init("first set here", at: earlier)]
                ))
            }
            entry.keys[field] = member.keyLocation
            set(field, member.value, on: &entry)
        }
        return entry
    }

    private func unknownKey(_ member: LocatedJSON.Member) -> Diagnostic {
        var hint = Suggest.hint(for: member.key, in: AIModelFields.all)
        if member.key.lowercased() == "count" { hint = " (go-livepeer v0.9.1 has no 'count'; PR #3639 proposes it. For N warm containers write N identical entries)" }
        if member.key.lowercased() == "price" { hint = " (did you mean 'price_per_unit'?)" }
        return .warning(
            "lpai.lint.unknown-key", at: member.keyLocation,
            "go-livepeer ignores '\(member.key)' without a word\(hint); known keys: \(AIModelFields.all.joined(separator: ", "))"
        )
    }

    private mutating func set(_ field: String, _ value: LocatedJSON, on entry: inout AIModelEntry) {
        let at = value.location
        func typeError(_ goType: String, _ fix: String) {
            refuse(.error(
                "lpai.lint.type", at: at,
                "json: cannot unmarshal \(value.goKind) into Go struct field AIModelConfig.\(field) of type \(goType): go-livepeer fails to load the whole file; \(fix)"
            ))
        }
        switch (field, value.kind) {
        case (_, .null) where !["price_per_unit", "pixels_per_unit"].contains(field):
            if field == "optimization_flags" { entry.optimizationFlags = [] }
        case ("pipeline", .string(let s)): entry.pipeline = Located(s, at: at)
        case ("model_id", .string(let s)): entry.modelID = Located(s, at: at)
        case ("url", .string(let s)): entry.url = Located(s, at: at)
        case ("token", .string(let s)): entry.token = Located(s, at: at)
        case ("gateway", .string(let s)): entry.gateway = Located(s, at: at)
        case ("currency", .string(let s)): entry.currency = Located(s, at: at)
        case ("pipeline", _), ("model_id", _), ("url", _), ("token", _), ("gateway", _), ("currency", _):
            typeError("string", "write it as a string in double quotes")
        case ("warm", .bool(let b)): entry.warm = Located(b, at: at)
        case ("warm", _): typeError("bool", "write true or false, unquoted")
        case ("capacity", .number(let text)):
            if let n = Int(text) { entry.capacity = Located(n, at: at) } else {
                refuse(.error("lpai.lint.type", at: at, "json: cannot unmarshal number \(text) into Go struct field AIModelConfig.capacity of type int: go-livepeer fails to load the whole file; write a whole number"))
            }
        case ("capacity", _): typeError("int", "write a whole number, unquoted")
        case ("optimization_flags", .object(let members)):
            var flags: [AIModelEntry.Flag] = entry.optimizationFlags
            for m in members {
                let flagValue: AIModelEntry.FlagValue
                switch m.value.kind {
                case .bool(let b): flagValue = .bool(b)
                case .string(let s): flagValue = .string(s)
                case .null: flagValue = .bool(false)
                default:
                    refuse(.error(
                        "lpai.lint.flag-value", at: m.value.location,
                        "json: cannot unmarshal \(m.value.goKind) into Go value of type string: go-livepeer fails to load the whole file; an optimization flag is true, false or a string\(m.value.goKind == "number" ? ": quote it" : "")"
                    ))
                    continue
                }
                flags.removeAll { $0.name == m.key }
                flags.append(AIModelEntry.Flag(name: m.key, value: flagValue, location: m.keyLocation))
            }
            entry.optimizationFlags = flags
        case ("optimization_flags", _): typeError("worker.OptimizationFlags", "write an object such as {\"SFAST\": true}")
        case (_, .number(let text)):
            if field == "price_per_unit" { entry.pricePerUnit = Located(text, at: at) } else { entry.pixelsPerUnit = Located(text, at: at) }
        default:
            // price_per_unit and pixels_per_unit are go-livepeer's JSONRat: a JSON number only.
            if case .string(let s) = value.kind, field == "price_per_unit" {
                refuse(.error(
                    "lpai.lint.price-string", at: at,
                    "price_per_unit is the string \"\(s)\": go-livepeer reads prices as JSON numbers only and fails to load the whole file (the public docs' \"0.5e-2USD\" example does this); write the number unquoted: \(PriceText.suggestion(for: s))"
                ))
            } else {
                refuse(.error(
                    "lpai.lint.type", at: at,
                    "\(field) must be a JSON number, not \(value.goKind == "null" ? "null" : "a \(value.goKind)"): go-livepeer fails to load the whole file; write an unquoted number\(field == "pixels_per_unit" ? " such as 1" : "")"
                ))
            }
        }
    }
}
