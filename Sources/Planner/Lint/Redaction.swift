/// Hides secret values (`"token": "…"`) in an aiModels.json or flag text before it is quoted in
/// diagnostics: each secret character becomes `*`, so columns stay right.
public enum Redaction {
    /// The text with the value of every `"token"` key (any letter case) starred out.
    public static func aiModels(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        let key = Array("\"token\"".unicodeScalars)
        var i = 0
        while i + key.count <= scalars.count {
            guard zip(scalars[i..<(i + key.count)], key).allSatisfy({ lower($0) == $1 }) else { i += 1; continue }
            var j = i + key.count
            while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
            guard j < scalars.count, scalars[j] == ":" else { i += 1; continue }
            j += 1
            while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" || scalars[j] == "\n" || scalars[j] == "\r" { j += 1 }
            guard j < scalars.count, scalars[j] == "\"" else { i = j; continue }
            j += 1
            while j < scalars.count, scalars[j] != "\"", scalars[j] != "\n" {
                if scalars[j] == "\\", j + 1 < scalars.count, scalars[j + 1] != "\n" { scalars[j] = "*"; j += 1 }
                scalars[j] = "*"
                j += 1
            }
            i = j
        }
        return String(String.UnicodeScalarView(scalars))
    }

    private static func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(s) ? Unicode.Scalar(s.value + 32)! : s
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
