/// Turns libyaml's error state into a located diagnostic with a fix hint.
extension YAMLDiagnostics {
    static func parser(_ failure: YAMLParserFailure, text: YAMLText, marks: YAMLMarks) -> Diagnostic {
        let file = marks.file
        func located(_ mark: (line: Int, column: Int)) -> SourceLocation { marks.location(line: mark.line, column: mark.column) }
        switch failure.stage {
        case .memory:
            return .error("lpai.yaml.syntax", at: located((0, 0)), "\(failure.problem); the file is too large or too complex to load")
        case .reader:
            let position = text.position(ofByte: failure.offset)
            let location = SourceLocation(file: file, line: position.line, column: position.column)
            return .error("lpai.yaml.encoding", at: location, "\(failure.problem); save the file as UTF-8 text")
        case .scanner, .parser:
            break
        }
        if let tab = indentationTab(failure.problemMark, text: text) {
            return .error(
                "lpai.yaml.tab", at: located(tab),
                "tab character in indentation; YAML indents with spaces only — replace the tab with spaces")
        }
        // At the end of the stream the problem mark is just "the end"; where the unfinished
        // construct began is what the reader needs.
        let atEnd =
            failure.problem.contains("end of stream")
            || text.offset(line: failure.problemMark.line, column: failure.problemMark.column) >= text.bytes.count
        var location = located(failure.problemMark)
        var notes: [Diagnostic.Note] = []
        if let contextMark = failure.contextMark, let context = failure.context, contextMark != failure.problemMark {
            if atEnd {
                location = located(contextMark)
            } else {
                notes.append(Diagnostic.Note("\(context.replacing("while ", with: "")) that starts here", at: located(contextMark)))
            }
        }
        let context = failure.context.map { " \($0)" } ?? ""
        return .error("lpai.yaml.syntax", at: location, "\(failure.problem)\(context); \(hint(for: failure))", notes: notes)
    }

    /// The tab libyaml tripped over, if the error is on a tab in a line's leading whitespace.
    private static func indentationTab(_ mark: (line: Int, column: Int), text: YAMLText) -> (line: Int, column: Int)? {
        let bytes = text.bytes
        let lineStart = text.offset(line: mark.line, column: 0)
        var i = lineStart
        var firstTab: Int?
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 {
            if bytes[i] == 0x09, firstTab == nil { firstTab = i - lineStart }
            i += 1
        }
        guard let firstTab, mark.column <= i - lineStart else { return nil }
        let markOffset = text.offset(line: mark.line, column: mark.column)
        if markOffset < bytes.count, bytes[markOffset] == 0x09 { return mark }
        return (mark.line, firstTab)
    }

    private static func hint(for failure: YAMLParserFailure) -> String {
        let problem = failure.problem
        let context = failure.context ?? ""
        if problem.contains("end of stream") && context.contains("quoted scalar") {
            return "the quoted string is never closed — add the closing quote"
        }
        if problem.contains("mapping values are not allowed") {
            return "a plain value cannot contain ': ' — quote the value, or move a nested mapping onto its own indented lines"
        }
        if problem.contains("tag") || context.contains("tag") {
            return "use a standard tag such as !!str, or remove the tag"
        }
        if problem.contains("expected ',' or ']'") || problem.contains("expected ',' or '}'") || context.contains("flow") {
            return "close the bracket and separate items with commas, or quote values that contain , [ ] { }"
        }
        if problem.contains("did not find expected") || problem.contains("block end") {
            return "check the indentation: the keys of one mapping and the items of one list must start in the same column"
        }
        if problem.contains("cannot start any token") {
            return "plain values cannot start with @ or ` — quote the value"
        }
        return "fix the YAML syntax here (check indentation, quoting and brackets)"
    }
}
