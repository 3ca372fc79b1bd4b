/// Byte-level checks run before libyaml sees the input: libyaml reports bad bytes by offset
/// only, and silently accepts a UTF-8 BOM that the rest of the toolchain may not.
enum YAMLInputCheck {
    struct Problem: Equatable {
        enum Kind: Equatable {
            case utf8BOM
            case wideBOM(String)
            case invalidUTF8(UInt8)
            case nul
            case control(UInt32)
        }

        var kind: Kind
        var offset: Int
    }

    static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        if let bom = byteOrderMark(bytes) { return Problem(kind: bom, offset: 0) }
        return firstInvalidScalar(bytes)
    }

    private static func byteOrderMark(_ b: UnsafeBufferPointer<UInt8>) -> Problem.Kind? {
        func starts(with prefix: [UInt8]) -> Bool { b.count >= prefix.count && zip(b, prefix).allSatisfy { $0 == $1 } }
        if starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return .wideBOM("UTF-32") }
        if starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return .wideBOM("UTF-32") }
        if starts(with: [0xFE, 0xFF]) || starts(with: [0xFF, 0xFE]) { return .wideBOM("UTF-16") }
        if starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        return nil
    }

    /// The first byte that is not well-formed UTF-8, or that starts a character YAML forbids
    /// (the same printable set libyaml's reader enforces).
    private static func firstInvalidScalar(_ b: UnsafeBufferPointer<UInt8>) -> Problem? {
        var i = 0
        let n = b.count
        while i < n {
            let lead = b[i]
            if lead < 0x80 {
                if lead >= 0x20 && lead != 0x7F || lead == 0x0A || lead == 0x0D || lead == 0x09 {
                    i += 1
                    continue
                }
                return Problem(kind: lead == 0 ? .nul : .control(UInt32(lead)), offset: i)
            }
            let width: Int
            var scalar: UInt32
            // Lower bounds on the second byte reject overlong forms; upper bounds reject
            // surrogates and values past U+10FFFF (RFC 3629, table 3-7 of Unicode).
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: width = 2; scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF:
                width = 3; scalar = UInt32(lead & 0x0F)
                if lead == 0xE0 { low = 0xA0 } else if lead == 0xED { high = 0x9F }
            case 0xF0...0xF4:
                width = 4; scalar = UInt32(lead & 0x07)
                if lead == 0xF0 { low = 0x90 } else if lead == 0xF4 { high = 0x8F }
            default: return Problem(kind: .invalidUTF8(lead), offset: i)
            }
            guard i + width <= n, (low...high).contains(b[i + 1]) else {
                return Problem(kind: .invalidUTF8(lead), offset: i)
            }
            for k in 1..<width {
                let next = b[i + k]
                guard next & 0xC0 == 0x80 else { return Problem(kind: .invalidUTF8(lead), offset: i) }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if !(scalar == 0x85 || scalar >= 0xA0 && scalar != 0xFFFE && scalar != 0xFFFF) {
                return Problem(kind: .control(scalar), offset: i)
            }
            i += width
        }
        return nil
    }
}

/// Maps between byte offsets and 1-based line/column the way libyaml counts them:
/// CR, LF, CRLF, NEL, LS and PS break lines, and columns count Unicode scalars.
struct YAMLText {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The width of the line break starting at `i`, or 0.
    func lineBreak(at i: Int) -> Int {
        switch bytes[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard i + 2 < bytes.count, bytes[i + 1] == 0x80 else { return 0 }
            return bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 ? 3 : 0
        default: return 0
        }
    }

    /// Line and column of byte `offset`; the bytes before it must be valid UTF-8.
    func position(ofByte offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        while i < min(offset, bytes.count) {
            let width = lineBreak(at: i)
            if width > 0 {
                line += 1
                column = 1
                i += width
            } else {
                if bytes[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
        }
        return (line, column)
    }

    /// The 0-based line of the line break libyaml adds to a file that does not end with one
    /// (`YAMLMarks`), and the real end of the file (1-based); nil when the file ends with a break.
    func virtualLastLine() -> (line: Int, end: (line: Int, column: Int))? {
        guard let last = bytes.last, last != 0x0A, last != 0x0D else { return nil }
        // NEL (C2 85), LS and PS (E2 80 A8/A9) also end a line.
        if bytes.count >= 2, bytes[bytes.count - 2] == 0xC2, last == 0x85 { return nil }
        if bytes.count >= 3, bytes[bytes.count - 3] == 0xE2, bytes[bytes.count - 2] == 0x80, last == 0xA8 || last == 0xA9 { return nil }
        let end = position(ofByte: bytes.count)
        return (end.line, end)
    }

    /// The byte offset of a 0-based libyaml mark, clamped to the end of the input.
    func offset(line: Int, column: Int) -> Int {
        var i = 0
        var current = 0
        while current < line, i < bytes.count {
            let width = lineBreak(at: i)
            if width > 0 {
                current += 1
                i += width
            } else {
                i += 1
            }
        }
        var remaining = column
        while remaining > 0, i < bytes.count, lineBreak(at: i) == 0 {
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            remaining -= 1
        }
        return i
    }
}
