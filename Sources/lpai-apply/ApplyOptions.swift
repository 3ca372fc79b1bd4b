import ArgumentParser
import Reconciler

/// How apply works through a diff: shared by `apply` and `reconcile`.
struct ApplyOptions: ParsableArguments {
    @Option(help: "How many hosts are worked on at once.")
    var parallelism = 10

    @Option(help: "How many workers of one orchestrator may be replaced at once.")
    var maxUnavailable = 1

    @Option(help: "Seconds a started container may take to report running.")
    var startTimeout = 60

    @Option(help: "Seconds a started container must stay up before its step counts as done.")
    var settle = 3

    @Option(help: "Seconds to wait after SIGTERM before the engine kills a container being stopped.")
    var stopTimeout = 30

    @Option(help: "Seconds a worker brought up may take to register with its orchestrator before its step fails (0: neither wait for nor check registrations).")
    var connectTimeout = 60

    @Flag(help: "Remove runner containers (creator=ai-worker) on this fleet's hosts whose creator_id belongs to no planned worker.")
    var pruneRunners = false

    var executor: Executor.Options {
        Executor.Options(
            schedule: .init(parallelism: parallelism, maxUnavailable: maxUnavailable), startTimeout: .seconds(max(1, startTimeout)),
            settle: .seconds(max(0, settle)), stopTimeout: max(0, stopTimeout), connectTimeout: connectTimeout > 0 ? .seconds(connectTimeout) : nil
        )
    }
}
