/// JSON number grammar (RFC 8259), so a price is emitted exactly as written.
public enum JSONNumber {
    public static func isValid(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits(_ s: inout ArraySlice<UInt8>) -> Int {
            var n = 0
            while let c = s.first, c >= 48, c <= 57 { s = s.dropFirst(); n += 1 }
            return n
        }
        guard let first = bytes.first, first >= 48, first <= 57 else { return false }
        if first == 48 { bytes = bytes.dropFirst() } else { _ = digits(&bytes) }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits(&bytes) > 0 else { return false }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// Drops a leading `+`, which YAML allows and JSON does not.
    public static func normalize(_ text: String) -> String {
        text.hasPrefix("+") ? String(text.dropFirst()) : text
    }

    /// "-0" and "-0.0e5" are zero, not negative.
    public static func isNegative(_ text: String) -> Bool {
        text.hasPrefix("-") && !isZero(text)
    }

    public static func isZero(_ text: String) -> Bool {
        let mantissa = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).first ?? ""
        return mantissa.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" || $0 == "+" }
    }
}

/// Memory sizes with SI (GB) or binary (GiB) units.
public enum ByteSize {
    static let units: [(String, Int64)] = [
        ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
        ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000), ("kB", 1_000), ("B", 1),
    ]

    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            let number = String(trimmed.dropLast(suffix.count)).trimmingSpaces
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                number.filter({ $0 == "." }).count <= 1, let value = Double(number), value > 0
            else { return nil }
            let bytes = value * Double(factor)
            guard bytes < 9.0e18 else { return nil }
            return Int64(bytes.rounded())
        }
        return nil
    }

    /// `24 GiB`, `14.5 GiB`, `512 MiB`: binary units, at most one decimal.
    public static func format(_ bytes: Int64) -> String {
        let units: [(String, Int64)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (name, factor) in units where bytes.magnitude >= factor {
            // Whole units first, then the rounded tenth: `bytes * 10` overflows past 0.9 EB.
            let magnitude = bytes.magnitude
            var whole = magnitude / UInt64(factor)
            var tenth = (magnitude % UInt64(factor) * 10 + UInt64(factor) / 2) / UInt64(factor)
            if tenth == 10 { (whole, tenth) = (whole + 1, 0) }
            let sign = bytes < 0 ? "-" : ""
            return tenth == 0 ? "\(sign)\(whole) \(name)" : "\(sign)\(whole).\(tenth) \(name)"
        }
        return "\(bytes) B"
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
