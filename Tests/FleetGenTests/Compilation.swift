import FleetGen
import Foundation
import Planner
import Spec
import Testing

/// A generated spec taken through the same steps as `lpai-apply render`: load, decode, check, render.
struct Compilation {
    var diagnostics: [Diagnostic]
    var plan: Plan?
    var capacity: CapacityReport?

    /// The one-document form, loaded from memory.
    static func of(spec text: String) -> Compilation {
        finish(SpecLoader.load(text: text, file: "fleet.yaml"))
    }

    /// The folder form, written to a temporary folder and loaded from disk (so the merger runs).
    static func of(folder files: [(name: String, text: String)]) throws -> Compilation {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetgen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in files { try Data(file.text.utf8).write(to: dir.appendingPathComponent(file.name)) }
        return finish(SpecLoader.load(path: dir.path))
    }

    private static func finish(_ load: SpecLoadResult) -> Compilation {
        guard let spec = load.spec, !load.diagnostics.hasErrors else { return Compilation(diagnostics: load.diagnostics, plan: nil, capacity: nil) }
        let result = Planner.compile(spec)
        return Compilation(diagnostics: load.diagnostics + result.diagnostics, plan: result.plan, capacity: result.capacity)
    }

    /// `fleet.yaml:3:7: warning[lpai.x]: message`, one a line, for failure messages.
    var report: String {
        diagnostics.prefix(20).map { "\($0.location?.description ?? "-"): \($0.severity)[\($0.id)]: \($0.message)" }.joined(separator: "\n")
    }
}

/// A fleet shape as a test argument, named by its sizes in the test report.
struct Shape: Sendable, CustomTestStringConvertible {
    var options: FleetGen.Options

    init(_ workers: Int, _ orchestrators: Int, gpus: Int, models: Int, seed: UInt64) {
        options = FleetGen.Options(workers: workers, orchestrators: orchestrators, gpusPerWorker: gpus, models: models, seed: seed)
    }

    init(_ options: FleetGen.Options) { self.options = options }

    var testDescription: String {
        "N=\(options.workers) M=\(options.orchestrators) G=\(options.gpusPerWorker) K=\(options.models) seed=\(options.seed)"
    }
}
