import Foundation
import Glibc

/// The wall times of one step over its repetitions.
struct Timing: Codable, Sendable, Hashable {
    /// Seconds, in the order they were measured.
    var samples: [Double]
    var median: Double
    var min: Double

    init(_ samples: [Double]) {
        self.samples = samples
        let sorted = samples.sorted()
        min = sorted.first ?? 0
        median = sorted.isEmpty ? 0 : sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// Takes a result the optimizer must then compute, even though nothing reads it (the same
/// trick as the benchmark package's blackHole).
@_optimize(none)
func keep<T>(_ value: T) {}

enum Stopwatch {
    /// Wall time of `body`, in seconds.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Peak resident sets. getrusage's ru_maxrss is not enough on its own: Foundation starts a child
/// with posix_spawn (vfork), and at exec the kernel folds the *parent's* peak so far into the
/// child's ru_maxrss. VmHWM in /proc/self/status belongs to this process image alone.
enum Memory {
    /// The peak resident set of this process image so far, in bytes.
    static var peakRSS: Int { highWaterMark() ?? maxRSS(__rusage_who_t(RUSAGE_SELF.rawValue)) }

    /// The largest peak resident set of any child this process has waited for, in bytes; it is
    /// never below this process's own peak when the child started (see above).
    static var childrenPeakRSS: Int { maxRSS(__rusage_who_t(RUSAGE_CHILDREN.rawValue)) }

    private static func highWaterMark() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).dropLast(3).trimmingCharacters(in: .whitespaces))
        else { return nil }
        return kib * 1024
    }

    private static func maxRSS(_ who: __rusage_who_t) -> Int {
        var usage = rusage()
        guard getrusage(who, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
    }
}
