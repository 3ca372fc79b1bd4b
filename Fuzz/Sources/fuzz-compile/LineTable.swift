internal import Spec

/// Each input file's lines, broken where libyaml breaks them (LF, CR, CRLF, NEL, LS, PS), so a
/// diagnostic's line and column can be checked to point inside the file.
struct LineTable {
    /// Per file, the number of Unicode scalars on each line (bytes that are not continuation
    /// bytes, as the loader counts columns).
    private var widths: [String: [Int]] = [:]
    private let path: String

    /// The files the loader could show lines of (it keeps only valid UTF-8).
    private var utf8Files: Set<String> = []

    init(_ files: [(file: String, bytes: [UInt8])], path: String = "spec") {
        self.path = path
        for (file, bytes) in files {
            widths[file] = Self.lineWidths(bytes)
            if String(validating: bytes, as: UTF8.self) != nil { utf8Files.insert(file) }
        }
    }

    static func lineWidths(_ b: [UInt8]) -> [Int] {
        var widths: [Int] = []
        var current = 0
        var i = 0
        while i < b.count {
            var breakWidth = 0
            switch b[i] {
            case 0x0A: breakWidth = 1
            case 0x0D: breakWidth = i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
            case 0xC2 where i + 1 < b.count && b[i + 1] == 0x85: breakWidth = 2
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9): breakWidth = 3
            default: break
            }
            if breakWidth > 0 {
                widths.append(current)
                current = 0
                i += breakWidth
            } else {
                if b[i] & 0xC0 != 0x80 { current += 1 }
                i += 1
            }
        }
        widths.append(current)
        return widths
    }

    /// Every location is inside its file, and the line printed under it (`sources`, for the
    /// files that are valid UTF-8) is that line: the same number of characters.
    func checkLocations(_ diagnostics: [Diagnostic], sources: SourceFiles, stage: String) {
        for d in diagnostics {
            check(d.location, sources, "\(stage) diagnostic [\(d.id)] \(d.message)")
            for note in d.notes { check(note.location, sources, "\(stage) note of [\(d.id)] \(note.message)") }
        }
    }

    private func check(_ location: SourceLocation?, _ sources: SourceFiles, _ what: String) {
        guard let location else { fatalError("invariant: unlocated \(what)") }
        if location.file == path, location.line == 1, location.column == 1 { return }
        guard let lines = widths[location.file] else { fatalError("invariant: \(what) is in an unknown file \(location)") }
        Invariant.require(location.line >= 1 && location.line <= lines.count, "\(what) is at \(location), past the file's \(lines.count) lines")
        let width = lines[location.line - 1]
        Invariant.require(location.column >= 1 && location.column <= width + 1, "\(what) is at \(location), outside its line of \(width) characters")
        guard utf8Files.contains(location.file), width > 0 else { return }
        let printed = sources.line(location.line, of: location.file)
        Invariant.require(printed?.unicodeScalars.count == width, "\(what) at \(location) prints \(printed.map { "\"\($0)\"" } ?? "no line"), not its line")
    }
}
