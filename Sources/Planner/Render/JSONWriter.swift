internal import Spec
/// A small deterministic JSON writer: keys in the order given, numbers emitted as written.
/// It writes bytes, not String appends: plan.json of a large fleet is megabytes.
enum JSONValue: Sendable {
    case string(String)
    /// A number's exact text (already validated as JSON).
    case number(String)
    case bool(Bool)
    case object([(String, JSONValue)])
    case array([JSONValue])

    func render(indent: Int = 0) -> String {
        var out: [UInt8] = []
        write(to: &out, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    func write(to out: inout [UInt8], indent: Int) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (index, (key, value)) in members.enumerated() {
                Self.pad(&out, indent + 1)
                Self.quote(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                value.write(to: &out, indent: indent + 1)
                out.append(contentsOf: (index == members.count - 1 ? "\n" : ",\n").utf8)
            }
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (index, item) in items.enumerated() {
                Self.pad(&out, indent + 1)
                item.write(to: &out, indent: indent + 1)
                out.append(contentsOf: (index == items.count - 1 ? "\n" : ",\n").utf8)
            }
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "]"))
        }
    }

    private static func pad(_ out: inout [UInt8], _ indent: Int) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        JSONText.escape(s, into: &out)
        out.append(UInt8(ascii: "\""))
    }
}
