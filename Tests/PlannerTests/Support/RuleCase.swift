import Spec
import Testing

/// One rule test: a spec that is valid but for one problem, the diagnostic it must produce,
/// and where. Marker `1️⃣` is where the diagnostic must point; `2️⃣`, when present, is where
/// one of its notes must point.
struct RuleCase: Sendable, CustomTestStringConvertible {
    /// What the fixture breaks, for the test report.
    var title: String
    var id: String
    var severity: Severity
    var spec: String
    /// Fragments the message must contain: the offending name, the value, the fix keyword.
    var message: [String]
    /// Other ids the same problem may also raise (a documented cascade); anything else fails.
    var also: Set<String> = []

    var testDescription: String { "\(id): \(title)" }
}

/// Compiles the case's fixture and checks its diagnostic: id, severity, exact position,
/// message, note position, and that nothing else was reported.
@discardableResult
func verify(_ c: RuleCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
    let compiled = compilation(c.spec)
    let diagnostics = compiled.diagnostics
    let at = try #require(compiled.markers["1️⃣"], "the fixture of \(c.id) has no 1️⃣ marker", sourceLocation: sourceLocation)
    let matching = diagnostics.filter { $0.id == c.id }
    #expect(matching.count == 1, "expected one \(c.id), got \(matching.count): \(render(diagnostics))", sourceLocation: sourceLocation)
    let d = try #require(
        matching.first { $0.location == at } ?? matching.first,
        "no \(c.id) was reported; got: \(render(diagnostics))", sourceLocation: sourceLocation
    )
    #expect(d.location == at, "\(c.id) points at \(d.location?.description ?? "nothing"), the marker 1️⃣ is at \(at)", sourceLocation: sourceLocation)
    #expect(d.severity == c.severity, "\(c.id) has severity \(d.severity)", sourceLocation: sourceLocation)
    for fragment in c.message {
        #expect(d.message.contains(fragment), "the message of \(c.id) lacks \"\(fragment)\": \(d.message)", sourceLocation: sourceLocation)
    }
    if let note = compiled.markers["2️⃣"] {
        #expect(
            d.notes.contains { $0.location == note },
            "\(c.id) has no note at marker 2️⃣ (\(note)); notes: \(d.notes.map { "\($0.location?.description ?? "-") \($0.message)" })",
            sourceLocation: sourceLocation
        )
    }
    let others = diagnostics.filter { $0.id != c.id && !c.also.contains($0.id) }
    #expect(others.isEmpty, "the fixture of \(c.id) must be valid but for one problem; also got: \(render(others))", sourceLocation: sourceLocation)
    return d
}

/// `spec.yaml:3:7: error[lpai.x]: message`, one per line, for failure messages.
func render(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.isEmpty
        ? "nothing"
        : "\n" + diagnostics.map { "\($0.location?.description ?? "-"): \($0.severity)[\($0.id)]: \($0.message)" }.joined(separator: "\n")
}
