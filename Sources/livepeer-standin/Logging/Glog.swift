import Glibc

/// The source position a glog line claims (`file.go:line]`), named after go-livepeer's file.
struct Site: Sendable {
    let file: String
    let line: Int
}

/// glog's severities; `Exit` and `Fatal` both print `F`.
enum Severity: String, Sendable {
    case info = "I", warning = "W", error = "E", fatal = "F"
}

/// Writes glog-formatted lines to stderr (go-livepeer sets `-logtostderr`):
/// `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`, threadid being the pid.
final class Glog: @unchecked Sendable {
    static let shared = Glog()

    private let lock = Lock()
    private var verbosity = 3

    func setVerbosity(_ level: Int) { lock.withLock { verbosity = level } }
    func enabled(_ level: Int) -> Bool { lock.withLock { verbosity >= level } }

    func log(_ severity: Severity, _ site: Site, _ message: String) {
        var line = header(severity, site) + message
        if !line.hasSuffix("\n") { line += "\n" }
        let bytes = Array(line.utf8)
        lock.withLock { writeAll(2, bytes) }
    }

    /// Writes a line that is not glog's (slog's, the runner's) under the same lock.
    func write(_ line: String) {
        let bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        lock.withLock { writeAll(2, bytes) }
    }

    private func header(_ severity: Severity, _ site: Site) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        let date = pad(Int(parts.tm_mon) + 1, 2) + pad(Int(parts.tm_mday), 2)
        let time = pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
        let micros = pad(now.tv_nsec / 1000, 6)
        let pid = String(getpid())
        let thread = String(repeating: " ", count: max(0, 7 - pid.count)) + pid
        return "\(severity.rawValue)\(date) \(time).\(micros) \(thread) \(site.file):\(site.line)] "
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

func logInfo(_ site: Site, _ message: String) { Glog.shared.log(.info, site, message) }
func logWarning(_ site: Site, _ message: String) { Glog.shared.log(.warning, site, message) }
func logError(_ site: Site, _ message: String) { Glog.shared.log(.error, site, message) }

/// `glog.V(level).Infof`: printed only when `-v` is at least `level`.
func logVerbose(_ level: Int, _ site: Site, _ message: String) {
    if Glog.shared.enabled(level) { Glog.shared.log(.info, site, message) }
}

/// `glog.Exit`: an `F` line, then exit status 1.
func glogExit(_ site: Site, _ message: String) -> Never {
    Glog.shared.log(.fatal, site, message)
    _exit(1)
}

/// go-livepeer's `exit()` helper in starter.go: an `E` line, then exit status 2.
func starterExit(_ site: Site, _ message: String) -> Never {
    Glog.shared.log(.error, site, message)
    _exit(2)
}

/// A Go `panic(err)` that nothing recovers: the runtime prints the value and a trace, exit status 2.
func goPanic(_ message: String) -> Never {
    let text = "panic: \(message)\n\ngoroutine 1 [running]:\n"
        + "github.com/livepeer/go-livepeer/cmd/livepeer/starter.StartLivepeer(...)\n"
        + "\t(livepeer-standin: no Go stack trace)\n"
    writeAll(2, Array(text.utf8))
    _exit(2)
}
