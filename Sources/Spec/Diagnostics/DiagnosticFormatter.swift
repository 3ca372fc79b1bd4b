/// Prints diagnostics as `file:line:col: error: message [id]`, the source line and a caret.
public struct DiagnosticFormatter: Sendable {
    public var colors: Bool

    public init(colors: Bool = false) { self.colors = colors }

    public func format(_ diagnostic: Diagnostic, sources: SourceFiles) -> String {
        var out = ""
        let prefix = diagnostic.location.map { "\($0): " } ?? ""
        out += "\(bold(prefix))\(severityLabel(diagnostic.severity)): \(bold(diagnostic.message)) [\(diagnostic.id)]\n"
        if let location = diagnostic.location { out += excerpt(at: location, sources: sources) }
        for note in diagnostic.notes {
            let notePrefix = note.location.map { "\($0): " } ?? ""
            out += "\(bold(notePrefix))\(severityLabel(.note)): \(note.message)\n"
            if let location = note.location { out += excerpt(at: location, sources: sources) }
        }
        return out
    }

    public func format(_ diagnostics: [Diagnostic], sources: SourceFiles) -> String {
        diagnostics.map { format($0, sources: sources) }.joined()
    }

    /// Characters of a long line printed around the column. A minified JSON spec is one line:
    /// printed whole under each of its diagnostics, the output grew with lines × diagnostics.
    public static let excerptWidth = 160

    private func excerpt(at location: SourceLocation, sources: SourceFiles) -> String {
        guard let line = sources.line(location.line, of: location.file) else { return "" }
        let scalars = Array(line.unicodeScalars)
        let column = min(max(location.column - 1, 0), scalars.count)
        var window = 0..<scalars.count
        if scalars.count > Self.excerptWidth {
            let start = max(0, min(column - Self.excerptWidth / 2, scalars.count - Self.excerptWidth))
            window = start..<(start + Self.excerptWidth)
        }
        let before = window.lowerBound > 0 ? "…" : "", after = window.upperBound < scalars.count ? "…" : ""
        var text = before, caret = before.isEmpty ? "" : " "
        text.unicodeScalars.append(contentsOf: scalars[window])
        for scalar in scalars[window.lowerBound..<column] { caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ") }
        return "  \(text)\(after)\n  \(caret)\(color("^", code: "32"))\n"
    }

    private func severityLabel(_ severity: Severity) -> String {
        switch severity {
        case .error: color("error", code: "1;31")
        case .warning: color("warning", code: "1;35")
        case .note: color("note", code: "1;36")
        }
    }

    private func bold(_ text: String) -> String { text.isEmpty ? text : color(text, code: "1") }

    private func color(_ text: String, code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
