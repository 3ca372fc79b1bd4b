import Foundation
import Glibc
import Planner
import Spec

/// The steps of compiling one spec file, each timed over several repetitions in this process.
struct CompileSteps {
    enum Step: String, CaseIterable, Sendable {
        case raw, load, validate, capacity, renderMemory = "render-mem", renderDisk = "render-disk", e2e
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var specPath: String
    var workers: Int
    var repeats: Int
    var steps: Set<Step>
    /// `lpai-apply`, for the render-to-disk step.
    var lpaiApply: URL?
    /// Where `render --out` writes (a fresh folder inside, removed afterwards).
    var renderParent: URL

    func run() throws -> SizeResult {
        // Render to disk first, while this process is small: lpai-apply's peak RSS comes from
        // getrusage, which also counts this process's own peak when the child started.
        var renderDisk: Timing?
        if steps.contains(.renderDisk) { renderDisk = try renderToDisk() }
        let renderDiskRSS = Memory.childrenPeakRSS
        var result = SizeResult(
            workers: workers, orchestrators: 0, nodes: 0, yamlBytes: 0, yamlEvents: 0, renderedFiles: 0, renderedBytes: 0,
            diagnostics: 0, steps: SizeResult.Steps()
        )
        if let renderDisk {
            result.steps.renderDisk = renderDisk
            result.renderDiskPeakRSSBytes = renderDiskRSS
        }
        // Then end to end, so the peak RSS read after its first run is that of compiling once,
        // as lpai-apply does (later runs can only add allocator fragmentation).
        var compileRSS: Int?
        if steps.contains(.e2e) {
            result.steps.e2eCompile = try measure(.e2e, afterFirst: { compileRSS = Memory.peakRSS }) {
                let load = SpecLoader.load(path: specPath)
                guard let spec = load.spec, let plan = Planner.compile(spec).plan else { throw Failure(description: "\(specPath) does not compile") }
                result.renderedFiles = RenderOutput.files(for: plan).count
            }
        }
        result.loadAverage = Machine.loadAverage
        guard let data = FileManager.default.contents(atPath: specPath) else { throw Failure(description: "cannot read \(specPath)") }
        let bytes = [UInt8](data)
        result.yamlBytes = bytes.count
        if steps.contains(.raw) {
            var events: Int?
            result.steps.rawParse = measure(.raw) { events = RawParse.events(bytes) }
            guard let events else { throw Failure(description: "libyaml cannot parse \(specPath)") }
            result.yamlEvents = events
        }
        try measureSpecSteps(into: &result)
        if let e2e = result.steps.e2eCompile, let raw = result.steps.rawParse, raw.median > 0 { result.e2eOverRawParse = e2e.median / raw.median }
        let inProcess: Set<Step> = [.raw, .load, .validate, .capacity, .renderMemory, .e2e]
        if !steps.isDisjoint(with: inProcess) { result.peakRSSAllStepsBytes = Memory.peakRSS }
        result.peakRSSBytes = compileRSS ?? result.peakRSSAllStepsBytes
        return result
    }

    /// The steps that take a decoded spec. Each repetition's result is dropped before the next
    /// starts, so no step holds two of them.
    private func measureSpecSteps(into result: inout SizeResult) throws {
        let needsSpec: Set<Step> = [.load, .validate, .capacity, .renderMemory]
        guard !steps.isDisjoint(with: needsSpec) else { return }
        if steps.contains(.load) { result.steps.loadDecode = measure(.load) { keep(SpecLoader.load(path: specPath)) } }
        let load = SpecLoader.load(path: specPath)
        guard let spec = load.spec else {
            let first = load.diagnostics.first.map { "\($0.location?.description ?? "-"): \($0.message)" } ?? "no spec"
            throw Failure(description: "\(specPath) does not load: \(first)")
        }
        result.orchestrators = spec.orchestrators.count
        result.diagnostics = load.diagnostics.count + Planner.check(spec).diagnostics.count
        if steps.contains(.validate) { result.steps.validate = measure(.validate) { keep(Planner.check(spec)) } }
        if steps.contains(.capacity) {
            result.steps.capacity = measure(.capacity) { keep(CapacityPlanner.report(FleetIndex(spec: spec))) }
        }
        if steps.contains(.renderMemory) {
            result.steps.renderMemory = try measure(.renderMemory) {
                guard let plan = Planner.compile(spec).plan else { throw Failure(description: "\(specPath) does not compile") }
                let files = RenderOutput.files(for: plan)
                (result.nodes, result.renderedFiles, result.renderedBytes) = (plan.nodes.count, files.count, files.reduce(0) { $0 + $1.content.utf8.count })
            }
        }
    }

    /// `lpai-apply render SPEC --out DIR` into a fresh folder each time: process start, load,
    /// compile and every file write, as an operator runs it.
    private func renderToDisk() throws -> Timing {
        guard let lpaiApply else { throw Failure(description: "no lpai-apply binary for the render-to-disk step") }
        var samples: [Double] = []
        for run in 1...repeats {
            progress(.renderDisk, run)
            let out = renderParent.appendingPathComponent("lpai-bench-render-\(getpid())-\(run)")
            try? FileManager.default.removeItem(at: out)
            // Start from a quiet disk: the writeback of the previous run's files (and their
            // removal) would otherwise land in this run, and in the steps that follow.
            sync()
            var status: Int32 = 0
            var stderr = ""
            samples.append(try Stopwatch.time { (status, stderr) = try ChildProcess.run(lpaiApply, ["render", specPath, "--out", out.path]) })
            try? FileManager.default.removeItem(at: out)
            guard status == 0 else { throw Failure(description: "lpai-apply render failed (exit \(status)): \(stderr.prefix(2000))") }
        }
        sync()
        return Timing(samples)
    }

    private func measure(_ step: Step, afterFirst: () -> Void = {}, _ body: () throws -> Void) rethrows -> Timing {
        var samples: [Double] = []
        for run in 1...repeats {
            progress(step, run)
            samples.append(try Stopwatch.time(body))
            if run == 1 { afterFirst() }
        }
        return Timing(samples)
    }

    private func progress(_ step: Step, _ run: Int) {
        FileHandle.standardError.write(Data("  N=\(workers): \(step.rawValue) \(run)/\(repeats)\n".utf8))
    }
}
