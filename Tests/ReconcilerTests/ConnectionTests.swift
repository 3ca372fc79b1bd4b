import Foundation
import Planner
@testable import Reconciler
import Testing

/// go-livepeer's registration lines (LIVEPEER.md "Worker ↔ orchestrator connection") → state.
@Suite struct LivepeerLogTests {
    @Test func parsesTheRegistrationLinesOfBothRoles() {
        let text = """
            2026-11-29T10:00:00.100000000Z I1129 10:00:00.100000       1 ai_worker.go:57] Registering AI worker to orch.example.com:8935
            2026-11-29T10:00:00.200000000Z E1129 10:00:00.200000       1 ai_worker.go:80] Could not register aiworker to orchestrator rpc error: code = Unavailable desc = connection error
            2026-11-29T10:00:01.000000000Z I1129 10:00:01.000000       1 ai_worker.go:90] End of stream receive cycle because of err="EOF", waiting for running aiworker jobs to complete
            2026-11-29T10:00:01.000000001Z I1129 10:00:01.000000       1 ai_worker.go:60] Unregistering AI worker: invalid secret
            2026-11-29T10:00:01.000000002Z I1129 10:00:01.000000       1 ai_worker.go:62] Terminating AI Worker because of invalid secret
            2026-11-29T10:00:02Z I1129 10:00:02.000000       1 ai_orchestrator.go:64] Got a RegisterAIWorker request from aiworker=127.0.0.1:40122 
            2026-11-29T10:00:02Z E1129 10:00:02.000000       1 ai_orchestrator.go:70] err="invalid secret"
            2026-11-29T10:00:03Z E1129 10:00:03.000000       1 ai_orchestrator.go:75] worker 127.0.0.1:40124 not connected, version not compatible
            2026-11-29T10:00:04Z I1129 10:00:04.000000       1 ai_orchestrator.go:80] Worker compatible, connecting worker_version=0.9.2 orchestrator_version=0.9.1 worker_addr=127.0.0.1:40126
            2026-11-29T10:00:05Z I1129 10:00:05.000000       1 ai_orchestrator.go:99] Got aiworker=127.0.0.1:40126 eof, removing from live aiworkers map
            2026-11-29T10:00:05Z I1129 10:00:05.000000       1 ai_worker.go:12] Received AI job, something else
            """
        let events = LivepeerLog.parse(text).map(\.event)
        #expect(events == [
            .registering(orchestrator: "orch.example.com:8935"),
            .couldNotRegister(error: "rpc error: code = Unavailable desc = connection error"),
            .streamEnded(error: "EOF"),
            .unregistering(error: "invalid secret"),
            .terminating(error: "invalid secret"),
            .registerRequest(worker: "127.0.0.1:40122"),
            .invalidSecret,
            .notCompatible(worker: "127.0.0.1:40124"),
            .compatible(worker: "127.0.0.1:40126", workerVersion: "0.9.2", orchestratorVersion: "0.9.1"),
            .workerGone(worker: "127.0.0.1:40126"),
        ])
        #expect(LivepeerLog.parse(text).first?.seconds == 1_795_946_400.1)
    }

    @Test func linesWithoutEngineTimestampsOrGlogHeadersStillParse() {
        #expect(LivepeerLog.parse("Registering AI worker to 127.0.0.1:8935\n").map(\.event) == [.registering(orchestrator: "127.0.0.1:8935")])
        #expect(LivepeerLog.parse("I1129 10:00:00.1 1 x.go:1] nothing to see\n").isEmpty)
    }

    @Test func rfc3339() {
        #expect(RFC3339.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.seconds("2000-03-01T00:00:00+01:00") == 951_865_200)
        #expect(RFC3339.seconds("2026-11-29T10:00:00.5Z") == 1_795_946_400.5)
        #expect(RFC3339.seconds("2026-13-29T10:00:00Z") == nil)
        #expect(RFC3339.seconds("yesterday") == nil)
        #expect(RFC3339.engineSince("2026-11-29T10:00:00.123456789Z") == "1795946400.123456789")
        #expect(RFC3339.engineSince("2026-11-29T10:00:00Z") == "1795946400.000000000")
    }

    @Test func orchestratorAddressesNormaliseAsGoLivepeerParsesThem() {
        #expect(ConnectionClassifier.normalizedAddress("orch.example.com:8935") == "orch.example.com:8935")
        #expect(ConnectionClassifier.normalizedAddress("orch.example.com") == "orch.example.com:8935")
        #expect(ConnectionClassifier.normalizedAddress(":9000") == "127.0.0.1:9000")
        #expect(ConnectionClassifier.normalizedAddress("https://Orch.example.com:443/x") == "orch.example.com:443")
    }
}

@Suite struct ConnectionClassifierTests {
    static let t0 = 1_795_946_400.0

    static func line(_ offset: Double, _ event: LivepeerLog.Event) -> LivepeerLog.Line {
        let whole = Int(t0 + offset)
        let fraction = Int(((t0 + offset) - Double(whole)) * 1000)
        let date = Date(timeIntervalSince1970: Double(whole))
        var text = ISO8601DateFormatter().string(from: date)
        text.removeLast()
        return LivepeerLog.Line(time: text + String(format: ".%03dZ", fraction), event: event)
    }

    /// The split example: orch-eu with workers gpu-box-1 and gpu-box-2.
    static func classify(
        worker1: [LivepeerLog.Line], worker2: [LivepeerLog.Line] = [], orchestrator: [LivepeerLog.Line], orchestratorRunning: Bool = true, now: Double = 60
    ) throws -> [String: WorkerConnection] {
        let plan = try Fixtures.plan()
        let node = { (name: String) in try #require(plan.nodes.first { $0.name == name }) }
        let result = ConnectionClassifier.classify(
            workers: [
                .init(node: try node("gpu-box-1"), running: true, startedAt: t0, lines: worker1),
                .init(node: try node("gpu-box-2"), running: true, startedAt: t0, lines: worker2),
            ],
            orchestrators: [.init(node: try node("orch-eu"), running: orchestratorRunning, lines: orchestrator)], plan: plan, now: t0 + now
        )
        return Dictionary(uniqueKeysWithValues: result.workers.map { ($0.worker, $0) })
    }

    static let registering = LivepeerLog.Event.registering(orchestrator: "orch.example.com:8935")

    @Test func openAttemptsConfirmedByTheOrchestratorAreConnected() throws {
        let result = try Self.classify(
            worker1: [Self.line(1, Self.registering)], worker2: [Self.line(2, Self.registering)],
            orchestrator: [
                Self.line(1, .compatible(worker: "10.0.0.1:5000", workerVersion: "0.9.1", orchestratorVersion: "0.9.1")),
                Self.line(2, .compatible(worker: "10.0.0.2:5000", workerVersion: "0.9.1", orchestratorVersion: "0.9.1")),
            ]
        )
        #expect(result["gpu-box-1"]?.state == .connected)
        #expect(result["gpu-box-2"]?.state == .connected)
        #expect(result["gpu-box-1"]?.registeredTo == "orch.example.com:8935")
    }

    @Test func fewerOpenRegistrationsThanClaimsLeavesTheLatestUnconfirmed() throws {
        let result = try Self.classify(
            worker1: [Self.line(1, Self.registering)], worker2: [Self.line(2, Self.registering)],
            orchestrator: [
                Self.line(1, .compatible(worker: "10.0.0.1:5000", workerVersion: "0.9.1", orchestratorVersion: "0.9.1")),
                Self.line(2, .compatible(worker: "10.0.0.2:5000", workerVersion: "0.9.1", orchestratorVersion: "0.9.1")),
                Self.line(3, .workerGone(worker: "10.0.0.2:5000")),
            ]
        )
        #expect(result["gpu-box-1"]?.state == .connected)
        #expect(result["gpu-box-2"]?.state == .notConnected)
        #expect(result["gpu-box-2"]?.reason == .notConfirmed)
        // Moments after the attempt it is still connecting, not a failure.
        let fresh = try Self.classify(worker1: [Self.line(1, Self.registering)], orchestrator: [], now: 3)
        #expect(fresh["gpu-box-1"]?.state == .connecting)
        #expect(fresh["gpu-box-1"]?.mayStillConnect == true)
    }

    @Test func aWrongSecretIsFatalAndNamed() throws {
        let result = try Self.classify(
            worker1: [Self.line(1, Self.registering), Self.line(1.1, .unregistering(error: "invalid secret")), Self.line(1.1, .terminating(error: "invalid secret"))],
            orchestrator: [Self.line(1, .registerRequest(worker: "10.0.0.1:5000")), Self.line(1, .invalidSecret)]
        )
        let worker = try #require(result["gpu-box-1"])
        #expect(worker.state == .notConnected)
        #expect(worker.reason == .invalidSecret)
        #expect(worker.detail.contains("-orchSecret"))
        #expect(!worker.mayStillConnect)
    }

    @Test func aTooOldWorkerIsNamedFromTheOrchestratorsLog() throws {
        let result = try Self.classify(
            worker1: [
                Self.line(1, Self.registering), Self.line(1.1, .streamEnded(error: "EOF")), Self.line(1.1, .unregistering(error: "EOF")),
                Self.line(2, Self.registering),
            ],
            orchestrator: [Self.line(1, .notCompatible(worker: "10.0.0.1:5000")), Self.line(2, .notCompatible(worker: "10.0.0.1:5001"))]
        )
        let worker = try #require(result["gpu-box-1"])
        #expect(worker.state == .notConnected)
        #expect(worker.reason == .versionNotCompatible)
        #expect(!worker.mayStillConnect)
        // Without the orchestrator's line, the same worker log is only an ended stream.
        let unexplained = try Self.classify(
            worker1: [Self.line(1, Self.registering), Self.line(1.1, .streamEnded(error: "EOF"))], orchestrator: []
        )
        #expect(unexplained["gpu-box-1"]?.reason == .streamEnded)
        #expect(unexplained["gpu-box-1"]?.mayStillConnect == true)
    }

    @Test func anUnreachableOrStoppedOrchestrator() throws {
        let unreachable = try Self.classify(
            worker1: [Self.line(1, Self.registering), Self.line(1, .couldNotRegister(error: "dial tcp 127.0.0.1:8935: connect: connection refused"))],
            orchestrator: [], orchestratorRunning: false
        )
        #expect(unreachable["gpu-box-1"]?.reason == .orchestratorUnreachable)
        #expect(unreachable["gpu-box-1"]?.detail.contains("connection refused") == true)
        // The worker still believes in a stream its stopped orchestrator can no longer hold.
        let stale = try Self.classify(worker1: [Self.line(1, Self.registering)], orchestrator: [], orchestratorRunning: false)
        #expect(stale["gpu-box-1"]?.reason == .orchestratorNotRunning)
    }

    @Test func aCombinedNodeRefusesWorkers() throws {
        let result = try Self.classify(
            worker1: [Self.line(1, Self.registering), Self.line(1, .streamEnded(error: "rpc error: code = Unimplemented desc = unknown service net.AIWorker"))],
            orchestrator: []
        )
        #expect(result["gpu-box-1"]?.reason == .orchestratorRefused)
        #expect(result["gpu-box-1"]?.detail.contains("combined") == true)
    }

    @Test func registeringElsewhereIsTheWrongOrchestrator() throws {
        let result = try Self.classify(worker1: [Self.line(1, .registering(orchestrator: "other.example.com:8935"))], orchestrator: [])
        #expect(result["gpu-box-1"]?.state == .wrongOrchestrator)
        #expect(result["gpu-box-1"]?.detail.contains("other.example.com:8935") == true)
    }

    @Test func aSilentLogIsUnknownOnceTheWorkerIsNoLongerNew() throws {
        #expect(try Self.classify(worker1: [], orchestrator: [], now: 60)["gpu-box-1"]?.state == .unknown)
        #expect(try Self.classify(worker1: [], orchestrator: [], now: 2)["gpu-box-1"]?.state == .connecting)
    }
}

@Suite struct RunnerCheckTests {
    @Test func runnerNamesParseAsGoLivepeerMakesThem() {
        #expect(RunnerCheck.parseName("text-to-image_ByteDance-SDXL-Lightning_8000")! == ("text-to-image", "ByteDance-SDXL-Lightning"))
        #expect(RunnerCheck.parseName("/llm_meta-llama-Meta-Llama-3.1-8B-Instruct_8500")! == ("llm", "meta-llama-Meta-Llama-3.1-8B-Instruct"))
        #expect(RunnerCheck.parseName("text-to-image_model") == nil)
        #expect(RunnerCheck.parseName("nginx") == nil)
        #expect(RunnerCheck.flattened("a/b_c") == "a-b-c")
    }

    static func runner(_ name: String, creator: String = "", state: String = "running") -> ObservedRunner {
        ObservedRunner(id: "id-\(name)", name: name, state: state, creatorID: creator)
    }

    @Test func missingStoppedAndOrphanRunners() throws {
        let plan = try Fixtures.plan()
        // gpu-box-1 plans two warm SDXL runners, gpu-box-2 one llm runner; all share one engine
        // here, so their empty creator ids collide (the compiler warns about that separately).
        var observed = Fixtures.converged(plan)
        observed.engines[0].runners = [
            Self.runner("text-to-image_ByteDance-SDXL-Lightning_8000"),
            Self.runner("text-to-image_ByteDance-SDXL-Lightning_8001", state: "exited"),
            Self.runner("llm_meta-llama-Meta-Llama-3.1-8B-Instruct_8500"),
            Self.runner("upscale_x_8300", creator: "old-worker.example:8935"),
        ]
        let findings = RunnerCheck.check(plan: plan, observed: observed)
        #expect(findings.filter { $0.kind == .notRunning }.map(\.container) == ["text-to-image_ByteDance-SDXL-Lightning_8001"])
        #expect(findings.filter { $0.kind == .orphan }.map(\.container) == ["upscale_x_8300"])
        #expect(findings.filter { $0.kind == .missing }.isEmpty)

        observed.engines[0].runners.removeAll { $0.name.hasPrefix("llm_") }
        let missing = RunnerCheck.check(plan: plan, observed: observed).filter { $0.kind == .missing }
        #expect(missing.map(\.worker) == ["gpu-box-2"])
        #expect(missing.first?.modelID == "meta-llama/Meta-Llama-3.1-8B-Instruct")
    }

    @Test func runnerAndConnectionDriftMakeTheDiffDrift() throws {
        let plan = try Fixtures.plan()
        var observed = Fixtures.converged(plan)
        observed.engines[0].runners = [
            Self.runner("text-to-image_ByteDance-SDXL-Lightning_8000"), Self.runner("text-to-image_ByteDance-SDXL-Lightning_8001"),
            Self.runner("llm_meta-llama-Meta-Llama-3.1-8B-Instruct_8500"),
        ]
        observed.connections = ConnectionObservation(workers: [
            WorkerConnection(worker: "gpu-box-1", host: "gpu-box-1", orchestrator: "orch-eu", state: .connected),
            WorkerConnection(worker: "gpu-box-2", host: "gpu-box-2", orchestrator: "orch-eu", state: .connected),
        ])
        let clean = Differ.diff(plan: plan, observed: observed)
        #expect(clean.changes.isEmpty)
        #expect(!clean.hasDrift)

        observed.connections.workers[1] = WorkerConnection(worker: "gpu-box-2", host: "gpu-box-2", orchestrator: "orch-eu", state: .notConnected, reason: .streamEnded)
        let drifted = Differ.diff(plan: plan, observed: observed)
        #expect(drifted.changes.isEmpty)
        #expect(drifted.hasDrift)
        #expect(drifted.connectionProblems.map(\.worker) == ["gpu-box-2"])

        // go-livepeer gave up after "invalid secret": only a new container registers again.
        observed.connections.workers[1].reason = .invalidSecret
        let replaced = Differ.diff(plan: plan, observed: observed)
        #expect(replaced.changes.map(\.node) == ["gpu-box-2"])
        #expect(replaced.changes.first?.action == .replace)
        #expect(replaced.changes.first?.details.first?.sensitive == true)
        #expect(replaced.connectionProblems.isEmpty, "a worker being replaced is not counted twice")
    }
}
