internal import CYAML

/// Bounds that keep a hostile or broken spec file from exhausting time or memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest accepted input, in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of collections; the root collection is level 1.
    public var maxDepth: Int
    /// Most nodes a document may reach once aliases are expanded (the billion-laughs guard).
    public var maxExpandedNodes: Int

    /// Limits with generous defaults for spec files.
    public init(maxBytes: Int = 64 * 1024 * 1024, maxDepth: Int = 64, maxExpandedNodes: Int = 2_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
    }
}

/// The tree of one YAML document, or the errors that prevented building it.
public struct YAMLLoadResult: Sendable {
    /// The document's root; nil for an empty document or when there are diagnostics.
    public var root: YAMLNode?
    /// Errors found while loading; when non-empty, `root` is nil.
    public var diagnostics: [Diagnostic]

    init(root: YAMLNode?, diagnostics: [Diagnostic]) {
        self.root = diagnostics.isEmpty ? root : nil
        self.diagnostics = diagnostics
    }
}

/// Reads one YAML document into located `YAMLNode`s with libyaml's event parser.
public enum YAMLLoader {
    /// Parses `bytes` (UTF-8) as a single YAML document; `file` names the source in every location.
    public static func load(_ bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()) -> YAMLLoadResult {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if bytes.count > limits.maxBytes {
            return YAMLLoadResult(root: nil, diagnostics: [YAMLDiagnostics.tooLarge(bytes.count, limits.maxBytes, at: start)])
        }
        return bytes.withUnsafeBufferPointer { input in
            let text = YAMLText(input)
            if let problem = YAMLInputCheck.firstProblem(in: input) {
                let position = text.position(ofByte: problem.offset)
                let location = SourceLocation(file: file, line: position.line, column: position.column)
                return YAMLLoadResult(root: nil, diagnostics: [YAMLDiagnostics.input(problem, at: location)])
            }
            guard input.baseAddress != nil else { return YAMLLoadResult(root: nil, diagnostics: []) }
            let marks = YAMLMarks(file: file, text: text)
            var builder = YAMLTreeBuilder(file: file, limits: limits, marks: marks)
            if let failure = parse(input, into: &builder) {
                builder.diagnostics.append(YAMLDiagnostics.parser(failure, text: text, marks: marks))
            }
            return builder.result()
        }
    }

    /// Feeds libyaml's events to `builder` until the stream ends, the builder stops, or libyaml fails.
    private static func parse(_ input: UnsafeBufferPointer<UInt8>, into builder: inout YAMLTreeBuilder) -> YAMLParserFailure? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else { return .outOfMemory }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, input.baseAddress, input.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)

        var event = yaml_event_t()
        while !builder.stopped {
            guard yaml_parser_parse(parser, &event) != 0 else { return YAMLParserFailure(parser.pointee) }
            defer { yaml_event_delete(&event) }
            let location = builder.location(line: event.start_mark.line, column: event.start_mark.column)
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                builder.documentStart(at: location)
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
                let scalar = YAMLNode.Scalar(text: text, style: style(data.style), tag: string(data.tag))
                builder.scalar(scalar, anchor: string(data.anchor), at: location)
            case YAML_ALIAS_EVENT:
                builder.alias(string(event.data.alias.anchor) ?? "", at: location)
            case YAML_SEQUENCE_START_EVENT:
                builder.open(mapping: false, anchor: string(event.data.sequence_start.anchor), at: location)
            case YAML_MAPPING_START_EVENT:
                builder.open(mapping: true, anchor: string(event.data.mapping_start.anchor), at: location)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                builder.close()
            case YAML_STREAM_END_EVENT:
                return nil
            default:
                break
            }
        }
        return nil
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}

/// libyaml's error state copied into Swift values before the parser is freed.
struct YAMLParserFailure {
    enum Stage { case reader, scanner, parser, memory }

    var stage: Stage
    var problem: String
    var context: String?
    /// 0-based line and column, as libyaml reports them.
    var problemMark: (line: Int, column: Int)
    var contextMark: (line: Int, column: Int)?
    /// Byte offset of a reader error.
    var offset: Int

    static let outOfMemory = YAMLParserFailure(
        stage: .memory, problem: "libyaml ran out of memory", context: nil, problemMark: (0, 0), contextMark: nil, offset: 0)

    init(stage: Stage, problem: String, context: String?, problemMark: (Int, Int), contextMark: (Int, Int)?, offset: Int) {
        self.stage = stage
        self.problem = problem
        self.context = context
        self.problemMark = problemMark
        self.contextMark = contextMark
        self.offset = offset
    }

    init(_ parser: yaml_parser_t) {
        let stage: Stage =
            switch parser.error {
            case YAML_READER_ERROR: .reader
            case YAML_SCANNER_ERROR: .scanner
            case YAML_MEMORY_ERROR: .memory
            default: .parser
            }
        self.init(
            stage: stage,
            problem: parser.problem.map { String(cString: $0) } ?? "unknown YAML error",
            context: parser.context.map { String(cString: $0) },
            problemMark: (Int(parser.problem_mark.line), Int(parser.problem_mark.column)),
            contextMark: parser.context == nil
                ? nil : (Int(parser.context_mark.line), Int(parser.context_mark.column)),
            offset: parser.problem_offset)
    }
}
