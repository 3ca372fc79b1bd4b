import Foundation
@testable import Reconciler
import Testing

@Suite struct ScheduleTests {
    static func change(_ node: String, _ action: NodeChange.Action, role: String = "worker", host: String? = nil, orchestrator: String? = "orch", image: Bool = false) -> NodeChange {
        NodeChange(
            node: node, host: host ?? node, role: role, orchestrator: role == "worker" ? orchestrator : nil, action: action,
            details: image ? [FieldChange(field: "image", old: "a", new: "b")] : [FieldChange(field: "file aiModels.json", old: "x", new: "y")],
            containers: [], leftovers: []
        )
    }

    /// Runs the schedule to completion, finishing steps in start order, and returns the waves.
    static func waves(_ schedule: ApplySchedule) -> [[String]] {
        var running: Set<Int> = []
        var finished: Set<Int> = []
        var out: [[String]] = []
        while finished.count < schedule.changes.count {
            let ready = schedule.ready(running: running, finished: finished)
            running.formUnion(ready)
            if !ready.isEmpty { out.append(ready.map { schedule.changes[$0].node }) }
            guard let first = running.min() else { Issue.record("deadlock"); break }
            running.remove(first)
            finished.insert(first)
        }
        return out
    }

    @Test func aNewFleetStartsTheOrchestratorBeforeItsWorkers() {
        let schedule = ApplySchedule(changes: [
            Self.change("orch", .create, role: "orchestrator"), Self.change("w1", .create), Self.change("w2", .create),
        ])
        #expect(Self.waves(schedule) == [["orch"], ["w1", "w2"]])
    }

    /// LIVEPEER.md: a worker must be at least as new as its orchestrator.
    @Test func anUpgradeReplacesWorkersFirstOneAtATime() {
        let schedule = ApplySchedule(changes: [
            Self.change("orch", .replace, role: "orchestrator", image: true), Self.change("w1", .replace, image: true),
            Self.change("w2", .replace, image: true), Self.change("w3", .replace, image: true),
        ])
        #expect(Self.waves(schedule) == [["w1"], ["w2"], ["w3"], ["orch"]])
    }

    @Test func maxUnavailableAllowsMoreWorkersOfOneOrchestratorAtOnce() {
        let schedule = ApplySchedule(
            changes: [Self.change("w1", .replace), Self.change("w2", .replace), Self.change("w3", .replace)],
            options: .init(maxUnavailable: 2)
        )
        #expect(Self.waves(schedule) == [["w1", "w2"], ["w3"]])
    }

    @Test func workersOfDifferentOrchestratorsAreReplacedConcurrently() {
        let schedule = ApplySchedule(changes: [
            Self.change("a1", .replace, orchestrator: "a"), Self.change("a2", .replace, orchestrator: "a"),
            Self.change("b1", .replace, orchestrator: "b"),
        ])
        #expect(Self.waves(schedule) == [["a1", "b1"], ["a2"]])
    }

    @Test func aHostRunsOneStepAtATimeAndRemovalsComeFirst() {
        let schedule = ApplySchedule(changes: [
            Self.change("new", .create, host: "box", orchestrator: "x"), Self.change("old", .remove, host: "box", orchestrator: "y"),
            Self.change("elsewhere", .create, host: "other", orchestrator: "z"),
        ])
        #expect(Self.waves(schedule) == [["old", "elsewhere"], ["new"]])
    }

    @Test func parallelismBoundsStepsInFlight() {
        let changes = (1...5).map { Self.change("w\($0)", .create, orchestrator: "o\($0)") }
        let schedule = ApplySchedule(changes: changes, options: .init(parallelism: 2))
        #expect(schedule.ready(running: [], finished: []).count == 2)
        #expect(Self.waves(schedule).flatMap { $0 }.count == 5)
    }

    @Test func startsAndCreatesOfWorkersAreNotLimitedByMaxUnavailable() {
        let schedule = ApplySchedule(changes: [Self.change("w1", .start), Self.change("w2", .create), Self.change("w3", .replace)])
        #expect(Self.waves(schedule) == [["w1", "w2", "w3"]])
    }
}
