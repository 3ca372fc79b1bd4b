import Foundation
import TestSupport
import Testing

/// The README's recipes work as written: each script is run, each file parsed.
@Suite struct RecipeTests {
    @Test(arguments: ["drift-check.sh", "ci-plan.sh", "ci-engine-tls.sh"])
    func scriptsParseAndAreExecutable(name: String) throws {
        for shell in ["/bin/sh", "/bin/bash"] {
            let result = try ProcessRunner.run(URL(fileURLWithPath: shell), ["-n", RecipeSandbox.recipe(name)])
            #expect(result.status == 0, "\(shell) -n \(name): \(result.stderr)")
        }
        #expect(FileManager.default.isExecutableFile(atPath: RecipeSandbox.recipe(name)))
    }

    @Test func driftCheckAlertsOnDriftAndDifferentlyOnErrors() throws {
        let box = try RecipeSandbox()
        defer { box.remove() }
        let script = RecipeSandbox.recipe("drift-check.sh")
        let pager = ["LPAI_ALERT": box.bin.appendingPathComponent("lpai-page").path]
        for (status, expected, alert) in [(0, 0, nil), (2, 2, "drift|fleet spec fleet.yaml drifted: fake drift output"), (1, 1, "error|the drift check of fleet.yaml failed (exit 1)"), (3, 1, "error|the drift check of fleet.yaml failed (exit 3)")] {
            try? FileManager.default.removeItem(at: box.alerts)
            let result = try box.run("'\(script)' fleet.yaml --format text", pager.merging(["FAKE_DRIFT_STATUS": "\(status)"]) { a, _ in a })
            #expect(result.status == Int32(expected), "drift exit \(status): \(result.all)")
            let alerts = box.log(box.alerts)
            if let alert {
                #expect(alerts.count == 1 && alerts[0].hasPrefix(alert), "drift exit \(status): \(alerts)")
            } else {
                #expect(alerts.isEmpty, "no alert when in sync: \(alerts)")
            }
        }
        #expect(box.log(box.calls).allSatisfy { $0 == "drift fleet.yaml --format text" }, "\(box.log(box.calls))")
        // Without LPAI_ALERT the alert goes to stderr, for cron's mail.
        let mailed = try box.run("'\(script)' fleet.yaml", ["FAKE_DRIFT_STATUS": "2"])
        #expect(mailed.status == 2 && mailed.stderr.hasPrefix("lpai drift: fleet spec fleet.yaml drifted"), "\(mailed.all)")
        let failed = try box.run("'\(script)' fleet.yaml", ["FAKE_DRIFT_STATUS": "1"])
        #expect(failed.status == 1 && failed.stderr.hasPrefix("lpai error: the drift check"), "\(failed.all)")
        let quiet = try box.run("'\(script)' fleet.yaml")
        #expect(quiet.status == 0 && quiet.all.isEmpty, "\(quiet.all)")
    }

    /// The /etc/cron.d line, run by sh as cron runs it, with the paths pointed at the sandbox:
    /// the secrets file reaches drift, and exit 2 pages.
    @Test func cronLineRunsAsWritten() throws {
        let box = try RecipeSandbox()
        defer { box.remove() }
        let lines = try RecipeSandbox.text("lpai-drift.cron").split(separator: "\n")
        let job = try #require(lines.first { $0.first == "*" || $0.first?.isNumber == true }, "no cron job line")
        let fields = job.split(separator: " ", maxSplits: 6).map(String.init)
        try #require(fields.count == 7, "a /etc/cron.d line is 5 time fields, a user and a command: \(job)")
        for field in fields[0..<5] {
            #expect(field.wholeMatch(of: try Regex(#"(\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?(,(\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?)*"#)) != nil, "bad time field \(field)")
        }
        #expect(fields[5] == "lpai")
        let readme = try String(contentsOf: CLI.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("\n\(job)\n"), "the README's cron line and docs/recipes/lpai-drift.cron differ")
        let secrets = try CLI.write("ORCH_EU_SECRET=from-the-env-file\n", to: "secrets.env", in: box.dir)
        let command = fields[6]
            .replacingOccurrences(of: "/etc/lpai/secrets.env", with: secrets.path)
            .replacingOccurrences(of: "/usr/local/lib/lpai/drift-check.sh", with: RecipeSandbox.recipe("drift-check.sh"))
            .replacingOccurrences(of: "/usr/local/bin/lpai-page", with: box.bin.appendingPathComponent("lpai-page").path)
        #expect(command != fields[6])
        let result = try box.run(command, ["FAKE_DRIFT_STATUS": "2", "FAKE_NEEDS_ENV": "ORCH_EU_SECRET", "ORCH_EU_SECRET": ""])
        #expect(result.status == 2, "\(result.all)")
        #expect(box.log(box.alerts).first?.hasPrefix("drift|fleet spec /srv/fleet/spec.yaml drifted") == true, "\(box.log(box.alerts))")
        #expect(box.log(box.calls) == ["drift /srv/fleet/spec.yaml"])
    }

    @Test func ciPlanPassesOnChangesAndFailsOnErrors() throws {
        let box = try RecipeSandbox()
        defer { box.remove() }
        let script = RecipeSandbox.recipe("ci-plan.sh")
        let summary = box.dir.appendingPathComponent("summary.md")
        for (validate, plan, expected, says) in [(0, 0, 0, "no changes"), (0, 2, 0, "changes: merging applies"), (0, 1, 1, "error: lpai-apply plan failed"), (1, 0, 1, "")] {
            try? FileManager.default.removeItem(at: box.calls)
            try? FileManager.default.removeItem(at: summary)
            let result = try box.run("'\(script)' spec", ["FAKE_VALIDATE_STATUS": "\(validate)", "FAKE_PLAN_STATUS": "\(plan)", "GITHUB_STEP_SUMMARY": summary.path])
            #expect(result.status == Int32(expected), "validate \(validate), plan \(plan): \(result.all)")
            #expect(says.isEmpty || result.all.contains(says), "\(result.all)")
            let calls = box.log(box.calls)
            #expect(calls.first == "validate spec")
            #expect(calls.dropFirst() == (validate == 0 ? ["plan spec --detailed-exitcode"] : []), "\(calls)")
            if expected == 0 {
                #expect((try? String(contentsOf: summary, encoding: .utf8))?.contains("### lpai-apply plan: \(says)") == true)
            }
        }
    }

    @Test func ciEngineTLSWritesPrivateFilesAndNamesAMissingSecret() throws {
        let box = try RecipeSandbox()
        defer { box.remove() }
        let target = box.dir.appendingPathComponent("tls").path
        let env = ["LPAI_TLS_CA": "CA PEM", "LPAI_TLS_CERT": "CERT PEM", "LPAI_TLS_KEY": "KEY PEM"]
        let result = try box.run("'\(RecipeSandbox.recipe("ci-engine-tls.sh"))' '\(target)'", env)
        #expect(result.status == 0, "\(result.all)")
        for (file, content) in [("ca.pem", "CA PEM\n"), ("cert.pem", "CERT PEM\n"), ("key.pem", "KEY PEM\n")] {
            let path = "\(target)/\(file)"
            #expect(try String(contentsOfFile: path, encoding: .utf8) == content)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) has mode \(String(mode ?? 0, radix: 8))")
        }
        let missing = try box.run("'\(RecipeSandbox.recipe("ci-engine-tls.sh"))' '\(target)'", env.merging(["LPAI_TLS_KEY": ""]) { _, b in b })
        #expect(missing.status != 0 && missing.stderr.contains("set LPAI_TLS_KEY"), "\(missing.all)")
    }
}
