import ArgumentParser
import Planner

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules lpai-apply checks, with their diagnostic ids.",
        discussion: "Example:\n  lpai-apply rules\n\nExit codes: 0."
    )

    func run() throws {
        var out = ""
        for rule in Rule.all {
            out += "\(rule.summary)\n"
            for id in rule.ids { out += "  \(id)\n" }
        }
        Output.stdout(out)
    }
}
