import Spec
import Foundation
import Planner
import Testing

/// The byte-level fast paths the benchmark profile led to (docs/BENCHMARKS.md) must give the
/// same bytes as the plain definitions they replaced; the golden files cover the common cases,
/// these the edges.
@Suite struct RenderFastPathTests {
    static let samples = [
        "", "plain", "a\"b", "back\\slash", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}", "émoji 🎉 \"quoted\"",
        "{\"batch\":{\"llm\":\"livepeer/ai-runner:llm-v0.14.1\"}}", String(repeating: "x\"", count: 300),
    ]

    /// JSON string escaping as it was written byte by byte before the fast path.
    static func referenceEscape(_ s: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case UInt8(ascii: "\n"): out += [92, UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [92, UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [92, UInt8(ascii: "t")]
            case 0..<0x20: out += [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: samples)
    func jsonEscapingMatchesTheReference(_ s: String) {
        #expect(JSONText.escaped(s) == Self.referenceEscape(s))
    }

    @Test func jsonEscapingCoversEveryByte() {
        let all = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        #expect(JSONText.escaped(all) == Self.referenceEscape(all))
    }

    @Test(arguments: ["", "plain-word_1.2:3=4,5@6%7+8/9", "with space", "it's", "'", "a\"b", "ü", "-nvidia"])
    func shellQuotingMatchesTheReference(_ s: String) {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,@%+".utf8)
        let expected = !s.isEmpty && s.utf8.allSatisfy(safe.contains) ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
        #expect(ShellQuote.word(s) == expected)
    }
}
