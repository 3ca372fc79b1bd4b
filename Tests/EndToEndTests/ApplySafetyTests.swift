import Foundation
import TestSupport
import Testing

extension SplitFleetTests {
    /// A plan saved with --out is refused when what runs changed after it was made.
    @Test func aStaleSavedPlanIsRefused() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }

        let changed = try Self.spec { $0.replacingOccurrences(of: "{MAX_MODEL_LEN: 8192}", with: "{MAX_MODEL_LEN: 2048}") }
        let planFile = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-e2e-\(UUID().uuidString).plan").path
        defer { try? FileManager.default.removeItem(atPath: planFile) }
        let saved = lpai.run("plan", changed, "--out", planFile)
        #expect(saved.status == 0, "\(saved.all)")
        let file = try String(contentsOfFile: planFile, encoding: .utf8)
        #expect(!file.contains(Self.secret))
        #expect(file.contains("\"lpaiSavedPlan\" : 1"))

        TestEngine.docker("stop", "-t", "1", "lpai-eu-prod-gpu-box-2")
        let before = try Self.nodes()
        let refused = lpai.run(["apply", planFile, "--auto-approve"] + Self.settle)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the saved plan is stale"), "\(refused.all)")
        #expect(refused.stderr.contains("gpu-box-2 on gpu-box-2: the plan expected replace"))
        #expect(try Self.nodes().mapValues(\.id) == before.mapValues(\.id))
        #expect(try Self.nodes()["gpu-box-2"]?.running == false)

        // A fresh saved plan applies, and only once.
        #expect(lpai.run("plan", changed, "--out", planFile).status == 0)
        let applied = lpai.run(["apply", planFile, "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(lpai.run("plan", changed, "--detailed-exitcode").status == 0)
        #expect(lpai.run(["apply", planFile, "--auto-approve"] + Self.settle).status == 1)
        #expect(!lpai.transcript.contains(Self.secret))
    }

    /// The fleet lock: another holder makes apply fail with the owner; unlock breaks it; a lock
    /// left by a dead process of this machine is broken automatically.
    @Test func theFleetLockSerializesApplies() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        let changed = try Self.spec { $0.replacingOccurrences(of: "{MAX_MODEL_LEN: 8192}", with: "{MAX_MODEL_LEN: 1024}") }

        func holdLock(machine: String, pid: Int32) {
            let since = Int(Date().timeIntervalSince1970) - 125
            let made = TestEngine.docker(
                "create", "--name", "lpai-lock-eu-prod", "--label", "io.lpai.lock=eu-prod", "--label", "io.lpai.lock.owner=ops@\(machine)",
                "--label", "io.lpai.lock.machine=\(machine)", "--label", "io.lpai.lock.pid=\(pid)", "--label", "io.lpai.lock.since=\(since)",
                "lpai/lock:1", "/LPAI-LOCK"
            )
            #expect(made.status == 0, "\(made.all)")
        }

        holdLock(machine: "other-box.example", pid: 4242)
        let blocked = lpai.run(["apply", changed, "--auto-approve"] + Self.settle)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("fleet eu-prod is locked on"), "\(blocked.all)")
        #expect(blocked.stderr.contains("ops@other-box.example (pid 4242)"))
        #expect(blocked.stderr.contains("lpai-apply unlock SPEC"))
        #expect(lpai.run("plan", changed, "--detailed-exitcode").status == 2, "nothing was applied while locked")

        let unlock = lpai.run("unlock", changed)
        #expect(unlock.status == 0)
        #expect(unlock.stdout.contains("broke the lock of fleet eu-prod"))
        #expect(unlock.stdout.contains("ops@other-box.example"))

        // A lock whose holder on this machine is gone is stale.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        holdLock(machine: ProcessInfo.processInfo.hostName, pid: dead.processIdentifier)
        let recovered = lpai.run(["apply", changed, "--auto-approve"] + Self.settle)
        #expect(recovered.status == 0, "\(recovered.all)")
        #expect(recovered.stdout.contains("breaking a stale lock"))
        #expect(TestEngine.docker("inspect", "lpai-lock-eu-prod").status != 0, "the lock is released after apply")
    }

    /// Two applies started together never interleave: one applies, the other fails cleanly.
    @Test func concurrentAppliesNeverInterleave() throws {
        _ = try TestEngine.requireStandin()
        TestEngine.removeFleet(Self.fleet)
        defer { TestEngine.removeFleet(Self.fleet) }
        let exe = TestEngine.buildDir.appendingPathComponent("lpai-apply").path
        let host = try TestEngine.requireStandin()
        var env = ProcessInfo.processInfo.environment
        env["ORCH_EU_SECRET"] = Self.secret
        let outputs = (0..<2).map { _ in (Pipe(), Pipe()) }
        let processes = outputs.map { out, err in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = ["apply", "specs/split.yaml", "--auto-approve", "--engine", "*=\(host)"] + Self.settle
            p.currentDirectoryURL = TestEngine.repoRoot
            p.environment = env
            p.standardOutput = out
            p.standardError = err
            return p
        }
        for p in processes { try p.run() }
        let texts = outputs.map { out, err in
            String(decoding: out.fileHandleForReading.readDataToEndOfFile() + err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        for p in processes { p.waitUntilExit() }
        let statuses = processes.map(\.terminationStatus).sorted()
        #expect(statuses == [0, 1], "\(texts)")
        let loser = texts[processes.firstIndex { $0.terminationStatus == 1 } ?? 0]
        #expect(loser.contains("is locked on") || loser.contains("what runs changed while the plan was shown"), "\(loser)")
        let ids = TestEngine.docker("ps", "-aq", "--filter", "label=io.lpai.fleet=eu-prod").stdout.split(separator: "\n")
        #expect(ids.count == 3, "exactly one container per node")
    }

    /// A container that exits right after starting fails the step, and the previous container
    /// runs again; the fleet is then still converged against the original spec.
    @Test func aFailedReplaceRollsBack() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        let before = try Self.nodes()
        // An image whose entrypoint exits at once stands for a go-livepeer that refuses to start.
        let made = TestEngine.shell(["sh", "-c", """
            set -e; d=$(mktemp -d); mkdir -p $d/bin; cp /bin/busybox $d/bin/busybox; ln -s busybox $d/bin/false
            tar -C $d -c . | docker import --change 'ENTRYPOINT ["/bin/false"]' - lpai-e2e/broken:v0.9.1 >/dev/null; rm -rf $d
            """])
        try #require(made.status == 0, "\(made.all)")
        // The orchestrator's new image is broken; a worker's change waits for the orchestrator.
        let badSpec = try Self.spec {
            $0.replacingOccurrences(of: "    secret: {env: ORCH_EU_SECRET}", with: "    secret: {env: ORCH_EU_SECRET}\n    image: lpai-e2e/broken:v0.9.1")
                .replacingOccurrences(of: "{MAX_MODEL_LEN: 8192}", with: "{MAX_MODEL_LEN: 4096}")
        }
        let failed = lpai.run(["apply", badSpec, "--auto-approve"] + Self.settle)
        #expect(failed.status == 1, "\(failed.all)")
        #expect(failed.stderr.contains("exited with code"), "\(failed.all)")
        #expect(failed.stderr.contains("the previous container is running again"))
        #expect(failed.stdout.contains("Apply failed."))
        #expect(failed.stdout.contains("  failed:      orch-eu (replace): lpai-eu-prod-orch-eu exited with code 1 right after starting"))
        #expect(failed.stdout.contains("  not started: gpu-box-2 (replace)"))
        let after = try Self.nodes()
        #expect(after.mapValues(\.id) == before.mapValues(\.id))
        #expect(after.values.allSatisfy { $0.running })
        // The restarted orchestrator dropped its workers; they register again within their
        // retry backoff, and then nothing differs.
        #expect(TestEngine.eventually(30) { lpai.run("plan", "specs/split.yaml", "--detailed-exitcode").status == 0 }, "\(lpai.run("plan", "specs/split.yaml").all)")
    }

    /// An image the host lacks is pulled; with no registry reachable, apply says so.
    @Test func aMissingImageThatCannotBePulledIsReportedClearly() throws {
        _ = try TestEngine.requireStandin()
        TestEngine.removeFleet(Self.fleet)
        defer { TestEngine.removeFleet(Self.fleet) }
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": Self.secret])
        // A registry address on loopback where nothing listens: the pull fails at once, locally.
        let spec = try Self.spec { $0.replacingOccurrences(of: "image: livepeer/go-livepeer:v0.9.1", with: "image: 127.0.0.1:9/livepeer/go-livepeer:v0.9.1") }
        let result = lpai.run(["apply", spec, "--auto-approve"] + Self.settle)
        #expect(result.status == 1)
        #expect(result.stderr.contains("image 127.0.0.1:9/livepeer/go-livepeer:v0.9.1 is not on host orch-box and pulling it failed"), "\(result.all)")
        #expect(result.stderr.contains("load the image there first"))
        let nodes = try Self.nodes()
        #expect(nodes.isEmpty)
    }
}

extension SplitFleetTests {
    /// Upgrading go-livepeer: workers first, one at a time, then their orchestrator
    /// (LIVEPEER.md: a worker older than its orchestrator is rejected).
    @Test func anUpgradeReplacesWorkersOneAtATimeBeforeTheOrchestrator() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        let upgraded = try Self.spec { $0.replacingOccurrences(of: "image: livepeer/go-livepeer:v0.9.1", with: "image: livepeer/go-livepeer:v0.9.2") }
        let plan = lpai.run("plan", upgraded)
        #expect(plan.stdout.contains("~ image: livepeer/go-livepeer:v0.9.1 → livepeer/go-livepeer:v0.9.2"), "\(plan.all)")
        let result = lpai.run(["apply", upgraded, "--auto-approve"] + Self.settle)
        #expect(result.status == 0, "\(result.all)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func index(_ text: String) -> Int { lines.firstIndex { $0.contains(text) } ?? -1 }
        let w1Done = index("gpu-box-1 (gpu-box-1): replaced and running")
        let w2Begin = index("gpu-box-2 (gpu-box-2): renaming")
        let w2Done = index("gpu-box-2 (gpu-box-2): replaced and running")
        let orchBegin = index("orch-eu (orch-box): renaming")
        #expect(w1Done >= 0 && w2Begin > w1Done, "workers one at a time:\n\(result.stdout)")
        #expect(w2Done >= 0 && orchBegin > w2Done, "the orchestrator after its workers:\n\(result.stdout)")
        #expect(try Self.nodes().values.allSatisfy { $0.labels["io.lpai.hash"] != nil && $0.running })
        #expect(TestEngine.eventually(15) { Self.logs("orch-eu").contains("orchestrator_version=0.9.2") },
                "the upgraded workers register with the upgraded orchestrator:\n\(Self.logs("orch-eu"))")
    }
}

extension SplitFleetTests {
    /// What a killed replace leaves (the node under its parked name; a parked container beside
    /// the new one) is tidied by the next apply without restarting the running containers.
    @Test func leftoversOfAnInterruptedReplaceAreTidiedWithoutRestart() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        let before = try Self.nodes()
        TestEngine.docker("rename", "lpai-eu-prod-gpu-box-1", "lpai-eu-prod-gpu-box-1-old-0123456789ab")
        let parked = TestEngine.docker(
            "create", "--name", "lpai-eu-prod-gpu-box-2-old-ba9876543210", "--label", "io.lpai.fleet=eu-prod", "--label", "io.lpai.node=gpu-box-2",
            "--label", "io.lpai.host=gpu-box-2", "--label", "io.lpai.role=worker", "livepeer/go-livepeer:v0.9.1"
        )
        try #require(parked.status == 0, "\(parked.all)")
        let plan = lpai.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("- gpu-box-1 (worker of orch-eu on gpu-box-1) will be tidied up (no restart)"), "\(plan.all)")
        #expect(plan.stdout.contains("~ container name: lpai-eu-prod-gpu-box-1-old-0123456789ab → lpai-eu-prod-gpu-box-1"))
        #expect(plan.stdout.contains("~ leftover container: lpai-eu-prod-gpu-box-2-old-ba9876543210 → (none)"))
        let applied = lpai.run(["apply", "specs/split.yaml", "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(try Self.nodes().mapValues(\.id) == before.mapValues(\.id), "no container was recreated")
        #expect(TestEngine.docker("inspect", "-f", "{{.Name}} {{.State.Running}}", before["gpu-box-1"]?.id ?? "").stdout == "/lpai-eu-prod-gpu-box-1 true\n")
        #expect(lpai.run("plan", "specs/split.yaml", "--detailed-exitcode").status == 0)
    }
}

extension SplitFleetTests {
    /// On a terminal apply asks; anything but "yes" changes nothing. (util-linux `script` gives
    /// lpai-apply a pseudo-terminal; the answer is typed into it.)
    @Test func applyAsksOnATerminalAndOnlyYesProceeds() throws {
        let host = try TestEngine.requireStandin()
        TestEngine.removeFleet(Self.fleet)
        defer { TestEngine.removeFleet(Self.fleet) }
        let exe = TestEngine.buildDir.appendingPathComponent("lpai-apply").path
        func applyAnswering(_ answer: String) -> TestEngine.Result2 {
            let command = "\(exe) apply specs/split.yaml --engine '*=\(host)' --settle 1 --stop-timeout 5"
            return TestEngine.shell(
                ["sh", "-c", "(sleep 2; printf '%s\\n' \"$ANSWER\") | script -qefc \"$CMD\" /dev/null"],
                environment: ["ORCH_EU_SECRET": Self.secret, "ANSWER": answer, "CMD": command]
            )
        }
        let no = applyAnswering("no")
        #expect(no.status == 1, "\(no.all)")
        #expect(no.all.contains("Apply these changes to fleet eu-prod? Only 'yes' is accepted:"))
        #expect(no.all.contains("Apply cancelled; nothing was changed."))
        #expect(try Self.nodes().isEmpty)
        let yes = applyAnswering("yes")
        #expect(yes.status == 0, "\(yes.all)")
        #expect(yes.all.contains("Apply complete: 3 created."))
        #expect(!(no.all + yes.all).contains(Self.secret))
    }
}

extension SplitFleetTests {
    /// SIGINT during apply: the step in flight finishes, no new step starts, the lock is
    /// released, apply exits 1 saying what was not started; the next apply converges.
    @Test func sigintFinishesTheStepInFlightAndStops() throws {
        let host = try TestEngine.requireStandin()
        TestEngine.removeFleet(Self.fleet)
        defer { TestEngine.removeFleet(Self.fleet) }
        let process = Process()
        process.executableURL = TestEngine.buildDir.appendingPathComponent("lpai-apply")
        process.arguments = ["apply", "specs/split.yaml", "--auto-approve", "--engine", "*=\(host)", "--settle", "3", "--stop-timeout", "5"]
        process.currentDirectoryURL = TestEngine.repoRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["ORCH_EU_SECRET": Self.secret]) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Interrupt while the orchestrator (the first step; the workers wait for it) settles.
        var seen = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !String(decoding: seen, as: UTF8.self).contains("orch-eu (orch-box): starting") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        kill(process.processIdentifier, SIGINT)
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let output = String(decoding: seen + rest, as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(output)\(errors)")
        #expect(errors.contains("interrupted: finishing the steps in flight"))
        #expect(output.contains("orch-eu (orch-box): created and running"), "the step in flight finished:\n\(output)")
        #expect(output.contains("Apply interrupted."))
        #expect(output.contains("not started: gpu-box-1 (create), gpu-box-2 (create)"), "\(output)")
        #expect(Set(try Self.nodes().keys) == ["orch-eu"])
        #expect(TestEngine.docker("inspect", "lpai-lock-eu-prod").status != 0, "the lock was released")
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": Self.secret])
        #expect(lpai.run(["apply", "specs/split.yaml", "--auto-approve"] + Self.settle).status == 0)
        let plan = lpai.run("plan", "specs/split.yaml", "--detailed-exitcode")
        #expect(plan.status == 0, "\(plan.all)")
    }
}

extension SplitFleetTests {
    /// A replace killed after creating the new container leaves it never started under the
    /// planned name, beside the old one still running under its parked name. The next apply
    /// takes the running one for the node, removes the never-started one first (it holds the
    /// name) and replaces the node once; found by the SIGKILL trials.
    @Test func aNeverStartedContainerBesideTheRunningParkedNodeIsRemovedFirst() throws {
        var lpai = try Self.freshFleet()
        defer { TestEngine.removeFleet(Self.fleet) }
        TestEngine.docker("rename", "lpai-eu-prod-orch-eu", "lpai-eu-prod-orch-eu-old-0123456789ab")
        let fresh = TestEngine.docker(
            "create", "--name", "lpai-eu-prod-orch-eu", "--label", "io.lpai.fleet=eu-prod", "--label", "io.lpai.node=orch-eu",
            "--label", "io.lpai.host=orch-box", "--label", "io.lpai.role=orchestrator", "livepeer/go-livepeer:v0.9.2"
        )
        try #require(fresh.status == 0, "\(fresh.all)")
        let upgraded = try Self.spec { $0.replacingOccurrences(of: "go-livepeer:v0.9.1", with: "go-livepeer:v0.9.2") }
        let applied = lpai.run(["apply", upgraded, "--auto-approve"] + Self.settle)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(applied.stdout.contains("orch-eu (orch-box): removing lpai-eu-prod-orch-eu\n"), "\(applied.all)")
        let containers = TestEngine.containers(ofFleet: Self.fleet)
        #expect(containers.map(\.node).sorted() == ["gpu-box-1", "gpu-box-2", "orch-eu"], "\(containers)")
        #expect(containers.allSatisfy { $0.name == "lpai-eu-prod-\($0.node)" && $0.state == "running" }, "\(containers)")
        #expect(lpai.run("plan", upgraded, "--detailed-exitcode").status == 0)
    }
}
