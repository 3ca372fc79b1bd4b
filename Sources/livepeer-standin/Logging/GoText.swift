/// Go's `strconv.Quote` for the ASCII range; other printable characters pass through as Go's does.
func goQuote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + hex(scalar.value, width: 2)
            } else if (0x80...0xA0).contains(scalar.value) || scalar.value == 0xAD || scalar.value == 0xFEFF {
                out += "\\u" + hex(scalar.value, width: 4)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// The character part of `encoding/json`'s `quoteChar`: a byte shown as Go shows `string(rune(c))`.
func goQuoteByte(_ byte: UInt8) -> String {
    if byte == UInt8(ascii: "'") { return "'\\''" }
    if byte == UInt8(ascii: "\"") { return "'\"'" }
    let quoted = goQuote(String(Unicode.Scalar(byte)))
    return "'" + quoted.dropFirst().dropLast() + "'"
}

func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Go's `strings.TrimSpace`.
func goTrimSpace(_ text: String) -> String {
    let space: (Unicode.Scalar) -> Bool = { scalar in
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !space($0) }), let last = scalars.lastIndex(where: { !space($0) }) else { return "" }
    return String(scalars[first...last])
}
