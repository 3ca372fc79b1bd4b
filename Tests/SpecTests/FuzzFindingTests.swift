import Spec
import Testing

/// Inputs the fuzzer (Fuzz/, docs/FUZZING.md) found, each kept as a regression test: the
/// input gives a located diagnostic or a clean load, never a trap. The same inputs are in
/// Fuzz/regressions/, where `scripts/fuzz.sh --replay` runs them through the whole compile path.
@Suite struct FuzzFindingTests {
    private func load(_ text: String) -> SpecLoadResult {
        SpecLoader.load(files: [("spec.yaml", Array(text.utf8))], path: "spec")
    }

    /// libyaml ends a file without a final line break with a virtual one, and reported the
    /// unclosed flow mapping on that line (3:1 of a two-line file); it belongs at the end of
    /// the file, after the last character.
    @Test(arguments: [
        ("a:\n  b: {# p", Spec.SourceLocation(file: "spec.yaml", line: 2, column: 10)),
        ("a: [1,", Spec.SourceLocation(file: "spec.yaml", line: 1, column: 7)),
        ("a: {b", Spec.SourceLocation(file: "spec.yaml", line: 1, column: 4)),
        ("a: 'x", Spec.SourceLocation(file: "spec.yaml", line: 1, column: 4)),
    ])
    func anUnclosedConstructAtTheEndOfAFileWithoutANewlineIsLocatedInTheFile(_ text: String, _ at: Spec.SourceLocation) throws {
        let result = load(text)
        #expect(result.spec == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
        #expect(diagnostic.id == "lpai.yaml.syntax")
        #expect(diagnostic.location == at, "\(diagnostic.message)")
    }

    /// An empty value as the last thing in a file without a final newline: libyaml gives the
    /// empty scalar the virtual line's mark, so the schema's complaint pointed past the file.
    @Test func anEmptyValueAtTheEndOfAFileWithoutANewlineIsLocatedInTheFile() throws {
        let text = """
            version: 1
            fleet: test
            hosts: {h1: {}, h2: {}}
            models:
              m: {pipeline: text-to-image, model_id: some/model, price: {per_unit: 1}}
            orchestrators:
              o: {host: h1, serviceAddr: "o.example:8935", secret: {env: S}}
            workers:
              w:
                host: h2
                orchestrator: o
                models: [{model: m, warm: 1}]
                gpus:
                  -
            """
        let result = load(text)
        #expect(result.spec == nil)
        let diagnostic = try #require(result.diagnostics.first, "\(result.diagnostics)")
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
        #expect(diagnostic.id == "lpai.spec.type", "\(diagnostic)")
        #expect(diagnostic.location == Spec.SourceLocation(file: "spec.yaml", line: 14, column: 8), "\(diagnostic)")
    }

    /// A file with CR (or NEL, LS, PS) line breaks: libyaml counts those lines, the printer
    /// of source lines counted LF only, so the line under a diagnostic was another one, or none.
    @Test(arguments: ["\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"])
    func theLineUnderADiagnosticIsItsOwnWhateverTheLineBreaks(_ lineBreak: String) throws {
        let text = ["version: 1", "fleet: test", "hosts: 5", "orchestrators: {}", ""].joined(separator: lineBreak)
        let result = load(text)
        let diagnostic = try #require(result.diagnostics.first { $0.message.contains("hosts") }, "\(result.diagnostics)")
        #expect(diagnostic.location?.line == 3)
        let printed = DiagnosticFormatter().format(diagnostic, sources: result.sources)
        #expect(printed.contains("\n  hosts: 5\n"), "\(printed)")
        #expect(result.sources.line(4, of: "spec.yaml") == "orchestrators: {}")
        #expect(result.sources.line(5, of: "spec.yaml") == nil, "the empty end after the last break is no line")
    }

    /// A minified JSON spec is one line; each diagnostic printed the whole line under it, so
    /// the output grew with the line's length times the diagnostics (500 unknown keys on a
    /// 5 KB line: 4 MB). A long line is now cut to a window around the caret.
    @Test func aLongLineIsPrintedAroundItsColumnNotWhole() throws {
        let keys = (0..<500).map { "\"k\($0)\": 1" }.joined(separator: ", ")
        let result = load("{\"version\": 1, \"fleet\": \"x\", \(keys), \"orchestrators\": {}}")
        let unknown = result.diagnostics.filter { $0.message.contains("'k") }
        #expect(unknown.count == 500, "\(result.diagnostics.prefix(3))")
        let printed = DiagnosticFormatter().format(result.diagnostics, sources: result.sources)
        #expect(printed.utf8.count < result.diagnostics.count * 600, "\(printed.utf8.count) bytes for \(result.diagnostics.count) diagnostics")
        for d in [unknown[0], unknown[250], unknown[499]] {
            let lines = DiagnosticFormatter().format(d, sources: result.sources).split(separator: "\n", omittingEmptySubsequences: false)
            let excerpt = Array(lines[1].unicodeScalars.dropFirst(2)), caret = Array(lines[2].unicodeScalars.dropFirst(2))
            #expect(excerpt.count <= DiagnosticFormatter.excerptWidth + 2)
            let at = try #require(caret.firstIndex(of: "^"))
            let name = d.message.split(separator: "'")[1]
            #expect(String(String.UnicodeScalarView(excerpt[at...])).hasPrefix("\"\(name)\""), "caret at \(at) of \(String(String.UnicodeScalarView(excerpt)))")
        }
    }
}
