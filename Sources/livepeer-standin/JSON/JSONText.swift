/// Writes JSON text: a quoted string, or an object or array from members already rendered as JSON.
enum JSONText {
    static func string(_ text: String) -> String { WireProtocol.jsonString(text) }

    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    static func strings(_ items: [String]) -> String { array(items.map(string)) }

    /// A `map[string]string` with its keys sorted, as Go's `encoding/json` writes it.
    static func stringMap(_ map: [String: String]) -> String {
        object(map.keys.sorted().map { ($0, string(map[$0] ?? "")) })
    }
}

extension JSONNode {
    /// The member named `key` of an object (the last one, as `encoding/json` keeps it).
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    var array: [JSONNode]? {
        if case .array(let items) = value { return items }
        return nil
    }

    var isObject: Bool {
        if case .object = value { return true }
        return false
    }

    /// A string-to-string object (`map[string]string`); other members are skipped.
    var stringMap: [String: String] {
        guard case .object(let members) = value else { return [:] }
        var map: [String: String] = [:]
        for (key, node) in members { if let text = node.string { map[key] = text } }
        return map
    }
}
