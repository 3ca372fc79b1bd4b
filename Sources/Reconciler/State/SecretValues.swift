internal import Spec
public import Planner
internal import Crypto
internal import Foundation

/// The secret values a plan's files need, resolved where lpai-apply runs. Never printed,
/// never written anywhere but the files inside the containers.
public struct SecretValues: Sendable {
    struct Key: Hashable { var source: String, name: String }
    private var values: [Key: String]

    /// Resolves every slot of the plan; the failures are returned, one per missing secret.
    public static func resolve(_ plan: Plan, environment: [String: String]) -> (SecretValues, [String]) {
        var values: [Key: String] = [:]
        var failures: [String] = []
        for slot in plan.nodes.flatMap({ $0.files.flatMap(\.secrets) }) {
            let key = Key(source: slot.source, name: slot.name)
            guard values[key] == nil else { continue }
            let result: Result<String, SecretResolver.ResolveError>
            switch slot.source {
            case "env": result = SecretResolver.resolve(env: slot.name, environment: environment)
            case "file": result = SecretResolver.resolve(file: slot.name)
            default: result = .failure(SecretResolver.ResolveError("unknown secret source '\(slot.source)'"))
            }
            switch result {
            case .success(let value): values[key] = value
            case .failure(let error): if !failures.contains(error.description) { failures.append(error.description) }
            }
        }
        return (SecretValues(values: values), failures)
    }

    init(values: [Key: String]) {
        self.values = values
    }

    public static let empty = SecretValues(values: [:])

    /// Values given directly (benchmarks, tests), not resolved from the environment.
    public static func fixed(_ values: [(source: String, name: String, value: String)]) -> SecretValues {
        SecretValues(values: Dictionary(values.map { (Key(source: $0.source, name: $0.name), $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    func value(_ slot: SecretSlot) -> String? { values[Key(source: slot.source, name: slot.name)] }

    /// A file's content with its secrets filled in (JSON-escaped where the slot says so).
    public func fill(_ file: PlannedFile) -> [UInt8] {
        var text = file.content
        for slot in file.secrets {
            guard let value = value(slot) else { continue }
            text = text.replacingOccurrences(of: slot.placeholder, with: slot.escaping == .json ? JSONText.escaped(value) : value)
        }
        return Array(text.utf8)
    }

    /// The keyed digest of a node's secret values: HMAC-SHA256 under a random key kept on the
    /// engine (``EngineKeys``, `keyID` set) or inside the container itself (mode 0600, beside
    /// the secret file). A label holding it tells nothing to someone who can read labels but not
    /// files: without the key, a guessed secret cannot be checked against it.
    public func digest(of node: PlannedNode, key: [UInt8], keyID: String? = nil) -> String? {
        let slots = node.files.flatMap(\.secrets)
        guard !slots.isEmpty else { return nil }
        var message: [UInt8] = []
        for slot in slots {
            for part in [slot.source, slot.name, value(slot) ?? ""] {
                message += Array("\(part.utf8.count):".utf8) + Array(part.utf8)
            }
        }
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return SecretDigest.prefix + (keyID.map { "\($0):" } ?? "") + mac.map { String(format: "%02x", $0) }.joined()
    }
}

/// Where the digest keys live and how the labels are written.
public enum SecretDigest {
    public static let prefix = "hmac-sha256:"
    /// The container's own key (the fallback when the engine's keyholder is gone).
    public static let keyPath = "/etc/lpai/.secret-digest-key"

    /// The key id of an engine-key digest label (`hmac-sha256:<id>:<mac>`), nil for others.
    public static func keyID(of label: String) -> String? {
        guard label.hasPrefix(prefix) else { return nil }
        let rest = label.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return String(rest[..<colon])
    }

    /// 32 random bytes.
    public static func newKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
