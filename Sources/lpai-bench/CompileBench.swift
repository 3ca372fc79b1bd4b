import ArgumentParser
import FleetGen
import Foundation

struct CompileBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Time the compiler on generated fleets: raw YAML parse, load, validate, capacity, render, peak memory.",
        discussion: """
            For each fleet size a spec is generated into a temporary folder and measured in a fresh child process (so its peak RSS is that size's alone). Each step runs --repeat times; the table shows the median, the JSON file every sample. The issue's targets are checked and printed; a missed target prints FAIL but the exit code stays 0.

            Example:
              swift run -c release lpai-bench compile
              lpai-bench compile --workers 5000 --repeat 5 --json-out bench-5000.json
              lpai-bench compile --single 5000 --spec fleet.yaml --steps e2e --repeat 1   (a driver for valgrind)

            Exit codes: 0 measured (targets may still FAIL), 1 a step failed or bad options.
            """
    )

    @Option(help: "Fleet sizes in workers, comma separated.")
    var workers = WorkerCounts([500, 5_000, 50_000])

    @OptionGroup var shape: FleetShapeOptions

    @Option(name: .customLong("repeat"), help: "Runs of each step; the median and the fastest are reported.")
    var repeats = 3

    @Option(help: "Steps to run, comma separated: \(CompileSteps.Step.allCases.map(\.rawValue).joined(separator: ", ")).")
    var steps = StepList(Set(CompileSteps.Step.allCases))

    @Option(help: "The JSON results file.")
    var jsonOut = "bench-results.json"

    @Option(help: "Where `render --out` writes during the render-to-disk step (default: the temporary folder).")
    var renderDir: String?

    @Option(help: "Measure one size in this process (what the parent runs in each child).")
    var single: Int?

    @Option(help: "With --single: measure this spec file instead of generating one.")
    var spec: String?

    @Flag(help: "With --single: print the result as JSON on stdout.")
    var json = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeat must be at least 1") }
        if spec != nil, single == nil { throw ValidationError("--spec needs --single N (N: the spec's workers, for the report)") }
        if json, single == nil { throw ValidationError("--json goes with --single; the full run writes --json-out") }
        if spec == nil {
            for n in single.map({ [$0] }) ?? workers.counts { _ = try shape.options(workers: n) }
        }
    }

    var renderParent: URL { renderDir.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory }

    func run() throws {
        do {
            if let single { try runSingle(single) } else { try runAll() }
        } catch let error as CompileSteps.Failure {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// One size in this process: generate unless given a spec, measure, print.
    private func runSingle(_ workers: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try spec ?? scratch.writeSpec(shape.options(workers: workers))
        let measured = try CompileSteps(
            specPath: path, workers: workers, repeats: repeats, steps: steps.steps,
            lpaiApply: steps.steps.contains(.renderDisk) ? ChildProcess.lpaiApply() : nil, renderParent: renderParent
        ).run()
        if json {
            FileHandle.standardOutput.write(Data(JSONOutput.encode(measured).utf8))
        } else {
            print(ResultTable.render([measured]), terminator: "")
        }
    }

    /// Every size, each in a child process; then the table, the targets and the JSON file.
    private func runAll() throws {
        // Fail before generating anything when render-disk cannot run.
        if steps.steps.contains(.renderDisk) { _ = try ChildProcess.lpaiApply() }
        let scratch = try Scratch()
        defer { scratch.remove() }
        var results: [SizeResult] = []
        for n in workers.counts {
            let options = try shape.options(workers: n)
            FileHandle.standardError.write(Data("N=\(n): generating \(options.orchestrators) orchestrators, \(n) workers…\n".utf8))
            let path = try scratch.writeSpec(options)
            var arguments = ["compile", "--single", String(n), "--spec", path, "--repeat", String(repeats), "--json"]
            arguments += ["--steps", steps.argument, "--render-dir", renderParent.path]
            let (status, stdout) = try ChildProcess.capture(ChildProcess.selfURL, arguments)
            guard status == 0 else { throw CompileSteps.Failure(description: "measuring N=\(n) failed (exit \(status)); see above") }
            do {
                results.append(try JSONDecoder().decode(SizeResult.self, from: stdout))
            } catch {
                throw CompileSteps.Failure(description: "measuring N=\(n) printed no result: \(error)")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        let targets = Targets.check(results)
        let report = CompileReport(
            date: ISO8601DateFormatter().string(from: Date()), machine: .current,
            settings: CompileReport.Settings(
                repeats: repeats, gpusPerWorker: shape.gpus, models: shape.models, seed: shape.seed,
                orchestrators: shape.orchestrators.map(String.init) ?? "one per 250 workers, rounded up", build: Machine.buildConfiguration,
                renderDirectory: renderParent.path, renderFilesystem: Machine.filesystem(of: renderParent.path)
            ),
            results: results, targets: targets
        )
        print(ResultTable.header(report))
        print(ResultTable.render(results))
        print(ResultTable.render(targets))
        do {
            try Data(JSONOutput.encode(report).utf8).write(to: URL(fileURLWithPath: jsonOut))
            print("Results written to \(jsonOut)")
        } catch {
            throw CompileSteps.Failure(description: "cannot write \(jsonOut): \(error.localizedDescription)")
        }
    }
}
