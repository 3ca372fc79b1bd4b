import ArgumentParser

@main
struct LPAIApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lpai-apply",
        abstract: "Compile, plan and apply Livepeer AI fleets from one YAML spec.",
        discussion: """
            lpai-apply checks a fleet spec against everything go-livepeer rejects or silently mishandles, plans capacity, and renders each node's aiModels.json and launch plan. plan shows the difference from what runs on each host's Docker Engine (containers, worker registrations, runner containers), apply makes the hosts match, drift tells whether anything moved, verify checks every runner serves, and reconcile keeps the fleet converged in a loop.

            The spec format: docs/SPEC.md; `lpai-apply schema` prints it as a JSON Schema for editors. Shell completions: `lpai-apply --generate-completion-script bash|zsh|fish` (README, "Shell completions"). Every subcommand has its own --help.

            Example:
              lpai-apply validate specs/split.yaml
              lpai-apply capacity specs/multi-orchestrator
              lpai-apply render specs/split.yaml --out rendered/
              lpai-apply plan specs/split.yaml --detailed-exitcode
              lpai-apply apply specs/split.yaml
              lpai-apply drift specs/split.yaml
              lpai-apply verify specs/split.yaml --inference
              lpai-apply reconcile specs/split.yaml --interval 60
              lpai-apply schema --out lpai-spec.schema.json

            Exit codes: 0 success, 1 errors in the spec (or warnings with --strict) or a failure, 2 changes or drift (plan --detailed-exitcode, drift, reconcile --once) or a runner not serving (verify).
            """,
        version: "0.1.0",
        subcommands: [Validate.self, Lint.self, Import.self, Capacity.self, Render.self, PlanCommand.self, Apply.self, Drift.self, Reconcile.self, Verify.self, Unlock.self, Rules.self, Schema.self]
    )
}
