public import Spec

/// Reads JSON with Go's `encoding/json` grammar (no comments, no trailing commas, no single
/// quotes) and a source location on every value and key. The first syntax error stops it, as it
/// stops go-livepeer, and becomes a located diagnostic that says what Go reports and the fix.
public struct JSONReader {
    private let bytes: [UInt8]
    private let file: String
    private let limits: JSONLimits
    private var offset = 0
    private var line = 1
    private var column = 1

    /// The file's value, or the diagnostic that stops go-livepeer from loading it.
    public static func read(_ bytes: [UInt8], file: String, limits: JSONLimits = JSONLimits()) -> Result<LocatedJSON, Diagnostic> {
        if let problem = JSONInputCheck.check(bytes, file: file, limits: limits) { return .failure(problem) }
        var reader = JSONReader(bytes: bytes, file: file, limits: limits)
        do throws(Diagnostic) {
            reader.skipSpace()
            let value = try reader.value(depth: 1)
            reader.skipSpace()
            if reader.offset < bytes.count {
                throw reader.syntax("invalid character \(goQuote(reader.bytes[reader.offset])) after top-level value", fix: "the file must hold one JSON value: remove what follows the closing bracket")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private init(bytes: [UInt8], file: String, limits: JSONLimits) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
    }

    var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func advance() {
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipSpace() {
        while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { advance() }
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(Diagnostic) -> LocatedJSON {
        let start = here
        guard let c = current else { throw endOfInput() }
        switch c {
        case UInt8(ascii: "{"): return try object(depth: depth, start: start)
        case UInt8(ascii: "["): return try array(depth: depth, start: start)
        case UInt8(ascii: "\""): return LocatedJSON(kind: .string(try string()), location: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return LocatedJSON(kind: .number(try number()), location: start)
        case UInt8(ascii: "t"): try literal("true"); return LocatedJSON(kind: .bool(true), location: start)
        case UInt8(ascii: "f"): try literal("false"); return LocatedJSON(kind: .bool(false), location: start)
        case UInt8(ascii: "n"): try literal("null"); return LocatedJSON(kind: .null, location: start)
        default: throw unexpected(c, "looking for beginning of value")
        }
    }

    private mutating func object(depth: Int, start: SourceLocation) throws(Diagnostic) -> LocatedJSON {
        try checkDepth(depth)
        advance()
        var members: [LocatedJSON.Member] = []
        skipSpace()
        if current == UInt8(ascii: "}") { advance(); return LocatedJSON(kind: .object([]), location: start) }
        while true {
            skipSpace()
            guard let c = current else { throw endOfInput(opened: start, "object") }
            guard c == UInt8(ascii: "\"") else { throw unexpected(c, "looking for beginning of object key string") }
            let keyLocation = here
            let key = try string()
            skipSpace()
            guard let colon = current else { throw endOfInput(opened: start, "object") }
            guard colon == UInt8(ascii: ":") else { throw unexpected(colon, "after object key") }
            advance()
            skipSpace()
            let member = try value(depth: depth + 1)
            members.append(LocatedJSON.Member(key: key, keyLocation: keyLocation, value: member))
            skipSpace()
            guard let next = current else { throw endOfInput(opened: start, "object") }
            if next == UInt8(ascii: "}") { advance(); return LocatedJSON(kind: .object(members), location: start) }
            guard next == UInt8(ascii: ",") else { throw unexpected(next, "after object key:value pair") }
            try commaNotTrailing(closing: UInt8(ascii: "}"))
        }
    }

    private mutating func array(depth: Int, start: SourceLocation) throws(Diagnostic) -> LocatedJSON {
        try checkDepth(depth)
        advance()
        var items: [LocatedJSON] = []
        skipSpace()
        if current == UInt8(ascii: "]") { advance(); return LocatedJSON(kind: .array([]), location: start) }
        while true {
            skipSpace()
            guard current != nil else { throw endOfInput(opened: start, "array") }
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard let next = current else { throw endOfInput(opened: start, "array") }
            if next == UInt8(ascii: "]") { advance(); return LocatedJSON(kind: .array(items), location: start) }
            guard next == UInt8(ascii: ",") else { throw unexpected(next, "after array element") }
            try commaNotTrailing(closing: UInt8(ascii: "]"))
        }
    }

    /// Consumes a comma; a closing bracket right after it is the trailing comma Go rejects.
    private mutating func commaNotTrailing(closing: UInt8) throws(Diagnostic) {
        let comma = here
        advance()
        skipSpace()
        guard current == closing else { return }
        let context = closing == UInt8(ascii: "]") ? "looking for beginning of value" : "looking for beginning of object key string"
        throw Diagnostic.error(
            "lpai.lint.trailing-comma", at: comma,
            "trailing comma: Go's encoding/json rejects it (\"invalid character \(goQuote(closing)) \(context)\") and go-livepeer fails to load the whole file; remove this comma"
        )
    }

    private mutating func literal(_ word: String) throws(Diagnostic) {
        for expected in word.utf8 {
            guard let c = current else { throw endOfInput() }
            guard c == expected else { throw unexpected(c, "in literal \(word) (expecting \(goQuote(expected)))") }
            advance()
        }
    }

    private mutating func checkDepth(_ depth: Int) throws(Diagnostic) {
        guard depth > limits.maxDepth else { return }
        throw Diagnostic.error(
            "lpai.lint.too-deep", at: here,
            "nested more than \(limits.maxDepth) levels deep; an aiModels.json is an array of flat objects (two levels, three with optimization_flags): this is not one"
        )
    }
}

extension JSONReader {
    fileprivate mutating func number() throws(Diagnostic) -> String {
        let start = offset
        if current == UInt8(ascii: "-") { advance() }
        guard let first = current else { throw endOfInput() }
        if first == UInt8(ascii: "0") {
            advance()
        } else if isDigit(first) {
            while let c = current, isDigit(c) { advance() }
        } else {
            throw unexpected(first, "in numeric literal")
        }
        if current == UInt8(ascii: ".") {
            advance()
            guard let c = current else { throw endOfInput() }
            guard isDigit(c) else { throw unexpected(c, "after decimal point in numeric literal") }
            while let c = current, isDigit(c) { advance() }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            guard let c = current else { throw endOfInput() }
            guard isDigit(c) else { throw unexpected(c, "in exponent of numeric literal") }
            while let c = current, isDigit(c) { advance() }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// A string literal with Go's unescaping (a lone surrogate becomes U+FFFD).
    fileprivate mutating func string() throws(Diagnostic) -> String {
        let opened = here
        advance()
        var out: [UInt8] = []
        var pendingHigh: UInt32?
        func emit(_ scalar: Unicode.Scalar) {
            if pendingHigh != nil { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
            pendingHigh = nil
            out.append(contentsOf: Array(String(scalar).utf8))
        }
        while true {
            guard let c = current else { throw endOfInput(opened: opened, "string") }
            if c == UInt8(ascii: "\"") {
                if pendingHigh != nil { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
                advance()
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 {
                throw unexpected(c, "in string literal", fix: c == 0x0A ? "a string cannot span lines: close it on this line" : "escape control characters (\\n, \\t, \\u00XX)")
            }
            guard c == UInt8(ascii: "\\") else {
                if pendingHigh != nil { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); pendingHigh = nil }
                out.append(c)
                advance()
                continue
            }
            advance()
            guard let e = current else { throw endOfInput(opened: opened, "string") }
            let simple: [UInt8: Unicode.Scalar] = [0x22: "\"", 0x5C: "\\", 0x2F: "/", 0x62: "\u{08}", 0x66: "\u{0C}", 0x6E: "\n", 0x72: "\r", 0x74: "\t"]
            if let scalar = simple[e] {
                emit(scalar)
                advance()
                continue
            }
            guard e == UInt8(ascii: "u") else { throw unexpected(e, "in string escape code") }
            advance()
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let h = current else { throw endOfInput(opened: opened, "string") }
                guard let digit = hexValue(h) else { throw unexpected(h, "in \\u hexadecimal character escape") }
                code = code * 16 + digit
                advance()
            }
            if (0xD800...0xDBFF).contains(code) {
                if pendingHigh != nil { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
                pendingHigh = code
            } else if (0xDC00...0xDFFF).contains(code) {
                if let high = pendingHigh, let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)) {
                    pendingHigh = nil
                    out.append(contentsOf: Array(String(scalar).utf8))
                } else {
                    emit("\u{FFFD}")
                }
            } else {
                emit(Unicode.Scalar(code) ?? "\u{FFFD}")
            }
        }
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case 0x41...0x46: UInt32(c - 0x41 + 10)
        case 0x61...0x66: UInt32(c - 0x61 + 10)
        default: nil
        }
    }
}
