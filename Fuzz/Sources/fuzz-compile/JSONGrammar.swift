/// A strict RFC 8259 syntax check for the rendered files. JSONSerialization is no judge here:
/// it refuses numbers a Double cannot hold (`1e400`), which are valid JSON numbers, the type
/// go-livepeer asks for (LIVEPEER.md), and which a price is rendered as, exactly as written.
struct JSONGrammar {
    private let b: [UInt8]
    private var i = 0

    static func isValid(_ text: String) -> Bool {
        var parser = JSONGrammar(b: Array(text.utf8))
        parser.space()
        guard parser.value(depth: 0) else { return false }
        parser.space()
        return parser.i == parser.b.count
    }

    private init(b: [UInt8]) { self.b = b }

    private var next: UInt8? { i < b.count ? b[i] : nil }

    private mutating func space() {
        while let c = next, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
    }

    private mutating func literal(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, b[i..<(i + w.count)].elementsEqual(w) else { return false }
        i += w.count
        return true
    }

    private mutating func value(depth: Int) -> Bool {
        guard depth < 512, let c = next else { return false }
        switch c {
        case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), depth: depth, member: true)
        case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), depth: depth, member: false)
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func container(close: UInt8, depth: Int, member: Bool) -> Bool {
        i += 1
        space()
        if next == close {
            i += 1
            return true
        }
        while true {
            if member {
                guard next == UInt8(ascii: "\""), string() else { return false }
                space()
                guard next == UInt8(ascii: ":") else { return false }
                i += 1
                space()
            }
            guard value(depth: depth + 1) else { return false }
            space()
            if next == UInt8(ascii: ",") {
                i += 1
                space()
            } else if next == close {
                i += 1
                return true
            } else {
                return false
            }
        }
    }

    private mutating func string() -> Bool {
        i += 1
        while let c = next {
            i += 1
            switch c {
            case UInt8(ascii: "\""): return true
            case UInt8(ascii: "\\"):
                guard let e = next else { return false }
                i += 1
                if e == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        guard let h = next, (48...57).contains(h) || (65...70).contains(h) || (97...102).contains(h) else { return false }
                        i += 1
                    }
                } else if !Array("\"\\/bfnrt".utf8).contains(e) {
                    return false
                }
            case 0..<0x20: return false
            default: break
            }
        }
        return false
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, written out here rather than
    /// taken from the Spec module, whose own check is part of what is under test.
    private mutating func number() -> Bool {
        func digits() -> Int {
            var n = 0
            while let c = next, (48...57).contains(c) {
                i += 1
                n += 1
            }
            return n
        }
        if next == UInt8(ascii: "-") { i += 1 }
        if next == UInt8(ascii: "0") {
            i += 1
        } else {
            guard let c = next, (49...57).contains(c) else { return false }
            _ = digits()
        }
        if next == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            i += 1
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return true
    }
}
