import Foundation
import Planner
import TestSupport
import Testing

/// Fixtures are shared with PlannerTests; their position markers are stripped here.
enum SharedFixtures {
    static let folder = CLI.repoRoot.appendingPathComponent("Tests/PlannerTests/Fixtures")

    static func text(_ path: String) throws -> String {
        let marked = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        // Markers are keycaps (`1️⃣`: a digit, U+FE0F, U+20E3), stripped scalar by scalar.
        let scalars = Array(marked.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if i + 2 < scalars.count, scalars[i + 1] == "\u{FE0F}", scalars[i + 2] == "\u{20E3}" { i += 3; continue }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    /// Writes the fixture without markers into `dir` and returns its path.
    static func copy(_ path: String, to dir: URL, as name: String? = nil) throws -> String {
        try CLI.write(try text(path), to: name ?? URL(fileURLWithPath: path).lastPathComponent, in: dir).path
    }
}

@Suite struct LintCommandTests {
    /// `rules` lists lint's ids too, so a CI log's [lpai.lint.…] can be looked up there.
    @Test func rulesListsEveryLintID() throws {
        let rules = try CLI.run(["rules"])
        #expect(rules.status == 0)
        for entry in AIModelsLint.ids {
            #expect(rules.stdout.contains("  \(entry.id): \(entry.summary)\n"), "\(entry.id) missing from `lpai-apply rules`")
        }
    }

    @Test func theDocsStringPriceFailsWithLocationRuleAndFix() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try SharedFixtures.copy("lint/docs-string-price.json", to: dir)
        let result = try CLI.run(["lint", file, "--role", "orchestrator"])
        #expect(result.status == 1)
        #expect(!result.crashed)
        #expect(result.stderr.contains("\(file):5:23: error: price_per_unit is the string \"0.5e-2USD\": go-livepeer reads prices as JSON numbers only and fails to load the whole file"))
        #expect(result.stderr.contains("[lpai.lint.price-string]\n      \"price_per_unit\": \"0.5e-2USD\"\n                        ^\n"))
        #expect(result.stderr.contains("\(file): problems: 2 entries read as an orchestrator's aiModels.json: 1 error, 0 warnings"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aGoodFileExitsZeroAndNeverPrintsItsToken() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try SharedFixtures.copy("lint/good-worker.json", to: dir)
        let result = try CLI.run(["lint", file, "--gpus", "0,1,2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("ok: 5 entries read as a worker's aiModels.json (role inferred; set it with --role): 0 errors, 0 warnings"))
        #expect(!result.all.contains("runner-token-do-not-print"))
        let tight = try CLI.run(["lint", file, "--gpus", "0,1"])
        #expect(tight.status == 1)
        #expect(tight.stderr.contains("[lpai.lint.gpu-slots]"))
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try SharedFixtures.copy("lint/key-case.json", to: dir)
        let relaxed = try CLI.run(["lint", file, "--role", "worker"])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")
        #expect(relaxed.stderr.contains("\(file):4:5: warning: 'Model_ID' works (Go's decoder matches keys case-insensitively) but is not the canonical 'model_id'"))
        let strict = try CLI.run(["lint", file, "--role", "worker", "--strict"])
        #expect(strict.status == 1)
    }

    @Test func jsonOutputForMachines() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try SharedFixtures.copy("lint/trailing-comma.json", to: dir)
        let good = try SharedFixtures.copy("lint/good-orchestrator.json", to: dir)
        let result = try CLI.run(["lint", bad, good, "--format", "json"])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.count == 2)
        let first = try #require((files[0]["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "lpai.lint.trailing-comma")
        #expect((first["location"] as? [String: Any])?["line"] as? Int == 6)
        #expect(files[0]["loads"] as? Bool == false)
        #expect(files[1]["role"] as? String == "orchestrator")
        #expect((files[1]["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test func aTokenOnTheLineOfASyntaxErrorIsStarredOut() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try CLI.write(#"[{"pipeline": "llm", "model_id": "m", "url": "http://127.0.0.1:9000", "token": "supersecret",}]"#, to: "a.json", in: dir).path
        let result = try CLI.run(["lint", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("[lpai.lint.trailing-comma]"))
        #expect(result.stderr.contains("\"token\": \"***********\","))
        #expect(!result.all.contains("supersecret"))
    }

    @Test func badInputIsALocatedErrorNeverACrash() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let latin1 = try CLI.write(bytes: Array("[{\"pipeline\": \"text-to-image\", \"model_id\": \"caf".utf8) + [0xE9] + Array("\"}]".utf8), to: "latin1.json", in: dir).path
        let empty = try CLI.write("", to: "empty.json", in: dir).path
        let deep = try CLI.write(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), to: "deep.json", in: dir).path
        let huge = try CLI.write(bytes: Array(repeating: UInt8(ascii: " "), count: 17 << 20), to: "huge.json", in: dir).path
        let cases: [(String, String)] = [
            (latin1, "\(latin1):1:48: error: not valid UTF-8"), (empty, "\(empty):1:1: error: the file is empty"),
            (deep, "\(deep):1:65: error: nested more than 64 levels deep"), (huge, "\(huge):1:1: error: the file is \(17 << 20) bytes"),
            (dir.appendingPathComponent("missing.json").path, "no such file"), (dir.path, "is a folder"),
        ]
        for (file, expected) in cases {
            let result = try CLI.run(["lint", file])
            #expect(!result.crashed)
            #expect(result.status == 1, "\(file)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
        }
    }
}
