public import Spec
internal import Foundation

/// Resolves secret references where lpai-apply runs; values never leave this type unasked.
public enum SecretResolver {
    /// Every secret reference in the spec.
    public static func references(in spec: FleetSpec) -> [SecretRef] {
        spec.orchestrators.flatMap { [$0.secret, $0.onchain?.ethPassword].compactMap { $0 } }
            + spec.models.compactMap(\.external?.token)
    }

    /// A located error for each reference that does not resolve here.
    public static func check(_ spec: FleetSpec, environment: [String: String]? = nil) -> [Diagnostic] {
        references(in: spec).compactMap { ref in
            switch resolve(ref, environment: environment ?? ProcessInfo.processInfo.environment) {
            case .success: nil
            case .failure(let error): .error("lpai.secret.unresolved", at: ref.location, error.description)
            }
        }
    }


    /// The secret's value (a file's content is trimmed, as go-livepeer trims `-orchSecret` files).
    public static func resolve(_ ref: SecretRef, environment: [String: String]? = nil) -> Result<String, ResolveError> {
        switch ref.source {
        case .env: resolve(env: ref.name, environment: environment ?? ProcessInfo.processInfo.environment)
        case .file: resolve(file: ref.name)
        }
    }

    static func resolve(env name: String, environment: [String: String]) -> Result<String, ResolveError> {
        guard let value = environment[name], !value.isEmpty else {
            return .failure(ResolveError("environment variable \(name) is not set (or empty); export it before running lpai-apply"))
        }
        return .success(value)
    }

    static func resolve(file path: String) -> Result<String, ResolveError> {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(ResolveError("secret file \(path) cannot be read; check the path and its permissions"))
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(ResolveError("secret file \(path) is empty")) }
        return .success(trimmed)
    }

    public struct ResolveError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
