/// A tiny seeded generator (SplitMix64, Steele et al. 2014): the same seed gives the same
/// sequence on every platform and toolchain. Deliberately not a `RandomNumberGenerator`, so the
/// standard library's sampling algorithms (free to change between releases) never touch it.
public struct SplitMix64: Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (Lemire's multiply-shift; the bias is below 2⁻³² for our bounds).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SplitMix64.below needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with the given probability in percent.
    public mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// `count` distinct elements of `items`, in a random order (fewer when `items` is shorter).
    public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var out: [T] = []
        for _ in 0..<min(count, pool.count) { out.append(pool.remove(at: below(pool.count))) }
        return out
    }

    /// `digits` lowercase hexadecimal digits.
    public mutating func hex(_ digits: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<digits).map { _ in alphabet[below(16)] })
    }
}
