/// Per-host exponential backoff for the reconcile loop. After `n` consecutive failures of a
/// key, its next attempt is due at the last failure + `min(base * 2^(n-1), cap)`, spread by
/// ±`jitter` so hosts that failed together do not retry in lockstep. Success forgets the key.
///
/// Times are seconds on any monotonic clock the caller picks; randomness is passed in, so a
/// test with a fixed `random` sees exact times.
public struct HostBackoff: Sendable, Hashable {
    /// Delay after the first failure, in seconds.
    public var base: Double
    /// Longest delay before jitter, in seconds.
    public var cap: Double
    /// Fraction of the delay added or taken away at random (0.2 → ±20 %).
    public var jitter: Double

    struct Entry: Sendable, Hashable {
        var failures: Int
        var lastFailure: Double
        var nextAttempt: Double
    }

    private var entries: [String: Entry] = [:]

    public init(base: Double = 5, cap: Double = 300, jitter: Double = 0.2) {
        precondition(base > 0 && cap >= base, "backoff needs 0 < base <= cap")
        precondition((0...1).contains(jitter), "backoff jitter is a fraction in 0...1")
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// Whether `key` may be tried at `now`: it has no failures, or its wait is over.
    public func isDue(_ key: String, now: Double) -> Bool {
        guard let entry = entries[key] else { return true }
        return now >= entry.nextAttempt
    }

    /// Counts a failure of `key` at `now` and returns when its next attempt is due.
    /// `random` returns a number in 0...1 (0.5 means no jitter).
    @discardableResult
    public mutating func recordFailure(_ key: String, now: Double, random: () -> Double = Jitter.systemRandom) -> Double {
        let failures = (entries[key]?.failures ?? 0) + 1
        let wait = Jitter.interval(base: delay(afterFailures: failures), fraction: jitter, random: random)
        let entry = Entry(failures: failures, lastFailure: now, nextAttempt: now + wait)
        entries[key] = entry
        return entry.nextAttempt
    }

    /// Forgets the failures of `key`: its next attempt is due at once.
    public mutating func recordSuccess(_ key: String) {
        entries[key] = nil
    }

    /// When `key` may be tried again; nil when it has no failures.
    public func nextAttempt(_ key: String) -> Double? {
        entries[key]?.nextAttempt
    }

    /// Consecutive failures of `key` since its last success.
    public func failures(_ key: String) -> Int {
        entries[key]?.failures ?? 0
    }

    /// Keys with at least one failure, sorted.
    public var failingKeys: [String] {
        entries.keys.sorted()
    }

    /// Forgets every key not in `keys`, e.g. hosts that left the spec.
    public mutating func retain(only keys: some Sequence<String>) {
        let keep = Set(keys)
        entries = entries.filter { keep.contains($0.key) }
    }

    /// The wait after `failures` consecutive failures, before jitter.
    public func delay(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        // 2^62 is far past any cap; clamping the exponent keeps the product finite.
        let doubling = Double(sign: .plus, exponent: min(failures - 1, 62), significand: 1)
        return min(base * doubling, cap)
    }
}

/// Random spread for intervals, so that periodic work of many processes does not align.
public enum Jitter {
    /// `base` moved by up to ±`fraction` of itself: `random` returns a number in 0...1, where 0
    /// gives `base * (1 - fraction)`, 0.5 gives `base` and 1 gives `base * (1 + fraction)`.
    public static func interval(base: Double, fraction: Double, random: () -> Double = systemRandom) -> Double {
        let unit = min(max(random(), 0), 1)
        return max(0, base * (1 + fraction * (2 * unit - 1)))
    }

    /// A uniform number in 0...1 from the system's generator.
    public static func systemRandom() -> Double {
        Double.random(in: 0...1)
    }
}
