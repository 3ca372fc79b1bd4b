/// The targets for the compiler, checked against measured figures.
enum Targets {
    static let reference = 5_000
    static let large = 50_000

    static func check(_ results: [SizeResult]) -> [Target] {
        let at5k = results.first { $0.workers == reference }
        let at50k = results.first { $0.workers == large }
        let e2e5k = at5k?.steps.e2eCompile?.median
        var targets: [Target] = []
        targets.append(target("5,000 workers: end-to-end compile", limit: "< 1 s", threshold: 1, unit: "seconds", measured: e2e5k, shown: Format.seconds, pass: { $0 < 1 }))
        let ratio = at5k?.e2eOverRawParse
        targets.append(target("5,000 workers: end-to-end compile / raw libyaml parse", limit: "<= 3x", threshold: 3, unit: "ratio", measured: ratio, shown: Format.ratio, pass: { $0 <= 3 }))
        // Only a compile's peak counts: without the end-to-end step the figure is another step's.
        let rss = at5k?.steps.e2eCompile == nil ? nil : at5k?.peakRSSBytes.map(Double.init)
        targets.append(target("5,000 workers: peak RSS", limit: "< 150 MB", threshold: 150e6, unit: "bytes", measured: rss, shown: { Format.megabytes(Int($0)) }, pass: { $0 < 150e6 }))
        var linear: Double?
        if let e2e5k, let e2e50k = at50k?.steps.e2eCompile?.median, e2e5k > 0 { linear = e2e50k / e2e5k }
        targets.append(target("50,000 / 5,000 workers: end-to-end compile time", limit: "<= 12x", threshold: 12, unit: "ratio", measured: linear, shown: Format.ratio, pass: { $0 <= 12 }))
        return targets
    }

    private static func target(
        _ name: String, limit: String, threshold: Double, unit: String, measured: Double?, shown: (Double) -> String, pass: (Double) -> Bool
    ) -> Target {
        Target(
            name: name, limit: limit, threshold: threshold, unit: unit, measured: measured.map(shown), measuredValue: measured,
            status: measured.map { pass($0) ? .pass : .fail } ?? .notMeasured
        )
    }
}
