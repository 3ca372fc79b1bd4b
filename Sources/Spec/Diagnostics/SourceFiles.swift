/// The text of the files a spec was read from, indexed by line for printing diagnostics.
public struct SourceFiles: Sendable {
    private struct File: Sendable {
        var bytes: [UInt8]
        /// Byte range of each line without its break; indexed once so each lookup is O(1).
        var lines: [Range<Int>]
    }

    private var files: [String: File] = [:]

    public init() {}

    /// Lines break where libyaml breaks them (LF, CR, CRLF, NEL, LS, PS), so a diagnostic's line
    /// number finds its line: counting LF alone printed the wrong line, or none, under a
    /// diagnostic in a file with CR line ends.
    public mutating func add(file: String, text: String) {
        let bytes = Array(text.utf8)
        var lines: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            let width = Self.lineBreak(bytes, at: i)
            if width > 0 {
                lines.append(start..<i)
                i += width
                start = i
            } else {
                i += 1
            }
        }
        lines.append(start..<bytes.count)
        files[file] = File(bytes: bytes, lines: lines)
    }

    /// The width of the line break at `i`, or 0 (the same breaks as `YAMLText.lineBreak`).
    private static func lineBreak(_ b: [UInt8], at i: Int) -> Int {
        switch b[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < b.count && b[i + 1] == 0x85 ? 2 : 0
        case 0xE2: return i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    /// The 1-based line of `file`, without its line break; nil past the end, and for the empty
    /// "line" after a final line break.
    public func line(_ number: Int, of file: String) -> String? {
        guard let source = files[file], number >= 1, number <= source.lines.count else { return nil }
        let range = source.lines[number - 1]
        if number == source.lines.count, range.isEmpty { return nil }
        return String(decoding: source.bytes[range], as: UTF8.self)
    }
}
