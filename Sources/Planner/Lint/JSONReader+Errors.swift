import Spec

extension JSONReader {
    /// Go's syntax error for an unexpected byte, with the likely cause when it is a common slip.
    func unexpected(_ c: UInt8, _ context: String, fix: String? = nil) -> Diagnostic {
        let go = "invalid character \(goQuote(c)) \(context)"
        if c == UInt8(ascii: "/") {
            return .error("lpai.lint.comment", at: here, "comments are not JSON: Go's encoding/json stops here (\"\(go)\") and go-livepeer fails to load the whole file; remove the comment")
        }
        var hint = fix
        if hint == nil {
            if c == UInt8(ascii: "'") {
                hint = "JSON strings use double quotes: write \"…\" instead of '…'"
            } else if context == "looking for beginning of object key string" {
                hint = "object keys are double-quoted strings, such as \"pipeline\""
            } else if context.hasPrefix("after object key:value pair") || context.hasPrefix("after array element") {
                hint = c == UInt8(ascii: "\"") || c == UInt8(ascii: "{") || c == UInt8(ascii: "[") ? "a comma is missing before this value" : "expected ',' or a closing bracket here"
            } else if context == "looking for beginning of value", c == UInt8(ascii: "N") || c == UInt8(ascii: "I") || c == UInt8(ascii: "+") {
                hint = "JSON numbers have no NaN, Infinity or leading '+'"
            } else if context == "after object key" {
                hint = "a ':' must follow the key"
            }
        }
        return syntax(go, fix: hint ?? "fix the JSON syntax here")
    }

    func syntax(_ goMessage: String, fix: String) -> Diagnostic {
        .error("lpai.lint.syntax", at: here, "\(goMessage): go-livepeer fails to load the whole file; \(fix)")
    }

    /// `unexpected end of JSON input`, pointing at the end and at what was left open.
    func endOfInput(opened: SourceLocation? = nil, _ what: String = "value") -> Diagnostic {
        let notes = opened.map { [Diagnostic.Note("the \(what) opened here is never closed", at: $0)] } ?? []
        return .error("lpai.lint.syntax", at: here, "unexpected end of JSON input: go-livepeer fails to load the whole file; the file ends inside \(what == "value" ? "a value" : "this \(what)")", notes: notes)
    }
}

/// Go's `quoteChar`: the byte as a quoted character, `'\''` for a quote.
func goQuote(_ c: UInt8) -> String {
    switch c {
    case UInt8(ascii: "'"): return "'\\''"
    case UInt8(ascii: "\""): return "'\"'"
    case 0x0A: return "'\\n'"
    case 0x09: return "'\\t'"
    case 0x0D: return "'\\r'"
    case 0..<0x20, 0x7F: return "'\\x\(String(c, radix: 16).count == 1 ? "0" : "")\(String(c, radix: 16))'"
    default: return "'\(Character(Unicode.Scalar(c)))'"
    }
}
