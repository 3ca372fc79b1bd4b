import ArgumentParser
import Planner

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules lpai-apply checks, with their diagnostic ids.",
        discussion: """
            Prints each rule validate applies, one line each, followed by the stable ids of the diagnostics it reports (the [lpai.…] at the end of every problem), so a CI log or a suppression list can name them; then the ids lint reports on existing aiModels.json files.

            Example:
              lpai-apply rules
              lpai-apply rules | grep lpai.price

            Exit codes: 0 always (it reads no spec).
            """
    )

    func run() throws {
        var out = ""
        for rule in Rule.all {
            out += "\(rule.summary)\n"
            for id in rule.ids { out += "  \(id)\n" }
        }
        out += "\nlint (existing aiModels.json files, as go-livepeer parses them):\n"
        for entry in AIModelsLint.ids { out += "  \(entry.id): \(entry.summary)\n" }
        Output.stdout(out)
    }
}
