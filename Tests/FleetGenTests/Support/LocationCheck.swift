import Planner
import Spec

/// Checks that every location a diagnostic (or its notes) gives is inside the file it names:
/// a line the file has (lines broken where libyaml breaks them: LF, CR, CRLF, NEL, LS, PS) and
/// a column from 1 to one past the line's last character.
struct LocationCheck {
    private var widths: [String: [Int]] = [:]

    /// The files the loader shows lines of (valid UTF-8).
    private var utf8Files: Set<String> = []

    init(_ files: [(file: String, bytes: [UInt8])]) {
        for (file, bytes) in files {
            widths[file] = Self.lineWidths(bytes)
            if String(validating: bytes, as: UTF8.self) != nil { utf8Files.insert(file) }
        }
    }

    /// Unicode scalars on each line; a file that ends with a line break has an empty last line.
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

    /// One line per location that is missing or outside its file, or whose line `sources`
    /// (what the formatter prints under a diagnostic) gives as another line.
    func problems(_ diagnostics: [Diagnostic], sources: SourceFiles) -> [String] {
        diagnostics.flatMap { d in
            ([d.location] + d.notes.map(\.location)).compactMap { location -> String? in
                guard let location else { return "[\(d.id)] \(d.message): no location" }
                guard let lines = widths[location.file] else { return "[\(d.id)] at \(location): not a file of the spec" }
                guard location.line >= 1, location.line <= lines.count else {
                    return "[\(d.id)] at \(location): the file has \(lines.count) lines"
                }
                let width = lines[location.line - 1]
                guard location.column >= 1, location.column <= width + 1 else {
                    return "[\(d.id)] at \(location): line \(location.line) has \(width) characters"
                }
                guard utf8Files.contains(location.file), width > 0 else { return nil }
                let printed = sources.line(location.line, of: location.file)
                guard printed?.unicodeScalars.count == width else {
                    return "[\(d.id)] at \(location): the line printed under it is \(printed.map { "'\($0)'" } ?? "missing")"
                }
                return nil
            }
        }
    }
}
