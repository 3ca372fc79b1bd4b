public import Spec

/// One aiModels.json entry as go-livepeer's `core.AIModelConfig` receives it, with where each
/// field's value came from (the last key that set it, as Go's decoder applies them in order).
public struct AIModelEntry: Sendable, Hashable {
    /// An optimization flag: go-livepeer passes its text to the runner as an environment variable.
    public struct Flag: Sendable, Hashable {
        public var name: String
        public var value: FlagValue
        public var location: SourceLocation
    }

    public enum FlagValue: Sendable, Hashable {
        case bool(Bool)
        case string(String)
    }

    /// The entry's position in the array, from 0.
    public var index: Int
    /// Where the entry's `{` is.
    public var location: SourceLocation
    public var pipeline: Located<String>?
    public var modelID: Located<String>?
    public var warm: Located<Bool>?
    public var capacity: Located<Int>?
    public var optimizationFlags: [Flag] = []
    public var url: Located<String>?
    public var token: Located<String>?
    public var gateway: Located<String>?
    /// Number text, exactly as written.
    public var pricePerUnit: Located<String>?
    public var pixelsPerUnit: Located<String>?
    public var currency: Located<String>?
    /// Each field that a key set, and where that key is.
    public var keys: [String: SourceLocation] = [:]

    public init(index: Int, location: SourceLocation) {
        self.index = index
        self.location = location
    }

    public var isWarm: Bool { warm?.value ?? false }
    public var isExternal: Bool { !(url?.value.isEmpty ?? true) }
    public var pipelineName: String { pipeline?.value ?? "" }
    public var modelIDName: String { modelID?.value ?? "" }
    /// How go-livepeer names the entry in messages.
    public var label: String { "\(pipelineName.isEmpty ? "?" : pipelineName) \(modelIDName.isEmpty ? "?" : modelIDName)" }

    /// What go-livepeer advertises for the entry (LIVEPEER.md, "Capacity").
    public var advertisedCapacity: Int { isExternal ? max(capacity?.value ?? 1, 0) : 1 }

    /// Containers go-livepeer starts for the entry at boot.
    public var containersAtBoot: Int { isExternal || !isWarm ? 0 : max(capacity?.value ?? 1, 1) }
}

/// What an entry's keys mean to go-livepeer: the fields of `core.AIModelConfig`.
public enum AIModelFields {
    public static let worker: [String] = ["pipeline", "model_id", "url", "token", "warm", "capacity", "optimization_flags"]
    public static let price: [String] = ["gateway", "price_per_unit", "pixels_per_unit", "currency"]
    public static let all: [String] = ["pipeline", "model_id", "url", "token", "warm", "capacity", "optimization_flags", "gateway", "price_per_unit", "pixels_per_unit", "currency"]

    /// The field a key sets: an exact match, else Go's case-insensitive match (`URL` → `url`).
    public static func field(forKey key: String) -> String? {
        if all.contains(key) { return key }
        let folded = fold(key)
        return all.first { fold($0) == folded }
    }

    /// Go's `foldName`: ASCII upper-cased; the Kelvin sign and the long s fold to K and S.
    static func fold(_ key: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0x61...0x7A: out.append(Unicode.Scalar(scalar.value - 32)!)
            case 0x212A: out.append("K")
            case 0x017F: out.append("S")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
