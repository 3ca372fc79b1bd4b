import Foundation
import Planner
import Spec

/// A marked aiModels.json fixture from Fixtures/lint: its text without markers and where each marker was.
struct LintFixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/lint")

    let name: String
    let marked: MarkedSpec

    init(_ name: String) throws {
        self.name = name
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        marked = MarkedSpec(text, file: name)
    }

    func lint(role: NodeRole?, gpus: [Int]? = nil) -> AIModelsLint.Result {
        AIModelsLint.lint(Array(marked.text.utf8), file: name, options: .init(role: role, gpus: gpus))
    }
}

/// One expected finding: a rule id at a marker.
struct Expect: Sendable, CustomStringConvertible {
    var id: String
    var marker: String
    var description: String { "\(id)@\(marker)" }

    init(_ id: String, _ marker: String) {
        self.id = "lpai.lint." + id
        self.marker = marker
    }
}

struct LintCase: Sendable, CustomStringConvertible {
    var fixture: String
    var role: NodeRole?
    var gpus: [Int]?
    var expected: [Expect]
    var description: String { fixture }

    init(_ fixture: String, _ role: NodeRole?, gpus: [Int]? = nil, _ expected: [Expect]) {
        self.fixture = fixture
        self.role = role
        self.gpus = gpus
        self.expected = expected
    }
}
