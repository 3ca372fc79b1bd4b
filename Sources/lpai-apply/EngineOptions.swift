import ArgumentParser
import Foundation
import Planner
import Reconciler
import Spec

/// Options of the commands that talk to Docker Engines.
struct EngineOptions: ParsableArguments {
    @Option(
        name: .customLong("engine"),
        help: ArgumentHelp(
            "Reach a host's Docker Engine at another address: HOST=URL, or '*=URL' for every host (repeatable).",
            discussion: "URL is unix:///path or tcp://host:port. Without it, each host uses its spec entry, and a host without one uses DOCKER_HOST.",
            valueName: "HOST=URL"
        )
    )
    var engine: [String] = []

    @Option(help: "Seconds any single engine call may take before it fails.")
    var callTimeout: Int = 30

    func overrides() throws -> [String: String] {
        var out: [String: String] = [:]
        for item in engine {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex, item.index(after: eq) != item.endIndex else {
                throw ValidationError("--engine takes HOST=URL (or '*=URL'), got '\(item)'")
            }
            out[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        return out
    }

    var timeouts: DockerClient.Timeouts { DockerClient.Timeouts(call: .seconds(max(1, callTimeout))) }
}

/// A plan bound to engines and secrets: what plan, apply and drift work from.
struct FleetSession {
    var plan: Plan
    var overrides: [String: String]
    var engines: EngineSet
    var secrets: SecretValues
    /// Set when the session came from a saved plan file.
    var saved: SavedPlan?

    /// Compiles the spec (printing diagnostics), checks its secrets resolve here, and binds
    /// every host to its engine. Exits 1 with located errors when any of that fails.
    /// `needsSecrets: false` (unlock) skips resolving them.
    static func open(spec options: SpecOptions, engine: EngineOptions, needsSecrets: Bool = true) throws -> FleetSession {
        let compiled = Compiled.run(options)
        var diagnostics = compiled.diagnostics
        if needsSecrets, let spec = compiled.load.spec, !compiled.fails(strict: options.strict) {
            diagnostics += SecretResolver.check(spec)
        }
        let failing = diagnostics.contains { $0.severity == .error || (options.strict && $0.severity == .warning) }
        let text = DiagnosticFormatter(colors: options.useColor).format(diagnostics.sortedForOutput(), sources: compiled.load.sources)
        if !text.isEmpty { Output.stderr(text) }
        guard !failing, let plan = compiled.result?.plan else {
            Output.stderr("\(options.spec): nothing was planned: fix the errors above\n")
            throw ExitCode(1)
        }
        return try bind(plan: plan, overrides: engine.overrides(), timeouts: engine.timeouts, saved: nil, needsSecrets: needsSecrets)
    }

    /// Reads a saved plan file; `--engine` given now overrides the ones it was made with.
    static func open(savedPlan path: String, bytes: [UInt8], engine: EngineOptions) throws -> FleetSession {
        let saved: SavedPlan
        do { saved = try SavedPlan.decode(bytes) } catch {
            Output.stderr("error: \(path) is not a readable saved plan: \(error)\n")
            throw ExitCode(1)
        }
        let overrides = saved.engineOverrides.merging(try engine.overrides()) { _, new in new }
        return try bind(plan: saved.plan, overrides: overrides, timeouts: engine.timeouts, saved: saved)
    }

    private static func bind(
        plan: Plan, overrides: [String: String], timeouts: DockerClient.Timeouts, saved: SavedPlan?, needsSecrets: Bool = true
    ) throws -> FleetSession {
        let environment = ProcessInfo.processInfo.environment
        let (secrets, failures) = needsSecrets ? SecretValues.resolve(plan, environment: environment) : (.empty, [])
        guard failures.isEmpty else {
            for failure in failures { Output.stderr("error: \(failure)\n") }
            throw ExitCode(1)
        }
        let directory: EngineDirectory
        do { directory = try EngineDirectory.resolve(plan: plan, overrides: overrides, environment: environment) } catch {
            Output.stderr("error: \(error)\n")
            throw ExitCode(1)
        }
        return FleetSession(plan: plan, overrides: overrides, engines: EngineSet(directory: directory, timeouts: timeouts), secrets: secrets, saved: saved)
    }

    /// Reads every engine and diffs against the plan; engine failures print and exit 1.
    func observe() async throws -> FleetDiff {
        do {
            let observation = try await Observer(plan: plan, engines: engines, secrets: secrets).observe()
            return Differ.diff(plan: plan, observed: observation)
        } catch {
            for failure in error.errors { Output.stderr("error: \(failure)\n") }
            Output.stderr("error: could not read the state of fleet \(plan.fleet); nothing was changed\n")
            await engines.shutdown()
            throw ExitCode(1)
        }
    }

    func close() async { await engines.shutdown() }
}
