import ArgumentParser

@main
struct LPAIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lpai-bench",
        abstract: "Benchmarks for lpai-apply: generated fleets, the compiler, the reconciler.",
        discussion: """
            Build in release mode first: the figures of a debug build mean nothing.

            Example:
              swift run -c release lpai-bench compile
              swift run -c release lpai-bench compile --workers 5000 --repeat 5 --json-out bench-5000.json
              swift run -c release lpai-bench generate --workers 5000 --out fleet.yaml

            docs/BENCHMARKS.md explains each figure and the targets.
            """,
        subcommands: [Generate.self, CompileBench.self, EngineBench.self]
    )
}
