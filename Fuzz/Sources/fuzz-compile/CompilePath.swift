internal import Planner
internal import Spec

/// The whole compile path of `lpai-apply render`, in memory: load and merge, decode, check,
/// compile, render every file, format every diagnostic; then the invariants a user relies on.
enum CompilePath {
    static func run(_ files: [(file: String, bytes: [UInt8])]) {
        let load = SpecLoader.load(files: files, path: "spec")
        let lines = LineTable(files)
        lines.checkLocations(load.diagnostics, sources: load.sources, stage: "load")
        _ = DiagnosticFormatter(colors: true).format(load.diagnostics.sortedForOutput(), sources: load.sources)
        guard let spec = load.spec else {
            Invariant.require(load.diagnostics.hasErrors, "the loader returned no spec and no error")
            return
        }
        Invariant.require(!load.diagnostics.hasErrors, "the loader returned a spec along with errors")

        let compiled = Planner.compile(spec)
        lines.checkLocations(compiled.diagnostics, sources: load.sources, stage: "compile")
        _ = DiagnosticFormatter(colors: false).format(compiled.diagnostics, sources: load.sources)
        guard let plan = compiled.plan else {
            Invariant.require(compiled.diagnostics.hasErrors, "the planner returned no plan and no error")
            return
        }
        Invariant.require(!compiled.diagnostics.hasErrors, "the planner returned a plan along with errors")

        let rendered = RenderOutput.files(for: plan)
        for file in rendered where file.path.hasSuffix(".json") {
            Invariant.require(JSONGrammar.isValid(file.content), "\(file.path) is not valid JSON:\n\(file.content.prefix(2_000))")
            if file.path.hasSuffix("aiModels.json") { Invariant.require(file.content.hasPrefix("["), "\(file.path) is not a JSON array") }
        }
        let again = Planner.compile(spec).plan.map { RenderOutput.files(for: $0) }
        Invariant.require(again == rendered, "two compiles of one spec rendered different bytes")
    }
}

/// A failed invariant is a crash libFuzzer records with its input.
enum Invariant {
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("invariant: \(message())") }
    }
}
