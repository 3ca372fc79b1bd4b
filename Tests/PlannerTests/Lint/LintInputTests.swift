import Planner
import Spec
import Testing

/// Bad input gets a located error, never a crash or a hang.
@Suite struct LintInputTests {
    private func only(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) -> Diagnostic? {
        let result = AIModelsLint.lint(bytes, file: "f.json", options: .init(role: .worker), limits: limits)
        #expect(result.diagnostics.count == 1, "\(result.diagnostics.map(\.id))")
        return result.diagnostics.first
    }

    @Test func invalidUTF8IsLocated() {
        let d = only(Array("[\n  {\"pipeline\": \"text-to-image\", \"model_id\": \"a".utf8) + [0xFF] + Array("\"}\n]".utf8))
        #expect(d?.id == "lpai.lint.encoding")
        #expect(d?.location == SourceLocation(file: "f.json", line: 2, column: 47))
    }

    @Test func aByteOrderMarkIsRefused() {
        #expect(only([0xEF, 0xBB, 0xBF] + Array("[]".utf8))?.id == "lpai.lint.encoding")
    }

    @Test(arguments: ["", "  \n\t"])
    func emptyFiles(_ text: String) {
        let d = only(Array(text.utf8))
        #expect(d?.id == "lpai.lint.empty")
        #expect(d?.location?.line == 1)
    }

    @Test func hugeFilesAreRefusedBeforeParsing() {
        let d = only(Array(repeating: UInt8(ascii: " "), count: 2000) + Array("[]".utf8), limits: JSONLimits(maxBytes: 1000))
        #expect(d?.id == "lpai.lint.too-large")
    }

    @Test func deepNestingStopsAtTheLimit() {
        let depth = 200_000
        let bytes = Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
        let clock = ContinuousClock()
        let start = clock.now
        let d = only(bytes)
        #expect(clock.now - start < .seconds(2))
        #expect(d?.id == "lpai.lint.too-deep")
        #expect(d?.location == SourceLocation(file: "f.json", line: 1, column: 65))
    }

    @Test func columnsCountUnicodeScalars() {
        let d = only(Array("[{\"model_id\": \"é✓\", \"pipeline\": \"x\"}]".utf8))
        #expect(d?.id == "lpai.lint.pipeline-unknown")
        #expect(d?.location?.column == 33)
    }

    @Test func stringsAreUnescapedAsGoDoes() throws {
        let text = #"[{"pipeline": "text-to-image", "model_id": "a\/b\u00e9\ud83d\ude00\ud800x", "warm": true}]"#
        let file = AIModelsFile.read(Array(text.utf8), file: "f.json")
        #expect(file.entries.first?.modelID?.value == "a/bé😀\u{FFFD}x")
    }

    @Test(arguments: [
        ("[1, 2", "unexpected end of JSON input"), ("[01]", "invalid character '1' after array element"),
        ("[1.]", "invalid character ']' after decimal point in numeric literal"), ("[tru]", "invalid character ']' in literal true (expecting 'e')"),
        ("[] x", "invalid character 'x' after top-level value"), ("[\"a\nb\"]", "invalid character '\\n' in string literal"),
    ])
    func goSyntaxMessages(_ input: String, _ message: String) {
        let d = only(Array(input.utf8))
        #expect(d?.message.hasPrefix(message) == true, "\(d?.message ?? "none")")
    }

    @Test func tokensAreRedactedInQuotedLines() {
        let text = "[{\"url\": \"http://x\", \"Token\" : \"s3cr\\\"et\", \"token\":\"abc\"}]"
        let redacted = Redaction.aiModels(text)
        #expect(!redacted.contains("s3cr") && !redacted.contains("abc"))
        #expect(redacted.count == text.count)
        let accented = "[{\"TOKEN\": \"sécrét✓\", \"url\": \"http://x\"}]"
        #expect(Redaction.aiModels(accented) == "[{\"TOKEN\": \"*******\", \"url\": \"http://x\"}]")
    }
}
