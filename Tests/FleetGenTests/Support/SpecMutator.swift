import FleetGen

/// Breaks a valid generated spec the ways a hand edit does: a scalar of the wrong type, a key
/// dropped, duplicated or misspelt, a file cut short, a tab or a stray byte. Text-level, so a
/// mutation can also leave YAML that does not parse; every choice comes from the seeded stream.
struct SpecMutator {
    enum Kind: String, CaseIterable, Sendable {
        case swapType, dropKey, duplicateKey, renameKey, truncate, insertByte
    }

    /// Values of every YAML shape the schema might not expect.
    static let replacements = [
        "text", "\"quoted\"", "'single'", "42", "-7", "0", "1.5", "1e400", "99999999999999999999", "0x1F", "true", "no",
        "null", "~", "", "[]", "[a, 1]", "{}", "{x: 1}", "[[]]", "{a: {b: [c]}}", "|\n  block\n", "&x 1", "*x", "!!str 5",
    ]

    /// Bytes a stray keystroke or a bad editor leaves behind.
    static let oddBytes: [[UInt8]] = [
        [0x09], [0x0D], [0x00], [0x7F], [0xC3], [0xFF], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xEF, 0xBB, 0xBF],
        Array(":".utf8), Array("- ".utf8), Array("{".utf8), Array("]".utf8), Array("&".utf8), Array("*".utf8),
        Array("!".utf8), Array("%".utf8), Array("@".utf8), Array("`".utf8), Array("\"".utf8), Array("'".utf8),
        Array("#".utf8), Array("? ".utf8), Array("<<: ".utf8), Array("\n---\n".utf8), Array("\t\t".utf8),
    ]

    var rng: SplitMix64

    /// `text` with one mutation of `kind` applied; unchanged only when the text has nowhere to apply it.
    mutating func mutate(_ text: [UInt8], _ kind: Kind) -> [UInt8] {
        switch kind {
        case .swapType: return swapScalar(text)
        case .dropKey: return editKey(text) { _, member in [] }
        case .duplicateKey: return editKey(text) { _, member in member + (member.last == UInt8(ascii: "\n") ? member : Array(", ".utf8) + member) }
        case .renameKey: return renameKey(text)
        case .truncate: return Array(text.prefix(rng.below(text.count + 1)))
        case .insertByte:
            let at = rng.below(text.count + 1)
            return Array(text[..<at]) + rng.pick(Self.oddBytes) + Array(text[at...])
        }
    }

    // MARK: - Finding keys and values in the text

    /// Byte ranges of `key: value` pairs: in block style the key's whole line and the more
    /// indented lines under it, in flow style the `key: value` member up to `,` `}` or `]`.
    static func members(_ t: [UInt8]) -> [(key: Range<Int>, member: Range<Int>)] {
        var out: [(key: Range<Int>, member: Range<Int>)] = []
        var i = 0
        while i + 1 < t.count {
            guard t[i] == UInt8(ascii: ":"), t[i + 1] == UInt8(ascii: " ") || t[i + 1] == UInt8(ascii: "\n") else {
                i += 1
                continue
            }
            var keyStart = i
            while keyStart > 0, !Self.isKeyBoundary(t[keyStart - 1]) { keyStart -= 1 }
            guard keyStart < i else {
                i += 1
                continue
            }
            let lineStart = t[..<keyStart].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let blockKey = t[lineStart..<keyStart].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }
            if blockKey {
                let indent = keyStart - lineStart
                var end = t[i...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? t.count
                while end < t.count {
                    var spaces = 0
                    while end + spaces < t.count, t[end + spaces] == UInt8(ascii: " ") { spaces += 1 }
                    guard spaces > indent else { break }
                    end = t[end...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? t.count
                }
                out.append((keyStart..<i, keyStart..<end))
            } else {
                out.append((keyStart..<i, keyStart..<Self.flowValueEnd(t, from: i + 2)))
            }
            i += 1
        }
        return out
    }

    private static func isKeyBoundary(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "{") || b == UInt8(ascii: ",") || b == UInt8(ascii: "[")
    }

    /// Where a flow value starting at `start` ends: the `,` `}` `]` or line end at its own depth.
    private static func flowValueEnd(_ t: [UInt8], from start: Int) -> Int {
        var depth = 0
        var j = start
        while j < t.count {
            switch t[j] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return j }
                depth -= 1
            case UInt8(ascii: ","): if depth == 0 { return j }
            case UInt8(ascii: "\n"): return j
            default: break
            }
            j += 1
        }
        return j
    }

    // MARK: - Mutations

    private mutating func swapScalar(_ t: [UInt8]) -> [UInt8] {
        let all = Self.members(t)
        guard !all.isEmpty else { return t }
        let pick = rng.pick(all)
        let valueStart = min(pick.key.upperBound + 2, t.count)
        // A block member's own value ends at its line; a flow member's is its whole member.
        let lineEnd = t[valueStart...].firstIndex(of: UInt8(ascii: "\n")) ?? t.count
        let valueEnd = max(valueStart, min(pick.member.upperBound, lineEnd))
        return Array(t[..<valueStart]) + Array(rng.pick(Self.replacements).utf8) + Array(t[valueEnd...])
    }

    private mutating func editKey(_ t: [UInt8], _ edit: (_ key: ArraySlice<UInt8>, _ member: [UInt8]) -> [UInt8]) -> [UInt8] {
        let all = Self.members(t)
        guard !all.isEmpty else { return t }
        let pick = rng.pick(all)
        var member = pick.member
        // A dropped flow member takes its separator with it, so `{a: 1, b: 2}` stays flow YAML.
        if member.upperBound < t.count, t[member.upperBound] == UInt8(ascii: ",") { member = member.lowerBound..<(member.upperBound + 1) }
        return Array(t[..<member.lowerBound]) + edit(t[pick.key], Array(t[member])) + Array(t[member.upperBound...])
    }

    private mutating func renameKey(_ t: [UInt8]) -> [UInt8] {
        let all = Self.members(t)
        guard !all.isEmpty else { return t }
        let key = rng.pick(all).key
        var name = Array(t[key])
        switch rng.below(4) {
        case 0: name.remove(at: rng.below(name.count))
        case 1: name.insert(name[rng.below(name.count)], at: rng.below(name.count + 1))
        case 2: name = name.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
        default: name = Array(rng.pick(["version", "fleet", "models", "workers", "host", "pipeline", "warm", "gpus", "price", "x"]).utf8)
        }
        return Array(t[..<key.lowerBound]) + name + Array(t[key.upperBound...])
    }
}
