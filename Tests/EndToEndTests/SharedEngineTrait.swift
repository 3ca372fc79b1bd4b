import Testing
import TestSupport

/// Each test of a suite with this trait holds the shared test engine alone (EngineTurn).
struct SharedEngineTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await EngineTurn.exclusive(function)
    }
}

extension Trait where Self == SharedEngineTrait {
    static var sharedEngine: Self { Self() }
}
