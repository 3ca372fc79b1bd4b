/// Mapping keys: scalar-only keys, duplicate detection, and `<<` merge keys, which libyaml
/// passes through as ordinary keys.
extension YAMLTreeBuilder {
    static let mergeTag = "tag:yaml.org,2002:merge"

    static func isMergeKey(_ key: YAMLNode.Scalar) -> Bool {
        key.tag == nil ? key.style == .plain && key.text == "<<" : key.tag == mergeTag
    }

    /// Checks a scalar key and records its text; false for a `<<` key, which is not kept as an entry.
    mutating func acceptKey(_ key: borrowing YAMLNode.Scalar, at location: borrowing SourceLocation, frame top: Int) -> Bool {
        if Self.isMergeKey(key) {
            stack[top].pendingIsMerge = true
            if let first = stack[top].mergeKeyLocation {
                diagnostics.append(YAMLDiagnostics.duplicateKey(key.text, at: location, first: first))
            } else {
                stack[top].mergeKeyLocation = copy location
            }
            return false
        }
        if let first = firstKey(key.text, frame: top) {
            diagnostics.append(YAMLDiagnostics.duplicateKey(key.text, at: location, first: first))
        }
        let position = keyTexts.count
        keyTexts.append(key.text)
        if stack[top].keyIndex != nil {
            stack[top].keyIndex![key.text] = stack[top].keyIndex![key.text] ?? position
        } else if position - stack[top].keyStart + 1 >= Self.linearScanLimit {
            var index: [String: Int] = [:]
            for k in stride(from: position, through: stack[top].keyStart, by: -1) {
                if let text = keyTexts[k] { index[text] = k }
            }
            stack[top].keyIndex = index
        }
        return true
    }

    /// Where `text` was first used as a key in the open mapping `top`.
    private func firstKey(_ text: String, frame top: Int) -> SourceLocation? {
        let keyStart = stack[top].keyStart
        var k: Int?
        if stack[top].keyIndex != nil {
            k = stack[top].keyIndex?[text]
        } else {
            var i = keyStart
            while i < keyTexts.count, k == nil {
                if keyTexts[i] == text { k = i }
                i += 1
            }
        }
        return k.map { values[stack[top].start + 2 * ($0 - keyStart)].location }
    }

    mutating func recordMerge(_ value: YAMLNode, frame top: Int) {
        var sources: [[YAMLNode.Entry]] = []
        switch value.kind {
        case .mapping(let entries):
            sources.append(entries)
        case .sequence(let items):
            for item in items {
                if case .mapping(let entries) = item.kind {
                    sources.append(entries)
                } else if value.location < item.location {
                    diagnostics.append(YAMLDiagnostics.badMerge(item, at: item.location, inList: true))
                } else {
                    // The list came through an alias, so its items sit at the anchor; point at the `<<` value.
                    diagnostics.append(YAMLDiagnostics.badMerge(item, at: value.location, inList: true))
                }
            }
        case .scalar:
            diagnostics.append(YAMLDiagnostics.badMerge(value, at: value.location, inList: false))
        }
        let position = keyTexts.count - stack[top].keyStart
        stack[top].merges.append(PendingMerge(position: position, sources: sources))
    }

    /// Splices merged entries in where `<<` was written; keys written in the mapping itself
    /// win, then earlier merge sources over later ones.
    static func applyMerges(_ merges: [PendingMerge], to entries: [YAMLNode.Entry]) -> [YAMLNode.Entry] {
        var seen = Set<String>()
        for entry in entries {
            if case .scalar(let key) = entry.key.kind { seen.insert(key.text) }
        }
        var result: [YAMLNode.Entry] = []
        var next = 0
        func splice(upTo position: Int) {
            while next < merges.count, merges[next].position <= position {
                for source in merges[next].sources {
                    for entry in source {
                        if case .scalar(let key) = entry.key.kind, seen.insert(key.text).inserted { result.append(entry) }
                    }
                }
                next += 1
            }
        }
        for (i, entry) in entries.enumerated() {
            splice(upTo: i)
            result.append(entry)
        }
        splice(upTo: Int.max)
        return result
    }
}
