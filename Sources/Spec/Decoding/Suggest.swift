/// "Did you mean" support: the closest candidate within a small edit distance.
public enum Suggest {
    /// The candidate nearest to `word`, if it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        Candidates(candidates).closest(to: word)
    }

    /// ` (did you mean 'x'?)` or an empty string.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// A candidate list lowered once, for asking about many words (every unknown reference of
    /// a large fleet): lowering each candidate per question made thousands of questions quadratic
    /// in allocations as well as in comparisons.
    public struct Candidates: Sendable {
        private let names: [(text: String, scalars: [Unicode.Scalar])]

        public init(_ candidates: some Sequence<String>) {
            names = candidates.map { ($0, Array($0.lowercased().unicodeScalars)) }
        }

        public func closest(to word: String) -> String? {
            let lowered = Array(word.lowercased().unicodeScalars)
            var best: (String, Int)?
            var rows = EditRows()
            for (text, scalars) in names {
                let limit = max(1, min(lowered.count, text.count) / 3)
                // The distance is at least the difference in length: most candidates stop here.
                guard abs(lowered.count - scalars.count) <= limit,
                    let distance = rows.distance(lowered, scalars, limit: limit)
                else { continue }
                if let (bestText, bestDistance) = best, distance > bestDistance || (distance == bestDistance && text >= bestText) { continue }
                best = (text, distance)
            }
            return best?.0
        }

        public func hint(for word: String) -> String {
            closest(to: word).map { " (did you mean '\($0)'?)" } ?? ""
        }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and
    /// transpositions ("piepline" is one slip from "pipeline", not two).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var rows = EditRows()
        return rows.distance(a, b, limit: Int.max) ?? Int.max
    }
}

/// The three rows the optimal-string-alignment recurrence needs, reused across comparisons.
struct EditRows {
    private var twoBack: [Int] = []
    private var previous: [Int] = []
    private var current: [Int] = []

    /// The distance from `a` to `b`, or nil once it is sure to exceed `limit` (a row whose
    /// every cell is over the limit can only lead to larger values).
    mutating func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        if a.isEmpty { return b.count <= limit ? b.count : nil }
        if b.isEmpty { return a.count <= limit ? a.count : nil }
        let width = b.count + 1
        if previous.count != width {
            (twoBack, previous, current) = (Array(repeating: 0, count: width), Array(repeating: 0, count: width), Array(repeating: 0, count: width))
        }
        // Row 0; `current` is written in full before it is read, and `twoBack` only from row 2.
        for j in 0..<width { previous[j] = j }
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, twoBack[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            // A transposition reaches back two rows, so stop only when both rows are over.
            if rowMinimum > limit, previous.min() ?? 0 > limit { return nil }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        let result = previous[b.count]
        return result <= limit ? result : nil
    }
}
