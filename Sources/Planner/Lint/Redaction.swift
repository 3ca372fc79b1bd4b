/// Hides secret values (`"token": "…"`) in an aiModels.json or flag text before it is quoted in
/// diagnostics: each secret character becomes `*`, so columns stay right.
public enum Redaction {
    /// The text with the value of every `"token"` key (any letter case) starred out. Works on
    /// UTF-8 bytes in one pass (an aiModels.json may be megabytes); each secret character,
    /// whatever its byte length, becomes one `*`.
    public static func aiModels(_ text: String) -> String {
        let b = Array(text.utf8)
        let key = Array("token\"".utf8)
        let quote = UInt8(ascii: "\"")
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            out.append(b[i])
            guard b[i] == quote, i + 1 + key.count <= b.count,
                  zip(b[(i + 1)..<(i + 1 + key.count)], key).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 })
            else { i += 1; continue }
            out.append(contentsOf: b[(i + 1)..<(i + 1 + key.count)])
            var j = i + 1 + key.count
            func copySpace(newlines: Bool) {
                while j < b.count, b[j] == 0x20 || b[j] == 0x09 || (newlines && (b[j] == 0x0A || b[j] == 0x0D)) { out.append(b[j]); j += 1 }
            }
            copySpace(newlines: false)
            guard j < b.count, b[j] == UInt8(ascii: ":") else { i = j; continue }
            out.append(b[j]); j += 1
            copySpace(newlines: true)
            guard j < b.count, b[j] == quote else { i = j; continue }
            out.append(b[j]); j += 1
            while j < b.count, b[j] != quote, b[j] != 0x0A {
                if b[j] == UInt8(ascii: "\\"), j + 1 < b.count, b[j + 1] != 0x0A { out.append(UInt8(ascii: "*")); j += 1 }
                out.append(UInt8(ascii: "*"))
                j += 1
                while j < b.count, b[j] & 0xC0 == 0x80 { j += 1 }
            }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Redaction {
    /// A command line with the values of secret flags (`-orchSecret`, `-ethPassword`, …) and of
    /// secret-looking `-e NAME=VALUE` settings starred out.
    public static func commandLine(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        var i = 0
        var previous = ""
        while i < scalars.count {
            while i < scalars.count, " \t\n\r\\".unicodeScalars.contains(scalars[i]) { i += 1 }
            let start = i
            var quote: Unicode.Scalar?
            while i < scalars.count {
                let c = scalars[i]
                if let q = quote { if c == q { quote = nil } } else if c == "'" || c == "\"" { quote = c } else if " \t\n\r".unicodeScalars.contains(c) { break }
                i += 1
            }
            guard start < i else { continue }
            let word = String(String.UnicodeScalarView(scalars[start..<i]))
            let bare = word.drop { $0 == "-" }
            var from: Int?
            if isSecretFlag(previous) {
                from = start
            } else if let eq = bare.firstIndex(of: "="), word.hasPrefix("-"), isSecretFlag(String(bare[..<eq])) {
                from = start + word.unicodeScalars.count - bare[bare.index(after: eq)...].unicodeScalars.count
            } else if previous == "-e" || previous == "--env" || word.hasPrefix("--env=") || word.hasPrefix("-e") {
                let setting = word.hasPrefix("--env=") ? String(word.dropFirst(6)) : (word.hasPrefix("-e") && previous != "-e" ? String(word.dropFirst(2)) : word)
                if let eq = setting.firstIndex(of: "="), ["SECRET", "PASSWORD", "TOKEN", "KEY"].contains(where: setting[..<eq].uppercased().contains) {
                    from = start + word.unicodeScalars.count - setting[setting.index(after: eq)...].unicodeScalars.count
                }
            }
            if let from { for k in from..<i where scalars[k] != "'" && scalars[k] != "\"" { scalars[k] = "*" } }
            previous = word
        }
        return String(String.UnicodeScalarView(scalars))
    }

    private static func isSecretFlag(_ word: String) -> Bool {
        let name = String(word.drop { $0 == "-" })
        return word.hasPrefix("-") && (LivepeerFlags.secret.contains(name) || LivepeerFlags.caseMatch(name).map(LivepeerFlags.secret.contains) == true)
    }
}
