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
        escape(s, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the inside of a JSON string literal. Runs of bytes that need no escape are
    /// copied at once: byte-at-a-time appends were a sixth of a large render (docs/BENCHMARKS.md).
    static func escape(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                start = i + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
                default:
                    out.append(UInt8(ascii: "u"))
                    for digit in [UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigit(byte >> 4), hexDigit(byte & 15)] { out.append(digit) }
                }
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

/// JSON string escaping for other modules (the reconciler fills secrets into aiModels.json).
public enum JSONText {
    /// The inside of a JSON string literal holding `s`.
    public static func escaped(_ s: String) -> String {
        var out: [UInt8] = []
        JSONValue.escape(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
