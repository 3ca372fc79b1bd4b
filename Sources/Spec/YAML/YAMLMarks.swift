/// Turns libyaml's 0-based marks into 1-based locations that are always inside the file.
///
/// libyaml ends a file that lacks a final line break with a virtual one, so the marks of the
/// stream's last tokens (an unclosed bracket, an empty value at the end) fall on a line that
/// does not exist; those are moved to the real end of the file, just after its last character.
struct YAMLMarks: Sendable {
    let file: String
    /// The virtual line (0-based) and the real end of the file (1-based), when there is one.
    private let virtualLine: (line: Int, end: (line: Int, column: Int))?

    init(file: String, text: YAMLText) {
        self.file = file
        self.virtualLine = text.virtualLastLine()
    }

    func location(line: Int, column: Int) -> SourceLocation {
        if let virtual = virtualLine, line >= virtual.line {
            return SourceLocation(file: file, line: virtual.end.line, column: virtual.end.column)
        }
        return SourceLocation(file: file, line: line + 1, column: column + 1)
    }
}
