import Glibc

/// One test at a time on the shared test engine, across test targets: the end-to-end tests and
/// the stand-in's engine tests both create go-livepeer runner containers, which each other's
/// fleets would see (and report as orphans). Each test target wraps its engine suites in a
/// scope trait that takes this turn (`.sharedEngine`).
public actor EngineTurn {
    public static let shared = EngineTurn()

    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }

    /// Runs `body` holding the turn.
    public static func exclusive(_ body: @Sendable () async throws -> Void) async throws {
        await shared.acquire()
        do {
            try await body()
        } catch {
            await shared.release()
            throw error
        }
        await shared.release()
    }
}

/// Polls `condition` every 200 ms for at most `seconds`; true as soon as it holds.
public func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(200_000)
    }
    return condition()
}
