/// Bounds on what lint and import read: aiModels.json files are kilobytes, so anything near
/// these limits is a wrong file, not a fleet.
public struct JSONLimits: Sendable, Hashable {
    public var maxBytes: Int
    public var maxDepth: Int

    public init(maxBytes: Int = 16 << 20, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }
}
