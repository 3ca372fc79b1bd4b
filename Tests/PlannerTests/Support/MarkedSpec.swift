import Planner
import Spec

/// A YAML fixture with position markers `1️⃣`, `2️⃣`… (as in swift-format's MarkedText): the
/// markers are stripped and each one's 1-based line and column in the stripped text recorded.
/// Columns count Unicode scalars, as the loader's locations do.
struct MarkedSpec: Sendable {
    /// The YAML without its markers.
    let text: String
    /// Each marker (`"1️⃣"`) and the position of the character that followed it.
    let markers: [String: Spec.SourceLocation]

    init(_ marked: String, file: String = "spec.yaml") {
        let scalars = Array(marked.unicodeScalars)
        var text = String.UnicodeScalarView()
        var markers: [String: Spec.SourceLocation] = [:]
        var line = 1
        var column = 1
        var i = 0
        while i < scalars.count {
            if Self.isKeycap(scalars, at: i) {
                let name = String(String.UnicodeScalarView(scalars[i...(i + 2)]))
                precondition(markers[name] == nil, "marker \(name) appears twice in the fixture")
                markers[name] = Spec.SourceLocation(file: file, line: line, column: column)
                i += 3
                continue
            }
            text.append(scalars[i])
            if scalars[i] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += 1
        }
        self.text = String(text)
        self.markers = markers
    }

    subscript(_ marker: String) -> Spec.SourceLocation? { markers[marker] }

    /// A keycap digit: `0`–`9`, VARIATION SELECTOR-16, COMBINING ENCLOSING KEYCAP.
    private static func isKeycap(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        i + 2 < scalars.count && ("0"..."9").contains(scalars[i]) && scalars[i + 1] == "\u{FE0F}" && scalars[i + 2] == "\u{20E3}"
    }
}

/// Everything one marked fixture produced: the load, the compile (when the spec decoded) and
/// the markers.
struct Compilation {
    var load: SpecLoadResult
    var result: CompileResult?
    var markers: [String: Spec.SourceLocation]

    /// Decoder diagnostics followed by the planner's.
    var diagnostics: [Diagnostic] { load.diagnostics + (result?.diagnostics ?? []) }
}

/// Loads the marked fixture as `spec.yaml` and, if it decoded, compiles it.
func compilation(_ marked: String) -> Compilation {
    let fixture = MarkedSpec(marked)
    let load = SpecLoader.load(text: fixture.text, file: "spec.yaml")
    return Compilation(load: load, result: load.spec.map { Planner.compile($0) }, markers: fixture.markers)
}

/// All diagnostics (decoder and planner) of a marked fixture, and where its markers are.
func compile(_ marked: String) -> (diagnostics: [Diagnostic], markers: [String: Spec.SourceLocation]) {
    let c = compilation(marked)
    return (c.diagnostics, c.markers)
}
