/// The order apply works in, as a pure state machine the executor asks for ready steps.
///
/// - A host runs one step at a time, and removals on a host come before the rest there
///   (they free GPUs and ports); hosts work concurrently, at most `parallelism` steps at once.
/// - A worker must run a go-livepeer at least as new as its orchestrator's (LIVEPEER.md,
///   `isVersionCompatible`): when both change image, the orchestrator waits for its workers.
///   Otherwise workers wait for their orchestrator, so they find it up when they register.
/// - At most `maxUnavailable` workers of one orchestrator are being replaced at once: each
///   restart drops that worker's capacity for the minutes its warm models take to load.
public struct ApplySchedule: Sendable {
    public struct Options: Sendable {
        public var parallelism: Int
        public var maxUnavailable: Int

        public init(parallelism: Int = 10, maxUnavailable: Int = 1) {
            self.parallelism = max(1, parallelism)
            self.maxUnavailable = max(1, maxUnavailable)
        }
    }

    public let changes: [NodeChange]
    /// Step index → indices it waits for.
    public private(set) var dependencies: [Int: Set<Int>]
    let options: Options

    public init(changes: [NodeChange], options: Options = Options()) {
        self.changes = changes
        self.options = options
        var deps: [Int: Set<Int>] = [:]
        let indexed = Array(changes.enumerated())
        for (i, change) in indexed where change.action != .remove {
            for (j, other) in indexed where other.action == .remove && other.host == change.host { deps[i, default: []].insert(j) }
        }
        let bringsUp: Set<NodeChange.Action> = [.create, .replace, .start]
        for (o, orch) in indexed where orch.role != "worker" && bringsUp.contains(orch.action) {
            let workers = indexed.filter { $0.element.role == "worker" && $0.element.orchestrator == orch.node && bringsUp.contains($0.element.action) }
            let upgrade = orch.action == .replace && orch.changesImage && workers.contains { $0.element.changesImage }
            for (w, _) in workers {
                if upgrade { deps[o, default: []].insert(w) } else { deps[w, default: []].insert(o) }
            }
        }
        dependencies = deps
    }

    /// Steps that may start now, in plan order, given what runs and what has finished.
    public func ready(running: Set<Int>, finished: Set<Int>) -> [Int] {
        var busyHosts = Set(running.map { changes[$0].host })
        var replacing: [String: Int] = [:]
        for i in running where changes[i].role == "worker" && changes[i].action == .replace {
            replacing[changes[i].orchestrator ?? "", default: 0] += 1
        }
        var out: [Int] = []
        for i in changes.indices where !running.contains(i) && !finished.contains(i) {
            guard running.count + out.count < options.parallelism else { break }
            let change = changes[i]
            guard !busyHosts.contains(change.host), (dependencies[i] ?? []).isSubset(of: finished) else { continue }
            if change.role == "worker" && change.action == .replace {
                let key = change.orchestrator ?? ""
                guard replacing[key, default: 0] < options.maxUnavailable else { continue }
                replacing[key, default: 0] += 1
            }
            busyHosts.insert(change.host)
            out.append(i)
        }
        return out
    }
}
