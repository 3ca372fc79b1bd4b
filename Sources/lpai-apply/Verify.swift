import ArgumentParser
import Foundation
import Planner
import Reconciler

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that every worker's runners serve: /health from the worker's own host, optionally one real request.",
        discussion: """
            The docs confirm a worker by curling its runner on 127.0.0.1 from the worker host; verify does it for the whole fleet. For every worker and every warm model it finds go-livepeer's runner container (name, creator_id and port as LIVEPEER.md "Runner containers" describes) and, from the worker's host, asks /health: OK or IDLE is serving, LOADING, ERROR or no answer is not. The requests are made by one short-lived probe container per host with host networking, started through the host's Docker Engine (no ssh), from the worker's go-livepeer image unless --probe-image names another; it needs sh and curl or wget. With --inference it also sends one small request per model (text-to-image, llm, text-to-speech) and reports the latency. Cold models and external runners are listed, not checked.

            Example:
              lpai-apply verify specs/split.yaml
              lpai-apply verify specs/split.yaml --inference --format json

            Exit codes: 0 every warm runner serves, 2 something planned is not serving (or missing), 1 error.
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Also send one small real request per model and report its latency.")
    var inference = false

    @Option(help: "Seconds each request may take.")
    var requestTimeout = 10

    @Option(help: "Image of the probe container (default: the worker's go-livepeer image, already on its host).")
    var probeImage: String?

    @Option(help: "Output format: text (a table) or json.")
    var format: OutputFormat = .text

    struct Report: Encodable {
        var fleet: String
        var serving: Bool
        var results: [ProbeResult]
        var errors: [String]
    }

    func run() async throws {
        let session = try FleetSession.open(spec: options, engine: engine, needsSecrets: false)
        let observation: Observation
        do {
            observation = try await Observer(plan: session.plan, engines: session.engines, secrets: session.secrets, connections: nil).observe()
        } catch {
            for failure in error.errors { Output.stderr("error: \(failure)\n") }
            await session.close()
            throw ExitCode(1)
        }
        let verifier = Verifier(plan: session.plan, engines: session.engines, options: .init(inference: inference, requestTimeout: max(1, requestTimeout), probeImage: probeImage))
        let (results, errors) = await verifier.verify(observation)
        await session.close()
        let failing = results.filter { $0.verdict == .notServing || $0.verdict == .missing }
        switch format {
        case .json: Output.stdout(Output.json(Report(fleet: session.plan.fleet, serving: failing.isEmpty && errors.isEmpty, results: results, errors: errors)))
        case .text: Output.stdout(Self.table(results))
        }
        for error in errors { Output.stderr("error: \(error)\n") }
        if !errors.isEmpty { throw ExitCode(1) }
        if !failing.isEmpty {
            if format == .text { Output.stdout("\n\(failing.count) planned runner check\(failing.count == 1 ? "" : "s") not serving.\n") }
            throw ExitCode(2)
        }
    }

    static func table(_ results: [ProbeResult]) -> String {
        var table = Table("WORKER", "HOST", "PIPELINE", "MODEL", "RUNNER", "CHECK", "RESULT", "LATENCY", "STATUS")
        for result in results {
            table.add(
                result.worker, result.host, result.pipeline, result.modelID, result.check.map { "127.0.0.1:\($0.port)" } ?? "-",
                result.check?.kind.rawValue ?? "-", result.verdict.rawValue, result.latencyMS.map { $0 < 10 ? "<10 ms" : "\($0) ms" } ?? "-", result.status
            )
        }
        return table.render()
    }
}
