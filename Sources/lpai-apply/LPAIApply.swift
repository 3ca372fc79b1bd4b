import ArgumentParser

@main
struct LPAIApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lpai-apply",
        abstract: "Compile, plan and apply Livepeer AI fleets from one YAML spec.",
        discussion: """
            lpai-apply checks a fleet spec against everything go-livepeer rejects or silently mishandles, plans capacity, and renders each node's aiModels.json and launch plan.

            Example:
              lpai-apply validate specs/split.yaml
              lpai-apply capacity specs/multi-orchestrator
              lpai-apply render specs/split.yaml --out rendered/

            Exit codes: 0 success, 1 errors in the spec (or warnings with --strict) or a failure.
            """,
        version: "0.1.0",
        subcommands: [Validate.self, Capacity.self, Render.self, PlanCommand.self, Apply.self, Drift.self, Unlock.self, Rules.self]
    )
}
