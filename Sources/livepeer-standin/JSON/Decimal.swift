/// An exact decimal, enough of `big.Rat` for go-livepeer's price checks: sign, integrality and
/// `FloatString(2)`. Built from JSON number text or a flag value; the source text is kept as is.
struct Decimal: Sendable {
    let negative: Bool
    /// Significant digits without leading zeros; empty means zero.
    let digits: [UInt8]
    let exponent: Int

    var isZero: Bool { digits.isEmpty }
    var sign: Int { isZero ? 0 : (negative ? -1 : 1) }
    var isInteger: Bool { exponent >= 0 }

    /// Parses `[-+]digits[.digits][e[-+]digits]` (what `big.Rat.SetString` accepts for decimals).
    init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction: ArraySlice<UInt8> = []
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit)
            bytes = bytes.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return nil }
        var exponent = -fraction.count
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            var exponentNegative = false
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                exponentNegative = sign == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            let exponentDigits = bytes.prefix(while: isDigit)
            bytes = bytes.dropFirst(exponentDigits.count)
            guard !exponentDigits.isEmpty else { return nil }
            // Huge exponents are clamped: only sign, integrality and a rounded rendering are ever needed.
            let value = exponentDigits.count < 10 ? Int(String(decoding: exponentDigits, as: UTF8.self))! : 1_000_000_000
            exponent += exponentNegative ? -value : value
        }
        guard bytes.isEmpty else { return nil }
        var significant = Array((whole + fraction).map { $0 - 0x30 }.drop { $0 == 0 })
        while significant.last == 0 {
            significant.removeLast()
            exponent += 1
        }
        self.negative = negative && !significant.isEmpty
        self.digits = significant
        self.exponent = significant.isEmpty ? 0 : exponent
    }

    /// `big.Rat.FloatString(places)`: rounded to nearest, halves away from zero.
    func floatString(_ places: Int) -> String {
        guard !isZero, exponent > -100_000, exponent < 100_000 else { return isZero ? "0." + String(repeating: "0", count: places) : "?" }
        // Scale to an integer number of 10^-places units.
        var scaled = digits
        let shift = exponent + places
        if shift >= 0 {
            scaled += [UInt8](repeating: 0, count: shift)
        } else {
            let keep = scaled.count + shift
            let roundUp = keep >= 0 && keep < scaled.count && scaled[keep] >= 5
            scaled = keep > 0 ? Array(scaled[..<keep]) : []
            if roundUp { scaled = increment(scaled) }
        }
        var text = String(scaled.map { Character(String($0)) })
        if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
        let split = text.index(text.endIndex, offsetBy: -places)
        let body = places > 0 ? text[..<split] + "." + text[split...] : text[...]
        return (negative ? "-" : "") + body
    }

    private func increment(_ number: [UInt8]) -> [UInt8] {
        var result = number
        var index = result.count - 1
        while index >= 0 {
            if result[index] < 9 {
                result[index] += 1
                return result
            }
            result[index] = 0
            index -= 1
        }
        return [1] + result
    }
}

/// `big.Rat.SetString` for flag values such as `-pixelsPerUnit`: a decimal, or `a/b` with integers.
func ratIsPositiveInteger(_ text: String) -> (valid: Bool, integer: Bool, positive: Bool) {
    if let slash = text.firstIndex(of: "/") {
        guard let numerator = Int64(text[..<slash]), let denominator = Int64(text[text.index(after: slash)...]), denominator != 0 else {
            return (false, false, false)
        }
        return (true, numerator % denominator == 0, (numerator > 0) == (denominator > 0) && numerator != 0)
    }
    guard let value = Decimal(text) else { return (false, false, false) }
    return (true, value.isInteger, value.sign > 0)
}

/// starter.go's `parsePricePerUnit`: `^(\d+(\.\d+)?)([A-z][A-z0-9]*)?$` — amount and currency.
func parsePricePerUnit(_ text: String) -> (amount: Decimal, currency: String)? {
    let bytes = Array(text.utf8)
    var index = 0
    let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    guard index > 0 else { return nil }
    if index < bytes.count, bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
        index += 1
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    let amountText = String(decoding: bytes[..<index], as: UTF8.self)
    let currency = Array(bytes[index...])
    if let first = currency.first {
        // [A-z] spans 'A'...'z', which includes [ \ ] ^ _ and `.
        let letter: (UInt8) -> Bool = { $0 >= 0x41 && $0 <= 0x7A }
        guard letter(first), currency.dropFirst().allSatisfy({ letter($0) || isDigit($0) }) else { return nil }
    }
    guard let amount = Decimal(amountText) else { return nil }
    return (amount, String(decoding: currency, as: UTF8.self))
}
