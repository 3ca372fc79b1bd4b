/// A parsed JSON value that keeps its source text: numbers stay exact, and Go's custom unmarshalers
/// (`JSONRat`) see the raw bytes, as they do in Go.
struct JSONNode: Sendable {
    indirect enum Value: Sendable {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([JSONNode])
        case object([(key: String, value: JSONNode)])
    }

    let value: Value
    let raw: String

    /// The word `encoding/json` uses for this value in an `UnmarshalTypeError`.
    var kind: String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Parses `bytes`, or returns Go's syntax error text.
    static func parse(_ bytes: [UInt8]) -> Result<JSONNode, JSONSyntaxError> {
        if let message = GoJSONScanner.check(bytes) { return .failure(JSONSyntaxError(message: message)) }
        var reader = TreeReader(bytes: bytes)
        return .success(reader.value())
    }
}

struct JSONSyntaxError: Error { let message: String }

/// Builds the tree from input the scanner already accepted, so it never meets an error.
private struct TreeReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func value() -> JSONNode {
        skipSpace()
        let start = offset
        let value: JSONNode.Value
        switch bytes[offset] {
        case UInt8(ascii: "{"): value = object()
        case UInt8(ascii: "["): value = array()
        case UInt8(ascii: "\""): value = .string(string())
        case UInt8(ascii: "t"): offset += 4; value = .bool(true)
        case UInt8(ascii: "f"): offset += 5; value = .bool(false)
        case UInt8(ascii: "n"): offset += 4; value = .null
        default: value = .number(number())
        }
        return JSONNode(value: value, raw: String(decoding: bytes[start..<offset], as: UTF8.self))
    }

    private mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    private mutating func object() -> JSONNode.Value {
        offset += 1
        var members: [(key: String, value: JSONNode)] = []
        skipSpace()
        if bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
        while true {
            skipSpace()
            let key = string()
            skipSpace()
            offset += 1 // ':'
            members.append((key, value()))
            skipSpace()
            let separator = bytes[offset]
            offset += 1
            if separator == UInt8(ascii: "}") { return .object(members) }
        }
    }

    private mutating func array() -> JSONNode.Value {
        offset += 1
        var items: [JSONNode] = []
        skipSpace()
        if bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
        while true {
            items.append(value())
            skipSpace()
            let separator = bytes[offset]
            offset += 1
            if separator == UInt8(ascii: "]") { return .array(items) }
        }
    }

    private mutating func number() -> String {
        let start = offset
        while offset < bytes.count, Array("+-0123456789.eE".utf8).contains(bytes[offset]) { offset += 1 }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// Unquotes a string as Go does: bad UTF-8 and lone surrogates become U+FFFD.
    private mutating func string() -> String {
        offset += 1
        var out: [UInt8] = []
        while bytes[offset] != UInt8(ascii: "\"") {
            guard bytes[offset] == UInt8(ascii: "\\") else {
                out.append(bytes[offset])
                offset += 1
                continue
            }
            let escape = bytes[offset + 1]
            offset += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): out.append(contentsOf: Array(String(unicodeEscape()).utf8))
            default: out.append(escape)
            }
        }
        offset += 1
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func unicodeEscape() -> Unicode.Scalar {
        let high = hex4()
        if (0xD800..<0xDC00).contains(high), offset + 5 < bytes.count,
            bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
            let saved = offset
            offset += 2
            let low = hex4()
            if (0xDC00..<0xE000).contains(low) {
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
            }
            offset = saved
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hex4() -> UInt32 {
        let text = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
        offset += 4
        return UInt32(text, radix: 16) ?? 0xFFFD
    }
}
