public import Planner
internal import Foundation

/// `plan --out FILE`: the plan, the changes, and the containers they were computed against.
/// Applying it re-reads the engines and refuses it if any node's containers changed since.
/// It holds no secret values: files carry placeholders, and secret digests are the labels'.
public struct SavedPlan: Sendable, Codable {
    public static let format = 1

    /// Marks the file as a saved plan (and its format).
    public var lpaiSavedPlan: Int
    public var plan: Plan
    /// `--engine` overrides the plan was made with; applying the file uses them again.
    public var engineOverrides: [String: String]
    public var diff: FleetDiff

    public init(plan: Plan, engineOverrides: [String: String], diff: FleetDiff) {
        self.lpaiSavedPlan = Self.format
        self.plan = plan
        self.engineOverrides = engineOverrides
        self.diff = diff
    }

    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }

    /// True when the bytes look like a saved plan rather than a spec.
    public static func looksLikeSavedPlan(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first(where: { ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains($0) }),
              first == UInt8(ascii: "{")
        else { return false }
        // The marker key may come after a large diff: read the whole object (a spec written
        // as JSON, which YAML allows, has no such key).
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return false }
        return object["lpaiSavedPlan"] != nil
    }

    public static func decode(_ bytes: [UInt8]) throws -> SavedPlan {
        let saved = try JSONDecoder().decode(SavedPlan.self, from: Data(bytes))
        guard saved.lpaiSavedPlan == format else {
            throw SavedPlanError(description: "saved plan format \(saved.lpaiSavedPlan) is not supported by this lpai-apply (it reads format \(format))")
        }
        return saved
    }

    /// Nodes whose observed containers (or whose needed change) differ from when the plan was
    /// made, each with what the plan expected and what runs now. Empty means still valid.
    public func staleNodes(now: FleetDiff) -> [String] {
        let before = Self.fingerprints(diff)
        let after = Self.fingerprints(now)
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            let old = before[key] ?? "nothing"
            let new = after[key] ?? "nothing"
            return old == new ? nil : "\(key): the plan expected \(old); now \(new)"
        }
    }

    static func fingerprints(_ diff: FleetDiff) -> [String: String] {
        var out: [String: String] = [:]
        func describe(_ refs: [ContainerRef]) -> String {
            refs.map { "\($0.name) [\($0.id.prefix(12)), \($0.running ? "running" : "stopped"), hash \($0.hash?.suffix(8) ?? "none")\($0.secrets == nil ? "" : ", secrets \($0.secrets?.suffix(8) ?? "")")]" }
                .joined(separator: ", ")
        }
        for change in diff.changes {
            let key = "\(change.node) on \(change.host)"
            let refs = describe(change.containers + change.leftovers)
            out[key, default: ""] += "\(change.action.rawValue)\(refs.isEmpty ? "" : " of \(refs)")"
        }
        for node in diff.unchanged {
            out["\(node.node) on \(node.host)", default: ""] += "no change to \(describe([node.container]))"
        }
        return out
    }
}

public struct SavedPlanError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
