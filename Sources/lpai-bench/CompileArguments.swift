import ArgumentParser
import Foundation

/// `500,5000,50_000`
struct WorkerCounts: ExpressibleByArgument, Sendable {
    var counts: [Int]

    init(_ counts: [Int]) { self.counts = counts }

    init?(argument: String) {
        let counts = argument.split(separator: ",").map { Int($0.replacingOccurrences(of: "_", with: "").trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        self.counts = counts.compactMap { $0 }
    }

    var defaultValueDescription: String { counts.map(String.init).joined(separator: ",") }
}

/// `raw,load,e2e`
struct StepList: ExpressibleByArgument, Sendable {
    var steps: Set<CompileSteps.Step>

    init(_ steps: Set<CompileSteps.Step>) { self.steps = steps }

    init?(argument: String) {
        let steps = argument.split(separator: ",").map { CompileSteps.Step(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !steps.isEmpty, steps.allSatisfy({ $0 != nil }) else { return nil }
        self.steps = Set(steps.compactMap { $0 })
    }

    var argument: String { CompileSteps.Step.allCases.filter(steps.contains).map(\.rawValue).joined(separator: ",") }
    var defaultValueDescription: String { "all" }
}
