import Spec
import Testing

private typealias Location = Spec.SourceLocation

/// YAML text with each `‸` removed and remembered as the 1-based line:column it marked.
private struct Marked {
    var bytes: [UInt8]
    var at: [Location] = []

    init(_ text: String) {
        var out = ""
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == "‸" {
                at.append(Location(file: "t.yaml", line: line, column: column))
                continue
            }
            out.unicodeScalars.append(scalar)
            if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
        }
        bytes = Array(out.utf8)
    }

    /// Replaces the first `X` with raw bytes, for inputs that are not valid UTF-8.
    func replacingX(with raw: [UInt8]) -> [UInt8] {
        guard let i = bytes.firstIndex(of: UInt8(ascii: "X")) else { return bytes }
        return Array(bytes[..<i]) + raw + Array(bytes[(i + 1)...])
    }
}

private func load(_ bytes: [UInt8], _ limits: YAMLLimits = YAMLLimits()) -> YAMLLoadResult {
    YAMLLoader.load(bytes, file: "t.yaml", limits: limits)
}

private func load(_ marked: Marked, _ limits: YAMLLimits = YAMLLimits()) -> YAMLLoadResult { load(marked.bytes, limits) }

/// The only diagnostic of a failed load, checked to be an error with nil root.
private func only(_ result: YAMLLoadResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
    #expect(result.root == nil, sourceLocation: sourceLocation)
    #expect(result.diagnostics.count == 1, "\(result.diagnostics)", sourceLocation: sourceLocation)
    let diagnostic = try #require(result.diagnostics.first, sourceLocation: sourceLocation)
    #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
    return diagnostic
}

extension YAMLNode {
    fileprivate var entries: [Entry] { if case .mapping(let e) = kind { e } else { [] } }
    fileprivate var items: [YAMLNode] { if case .sequence(let i) = kind { i } else { [] } }
    fileprivate var scalar: Scalar? { if case .scalar(let s) = kind { s } else { nil } }
    fileprivate var keys: [String] { entries.compactMap { $0.key.scalar?.text } }
    fileprivate subscript(key: String) -> YAMLNode? { entries.first { $0.key.scalar?.text == key }?.value }
}

@Suite struct YAMLLoaderTests {
    @Test func nestedDocumentKeepsShapesStylesAndLocations() throws {
        let m = Marked("‸name: ‸demo\nlist:\n  ‸- a\n  - ‸'b'\n  - \"c\"\nmap: ‸{x: 1, y: ‸[2, 3]}\nlit: ‸|\n  one\n  two\nfold: >\n  a\n  b\nt: ‸!!str 5\n")
        let result = load(m)
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.root)
        #expect(root.location == m.at[0])
        #expect(root.keys == ["name", "list", "map", "lit", "fold", "t"])
        #expect(root["name"]?.location == m.at[1])
        let list = try #require(root["list"])
        #expect(list.location == m.at[2])
        #expect(list.items.map { $0.scalar?.text } == ["a", "b", "c"])
        #expect(list.items.map { $0.scalar?.style } == [.plain, .singleQuoted, .doubleQuoted])
        #expect(list.items[1].location == m.at[3])
        #expect(root["map"]?.location == m.at[4])
        #expect(root["map"]?["y"]?.location == m.at[5])
        #expect(root["map"]?["y"]?.items.compactMap { $0.scalar?.text } == ["2", "3"])
        #expect(root["lit"]?.scalar == YAMLNode.Scalar(text: "one\ntwo\n", style: .literal))
        #expect(root["lit"]?.location == m.at[6])
        #expect(root["fold"]?.scalar == YAMLNode.Scalar(text: "a b\n", style: .folded))
        #expect(root["t"]?.scalar == YAMLNode.Scalar(text: "5", style: .plain, tag: "tag:yaml.org,2002:str"))
        #expect(root["t"]?.location == m.at[7])
    }

    @Test func quotedAndPlainNoKeepTheirStyles() throws {
        let root = try #require(load(Marked("a: \"no\"\nb: no\nc: 'no'\nd: !custom no\n")).root)
        #expect(root["a"]?.scalar == YAMLNode.Scalar(text: "no", style: .doubleQuoted))
        #expect(root["b"]?.scalar == YAMLNode.Scalar(text: "no", style: .plain))
        #expect(root["c"]?.scalar == YAMLNode.Scalar(text: "no", style: .singleQuoted))
        #expect(root["d"]?.scalar?.tag == "!custom")
    }

    @Test func unicodeColumnsCountScalars() throws {
        let m = Marked("名前: ‸x\n‸b: ‸[1, ‸\"é\"]\n")
        let root = try #require(load(m).root)
        #expect(root["名前"]?.location == m.at[0])
        #expect(root.entries[1].key.location == m.at[1])
        #expect(root["b"]?.location == m.at[2])
        #expect(root["b"]?.items[1].location == m.at[3])
        let bad = try only(load(Marked("名前: ‸X").replacingX(with: [0xFF])))
        #expect(bad.id == "lpai.yaml.encoding")
        #expect(bad.location == Location(file: "t.yaml", line: 1, column: 5))
    }

    @Test(arguments: ["", "   \n\n", "# only a comment\n", "---\n", "--- # c\n...\n"])
    func emptyDocumentsHaveNoRootAndNoErrors(text: String) {
        let result = load(Marked(text))
        #expect(result.root == nil)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func scalarDocumentsAreReturnedAsScalars() {
        #expect(load(Marked("~\n")).root?.scalar == YAMLNode.Scalar(text: "~", style: .plain))
        #expect(load(Marked("hello")).root?.scalar == YAMLNode.Scalar(text: "hello", style: .plain))
        #expect(load(Marked("\"\"")).root?.scalar == YAMLNode.Scalar(text: "", style: .doubleQuoted))
        #expect(load(Marked("---\na: 1\n")).diagnostics.isEmpty)
    }

    @Test func complexKeysAreRejected() throws {
        for text in ["‸[a, b]: 1\n", "? ‸{a: 1}\n: x\n", "base: &k [1]\nm: {‸*k : 2}\n"] {
            let m = Marked(text)
            let diagnostic = try only(load(m))
            #expect(diagnostic.id == "lpai.yaml.complex-key")
            #expect(diagnostic.location == m.at[0])
        }
    }

    @Test func everyDuplicateKeyIsReportedWithItsFirstDefinition() throws {
        let m = Marked("‸a: 1\n‸b: 2\n‸a: 3\n‸\"b\": 4\nc:\n  ‸x: 1\n  ‸x: 2\nd: {x: 1, y: {x: 2}}\n")
        let result = load(m)
        #expect(result.root == nil)
        #expect(result.diagnostics.map(\.id) == Array(repeating: "lpai.yaml.duplicate-key", count: 3))
        #expect(result.diagnostics.map(\.location) == [m.at[2], m.at[3], m.at[5]])
        #expect(result.diagnostics.map { $0.notes.first?.location } == [m.at[0], m.at[1], m.at[4]])
        #expect(result.diagnostics.allSatisfy { $0.notes.first?.message == "first defined here" })
    }

    @Test func duplicatesAreFoundInLargeMappings() throws {
        let lines = (0..<40).map { "k\($0): \($0)" } + ["k7: again", "k33: again"]
        let result = load(Array(lines.joined(separator: "\n").utf8))
        #expect(result.diagnostics.map(\.location?.line) == [41, 42])
        #expect(result.diagnostics.map { $0.notes.first?.location?.line } == [8, 34])
    }

    @Test func aliasesCopyTheAnchoredNode() throws {
        let m = Marked("base: &b {x: ‸1}\nname: &n hi\ncopy: ‸*b\nagain: ‸*n\n")
        let root = try #require(load(m).root)
        let copy = try #require(root["copy"])
        #expect(copy.location == m.at[1])
        #expect(copy["x"]?.location == m.at[0])
        #expect(copy["x"]?.scalar?.text == "1")
        #expect(root["again"]?.scalar?.text == "hi")
        #expect(root["again"]?.location == m.at[2])
    }

    @Test(arguments: ["a: ‸*nope\n", "a: &r [1, ‸*r]\n"])
    func undefinedAliasesAreLocated(text: String) throws {
        let m = Marked(text)
        let diagnostic = try only(load(m))
        #expect(diagnostic.id == "lpai.yaml.undefined-alias")
        #expect(diagnostic.location == m.at[0])
    }

    @Test func aliasExpansionIsBounded() throws {
        // Anchor a is 5 nodes: the third alias makes the aliases expand to 15 > 14.
        let m = Marked("a: &a [1, 2, 3, 4]\nb: [*a, *a, ‸*a, *a]\n")
        let diagnostic = try only(load(m, YAMLLimits(maxExpandedNodes: 14)))
        #expect(diagnostic.id == "lpai.yaml.alias-bomb")
        #expect(diagnostic.location == m.at[0])
        #expect(diagnostic.message.contains("expand to 15 nodes, over the limit of 14"))
        #expect(load(m, YAMLLimits(maxExpandedNodes: 20)).root != nil)
    }

    @Test func nodesWrittenOutDoNotCountAgainstTheAliasCap() throws {
        // A large document whose one alias comes last (a 50,000-worker fleet with its hosts'
        // TLS anchor after the workers): 30 literal nodes, the alias adds 3.
        let items = (0..<12).map { "k\($0): v" }.joined(separator: "\n")
        let m = Marked(items + "\ntls: &tls {a: 1}\nlast: ‸*tls\n")
        #expect(load(m, YAMLLimits(maxExpandedNodes: 3)).diagnostics.isEmpty)
        let diagnostic = try only(load(m, YAMLLimits(maxExpandedNodes: 2)))
        #expect(diagnostic.id == "lpai.yaml.alias-bomb")
        #expect(diagnostic.location == m.at[0])
    }

    @Test func billionLaughsFailsFast() throws {
        var text = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        #expect(text.utf8.count < 1100)
        let start = ContinuousClock.now
        let diagnostic = try only(load(Array(text.utf8)))
        #expect(ContinuousClock.now - start < .milliseconds(500))
        #expect(diagnostic.id == "lpai.yaml.alias-bomb")
        #expect(diagnostic.location?.line == 7)
    }

    @Test func mergeKeysMergeAndExplicitKeysWin() throws {
        let text = "base: &base {a: 1, b: 2}\nother: &other {b: 20, c: 30}\nm1:\n  <<: *base\n  b: 3\nm2:\n  <<: [*base, *other]\n  d: 4\nm3: {\"<<\": 1, x: 2}\n"
        let result = load(Marked(text))
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.root)
        #expect(root["m1"]?.keys == ["a", "b"])
        #expect(root["m1"]?["b"]?.scalar?.text == "3")
        #expect(root["m2"]?.keys == ["a", "b", "c", "d"])
        #expect(root["m2"]?.entries.compactMap { $0.value.scalar?.text } == ["1", "2", "30", "4"])
        #expect(root["m3"]?.keys == ["<<", "x"])
    }

    @Test func explicitDuplicatesBesideMergesAreStillErrors() throws {
        let m = Marked("base: &base {a: 1}\nm:\n  <<: *base\n  ‸a: 2\n  ‸a: 3\n")
        let diagnostic = try only(load(m))
        #expect(diagnostic.id == "lpai.yaml.duplicate-key")
        #expect(diagnostic.location == m.at[1])
        #expect(diagnostic.notes.first?.location == m.at[0])
    }

    @Test(arguments: ["m:\n  <<: ‸1\n", "l: &l [1]\nm:\n  <<: ‸*l\n", "b: &b {a: 1}\nm: {<<: [*b, ‸x]}\n"])
    func mergingANonMappingIsAnError(text: String) throws {
        let m = Marked(text)
        let diagnostic = try only(load(m))
        #expect(diagnostic.id == "lpai.yaml.bad-merge")
        #expect(diagnostic.location == m.at[0])
    }

    @Test func nestingBeyondTheLimitFailsAtTheOpeningCollection() throws {
        let limits = YAMLLimits(maxDepth: 3)
        for text in ["[[[‸[1]]]]", "a:\n  b:\n    c:\n      ‸d: 1\n", "- - - ‸- x\n"] {
            let m = Marked(text)
            let diagnostic = try only(load(m, limits))
            #expect(diagnostic.id == "lpai.yaml.too-deep")
            #expect(diagnostic.location == m.at[0])
        }
        #expect(load(Marked("[[[1]]]"), limits).root != nil)
    }

    @Test func deepFlowNestingFailsFast() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let start = ContinuousClock.now
        let diagnostic = try only(load(bytes))
        #expect(ContinuousClock.now - start < .milliseconds(500))
        #expect(diagnostic.id == "lpai.yaml.too-deep")
        #expect(diagnostic.location == Location(file: "t.yaml", line: 1, column: 65))
    }

    @Test func inputsOverTheSizeLimitAreNotParsed() throws {
        let bytes = Array("a: [unclosed".utf8)
        let diagnostic = try only(load(bytes, YAMLLimits(maxBytes: 11)))
        #expect(diagnostic.id == "lpai.yaml.too-large")
        #expect(diagnostic.location == Location(file: "t.yaml", line: 1, column: 1))
        #expect(try only(load(bytes, YAMLLimits(maxBytes: 12))).id == "lpai.yaml.syntax")
    }

    @Test(arguments: [
        ([0xEF, 0xBB, 0xBF], "lpai.yaml.bom"), ([0xFF, 0xFE], "lpai.yaml.encoding"),
        ([0xFE, 0xFF], "lpai.yaml.encoding"), ([0xFF, 0xFE, 0x00, 0x00], "lpai.yaml.encoding"),
    ] as [([UInt8], String)])
    func byteOrderMarksAreRejected(bom: [UInt8], id: String) throws {
        let diagnostic = try only(load(bom + Array("a: 1\n".utf8)))
        #expect(diagnostic.id == id)
        #expect(diagnostic.location == Location(file: "t.yaml", line: 1, column: 1))
    }

    @Test(arguments: [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0x00]] as [[UInt8]])
    func invalidUTF8IsLocatedAtTheFirstBadByte(raw: [UInt8]) throws {
        let m = Marked("a: ok\nb: \"é‸X\"\n")
        let diagnostic = try only(load(m.replacingX(with: raw)))
        #expect(diagnostic.id == "lpai.yaml.encoding")
        #expect(diagnostic.location == m.at[0])
    }

    @Test func controlCharactersAreRejected() throws {
        let m = Marked("a: 1\nb: x‸X\n")
        let diagnostic = try only(load(m.replacingX(with: [0x07])))
        #expect(diagnostic.id == "lpai.yaml.control-character")
        #expect(diagnostic.location == m.at[0])
        #expect(diagnostic.message.contains("U+0007"))
    }

    @Test(arguments: ["a:\n‸\tb: 1\n", "a:\n  b: 1\n ‸\tc: 2\n", "- a\n‸\t- b\n", "a: |\n  ‸\tx\n"])
    func tabIndentationIsExplained(text: String) throws {
        let m = Marked(text)
        let diagnostic = try only(load(m))
        #expect(diagnostic.id == "lpai.yaml.tab")
        #expect(diagnostic.location == m.at[0])
        #expect(diagnostic.message.contains("replace the tab with spaces"))
    }

    @Test func tabsInsideValuesStayLegal() throws {
        let root = try #require(load(Marked("a: \"x\ty\"\nb: |\n  x\ty\nc:\tz\n")).root)
        #expect(root["a"]?.scalar?.text == "x\ty")
        #expect(root["b"]?.scalar?.text == "x\ty\n")
        #expect(root["c"]?.scalar?.text == "z")
    }

    @Test(arguments: [
        ("a: b‸: c\n", "mapping values are not allowed"), ("a: ‸\"abc\n", "end of stream"),
        ("a:\n  - 1\n ‸b: 2\n", "expected"), ("a: ‸@x\n", "cannot start any token"),
        ("a: ‸{b: 1\n", "expected ',' or '}'"),
    ])
    func syntaxErrorsCarryLibyamlsProblemAndAFixHint(text: String, problem: String) throws {
        let m = Marked(text)
        let diagnostic = try only(load(m))
        #expect(diagnostic.id == "lpai.yaml.syntax")
        #expect(diagnostic.location == m.at[0])
        #expect(diagnostic.message.contains(problem))
        #expect(diagnostic.message.contains("; "))
    }

    @Test func aSecondDocumentIsAnError() throws {
        for text in ["a: 1\n‸---\nb: 2\n", "--- 1\n‸--- 2\n", "a: 1\n...\n‸---\n"] {
            let m = Marked(text)
            let diagnostic = try only(load(m))
            #expect(diagnostic.id == "lpai.yaml.multiple-documents")
            #expect(diagnostic.location == m.at[0])
        }
    }
}
