import Glibc

/// ai/worker logs with `log/slog`'s default logger, which go-livepeer never replaces: the standard
/// `log` package's `2006/01/02 15:04:05 ` prefix, the level, the message and `key=value` pairs.
enum Slog {
    enum Level: String { case info = "INFO", warn = "WARN", error = "ERROR" }

    static func info(_ message: String, _ attributes: (String, String)...) { log(.info, message, attributes) }
    static func error(_ message: String, _ attributes: (String, String)...) { log(.error, message, attributes) }

    static func log(_ level: Level, _ message: String, _ attributes: [(String, String)]) {
        Glog.shared.write(line(level, message, attributes, time: now()))
    }

    static func line(_ level: Level, _ message: String, _ attributes: [(String, String)], time: String) -> String {
        ([time, level.rawValue, message] + attributes.map { "\($0.0)=\(value($0.1))" }).joined(separator: " ")
    }

    /// slog's text values: quoted when empty or when they hold a space, `"`, `=` or a non-printable character.
    static func value(_ text: String) -> String {
        let needsQuoting = text.isEmpty || text.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "\"" || scalar == "=" || scalar.value < 0x21 || scalar.value == 0x7F
                || (0x80...0xA0).contains(scalar.value)
        }
        return needsQuoting ? goQuote(text) : text
    }

    private static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(parts.tm_year + 1900)/\(pad(parts.tm_mon + 1))/\(pad(parts.tm_mday)) "
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))"
    }
}
