import Glibc

/// Why Go's `flag.Value.Set` refused a value (`errParse` / `errRange` in package flag).
enum FlagValueError: Error {
    case parse, range

    var text: String { self == .parse ? "parse error" : "value out of range" }
}

enum GoValues {
    /// `strconv.ParseBool`.
    static func bool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    /// Checks `text` the way each flag kind's `Set` would.
    static func check(_ text: String, as kind: FlagKind) -> FlagValueError? {
        switch kind {
        case .string: nil
        case .bool: bool(text) == nil ? .parse : nil
        case .int, .int64: int(text).failure
        case .float: float(text)
        case .duration: duration(text) ? nil : .parse
        }
    }

    /// `strconv.ParseInt(s, 0, 64)`: sign, then 0x / 0o / 0b / leading-0 octal prefixes; `_` only after a prefix.
    static func int(_ text: String) -> Result<Int64, FlagValueError> {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        var radix = 10
        var prefixed = false
        let lower = rest.lowercased()
        if lower.hasPrefix("0x") { radix = 16; prefixed = true; rest = rest.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; prefixed = true; rest = rest.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; prefixed = true; rest = rest.dropFirst(2) }
        else if rest.count > 1 && rest.first == "0" { radix = 8; prefixed = true; rest = rest.dropFirst() }
        if prefixed {
            // Underscores may only separate digits (or follow the base prefix).
            if rest.hasSuffix("_") || rest.contains("__") { return .failure(.parse) }
            rest = Substring(rest.replacing("_", with: ""))
        }
        guard !rest.isEmpty, let magnitude = UInt64(rest, radix: radix) else {
            let allDigits = !rest.isEmpty && rest.allSatisfy { $0.isHexDigit && Int(String($0), radix: 16)! < radix }
            return .failure(allDigits ? .range : .parse)
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .failure(.range) }
            return .success(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .failure(.range) }
        return .success(Int64(magnitude))
    }

    /// `strconv.ParseFloat(s, 64)`, close enough: what `strtod` accepts without leading space, plus Go's `_` rule.
    static func float(_ text: String) -> FlagValueError? {
        guard let first = text.unicodeScalars.first, !(first.properties.isWhitespace) else { return .parse }
        if text.lowercased().hasPrefix("nan(") || text.lowercased().hasPrefix("+nan") || text.lowercased().hasPrefix("-nan") {
            return .parse
        }
        errno = 0
        var end: UnsafeMutablePointer<CChar>?
        let consumed: Bool = text.withCString { start in
            _ = strtod(start, &end)
            guard let end else { return false }
            return end.pointee == 0 && end != UnsafeMutablePointer(mutating: start)
        }
        guard consumed else { return .parse }
        return errno == ERANGE ? .range : nil
    }

    /// `time.ParseDuration`: `[-+]` then one or more `<decimal><unit>`; a bare `0` is allowed.
    static func duration(_ text: String) -> Bool {
        var rest = Substring(text)
        if let sign = rest.first, sign == "+" || sign == "-" { rest = rest.dropFirst() }
        if rest == "0" { return true }
        guard !rest.isEmpty else { return false }
        let units: [Substring] = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
        while !rest.isEmpty {
            let whole = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(whole.count)
            var fraction: Substring = ""
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix { $0.isASCII && $0.isNumber }
                rest = rest.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty else { return false }
            let unit = rest.prefix { !($0 == "." || ($0.isASCII && $0.isNumber)) }
            guard units.contains(unit) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
