import Foundation
import TestSupport
import Testing

/// Runs the README's recipe scripts (docs/recipes) with a fake `lpai-apply` on PATH.
struct RecipeSandbox {
    static let recipes = CLI.repoRoot.appendingPathComponent("docs/recipes")
    static let sh = URL(fileURLWithPath: "/bin/sh")

    let dir: URL
    var bin: URL { dir.appendingPathComponent("bin") }
    var calls: URL { dir.appendingPathComponent("calls.log") }
    var alerts: URL { dir.appendingPathComponent("alerts.log") }

    /// A fake `lpai-apply` that logs its arguments and exits with `FAKE_<SUBCOMMAND>_STATUS`
    /// (default 0), and a fake pager `lpai-page` that logs `severity|message`.
    init() throws {
        dir = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try install("lpai-apply", """
            #!/bin/sh
            echo "$*" >> "\(calls.path)"
            if [ -n "${FAKE_NEEDS_ENV:-}" ] && [ -z "$(printenv "$FAKE_NEEDS_ENV")" ]; then
              echo "error: secret {env: $FAKE_NEEDS_ENV} is not set" >&2; exit 1
            fi
            echo "fake $1 output"
            eval "exit \\${FAKE_$(echo "$1" | tr a-z A-Z)_STATUS:-0}"
            """)
        try install("lpai-page", "#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$2\" >> \"\(alerts.path)\"\n")
    }

    func install(_ name: String, _ text: String) throws {
        let url = try CLI.write(text, to: "bin/\(name)", in: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// Runs a shell command line with the fakes first on PATH.
    func run(_ command: String, _ environment: [String: String] = [:]) throws -> ProcessResult {
        let path = "\(bin.path):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"
        return try ProcessRunner.run(Self.sh, ["-c", command], environment: environment.merging(["PATH": path]) { a, _ in a }, cwd: dir)
    }

    func log(_ url: URL) -> [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    static func recipe(_ name: String) -> String { recipes.appendingPathComponent(name).path }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: recipes.appendingPathComponent(name), encoding: .utf8)
    }

    /// The long options a subcommand's help lists.
    static func options(of subcommand: String) throws -> Set<String> {
        let help = try CLI.run([subcommand, "--help"]).stdout
        let regex = try Regex(#"--[a-z][a-z0-9-]*"#)
        return Set(help.matches(of: regex).map { String(help[$0.range]) })
    }

    /// Every `--option` after `lpai-apply SUBCOMMAND` on a command line is one the subcommand has.
    static func expectKnownOptions(in line: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).map(String.init)
        guard let at = words.firstIndex(where: { $0.hasSuffix("lpai-apply") || $0 == "lpai-apply:latest" }), at + 1 < words.count else {
            Issue.record("no lpai-apply command in: \(line)", sourceLocation: sourceLocation)
            return
        }
        let subcommand = words[at + 1]
        let known = try options(of: subcommand)
        #expect(!known.isEmpty, "no options read from \(subcommand) --help", sourceLocation: sourceLocation)
        for word in words[(at + 2)...] where word.hasPrefix("--") {
            let option = String(word.split(separator: "=")[0])
            #expect(known.contains(option), "\(subcommand) has no option \(option) (in: \(line))", sourceLocation: sourceLocation)
        }
    }
}
