import Foundation
import TestSupport
import Testing

/// The workflow, the systemd unit and the container recipe parse, agree with docs/RECONCILE.md
/// and use only options lpai-apply has.
@Suite struct RecipeFileTests {
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// The workflow as JSON, parsed by PyYAML (whose YAML 1.1 reads the key `on` as true, as GitHub does not).
    static func workflow() throws -> [String: Any] {
        let program = """
            import json, sys, yaml
            flow = yaml.safe_load(open(sys.argv[1]))
            flow["on"] = flow.pop(True)
            json.dump(flow, sys.stdout)
            """
        let result = try ProcessRunner.run(env, ["python3", "-c", program, RecipeSandbox.recipe("github-actions.yml")])
        try #require(result.status == 0, "the workflow does not parse as YAML: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func workflowPlansPullRequestsAndAppliesMerges() throws {
        guard SchemaChecker.available() else { return }
        let flow = try Self.workflow()
        let on = try #require(flow["on"] as? [String: Any])
        #expect(on["pull_request"] != nil)
        #expect(((on["push"] as? [String: Any])?["branches"] as? [String]) == ["main"])
        let jobs = try #require(flow["jobs"] as? [String: [String: Any]])
        #expect(jobs["plan"]?["if"] as? String == "github.event_name == 'pull_request'")
        #expect(jobs["apply"]?["if"] as? String == "github.event_name == 'push'")
        #expect((jobs["apply"]?["concurrency"] as? [String: Any])?["cancel-in-progress"] as? Bool == false)

        var runs: [String] = []
        for (name, job) in jobs {
            let env = try #require(job["env"] as? [String: String], "\(name) sets no secrets")
            // Each secret goes to the variable of the same name, as the spec's {env:} references expect.
            for (key, value) in env {
                #expect(value == "${{ secrets.\(key) }}", "\(name): \(key)=\(value)")
            }
            for key in ["LPAI_TLS_CA", "LPAI_TLS_CERT", "LPAI_TLS_KEY"] { #expect(env[key] != nil, "\(name) lacks \(key)") }
            let steps = try #require(job["steps"] as? [[String: Any]])
            runs += steps.compactMap { $0["run"] as? String }
        }
        #expect(runs.contains { $0.contains("ci-plan.sh \"$SPEC\"") })
        #expect(runs.contains { $0.contains("lpai-apply apply \"$SPEC\" --auto-approve") })
        for run in runs {
            let syntax = try ProcessRunner.run(Self.env, ["bash", "-n", "-c", run])
            #expect(syntax.status == 0, "bash -n: \(syntax.stderr)\n\(run)")
            // Scripts it calls from the lpai-apply checkout exist there and are executable.
            for match in run.matches(of: try Regex(#"\.lpai-apply/(docs/recipes/[a-z-]+\.sh)"#)) {
                let path = CLI.repoRoot.appendingPathComponent(String(run[match.range].dropFirst(".lpai-apply/".count))).path
                #expect(FileManager.default.isExecutableFile(atPath: path), "\(path)")
            }
            for line in run.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("lpai-apply ") {
                try RecipeSandbox.expectKnownOptions(in: String(line))
            }
        }
        // The spec's TLS files are where the workflow writes them (specs/split.yaml's paths).
        let split = try String(contentsOf: CLI.repoRoot.appendingPathComponent("specs/split.yaml"), encoding: .utf8)
        #expect(split.contains("ca: /etc/lpai/tls/ca.pem, cert: /etc/lpai/tls/cert.pem, key: /etc/lpai/tls/key.pem"))
        #expect(runs.contains { $0.contains("ci-engine-tls.sh /etc/lpai/tls") })
    }

    /// The first ```fence block of docs/RECONCILE.md that contains `text`.
    static func reconcileDocBlock(_ fence: String, containing text: String = "") throws -> String {
        let doc = try String(contentsOf: CLI.repoRoot.appendingPathComponent("docs/RECONCILE.md"), encoding: .utf8)
        var from = doc.startIndex
        while let open = doc.range(of: "```\(fence)\n", range: from..<doc.endIndex),
            let close = doc.range(of: "```", range: open.upperBound..<doc.endIndex) {
            let block = String(doc[open.upperBound..<close.lowerBound])
            if text.isEmpty || block.contains(text) { return block }
            from = close.upperBound
        }
        Issue.record("docs/RECONCILE.md has no ```\(fence) block containing '\(text)'")
        return ""
    }

    @Test func systemdUnitIsTheDocumentedOneAndVerifies() throws {
        let unit = try RecipeSandbox.text("lpai-reconcile.service")
        #expect(try Self.reconcileDocBlock("ini") == unit, "docs/recipes/lpai-reconcile.service and docs/RECONCILE.md's unit differ")
        let exec = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        try RecipeSandbox.expectKnownOptions(in: String(exec))
        #expect(unit.contains("KillSignal=SIGTERM") && unit.contains("EnvironmentFile=/etc/lpai/secrets.env"))

        Self.expectUnitSyntax(unit)
        // systemd-analyze verify, where installed, needs the binary at ExecStart's path: point it at the built one.
        let which = try ProcessRunner.run(Self.env, ["sh", "-c", "command -v systemd-analyze"])
        guard which.status == 0 else { return }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let local = unit.replacingOccurrences(of: "/usr/local/bin/lpai-apply", with: CLI.executable.path)
        let file = try CLI.write(local, to: "lpai-reconcile.service", in: dir)
        let verify = try ProcessRunner.run(Self.env, ["systemd-analyze", "verify", file.path])
        // Only our unit's own problems count; the host's other units are not ours to judge.
        let ours = verify.all.split(separator: "\n").filter { $0.contains("lpai-reconcile.service") }
        #expect(ours.isEmpty, "systemd-analyze verify:\n\(verify.all)")
    }

    /// What systemd reads: sections and Key=Value lines, with directives systemd knows.
    static func expectUnitSyntax(_ unit: String) {
        let known: [String: Set<String>] = [
            "Unit": ["Description", "After", "Wants", "Requires"],
            "Service": ["ExecStart", "EnvironmentFile", "Restart", "RestartSec", "TimeoutStopSec", "KillSignal", "User", "Environment"],
            "Install": ["WantedBy"],
        ]
        var section: String?
        for line in unit.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                #expect(known[section!] != nil, "unknown section \(line)")
            } else if let eq = line.firstIndex(of: "="), let section {
                #expect(known[section]?.contains(String(line[..<eq])) == true, "[\(section)] \(line)")
            } else {
                Issue.record("not a unit line: \(line)")
            }
        }
    }

    @Test func containerRecipeUsesTheImageTheDockerfileBuilds() throws {
        let run = try Self.reconcileDocBlock("sh", containing: "docker run")
        #expect(run.contains("docker run") && run.contains("lpai-apply:latest reconcile"))
        try RecipeSandbox.expectKnownOptions(in: String(run[try #require(run.range(of: "lpai-apply:latest")).lowerBound...]))
        #expect(run.contains("--stop-timeout 120"), "docker stop must wait as long as the unit's TimeoutStopSec")
        let dockerfile = try RecipeSandbox.text("Dockerfile")
        #expect(dockerfile.contains("docker build -t lpai-apply:latest -f docs/recipes/Dockerfile ."))
        #expect(dockerfile.contains(#"ENTRYPOINT ["/usr/local/bin/lpai-apply"]"#))
        #expect(dockerfile.contains("libyaml-0-2"), "the runtime image needs libyaml")
    }
}
