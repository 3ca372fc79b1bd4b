import Foundation
import TestSupport
import Testing

/// Engine faults injected by a proxy in front of the real dockerd (every host of the split
/// example reaches the test engine through it, so the engine is `gpu-box-1+gpu-box-2+orch-box`
/// in messages): an HTTP 500, a connection reset mid-response, a response that never comes,
/// at every kind of call an apply makes (found by first tracing a clean apply) and, for each
/// kind, at its first, middle and last occurrence. Each time apply must exit 1 naming the
/// host, the call and the engine's error (or, where lpai-apply retries or only reports, still
/// name it), leave nothing the next apply cannot converge, and the next apply without faults
/// must converge: one running container per node, no leftovers, no lock, `plan` clean.
@Suite(.serialized, .sharedEngine) struct EngineFaultTests {
    static let engineName = "gpu-box-1+gpu-box-2+orch-box"
    static let fast = ["--settle", "1", "--stop-timeout", "2", "--call-timeout", "3"]

    struct Trial: CustomStringConvertible {
        var call: String
        var occurrence: Int
        var fault: FaultProxy.Fault
        var persistent = false
        var description: String { "\(fault) at \(call) #\(occurrence)\(persistent ? " and every later one" : "")" }

        var expectedError: String {
            switch fault {
            // A HEAD answer has no body, so the engine's message is the status line's.
            case .status(let code): "host \(EngineFaultTests.engineName): \(call) failed with HTTP \(code): " + (call.hasPrefix("HEAD ") ? "Internal Server Error" : "fault injected by the test proxy")
            case .reset: "host \(EngineFaultTests.engineName): \(call) lost the connection before the engine's answer was complete"
            case .stall, .delay: "host \(EngineFaultTests.engineName): \(call) got no answer in time: no answer within 3.0 seconds"
            }
        }
    }

    /// Every kind of call the traced apply made, each with each fault, the faults falling on its
    /// first, middle and last occurrence. Log reads are polled (a failed read is read again
    /// next round, and a late one may no longer be needed), so for them each fault stays on
    /// from the first read: registration can then never be confirmed.
    static func trials(_ calls: [FaultProxy.Call]) -> [Trial] {
        var count: [String: Int] = [:]
        var order: [String] = []
        for call in calls {
            if count[call.name] == nil { order.append(call.name) }
            count[call.name, default: 0] += 1
        }
        var out: [Trial] = []
        for name in order {
            let n = count[name]!
            for (i, fault) in [FaultProxy.Fault.status(500), .reset, .stall].enumerated() {
                let polled = name.hasSuffix("/logs")
                out.append(Trial(call: name, occurrence: polled ? 1 : [1, (n + 1) / 2, n][i], fault: fault, persistent: polled))
            }
        }
        return out
    }

    @Test func everyFaultAtEveryCallOfAnApplyIsReportedAndTheNextApplyConverges() throws {
        let host = try TestEngine.requireStandin()
        try #require(host.hasPrefix("unix://"), "the fault tests need DOCKER_HOST=unix://… (got \(host))")
        let proxy = try FaultProxy(upstream: String(host.dropFirst("unix://".count)), label: "split")
        defer { proxy.stop() }
        let fleet = SplitFleetTests.fleet
        TestEngine.removeFleet(fleet)
        defer { TestEngine.removeFleet(fleet) }
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": SplitFleetTests.secret])
        let engine = ["--engine", "*=\(proxy.url)"]
        let apply = ["apply", "specs/split.yaml", "--auto-approve"] + Self.fast + engine

        let traced = lpai.run(apply + ["--connect-timeout", "30"], engine: false)
        try #require(traced.status == 0, "\(traced.all)")
        let trials = Self.trials(proxy.calls)
        #expect(trials.count >= 24, "the apply made fewer kinds of call than expected: \(Set(proxy.calls.map(\.name)))")
        var hit = 0
        var absorbed: [String] = []
        for trial in trials {
            TestEngine.removeFleetUntilGone(fleet)
            proxy.clearFaults()
            proxy.resetLog()
            proxy.inject(.init(call: trial.call, occurrence: trial.occurrence, persistent: trial.persistent, fault: trial.fault))
            let faulty = lpai.run(apply + ["--connect-timeout", "8"], engine: false)
            let calls = proxy.calls
            proxy.clearFaults()
            #expect(!faulty.crashed, "\(trial): \(faulty.all)")
            if let at = calls.firstIndex(where: { $0.fault != nil }) {
                hit += 1
                // A failed read that lpai-apply makes again (a poll round, the step's own image
                // check after the up-front lookup) may be absorbed: then the same call must have
                // succeeded later in that run. Any other fault fails the apply, named.
                let retried = calls[(at + 1)...].contains { $0.name == trial.call && $0.fault == nil }
                if faulty.status == 0 && retried && !trial.persistent {
                    absorbed.append(trial.description)
                } else {
                    #expect(faulty.status == 1, "\(trial): apply did not fail:\n\(faulty.all)")
                    #expect(faulty.all.contains(trial.expectedError), "\(trial): the output does not name the host, call and error (\(trial.expectedError)):\n\(faulty.all)")
                }
            }
            // Nothing is left that the next apply cannot converge.
            let again = lpai.run(apply + ["--connect-timeout", "30"], engine: false)
            #expect(again.status == 0, "after \(trial): \(again.all)\n-- the faulty run:\n\(faulty.all)\n-- the engine now:\n\(TestEngine.diagnostics(fleet: fleet))")
            let containers = TestEngine.containers(ofFleet: fleet)
            #expect(containers.map(\.node).sorted() == ["gpu-box-1", "gpu-box-2", "orch-eu"], "after \(trial): \(containers)")
            #expect(containers.allSatisfy { $0.name == "lpai-\(fleet)-\($0.node)" && $0.state == "running" }, "after \(trial): \(containers)")
            #expect(TestEngine.docker("inspect", "lpai-lock-\(fleet)").status != 0, "after \(trial): the lock is still held")
            let plan = lpai.run(["plan", "specs/split.yaml", "--detailed-exitcode"] + engine, engine: false)
            #expect(plan.status == 0, "after \(trial): \(plan.all)\n-- the faulty run:\n\(faulty.all)\n-- the next:\n\(again.all)\n-- the engine now:\n\(TestEngine.diagnostics(fleet: fleet))")
        }
        // A fault can only miss when the call did not recur in that run (a concurrent order).
        #expect(hit >= trials.count * 9 / 10, "only \(hit) of \(trials.count) faults were injected")
        #expect(absorbed.count <= trials.count / 4, "too many faults absorbed: \(absorbed)")
        print("engine faults: \(hit) injected of \(trials.count) trials over \(Set(trials.map(\.call)).count) kinds of call; \(hit - absorbed.count) failed the apply as they should, \(absorbed.count) absorbed by a retried read: \(absorbed)")
    }

    /// A slow engine (every answer 100 ms late) changes nothing but the time taken.
    @Test func aSlowEngineOnlyTakesLonger() throws {
        let host = try TestEngine.requireStandin()
        try #require(host.hasPrefix("unix://"))
        let proxy = try FaultProxy(upstream: String(host.dropFirst("unix://".count)), label: "slow")
        defer { proxy.stop() }
        TestEngine.removeFleet(SplitFleetTests.fleet)
        defer { TestEngine.removeFleet(SplitFleetTests.fleet) }
        proxy.inject(.init(call: "*", persistent: true, fault: .delay(.milliseconds(100))))
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": SplitFleetTests.secret])
        let engine = ["--engine", "*=\(proxy.url)"]
        let applied = lpai.run(["apply", "specs/split.yaml", "--auto-approve"] + Self.fast + engine, engine: false)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(proxy.calls.count > 20 && proxy.calls.allSatisfy { $0.fault != nil })
        let plan = lpai.run(["plan", "specs/split.yaml", "--detailed-exitcode"] + engine, engine: false)
        #expect(plan.status == 0, "\(plan.all)")
    }
}

