import FleetGen
import Foundation

/// A temporary folder for generated specs.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Generates the spec in a child process (`lpai-bench generate`), so generating never
    /// raises the peak RSS of the process that measures (see ``Memory``).
    func writeSpec(_ options: FleetGen.Options) throws -> String {
        let path = url.appendingPathComponent("fleet-\(options.workers)w-seed\(options.seed).yaml").path
        let arguments = [
            "generate", "--workers", String(options.workers), "--orchestrators", String(options.orchestrators),
            "--gpus", String(options.gpusPerWorker), "--models", String(options.models), "--seed", String(options.seed), "--out", path,
        ]
        let (status, stderr) = try ChildProcess.run(ChildProcess.selfURL, arguments)
        guard status == 0 else { throw CompileSteps.Failure(description: "generating \(options.summary) failed: \(stderr)") }
        return path
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
