/// The loader's messages: each says what is wrong and how to fix it, under a stable id.
enum YAMLDiagnostics {
    static func tooLarge(_ size: Int, _ limit: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            "lpai.yaml.too-large", at: location,
            "the file is \(size) bytes, over the limit of \(limit) bytes; split the spec into several files in the spec folder")
    }

    static func input(_ problem: YAMLInputCheck.Problem, at location: SourceLocation) -> Diagnostic {
        switch problem.kind {
        case .utf8BOM:
            return .error(
                "lpai.yaml.bom", at: location,
                "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
        case .wideBOM(let encoding):
            return .error(
                "lpai.yaml.encoding", at: location,
                "the file is \(encoding)-encoded (it starts with a \(encoding) byte-order mark); save it as UTF-8 without BOM")
        case .invalidUTF8(let byte):
            return .error(
                "lpai.yaml.encoding", at: location,
                "invalid UTF-8 (byte 0x\(hex(UInt32(byte), width: 2))); spec files must be UTF-8 — re-save the file as UTF-8 (it may be Latin-1 or Windows-1252)")
        case .nul:
            return .error(
                "lpai.yaml.encoding", at: location,
                "the file contains a NUL byte, so it is probably UTF-16 or UTF-32; save it as UTF-8")
        case .control(let scalar):
            let code = "U+\(hex(scalar, width: 4))"
            let escape = scalar <= 0xFF ? "\\x\(hex(scalar, width: 2))" : "\\u\(hex(scalar, width: 4))"
            return .error(
                "lpai.yaml.control-character", at: location,
                "the control character \(code) is not allowed in YAML; delete it, or write it as \(escape) inside a double-quoted string")
        }
    }

    static func multipleDocuments(at location: SourceLocation) -> Diagnostic {
        .error(
            "lpai.yaml.multiple-documents", at: location,
            "a spec file holds one YAML document; remove the `---` or split it into another file in the spec folder")
    }

    static func tooDeep(limit: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            "lpai.yaml.too-deep", at: location,
            "this collection nests more than \(limit) levels deep; flatten the structure (or close the brackets opened before it)")
    }

    static func complexKey(_ key: YAMLNode, at location: SourceLocation) -> Diagnostic {
        .error(
            "lpai.yaml.complex-key", at: location,
            "a mapping key must be a scalar, but this key is \(key.shapeDescription); write the key as plain text")
    }

    static func duplicateKey(_ key: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error(
            "lpai.yaml.duplicate-key", at: location,
            "duplicate key '\(key)' in this mapping; remove one of them or rename it",
            notes: [Diagnostic.Note("first defined here", at: first)])
    }

    static func undefinedAlias(_ name: String, recursive: Bool, at location: SourceLocation) -> Diagnostic {
        let message =
            recursive
            ? "alias *\(name) refers to the collection it is inside; an anchor cannot contain itself — copy the values you need instead"
            : "alias *\(name) has no anchor &\(name) before it; define &\(name) earlier in the file or fix the alias name"
        return .error("lpai.yaml.undefined-alias", at: location, message)
    }

    static func aliasBomb(_ name: String, nodes: Int, limit: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            "lpai.yaml.alias-bomb", at: location,
            "expanding alias *\(name) would make the aliases of the document expand to \(nodes) nodes, over the limit of \(limit); aliases of collections that themselves contain aliases multiply in size — write the values out or use fewer nested aliases")
    }

    static func badMerge(_ value: YAMLNode, at location: SourceLocation, inList: Bool) -> Diagnostic {
        let what = inList ? "the `<<` list holds" : "the `<<` value is"
        return .error(
            "lpai.yaml.bad-merge", at: location,
            "`<<` merges mappings, but \(what) \(value.shapeDescription); write `<<: *anchor` or `<<: [*a, *b]` with anchors on mappings")
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
