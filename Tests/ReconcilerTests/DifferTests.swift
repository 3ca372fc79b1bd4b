import Foundation
import Planner
@testable import Reconciler
import Testing

@Suite struct DifferTests {
    @Test func nothingRunningCreatesEveryNodeInPlanOrder() throws {
        let plan = try Fixtures.plan()
        let diff = Differ.diff(plan: plan, observed: Observation(fleet: plan.fleet, engines: [
            EngineState(endpoint: Fixtures.engine, hosts: plan.hosts.map(\.name), containers: [], runners: []),
        ]))
        #expect(diff.changes.map(\.action) == [.create, .create, .create])
        #expect(diff.changes.map(\.node) == ["orch-eu", "gpu-box-1", "gpu-box-2"])
        #expect(diff.summary == "3 to create, 0 to replace, 0 to start, 0 to remove; 0 unchanged")
    }

    @Test func aConvergedFleetNeedsNothing() throws {
        let plan = try Fixtures.plan()
        let diff = Differ.diff(plan: plan, observed: Fixtures.converged(plan))
        #expect(diff.isEmpty)
        #expect(diff.unchanged.map(\.node) == ["orch-eu", "gpu-box-1", "gpu-box-2"])
    }

    @Test func aStoppedContainerIsStartedNotReplaced() throws {
        let plan = try Fixtures.plan()
        var observed = Fixtures.converged(plan)
        observed.engines[0].containers[1].state = "exited"
        observed.engines[0].containers[1].status = "Exited (137) 1 minute ago"
        let diff = Differ.diff(plan: plan, observed: observed)
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].node == "gpu-box-1")
        #expect(diff.changes[0].action == .start)
        #expect(diff.changes[0].details == [FieldChange(field: "state", old: "Exited (137) 1 minute ago", new: "running")])
    }

    /// A container that was created but never started (an apply killed, or its engine failing,
    /// between create and start) may lack its files: starting it would run go-livepeer without
    /// its aiModels.json or secret, so it is made anew instead.
    @Test func aCreatedNeverStartedContainerIsReplacedNotStarted() throws {
        let plan = try Fixtures.plan()
        var observed = Fixtures.converged(plan)
        observed.engines[0].containers[2].state = "created"
        observed.engines[0].containers[2].status = "Created"
        let diff = Differ.diff(plan: plan, observed: observed)
        #expect(diff.changes.map(\.action) == [.replace])
        #expect(diff.changes.first?.node == observed.engines[0].containers[2].node)
        #expect(diff.changes.first?.details.first?.old == "created, never started (an interrupted apply)")
    }

    /// Changing a model only one worker serves changes exactly that worker's hash, and the diff names the file.
    @Test func aModelChangeReplacesOnlyTheAffectedWorkerAndNamesTheFile() throws {
        let before = try Fixtures.plan()
        let after = try Fixtures.plan { $0 = $0.replacingOccurrences(of: "{MAX_MODEL_LEN: 8192}", with: "{MAX_MODEL_LEN: 4096}") }
        let diff = Differ.diff(plan: after, observed: Fixtures.converged(before))
        #expect(diff.changes.map(\.node) == ["gpu-box-2"])
        #expect(diff.changes[0].action == .replace)
        #expect(diff.changes[0].details.map(\.field) == ["file aiModels.json"])
        #expect(diff.changes[0].details[0].old != diff.changes[0].details[0].new)
    }

    @Test func replaceNamesImageAndFlagsFromTheInspectedContainer() throws {
        let before = try Fixtures.plan()
        let after = try Fixtures.plan { $0 = $0.replacingOccurrences(of: "go-livepeer:v0.9.1", with: "go-livepeer:v0.9.2") }
        var observed = Fixtures.converged(before)
        let old = before.nodes[1]
        var args = old.container.args
        if let i = args.firstIndex(of: "-nvidia") { args[i + 1] = "0" }
        observed.configs[observed.engines[0].containers[1].id] = ObservedConfig(
            image: old.container.image, args: args, binds: old.container.binds, gpus: true, restartPolicy: "unless-stopped", networkMode: "host"
        )
        let diff = Differ.diff(plan: after, observed: observed)
        #expect(diff.changes.map(\.action) == [.replace, .replace, .replace])
        let worker = try #require(diff.changes.first { $0.node == "gpu-box-1" })
        #expect(worker.details.contains(FieldChange(field: "image", old: "livepeer/go-livepeer:v0.9.1", new: "livepeer/go-livepeer:v0.9.2")))
        #expect(worker.details.contains(FieldChange(field: "arg -nvidia", old: "0", new: "0,1")))
        #expect(worker.changesImage)
    }

    @Test func aRotatedSecretReplacesWithoutShowingAnyValue() throws {
        let plan = try Fixtures.plan()
        var observed = Fixtures.converged(plan)
        let orch = observed.engines[0].containers[0]
        observed.secretChecks[orch.id] = .differs
        let diff = Differ.diff(plan: plan, observed: observed)
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].action == .replace)
        #expect(diff.changes[0].details == [FieldChange(field: "secrets", old: nil, new: nil, sensitive: true)])
        let unverifiable = Differ.diff(plan: plan, observed: {
            var o = observed
            o.secretChecks[orch.id] = .unverifiable("its digest key file is missing")
            return o
        }())
        #expect(unverifiable.changes[0].details[0].field == "secrets (cannot be verified: its digest key file is missing)")
    }

    @Test func containersOfANodeNoLongerInTheSpecAreRemoved() throws {
        let plan = try Fixtures.plan()
        var gone = plan.nodes[2]
        gone.name = "gpu-box-9"
        gone.container.labels[Labels.node] = "gpu-box-9"
        gone.container.name = "lpai-eu-prod-gpu-box-9"
        let diff = Differ.diff(plan: plan, observed: Fixtures.converged(plan, extra: [Fixtures.container(for: gone)]))
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].action == .remove)
        #expect(diff.changes[0].node == "gpu-box-9")
        #expect(diff.changes[0].details[0].new == "no longer in the spec")
        #expect(diff.changes[0].containers.map(\.name) == ["lpai-eu-prod-gpu-box-9"])
    }

    @Test func containersOfOtherFleetsAreNeverTouched() throws {
        let plan = try Fixtures.plan()
        var foreign = Fixtures.container(for: plan.nodes[1], id: "foreign")
        foreign.labels[Labels.fleet] = "someone-else"
        foreign.labels[Labels.node] = "stray"
        let diff = Differ.diff(plan: plan, observed: Fixtures.converged(plan, extra: [foreign]))
        #expect(diff.isEmpty)
    }

    /// A replace killed after creating the new container (planned name, never started) leaves
    /// the old one running under its parked name: that one is the node, the new one a leftover.
    @Test func aRunningParkedContainerIsTheNodeNotANeverStartedOneBesideIt() throws {
        let plan = try Fixtures.plan()
        let node = plan.nodes[0]
        var observed = Fixtures.converged(plan)
        let index = try #require(observed.engines[0].containers.firstIndex { $0.node == node.name })
        observed.engines[0].containers[index].name = node.container.name + "-old-abc"
        var fresh = Fixtures.container(for: node, id: "new", state: "created", created: 200)
        fresh.status = "Created"
        observed.engines[0].containers.append(fresh)
        let diff = Differ.diff(plan: plan, observed: observed)
        #expect(diff.changes.map(\.action) == [.cleanup])
        #expect(diff.changes.first?.containers.map(\.name) == [node.container.name + "-old-abc"])
        #expect(diff.changes.first?.leftovers.map(\.id) == ["new"])
    }

    /// An interrupted replace can leave the parked old container beside the new one.
    @Test func leftoversOfAnInterruptedReplaceAreCleanedUp() throws {
        let plan = try Fixtures.plan()
        let node = plan.nodes[1]
        let parked = Fixtures.container(for: node, id: "old", state: "exited", created: 50, name: node.container.name + "-old-abc")
        let diff = Differ.diff(plan: plan, observed: Fixtures.converged(plan, extra: [parked]))
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].action == .cleanup)
        #expect(diff.changes[0].containers.map(\.name) == [node.container.name])
        #expect(diff.changes[0].leftovers.map(\.id) == ["old"])
    }

    /// A container made by a newer release (unknown hash scheme) is left alone, with a warning,
    /// rather than recreated: an upgrade or downgrade of lpai-apply never restarts a fleet.
    @Test func anUnknownHashSchemeIsLeftAloneWithAWarning() throws {
        let plan = try Fixtures.plan()
        var observed = Fixtures.converged(plan)
        observed.engines[0].containers[0].labels[Labels.hashScheme] = "99"
        observed.engines[0].containers[0].labels[Labels.hash] = "sha256:from-the-future"
        let diff = Differ.diff(plan: plan, observed: observed)
        #expect(diff.isEmpty)
        #expect(diff.warnings.count == 1)
        #expect(diff.warnings[0].contains("hash scheme 99"))
    }

    @Test func aNodeMovedToAnotherHostIsCreatedThereAndRemovedHere() throws {
        let plan = try Fixtures.plan()
        var moved = Fixtures.converged(plan)
        moved.engines[0].containers[2].labels[Labels.host] = "gpu-box-1"
        let diff = Differ.diff(plan: plan, observed: moved)
        #expect(diff.changes.map(\.action) == [.create, .remove])
        #expect(diff.changes[1].details[0].new == "node moved to host gpu-box-2")
    }
}

extension DifferTests {
    /// A crash-looping container runs as planned (nothing to apply) but is worth a warning.
    @Test func aRestartingContainerIsAWarningNotAChange() throws {
        let plan = try Fixtures.plan()
        var observed = Fixtures.converged(plan)
        observed.engines[0].containers[0].state = "restarting"
        observed.engines[0].containers[0].status = "Restarting (2) 3 seconds ago"
        let diff = Differ.diff(plan: plan, observed: observed)
        #expect(diff.isEmpty)
        #expect(diff.warnings == ["orch-eu on orch-box: container lpai-eu-prod-orch-eu is restarting over and over (Restarting (2) 3 seconds ago); it runs as planned, so see its logs: docker logs lpai-eu-prod-orch-eu"])
    }
}

extension DifferTests {
    /// Killed between parking the old container and creating the new one: the node runs under
    /// its parked name. Renaming it back is enough; a restart would cost minutes of model loading.
    @Test func aNodeRunningUnderItsParkedNameIsRenamedNotRestarted() throws {
        let plan = try Fixtures.plan()
        var observed = Fixtures.converged(plan)
        observed.engines[0].containers[1].name = "lpai-eu-prod-gpu-box-1-old-0123456789ab"
        let diff = Differ.diff(plan: plan, observed: observed)
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].action == .cleanup)
        #expect(diff.changes[0].details == [FieldChange(field: "container name", old: "lpai-eu-prod-gpu-box-1-old-0123456789ab", new: "lpai-eu-prod-gpu-box-1")])
    }
}
