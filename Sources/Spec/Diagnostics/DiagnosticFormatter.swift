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

    private func excerpt(at location: SourceLocation, sources: SourceFiles) -> String {
        guard let line = sources.line(location.line, of: location.file) else { return "" }
        var caret = ""
        for (index, scalar) in line.unicodeScalars.enumerated() where index < location.column - 1 {
            caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        return "  \(line)\n  \(caret)\(color("^", code: "32"))\n"
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
