/// How bad a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in a spec, with a stable id such as `lpai.yaml.duplicate-key`.
public struct Diagnostic: Error, Sendable, Hashable, Codable {
    /// A secondary message pointing at another place (for example the first definition).
    public struct Note: Sendable, Hashable, Codable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var id: String
    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    public var notes: [Note]

    public init(
        id: String, severity: Severity, location: SourceLocation?, message: String, notes: [Note] = []
    ) {
        self.id = id
        self.severity = severity
        self.location = location
        self.message = message
        self.notes = notes
    }

    public static func error(
        _ id: String, at location: SourceLocation?, _ message: String, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(id: id, severity: .error, location: location, message: message, notes: notes)
    }

    public static func warning(
        _ id: String, at location: SourceLocation?, _ message: String, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(id: id, severity: .warning, location: location, message: message, notes: notes)
    }
}

extension Array where Element == Diagnostic {
    /// True when at least one diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line, column, then id, so output is deterministic.
    /// Sorted by location, then id and message; exact repeats (one rule firing for several
    /// nodes at the same spec line, say) appear once.
    public func sortedForOutput() -> [Diagnostic] {
        var seen: Set<String> = []
        return filter { seen.insert("\($0.id)\u{0}\($0.location.map { "\($0)" } ?? "")\u{0}\($0.message)").inserted }.sorted { a, b in
            switch (a.location, b.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return true
            case (_?, nil): return false
            default: return (a.id, a.message) < (b.id, b.message)
            }
        }
    }
}
