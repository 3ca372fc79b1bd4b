/// Types YAML nodes by the schema and accumulates located diagnostics; never throws on the first problem.
struct NodeDecoder {
    var diagnostics: [Diagnostic] = []

    mutating func error(_ id: String, at location: SourceLocation, _ message: String, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(id, at: location, message, notes: notes))
    }

    /// The keys of a mapping, with unknown keys reported against `allowed`.
    struct Fields {
        var node: YAMLNode
        var what: String
        var entries: [String: YAMLNode.Entry]

        subscript(_ key: String) -> YAMLNode? {
            guard let value = entries[key]?.value else { return nil }
            if case .scalar(let s) = value.kind, s.isNull { return nil }
            return value
        }

        func keyLocation(_ key: String) -> SourceLocation? { entries[key]?.key.location }
    }

    mutating func fields(_ node: YAMLNode, what: String, allowed: [String]) -> Fields? {
        guard case .mapping(let entries) = node.kind else {
            typeMismatch(node, expected: "a mapping", what: what)
            return nil
        }
        var byKey: [String: YAMLNode.Entry] = [:]
        byKey.reserveCapacity(entries.count)
        for entry in entries {
            guard case .scalar(let key) = entry.key.kind else { continue }
            if !allowed.contains(key.text) {
                let listed = allowed.count <= 8 ? " (known keys: \(allowed.joined(separator: ", ")))" : ""
                let hint = Suggest.closest(to: key.text, in: allowed).map { "; did you mean '\($0)'?" } ?? listed
                error("lpai.spec.unknown-key", at: entry.key.location, "unknown key '\(key.text)' in \(what)\(hint)")
                continue
            }
            byKey[key.text] = entry
        }
        return Fields(node: node, what: what, entries: byKey)
    }

    mutating func require(_ fields: Fields, _ key: String, _ meaning: String) -> YAMLNode? {
        if let value = fields[key] { return value }
        let at = fields.keyLocation(key) ?? fields.node.location
        error("lpai.spec.missing-key", at: at, "\(fields.what) needs '\(key)': \(meaning)")
        return nil
    }

    mutating func typeMismatch(_ node: YAMLNode, expected: String, what: String, hint: String = "") {
        error("lpai.spec.type", at: node.location, "\(what) must be \(expected), found \(node.shapeDescription)\(hint)")
    }

    // MARK: scalars

    private mutating func scalar(_ node: YAMLNode, expected: String, what: String) -> YAMLNode.Scalar? {
        guard case .scalar(let s) = node.kind, !s.isNull else {
            typeMismatch(node, expected: expected, what: what)
            return nil
        }
        return s
    }

    mutating func string(_ node: YAMLNode, what: String) -> Located<String>? {
        guard let s = scalar(node, expected: "a string", what: what) else { return nil }
        if s.text.isEmpty {
            error("lpai.spec.type", at: node.location, "\(what) must not be empty")
            return nil
        }
        return Located(s.text, at: node.location)
    }

    mutating func int(_ node: YAMLNode, what: String, range: ClosedRange<Int>? = nil) -> Located<Int>? {
        guard let s = scalar(node, expected: "an integer", what: what) else { return nil }
        guard s.style == .plain else {
            error("lpai.spec.type", at: node.location, "\(what) must be an integer, found the quoted string \"\(s.text)\"; remove the quotes")
            return nil
        }
        guard let value = Self.parseDecimalInt(s.text) else {
            error("lpai.spec.type", at: node.location, "\(what) must be a decimal integer, found '\(s.text)'")
            return nil
        }
        if let range, !range.contains(value) {
            error("lpai.spec.range", at: node.location, "\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            return nil
        }
        return Located(value, at: node.location)
    }

    static func parseDecimalInt(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let magnitude = Int(digits) else {
            return nil
        }
        return negative ? -magnitude : magnitude
    }

    mutating func bool(_ node: YAMLNode, what: String) -> Located<Bool>? {
        guard let s = scalar(node, expected: "true or false", what: what) else { return nil }
        if s.style == .plain {
            switch s.text {
            case "true", "True", "TRUE": return Located(true, at: node.location)
            case "false", "False", "FALSE": return Located(false, at: node.location)
            default: break
            }
        }
        let yaml11 = ["yes", "no", "on", "off", "y", "n"].contains(s.text.lowercased())
        let hint = yaml11 ? " (YAML 1.1 '\(s.text)' is not a boolean here; write true or false)" : ""
        error("lpai.spec.type", at: node.location, "\(what) must be true or false, found '\(s.text)'\(hint)")
        return nil
    }

    /// A JSON number written unquoted (`4768371`, `0.5`, `1e-3`): go-livepeer fails the whole
    /// aiModels.json on a price string such as "0.5e-2USD" (LIVEPEER.md).
    mutating func number(_ node: YAMLNode, what: String) -> Located<String>? {
        guard let s = scalar(node, expected: "a number", what: what) else { return nil }
        guard s.style == .plain, JSONNumber.isValid(s.text) else {
            let quoted = s.style == .plain ? "'\(s.text)'" : "the string \"\(s.text)\""
            error(
                "lpai.price.not-a-number", at: node.location,
                "\(what) must be a plain number such as 4768371 or 0.005, found \(quoted); go-livepeer rejects the whole aiModels.json when a price is a string (LIVEPEER.md, price_per_unit). Put the currency in 'currency'"
            )
            return nil
        }
        return Located(JSONNumber.normalize(s.text), at: node.location)
    }

    /// A memory size such as `24GiB`, `16 GB` or `8192MiB`, in bytes.
    mutating func size(_ node: YAMLNode, what: String) -> Located<Int64>? {
        guard let s = scalar(node, expected: "a size such as 24GiB", what: what) else { return nil }
        guard let bytes = ByteSize.parse(s.text) else {
            error("lpai.spec.size", at: node.location, "\(what) must be a size with a unit such as 24GiB, 16GB or 8192MiB, found '\(s.text)'")
            return nil
        }
        return Located(bytes, at: node.location)
    }

    /// `{env: NAME}` or `{file: PATH}`; inline secret values are refused so they never land in git.
    mutating func secret(_ node: YAMLNode, what: String) -> SecretRef? {
        if case .scalar(let s) = node.kind, !s.isNull {
            error(
                "lpai.secret.inline", at: node.location,
                "\(what) is written inline; secrets are references so they never sit in the spec or in output: write {env: VARIABLE} or {file: /path/to/file}"
            )
            return nil
        }
        guard let fields = fields(node, what: what, allowed: SpecSchema.secretObject.keys) else { return nil }
        switch (fields["env"], fields["file"]) {
        case (let env?, nil):
            guard let name = string(env, what: "\(what).env") else { return nil }
            guard Self.isEnvName(name.value) else {
                error("lpai.secret.env-name", at: env.location, "'\(name.value)' is not an environment variable name (letters, digits and _, not starting with a digit)")
                return nil
            }
            return SecretRef(source: .env, name: name.value, at: node.location)
        case (nil, let file?):
            guard let path = string(file, what: "\(what).file") else { return nil }
            guard path.value.hasPrefix("/") else {
                error("lpai.secret.file-path", at: file.location, "\(what).file must be an absolute path (it is read where lpai-apply runs and, by launch.sh, on the host), found '\(path.value)'")
                return nil
            }
            return SecretRef(source: .file, name: path.value, at: node.location)
        case (.some, .some):
            error("lpai.secret.ambiguous", at: node.location, "\(what) names both env and file; keep one")
        case (nil, nil):
            error("lpai.spec.missing-key", at: node.location, "\(what) needs 'env' or 'file'")
        }
        return nil
    }

    static func isEnvName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// A list, or nil with a diagnostic.
    mutating func sequence(_ node: YAMLNode, what: String) -> [YAMLNode]? {
        guard case .sequence(let items) = node.kind else {
            typeMismatch(node, expected: "a list", what: what)
            return nil
        }
        return items
    }

    /// The entries of a name → definition mapping, with names checked.
    mutating func named(_ node: YAMLNode, what: String) -> [(name: Located<String>, value: YAMLNode)] {
        guard case .mapping(let entries) = node.kind else {
            typeMismatch(node, expected: "a mapping of names to definitions", what: what)
            return []
        }
        var result: [(name: Located<String>, value: YAMLNode)] = []
        result.reserveCapacity(entries.count)
        for entry in entries {
            guard case .scalar(let key) = entry.key.kind else { continue }
            guard Self.isValidName(key.text) else {
                error(
                    "lpai.spec.name", at: entry.key.location,
                    "'\(key.text)' is not a valid name in \(what): use 1–63 letters, digits, '-', '_' or '.', starting with a letter or digit (names become container and folder names)"
                )
                continue
            }
            result.append((Located(key.text, at: entry.key.location), entry.value))
        }
        return result
    }

    static func isValidName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (1...63).contains(scalars.count), let first = scalars.first, isAlnum(first) else { return false }
        return scalars.allSatisfy { isAlnum($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    private static func isAlnum(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
}
