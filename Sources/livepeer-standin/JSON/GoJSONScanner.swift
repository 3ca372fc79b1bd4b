/// `encoding/json`'s syntax check (`checkValid`), state for state, so that the first error and its
/// text are Go's: `invalid character ']' looking for beginning of value`, `unexpected end of JSON input`.
struct GoJSONScanner {
    private enum State {
        case beginValue, beginValueOrEmpty, beginStringOrEmpty, beginString, endValue, endTop
        case inString, inStringEscape, inStringEscapeU(Int)
        case negative, zero, digits, dot, fraction, exponent, exponentSign, exponentDigits
        case literal(expected: [UInt8], next: Int, name: String)
    }

    private enum Context { case objectKey, objectValue, arrayValue }

    private var state = State.beginValue
    private var stack: [Context] = []
    private var endTop = false

    /// The syntax error Go would report for `bytes`, or nil when they are valid JSON.
    static func check(_ bytes: [UInt8]) -> String? {
        var scanner = GoJSONScanner()
        for byte in bytes {
            if let error = scanner.step(byte) { return error }
        }
        if scanner.endTop { return nil }
        if let error = scanner.step(0x20) { return error }
        return scanner.endTop ? nil : "unexpected end of JSON input"
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private func error(_ c: UInt8, _ context: String) -> String {
        "invalid character \(goQuoteByte(c)) \(context)"
    }

    private mutating func push(_ c: UInt8, _ context: Context) -> String? {
        stack.append(context)
        return stack.count > 10_000 ? error(c, "exceeded max depth") : nil
    }

    private mutating func pop() {
        stack.removeLast()
        if stack.isEmpty {
            state = .endTop
            endTop = true
        } else {
            state = .endValue
        }
    }

    private mutating func step(_ c: UInt8) -> String? {
        switch state {
        case .beginValueOrEmpty:
            if Self.isSpace(c) { return nil }
            if c == UInt8(ascii: "]") { return endValue(c) }
            return beginValue(c)
        case .beginValue:
            return beginValue(c)
        case .beginStringOrEmpty:
            if Self.isSpace(c) { return nil }
            if c == UInt8(ascii: "}") {
                stack[stack.count - 1] = .objectValue
                return endValue(c)
            }
            return beginString(c)
        case .beginString:
            return beginString(c)
        case .endValue:
            return endValue(c)
        case .endTop:
            return Self.isSpace(c) ? nil : error(c, "after top-level value")
        case .inString:
            if c == UInt8(ascii: "\"") { state = .endValue } else if c == UInt8(ascii: "\\") { state = .inStringEscape } else if c < 0x20 {
                return error(c, "in string literal")
            }
            return nil
        case .inStringEscape:
            if Array("bfnrt\\/\"".utf8).contains(c) { state = .inString; return nil }
            if c == UInt8(ascii: "u") { state = .inStringEscapeU(0); return nil }
            return error(c, "in string escape code")
        case .inStringEscapeU(let seen):
            guard c.isHexDigitASCII else { return error(c, "in \\u hexadecimal character escape") }
            state = seen == 3 ? .inString : .inStringEscapeU(seen + 1)
            return nil
        case .negative:
            if c == UInt8(ascii: "0") { state = .zero; return nil }
            if Self.isDigit(c) { state = .digits; return nil }
            return error(c, "in numeric literal")
        case .digits:
            if Self.isDigit(c) { return nil }
            return zero(c)
        case .zero:
            return zero(c)
        case .dot:
            if Self.isDigit(c) { state = .fraction; return nil }
            return error(c, "after decimal point in numeric literal")
        case .fraction:
            if Self.isDigit(c) { return nil }
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { state = .exponent; return nil }
            return endValue(c)
        case .exponent:
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { state = .exponentSign; return nil }
            return exponentSign(c)
        case .exponentSign:
            return exponentSign(c)
        case .exponentDigits:
            if Self.isDigit(c) { return nil }
            return endValue(c)
        case .literal(let expected, let next, let name):
            guard c == expected[next] else {
                return error(c, "in literal \(name) (expecting \(goQuoteByte(expected[next])))")
            }
            state = next + 1 == expected.count ? .endValue : .literal(expected: expected, next: next + 1, name: name)
            return nil
        }
    }

    private mutating func beginValue(_ c: UInt8) -> String? {
        if Self.isSpace(c) { state = .beginValue; return nil }
        switch c {
        case UInt8(ascii: "{"): state = .beginStringOrEmpty; return push(c, .objectKey)
        case UInt8(ascii: "["): state = .beginValueOrEmpty; return push(c, .arrayValue)
        case UInt8(ascii: "\""): state = .inString
        case UInt8(ascii: "-"): state = .negative
        case UInt8(ascii: "0"): state = .zero
        case UInt8(ascii: "t"): state = .literal(expected: Array("true".utf8), next: 1, name: "true")
        case UInt8(ascii: "f"): state = .literal(expected: Array("false".utf8), next: 1, name: "false")
        case UInt8(ascii: "n"): state = .literal(expected: Array("null".utf8), next: 1, name: "null")
        default:
            guard Self.isDigit(c) else { return error(c, "looking for beginning of value") }
            state = .digits
        }
        return nil
    }

    private mutating func beginString(_ c: UInt8) -> String? {
        if Self.isSpace(c) { state = .beginString; return nil }
        guard c == UInt8(ascii: "\"") else { return error(c, "looking for beginning of object key string") }
        state = .inString
        return nil
    }

    private mutating func zero(_ c: UInt8) -> String? {
        if c == UInt8(ascii: ".") { state = .dot; return nil }
        if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { state = .exponent; return nil }
        return endValue(c)
    }

    private mutating func exponentSign(_ c: UInt8) -> String? {
        if Self.isDigit(c) { state = .exponentDigits; return nil }
        return error(c, "in exponent of numeric literal")
    }

    private mutating func endValue(_ c: UInt8) -> String? {
        guard let context = stack.last else {
            state = .endTop
            endTop = true
            return Self.isSpace(c) ? nil : error(c, "after top-level value")
        }
        if Self.isSpace(c) { state = .endValue; return nil }
        switch context {
        case .objectKey:
            guard c == UInt8(ascii: ":") else { return error(c, "after object key") }
            stack[stack.count - 1] = .objectValue
            state = .beginValue
        case .objectValue:
            if c == UInt8(ascii: ",") {
                stack[stack.count - 1] = .objectKey
                state = .beginString
            } else if c == UInt8(ascii: "}") {
                pop()
            } else {
                return error(c, "after object key:value pair")
            }
        case .arrayValue:
            if c == UInt8(ascii: ",") {
                state = .beginValue
            } else if c == UInt8(ascii: "]") {
                pop()
            } else {
                return error(c, "after array element")
            }
        }
        return nil
    }
}

extension UInt8 {
    var isHexDigitASCII: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
