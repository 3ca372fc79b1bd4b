internal import Spec
internal import Foundation
public import Logging
internal import Planner

/// How `reconcile` writes its log lines.
public enum LogFormat: String, CaseIterable, Sendable {
    /// `2026-11-29T12:00:00.123Z info message key=value`, for people.
    case text
    /// One JSON object per line, for log collectors.
    case json

    /// A handler writing this format to standard error; for `LoggingSystem.bootstrap`, which
    /// only the executable calls.
    public static func makeHandler(label: String, level: Logger.Level, format: LogFormat) -> any LogHandler {
        switch format {
        case .text: TextLogHandler(label: label, level: level)
        case .json: JSONLogHandler(label: label, level: level)
        }
    }
}

/// Where a handler's lines go: one call per line, without the trailing newline.
public typealias LogSink = @Sendable (String) -> Void

/// What a line-writing handler holds: level, metadata, label, where lines go and the clock.
public struct LineHandlerCore: Sendable {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: LogSink
    let clock: @Sendable () -> Double
}

/// A handler that turns each event (at or above its level) into one line; the storage and
/// swift-log's requirements come from `core`.
public protocol LineLogHandler: LogHandler {
    var core: LineHandlerCore { get set }
    init(core: LineHandlerCore)
    /// The line for an event, without the newline; `fields` is the merged metadata.
    func line(_ event: LogEvent, fields: Logger.Metadata) -> String
}

extension LineLogHandler {
    /// `clock` returns Unix time in seconds.
    public init(
        label: String, level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil,
        sink: @escaping LogSink = LogLine.standardError, clock: @escaping @Sendable () -> Double = LogLine.now
    ) {
        self.init(core: LineHandlerCore(logLevel: level, metadataProvider: metadataProvider, label: label, sink: sink, clock: clock))
    }

    public var logLevel: Logger.Level {
        get { core.logLevel }
        set { core.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { core.metadata }
        set { core.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { core.metadataProvider }
        set { core.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { core.metadata[key] }
        set { core.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        guard event.level >= core.logLevel else { return }
        core.sink(line(event, fields: LogLine.metadata(base: core.metadata, provider: core.metadataProvider, event: event)))
    }
}

/// Writes one JSON object per line: `ts`, `level`, `logger`, `msg`, then the metadata with
/// keys sorted (a metadata key equal to one of those four gets a leading `_`).
public struct JSONLogHandler: LineLogHandler {
    public var core: LineHandlerCore

    public init(core: LineHandlerCore) {
        self.core = core
    }

    public func line(_ event: LogEvent, fields: Logger.Metadata) -> String {
        var line = "{\"ts\":" + LogJSON.string(LogLine.timestamp(core.clock()))
        line += ",\"level\":" + LogJSON.string(event.level.rawValue)
        line += ",\"logger\":" + LogJSON.string(core.label)
        line += ",\"msg\":" + LogJSON.string(event.message.description)
        let fixed: Set<String> = ["ts", "level", "logger", "msg"]
        for (key, value) in fields.map({ (fixed.contains($0.key) ? "_" + $0.key : $0.key, $0.value) }).sorted(by: { $0.0 < $1.0 }) {
            line += "," + LogJSON.string(key) + ":" + LogJSON.value(value)
        }
        return line + "}"
    }
}

/// Writes `2026-11-29T12:00:00.123Z info message key=value …`, metadata keys sorted; a value
/// is quoted (with JSON escapes) when it is empty or holds a space, quote, `=` or control
/// character; arrays and dictionaries are written as JSON.
public struct TextLogHandler: LineLogHandler {
    public var core: LineHandlerCore

    public init(core: LineHandlerCore) {
        self.core = core
    }

    public func line(_ event: LogEvent, fields: Logger.Metadata) -> String {
        var line = LogLine.timestamp(core.clock()) + " " + event.level.rawValue + " " + event.message.description
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += " " + key + "=" + Self.text(value)
        }
        return line
    }

    static func text(_ value: Logger.Metadata.Value) -> String {
        let raw: String
        switch value {
        case .string(let string): raw = string
        case .stringConvertible(let convertible): raw = convertible.description
        case .array, .dictionary: return LogJSON.value(value)
        }
        let needsQuotes = raw.isEmpty || raw.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.value < 0x20 || $0.value == 0x7F }
        return needsQuotes ? LogJSON.string(raw) : raw
    }
}

/// What both handlers share: the clock, the timestamp, the metadata merge, the default sink.
public enum LogLine {
    /// Unix time now, in seconds.
    public static func now() -> Double {
        Date().timeIntervalSince1970
    }

    /// Writes `line` and a newline to standard error in one `write`, so lines from several
    /// threads do not interleave.
    public static func standardError(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// `2026-11-29T12:00:00.123Z`: UTC, to the nearest millisecond.
    static func timestamp(_ seconds: Double) -> String {
        let millis = Int64((seconds * 1000).rounded())
        let (days, dayMillis) = floorDivMod(millis, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let time = dayMillis / 1000
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(time / 3600, 2) + ":" + pad(time / 60 % 60, 2) + ":"
            + pad(time % 60, 2) + "." + pad(dayMillis % 1000, 3) + "Z"
    }

    /// Handler metadata, then the provider's, then the statement's, later ones winning; an
    /// event's error goes in as `error` unless a field of that name exists.
    static func metadata(base: Logger.Metadata, provider: Logger.MetadataProvider?, event: LogEvent) -> Logger.Metadata {
        var merged = base
        if let provided = provider?.get(), !provided.isEmpty { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata, !explicit.isEmpty { merged.merge(explicit) { _, new in new } }
        if let error = event.error, merged["error"] == nil { merged["error"] = .string("\(error)") }
        return merged
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let remainder = a % b
        return remainder < 0 ? (a / b - 1, remainder + b) : (a / b, remainder)
    }

    /// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// JSON text for log fields: strings escaped as Planner escapes them, objects with sorted keys.
enum LogJSON {
    static func string(_ value: String) -> String {
        "\"" + JSONText.escaped(value) + "\""
    }

    static func value(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): string(text)
        case .stringConvertible(let convertible): string(convertible.description)
        case .array(let values): "[" + values.map { Self.value($0) }.joined(separator: ",") + "]"
        case .dictionary(let fields):
            "{" + fields.sorted { $0.key < $1.key }.map { string($0.key) + ":" + Self.value($0.value) }.joined(separator: ",") + "}"
        }
    }
}
