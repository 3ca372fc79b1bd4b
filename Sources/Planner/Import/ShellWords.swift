public import Spec

/// A word of a shell command line and where it starts.
public struct ShellWord: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
    /// Whether the word contains an unquoted or double-quoted `$` (a variable the shell would expand).
    public var expands: Bool
}

/// POSIX shell word splitting, enough for pasted `docker run …` lines and flag lists: quotes,
/// backslashes, line continuations and comments. Commands end at an unquoted newline, `;`, `&&`,
/// `||` or `|`. Nothing is expanded.
public enum ShellWords {
    public static func commands(_ text: String, file: String) -> Result<[[ShellWord]], Diagnostic> {
        var commands: [[ShellWord]] = []
        var words: [ShellWord] = []
        var word: String.UnicodeScalarView?
        var start = SourceLocation(file: file, line: 1, column: 1)
        var expands = false
        let s = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        var column = 1
        func at() -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
        func step() {
            if s[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        func begin() {
            if word == nil { word = String.UnicodeScalarView(); start = at(); expands = false }
        }
        func endWord() {
            if let w = word { words.append(ShellWord(text: String(w), location: start, expands: expands)) }
            word = nil
        }
        func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(words) }
            words = []
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case " ", "\t", "\r":
                endWord(); step()
            case "\n", ";", "|", "&":
                endCommand(); step()
            case "#" where word == nil:
                while i < s.count, s[i] != "\n" { step() }
            case "\\":
                if i + 1 < s.count, s[i + 1] == "\n" { step(); step(); continue }
                if i + 1 < s.count, s[i + 1] == "\r", i + 2 < s.count, s[i + 2] == "\n" { step(); step(); step(); continue }
                begin(); step()
                if i < s.count { word!.append(s[i]); step() }
            case "'":
                begin()
                let opened = at()
                step()
                while i < s.count, s[i] != "'" { word!.append(s[i]); step() }
                guard i < s.count else { return .failure(.error("lpai.import.shell-quote", at: opened, "this single quote is never closed; close it with '")) }
                step()
            case "\"":
                begin()
                let opened = at()
                step()
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\", i + 1 < s.count, "$`\"\\\n".unicodeScalars.contains(s[i + 1]) {
                        step()
                        if s[i] != "\n" { word!.append(s[i]) }
                        step()
                        continue
                    }
                    if s[i] == "$" { expands = true }
                    word!.append(s[i]); step()
                }
                guard i < s.count else { return .failure(.error("lpai.import.shell-quote", at: opened, "this double quote is never closed; close it with \"")) }
                step()
            default:
                begin()
                if c == "$" { expands = true }
                word!.append(c); step()
            }
        }
        endCommand()
        return .success(commands)
    }
}
