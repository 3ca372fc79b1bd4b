import Foundation
import TestSupport
import Testing

/// Malformed input of every kind gets a located error and exit 1: never a crash or a trap.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var bytes: [UInt8]
        var id: String
        var location: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "empty file", bytes: [], id: "lpai.spec.empty", location: "1:1"),
        Case(name: "tab indentation", bytes: Array("version: 1\nfleet: x\nhosts:\n\th1: {}\n".utf8), id: "lpai.yaml.tab", location: "4:1"),
        Case(name: "byte-order mark", bytes: [0xEF, 0xBB, 0xBF] + Array("version: 1\n".utf8), id: "lpai.yaml.bom", location: "1:1"),
        Case(name: "non-UTF-8", bytes: Array("version: 1\nfleet: ab".utf8) + [0xFF, 0xFE] + Array("\n".utf8), id: "lpai.yaml.encoding", location: "2:10"),
        Case(name: "malformed", bytes: Array("version: 1\nfleet: [unclosed\n".utf8), id: "lpai.yaml.syntax", location: "2:8"),
        Case(name: "duplicate key", bytes: Array("version: 1\nfleet: a\nfleet: b\n".utf8), id: "lpai.yaml.duplicate-key", location: "3:1"),
        Case(name: "wrong type", bytes: Array("version: one\nfleet: a\norchestrators: {}\n".utf8), id: "lpai.spec.type", location: "1:10"),
        Case(name: "YAML 1.1 boolean", bytes: Array("version: 1\nfleet: a\nhosts: {h: {insecure: yes}}\norchestrators: {}\n".utf8), id: "lpai.spec.type", location: "3:23"),
        Case(name: "billion laughs", bytes: Array(BadInputTests.billionLaughs.utf8), id: "lpai.yaml.alias-bomb", location: ""),
        Case(name: "deep nesting", bytes: Array(("x: " + String(repeating: "[", count: 5000)).utf8), id: "lpai.yaml.too-deep", location: ""),
    ]

    static let billionLaughs: String = {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...12 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text
    }()

    @Test(arguments: cases)
    func badInputIsALocatedErrorAndExitOne(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try CLI.write(bytes: c.bytes, to: "spec.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try CLI.run(["render", file.path, "--out", out.path])
        #expect(!result.crashed, "lpai-apply crashed on \(c.name): \(result.stderr)")
        #expect(result.status == 1)
        #expect(result.stderr.contains("[\(c.id)]"), "expected \(c.id) for \(c.name), got: \(result.stderr)")
        if !c.location.isEmpty {
            #expect(result.stderr.contains("\(file.path):\(c.location): error:"), "expected a location \(c.location) for \(c.name), got: \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "render wrote output for bad input")
    }

    @Test func oversizedFileIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = [UInt8](repeating: UInt8(ascii: "#"), count: 65 * 1024 * 1024)
        let file = try CLI.write(bytes: big, to: "big.yaml", in: dir)
        let result = try CLI.run(["validate", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("[lpai.yaml.too-large]"))
    }
}
