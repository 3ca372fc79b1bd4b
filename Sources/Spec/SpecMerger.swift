/// Merges the documents of a spec folder into one tree: named sections are unioned (a name
/// defined twice is an error), `requirements` are concatenated, and singular keys must agree.
struct SpecMerger {
    var diagnostics: [Diagnostic] = []

    static let namedSections: Set<String> = ["hosts", "models", "orchestrators", "workers"]
    static let listSections: Set<String> = ["requirements"]

    mutating func merge(_ documents: [(file: String, root: YAMLNode)]) -> YAMLNode? {
        if documents.count == 1 { return documents[0].root }
        var order: [String] = []
        var merged: [String: (key: YAMLNode, value: YAMLNode)] = [:]
        var named: [String: [String: SourceLocation]] = [:]
        for (file, root) in documents {
            guard case .mapping(let entries) = root.kind else {
                diagnostics.append(.error("lpai.spec.type", at: root.location, "\(file) must hold a mapping of spec sections (version, fleet, hosts, …), found \(root.shapeDescription)"))
                continue
            }
            for entry in entries {
                guard case .scalar(let keyScalar) = entry.key.kind else { continue }
                let key = keyScalar.text
                guard let existing = merged[key] else {
                    order.append(key)
                    merged[key] = (entry.key, entry.value)
                    if Self.namedSections.contains(key) { recordNames(entry.value, section: key, into: &named) }
                    continue
                }
                if Self.namedSections.contains(key) {
                    merged[key] = (existing.key, mergeNamed(existing.value, entry.value, section: key, seen: &named))
                } else if Self.listSections.contains(key) {
                    merged[key] = (existing.key, concatenate(existing.value, entry.value, section: key))
                } else if !sameScalar(existing.value, entry.value) {
                    diagnostics.append(.error(
                        "lpai.spec.conflict", at: entry.key.location,
                        "'\(key)' is set in more than one file of the spec folder with different content; keep it in one file",
                        notes: [.init("first set here", at: existing.key.location)]
                    ))
                }
            }
        }
        guard let first = documents.first else { return nil }
        let entries = order.compactMap { merged[$0] }.map { YAMLNode.Entry(key: $0.key, value: $0.value) }
        return YAMLNode(.mapping(entries), at: first.root.location)
    }

    private func sameScalar(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        if case .scalar(let x) = a.kind, case .scalar(let y) = b.kind { return x.text == y.text }
        return false
    }

    private func recordNames(_ node: YAMLNode, section: String, into seen: inout [String: [String: SourceLocation]]) {
        guard case .mapping(let entries) = node.kind else { return }
        for entry in entries {
            if case .scalar(let k) = entry.key.kind { seen[section, default: [:]][k.text] = entry.key.location }
        }
    }

    private mutating func mergeNamed(_ a: YAMLNode, _ b: YAMLNode, section: String, seen: inout [String: [String: SourceLocation]]) -> YAMLNode {
        if case .scalar(let s) = a.kind, s.isNull {
            recordNames(b, section: section, into: &seen)
            return b
        }
        guard case .mapping(var entries) = a.kind else { return a }
        if case .scalar(let s) = b.kind, s.isNull { return a }
        guard case .mapping(let more) = b.kind else {
            diagnostics.append(.error("lpai.spec.type", at: b.location, "'\(section)' must be a mapping of names to definitions, found \(b.shapeDescription)"))
            return a
        }
        for entry in more {
            guard case .scalar(let k) = entry.key.kind else { continue }
            if let first = seen[section]?[k.text] {
                diagnostics.append(.error(
                    "lpai.spec.duplicate-name", at: entry.key.location,
                    "\(section) '\(k.text)' is defined in more than one file of the spec folder; rename one or delete the copy",
                    notes: [.init("first defined here", at: first)]
                ))
                continue
            }
            seen[section, default: [:]][k.text] = entry.key.location
            entries.append(entry)
        }
        return YAMLNode(.mapping(entries), at: a.location)
    }

    private mutating func concatenate(_ a: YAMLNode, _ b: YAMLNode, section: String) -> YAMLNode {
        if case .scalar(let s) = a.kind, s.isNull { return b }
        if case .scalar(let s) = b.kind, s.isNull { return a }
        guard case .sequence(let first) = a.kind, case .sequence(let second) = b.kind else {
            diagnostics.append(.error("lpai.spec.type", at: b.location, "'\(section)' must be a list in every file of the spec folder"))
            return a
        }
        return YAMLNode(.sequence(first + second), at: a.location)
    }
}
