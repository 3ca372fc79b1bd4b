import Spec

/// Checks the raw bytes before parsing: size, emptiness, UTF-8 and a byte-order mark.
enum JSONInputCheck {
    static func check(_ bytes: [UInt8], file: String, limits: JSONLimits) -> Diagnostic? {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if bytes.count > limits.maxBytes {
            return .error("lpai.lint.too-large", at: start, "the file is \(bytes.count) bytes, over the \(limits.maxBytes)-byte limit; an aiModels.json is a few kilobytes: this is not one")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return .error("lpai.lint.empty", at: start, "the file is empty: Go reports \"unexpected end of JSON input\" and go-livepeer fails to start; write [] for no models, or the model list")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return .error("lpai.lint.encoding", at: start, "the file starts with a UTF-8 byte-order mark: Go's encoding/json rejects it (\"invalid character 'ï' looking for beginning of value\"); save it as UTF-8 without a BOM")
        }
        if let bad = firstInvalidUTF8(bytes) {
            var line = 1
            var column = 1
            for byte in bytes[..<bad] {
                if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            return .error(
                "lpai.lint.encoding", at: SourceLocation(file: file, line: line, column: column),
                "not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad)): Go replaces such bytes with U+FFFD inside strings, so a model_id would silently not match; save the file as UTF-8"
            )
        }
        return nil
    }

    /// The offset of the first byte that does not start or continue a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            guard (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
