import Foundation
import TestSupport
import Testing

/// `lpai-apply --help` and every subcommand's help read as a man page: what it does, an
/// example, the exit codes, and a sentence for every option.
@Suite struct HelpTests {
    /// The subcommands the root help lists, so a new one is checked without touching this test.
    static func subcommands() throws -> [String] {
        let help = try CLI.run(["--help"]).stdout
        guard let section = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        // "  name    abstract"; wrapped abstracts continue on lines indented further.
        let entry = try Regex(#"^  ([a-z][a-z0-9-]*)(?: |$)"#)
        return help[section.upperBound...].split(separator: "\n").compactMap { line in
            guard let match = try? entry.firstMatch(in: String(line)), let name = match.output[1].substring else { return nil }
            return String(name)
        }.filter { $0 != "help" }
    }

    @Test func rootHelpHasExamplesExitCodesAndEverySubcommand() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(Self.wrappedExampleLines(result.stdout).isEmpty, "\(Self.wrappedExampleLines(result.stdout))")
        #expect(result.stdout.contains("Example"))
        #expect(result.stdout.contains("Exit codes:"))
        let names = try Self.subcommands()
        for expected in ["validate", "capacity", "render", "plan", "apply", "drift", "reconcile", "verify", "unlock", "rules", "schema"] {
            #expect(names.contains(expected), "root help lacks \(expected): \(names)")
        }
    }

    @Test func everySubcommandHelpHasAnExampleExitCodesAndOptionHelp() throws {
        let names = try Self.subcommands()
        #expect(names.count >= 11, "\(names)")
        for name in names {
            let result = try CLI.run([name, "--help"])
            #expect(result.status == 0, "\(name) --help: \(result.stderr)")
            let help = result.stdout
            #expect(help.hasPrefix("OVERVIEW: ") && !help.hasPrefix("OVERVIEW: \n"), "\(name) has no abstract")
            #expect(help.contains("Example:\n  lpai-apply \(name)"), "\(name) --help has no example that runs lpai-apply \(name)")
            #expect(help.range(of: #"Exit codes: 0 "#, options: .regularExpression) != nil, "\(name) --help has no 'Exit codes: 0 …' line")
            for line in Self.wrappedExampleLines(help) {
                Issue.record("\(name) --help: an example wraps at 80 columns, so it cannot be copied: '\(line)'")
            }
            for option in Self.optionsWithoutHelp(help) {
                Issue.record("\(name) --help: option \(option) has no help text")
            }
        }
    }

    /// Lines of the Example block that are not indented: the tail of a command wrapped at 80 columns.
    static func wrappedExampleLines(_ help: String) -> [String] {
        guard let start = help.range(of: "Example:\n") else { return [] }
        let block = help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
        return block.filter { !$0.hasPrefix("  ") }.map(String.init)
    }

    /// Arguments and options listed with nothing said about them.
    static func optionsWithoutHelp(_ help: String) -> [String] {
        guard let start = help.range(of: "ARGUMENTS:\n") ?? help.range(of: "OPTIONS:\n") else { return [] }
        let lines = help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        var missing: [String] = []
        for (i, line) in lines.enumerated() where line.hasPrefix("  -") || line.hasPrefix("  <") {
            // "  --flag   text" on one line, or the text indented on the next line.
            let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: true)
            let inline = line.contains("   ") && parts.count > 1 && !line.trimmingCharacters(in: .whitespaces).hasSuffix(">")
            let next = i + 1 < lines.count ? lines[i + 1] : ""
            let below = next.hasPrefix("        ") && !next.trimmingCharacters(in: .whitespaces).isEmpty
            if !inline && !below, let first = parts.first, first != "-h," && first != "--version" {
                missing.append(String(first))
            }
        }
        return missing
    }
}
