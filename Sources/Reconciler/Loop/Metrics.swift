internal import Synchronization

/// A metric's name, help text and label names; `Kind` is ``CounterKind`` or ``GaugeKind``, so
/// a counter cannot be set and a gauge cannot be incremented by mistake.
public struct Metric<Kind: MetricKind>: Sendable, Hashable {
    public let name: String
    public let help: String
    public let labelNames: [String]
    /// Series that exist from the start with value 0, so `rate()` sees their first increase.
    let initialSeries: [[String: String]]

    public init(_ name: String, help: String, labels: [String] = [], initialSeries: [[String: String]] = []) {
        precondition(MetricsRegistry.isValidName(name), "invalid metric name \(name)")
        precondition(labels.allSatisfy { MetricsRegistry.isValidName($0) && !$0.contains(":") && !$0.hasPrefix("__") }, "invalid label name in \(labels)")
        precondition(initialSeries.allSatisfy { Set($0.keys) == Set(labels) }, "initial series of \(name) must use exactly its labels")
        self.name = name
        self.help = help
        self.labelNames = labels
        self.initialSeries = labels.isEmpty ? [[:]] : initialSeries
    }
}

/// The Prometheus type of a metric: ``CounterKind`` or ``GaugeKind``.
public protocol MetricKind: Sendable, Hashable {
    static var typeName: String { get }
}

/// A value that only goes up (a restart resets it to 0).
public enum CounterKind: MetricKind {
    public static var typeName: String { "counter" }
}

/// A value that is set to whatever it is now.
public enum GaugeKind: MetricKind {
    public static var typeName: String { "gauge" }
}

public typealias CounterMetric = Metric<CounterKind>
public typealias GaugeMetric = Metric<GaugeKind>

/// The metrics of `lpai-apply reconcile`, declared in one place.
public enum ReconcileMetrics {
    public static let passes = CounterMetric(
        "lpai_reconcile_passes_total",
        help: "Reconcile passes by outcome: ok (in sync), drift (drift found and applied), error (the pass failed).",
        labels: ["result"],
        initialSeries: ["ok", "drift", "error"].map { ["result": $0] }
    )
    public static let driftedNodes = GaugeMetric(
        "lpai_reconcile_drifted_nodes",
        help: "Nodes that differed from the plan in the last pass."
    )
    public static let actions = CounterMetric(
        "lpai_reconcile_actions_total",
        help: "Actions applied to nodes, by kind.",
        labels: ["action"],
        initialSeries: ["create", "replace", "start", "remove", "cleanup"].map { ["action": $0] }
    )
    public static let errors = CounterMetric(
        "lpai_reconcile_errors_total",
        help: "Failed reconcile attempts, by host.",
        labels: ["host"]
    )
    public static let lastSuccess = GaugeMetric(
        "lpai_reconcile_last_success_timestamp_seconds",
        help: "Unix time of the last pass that ended without error (0 before the first)."
    )
    public static let workersConnected = GaugeMetric(
        "lpai_workers_connected",
        help: "Workers connected to each orchestrator.",
        labels: ["orchestrator"]
    )
    public static let advertisedCapacity = GaugeMetric(
        "lpai_advertised_capacity",
        help: "Capacity each orchestrator advertises, by pipeline and model.",
        labels: ["orchestrator", "pipeline", "model_id"]
    )
    public static let passDuration = GaugeMetric(
        "lpai_reconcile_pass_duration_seconds",
        help: "Duration of the last reconcile pass, in seconds."
    )

    /// A registry with every metric above declared.
    public static func makeRegistry() -> MetricsRegistry {
        let registry = MetricsRegistry()
        registry.declare(passes)
        registry.declare(actions)
        registry.declare(errors)
        registry.declare(driftedNodes)
        registry.declare(lastSuccess)
        registry.declare(workersConnected)
        registry.declare(advertisedCapacity)
        registry.declare(passDuration)
        return registry
    }
}

/// Counters and gauges with labels, shared by the loop and the metrics server, rendered in the
/// Prometheus text exposition format 0.0.4.
public final class MetricsRegistry: Sendable {
    struct Family: Sendable {
        var type: String
        var help: String
        var labelNames: [String]
        var series: [[String: String]: Double]
    }

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    /// Declares a metric, so that it is rendered (with its initial series) before first use.
    public func declare<Kind>(_ metric: Metric<Kind>) {
        families.withLock { families in Self.family(metric, in: &families) }
    }

    /// Adds `amount` to a counter's series; a negative or non-finite amount is ignored, since
    /// a counter only goes up.
    public func increment(_ metric: CounterMetric, _ labels: [String: String] = [:], by amount: Double = 1) {
        guard amount >= 0, amount.isFinite, Self.check(labels, of: metric) else { return }
        families.withLock { families in
            Self.family(metric, in: &families)
            families[metric.name]?.series[labels, default: 0] += amount
        }
    }

    /// Sets a gauge's series.
    public func set(_ metric: GaugeMetric, _ labels: [String: String] = [:], to value: Double) {
        guard Self.check(labels, of: metric) else { return }
        families.withLock { families in
            Self.family(metric, in: &families)
            families[metric.name]?.series[labels] = value
        }
    }

    /// Replaces every series of a gauge: series not in `series` are dropped.
    public func setFamily(_ metric: GaugeMetric, _ series: [[String: String]: Double]) {
        let valid = series.filter { Self.check($0.key, of: metric) }
        families.withLock { families in
            Self.family(metric, in: &families)
            families[metric.name]?.series = valid
        }
    }

    /// A series' current value; nil if it does not exist.
    public func value<Kind>(_ metric: Metric<Kind>, _ labels: [String: String] = [:]) -> Double? {
        families.withLock { $0[metric.name]?.series[labels] }
    }

    /// Every series in the text exposition format 0.0.4: families sorted by name, series by
    /// label values; families without series are left out.
    public func exposition() -> String {
        let snapshot = families.withLock { $0 }
        var out = ""
        for name in snapshot.keys.sorted() {
            guard let family = snapshot[name], !family.series.isEmpty else { continue }
            out += "# HELP \(name) \(Self.escapeHelp(family.help))\n"
            out += "# TYPE \(name) \(family.type)\n"
            let rows = family.series.map { labels, value in
                (key: family.labelNames.sorted().map { labels[$0] ?? "" }, labels: labels, value: value)
            }
            for row in rows.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                out += name + Self.renderLabels(row.labels) + " " + Self.renderValue(row.value) + "\n"
            }
        }
        return out
    }

    private static func family<Kind>(_ metric: Metric<Kind>, in families: inout [String: Family]) {
        guard families[metric.name] == nil else { return }
        families[metric.name] = Family(
            type: Kind.typeName, help: metric.help, labelNames: metric.labelNames,
            series: Dictionary(uniqueKeysWithValues: metric.initialSeries.map { ($0, 0) })
        )
    }

    private static func check<Kind>(_ labels: [String: String], of metric: Metric<Kind>) -> Bool {
        guard labels.count == metric.labelNames.count, metric.labelNames.allSatisfy({ labels[$0] != nil }) else {
            assertionFailure("metric \(metric.name) takes labels \(metric.labelNames), got \(labels.keys.sorted())")
            return false
        }
        return true
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetterOrUnderscoreOrColon else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetterOrUnderscoreOrColon || ("0"..."9").contains($0) }
    }

    static func renderLabels(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escapeLabelValue($0.value))\"" }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    /// Label values escape backslash, double quote and line feed.
    static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Help texts escape backslash and line feed only.
    static func escapeHelp(_ help: String) -> String {
        help.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    /// Go's float syntax as Prometheus parses it: integers without a fraction, `+Inf`, `-Inf`, `NaN`.
    static func renderValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return value.description
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetterOrUnderscoreOrColon: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_" || self == ":"
    }
}
