import Foundation
import TestSupport
import Testing

/// Shell completions from swift-argument-parser, installed as the README says.
@Suite struct CompletionTests {
    static let bash = URL(fileURLWithPath: "/bin/bash")

    func script(_ shell: String, in dir: URL) throws -> URL {
        let result = try CLI.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("lpai-apply"))
        return try CLI.write(result.stdout, to: "lpai-apply.\(shell)", in: dir)
    }

    /// Sources the script in bash, checks `complete -p`, and asks the completion function
    /// what follows COMP_WORDS, as bash does on TAB.
    func complete(_ words: [String], with script: URL) throws -> (registered: String, replies: [String]) {
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source "$1" || exit 3
            complete -p lpai-apply || exit 4
            COMP_WORDS=(\(quoted)); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
            fn=$(complete -p lpai-apply | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
            "$fn" lpai-apply "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf 'reply:%s\\n' "${COMPREPLY[@]}"
            """
        let executables = CLI.executable.deletingLastPathComponent().path
        let result = try ProcessRunner.run(
            Self.bash, ["-c", program, "bash", script.path],
            environment: ["PATH": "\(executables):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"], cwd: CLI.repoRoot
        )
        #expect(result.status == 0, "bash: \(result.all)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        return (lines.first ?? "", lines.filter { $0.hasPrefix("reply:") }.map { String($0.dropFirst(6)) })
    }

    @Test func bashScriptParsesAndCompletesSubcommandsAndOptions() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = try script("bash", in: dir)
        let syntax = try ProcessRunner.run(Self.bash, ["-n", script.path])
        #expect(syntax.status == 0, "bash -n: \(syntax.stderr)")

        let top = try complete(["lpai-apply", ""], with: script)
        #expect(top.registered.hasPrefix("complete ") && top.registered.hasSuffix(" lpai-apply"), "\(top.registered)")
        for name in try HelpTests.subcommands() {
            #expect(top.replies.contains(name), "bash does not complete '\(name)': \(top.replies)")
        }
        let prefix = try complete(["lpai-apply", "re"], with: script)
        #expect(Set(prefix.replies) == ["render", "reconcile"], "\(prefix.replies)")
        let option = try complete(["lpai-apply", "plan", "--detailed"], with: script)
        #expect(option.replies == ["--detailed-exitcode"], "\(option.replies)")
        let format = try complete(["lpai-apply", "validate", "--format", ""], with: script)
        #expect(Set(format.replies) == ["text", "json"], "\(format.replies)")
        // The spec argument completes files and folders (a folder spec), from the current folder.
        let spec = try complete(["lpai-apply", "plan", "specs/"], with: script)
        #expect(Set(spec.replies).isSuperset(of: ["specs/split.yaml", "specs/combined.yaml", "specs/multi-orchestrator"]), "\(spec.replies)")
        let out = try complete(["lpai-apply", "render", "specs/split.yaml", "--out", "spe"], with: script)
        #expect(out.replies == ["specs"], "render --out completes folders only: \(out.replies)")
    }

    @Test(arguments: ["zsh", "fish"])
    func otherShellsGetAScriptNamingEverySubcommand(shell: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = try script(shell, in: dir)
        let text = try String(contentsOf: script, encoding: .utf8)
        for name in try HelpTests.subcommands() {
            #expect(text.contains(name), "the \(shell) script does not name '\(name)'")
        }
        // Check the syntax where the shell is installed (`zsh -n`, `fish --no-execute`).
        let flag = shell == "zsh" ? "-n" : "--no-execute"
        let which = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["sh", "-c", "command -v \(shell)"])
        guard which.status == 0 else { return }
        let syntax = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [shell, flag, script.path])
        #expect(syntax.status == 0, "\(shell) \(flag): \(syntax.all)")
    }
}
