/// Exact arithmetic facts about JSON number text (go-livepeer reads prices as `big.Rat`).
public enum PriceText {
    /// Sign, significant digits and power of ten of a JSON number: `-0.50e1` → (true, "5", 0).
    public struct Decimal: Sendable, Hashable {
        public var negative: Bool
        public var digits: String
        public var exponent: Int

        public var isZero: Bool { digits.isEmpty }
        public var isInteger: Bool { isZero || exponent >= 0 }

        /// One spelling per value: `0`, `5e0`, `-18e-2`.
        public var canonical: String { isZero ? "0" : "\(negative ? "-" : "")\(digits)e\(exponent)" }
    }

    /// The exact value of JSON number text, or nil if it is not one.
    public static func decimal(_ text: String) -> Decimal? {
        var rest = Substring(text)
        let negative = rest.hasPrefix("-")
        if negative { rest = rest.dropFirst() }
        var mantissa = rest
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = rest[..<e]
            var expText = rest[rest.index(after: e)...]
            if expText.hasPrefix("+") { expText = expText.dropFirst() }
            guard let value = Int(expText), abs(value) < 1_000_000 else { return nil }
            exponent = value
        }
        var intPart = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        guard !intPart.isEmpty, (intPart + fraction).allSatisfy(\.isASCIIDigit) else { return nil }
        var digits = String(intPart + fraction)
        exponent -= fraction.count
        while digits.hasPrefix("0") { digits.removeFirst() }
        while digits.hasSuffix("0") { digits.removeLast(); exponent += 1 }
        return Decimal(negative: negative && !digits.isEmpty, digits: digits, exponent: digits.isEmpty ? 0 : exponent)
    }

    /// The fix for a string price such as `"0.5e-2USD"`: its number, and the currency it named.
    static func suggestion(for text: String) -> String {
        let scalars = Array(text.trimmingSpaces)
        var end = 0
        while end < scalars.count, scalars[end].isASCIIDigit || "+-.eE".contains(scalars[end]) { end += 1 }
        while end > 0, decimal(String(scalars[..<end])) == nil { end -= 1 }
        guard end > 0 else { return "4768371" }
        let number = String(scalars[..<end])
        let unit = String(scalars[end...]).trimmingSpaces
        return unit.isEmpty ? number : "\(number) with \"currency\": \"\(unit)\"\(["wei", "eth"].contains(unit.lowercased()) ? "" : " (a currency other than wei or eth needs the on-chain price feed)")"
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
