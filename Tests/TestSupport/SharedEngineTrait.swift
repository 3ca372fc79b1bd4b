public import Testing

/// Each test of a suite with this trait holds the shared test engine alone (EngineTurn).
public struct SharedEngineTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await EngineTurn.exclusive(function)
    }
}

extension Trait where Self == SharedEngineTrait {
    public static var sharedEngine: Self { Self() }
}
