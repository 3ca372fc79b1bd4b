/// The registration lines of go-livepeer's log (LIVEPEER.md "Worker ↔ orchestrator
/// connection"), read from the Docker logs API with `timestamps=1`.
///
/// go-livepeer writes glog lines (`I1129 09:10:00.123456       1 ai_worker.go:57] message`);
/// the engine prefixes each with its own RFC 3339 time, which is what orders events across
/// containers of one engine. Lines that are not registration lines are skipped.
public enum LivepeerLog {
    public enum Event: Sendable, Hashable, Codable {
        // Worker side (server/ai_worker.go).
        /// `Registering AI worker to ORCH`: an attempt begins (ORCH as given in -orchAddr).
        case registering(orchestrator: String)
        /// `Could not register aiworker to orchestrator ERR`: the dial failed.
        case couldNotRegister(error: String)
        /// `End of stream receive cycle because of err="ERR", ...`: the stream ended.
        case streamEnded(error: String)
        /// `Unregistering AI worker: ERR`.
        case unregistering(error: String)
        /// `Terminating AI Worker because of ERR`: fatal, the worker stops retrying.
        case terminating(error: String)
        // Orchestrator side (core/ai_orchestrator.go).
        /// `Got a RegisterAIWorker request from aiworker=ADDR`.
        case registerRequest(worker: String)
        /// `err="invalid secret"` after a request.
        case invalidSecret
        /// `worker ADDR not connected, version not compatible`.
        case notCompatible(worker: String)
        /// `Worker compatible, connecting worker_version=V orchestrator_version=V worker_addr=ADDR`.
        case compatible(worker: String, workerVersion: String, orchestratorVersion: String)
        /// `Got aiworker=ADDR eof, removing from live aiworkers map`.
        case workerGone(worker: String)
    }

    public struct Line: Sendable, Hashable, Codable {
        /// The engine's timestamp (RFC 3339), empty when the line had none.
        public var time: String
        public var event: Event

        public init(time: String, event: Event) {
            self.time = time
            self.event = event
        }

        /// Seconds since the epoch of `time`, for age comparisons; nil when unparsable.
        public var seconds: Double? { RFC3339.seconds(time) }
    }

    /// Every registration line of a log, in order.
    public static func parse(_ text: String) -> [Line] {
        var out: [Line] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var line = Substring(raw)
            var time = ""
            if let space = line.firstIndex(of: " "), line.first?.isNumber == true, RFC3339.seconds(String(line[..<space])) != nil {
                time = String(line[..<space])
                line = line[line.index(after: space)...]
            }
            if let event = event(in: message(of: line)) { out.append(Line(time: time, event: event)) }
        }
        return out
    }

    /// The message of a glog line (after `file.go:NN] `); the whole line when it has no header.
    static func message(of line: Substring) -> Substring {
        guard let first = line.first, "IWEF".contains(first), let close = line.firstIndex(of: "]") else { return line }
        let header = line[..<close]
        // `I1129 09:10:00.123456    1 file.go:57`: a site ending in `:digits`.
        guard let colon = header.lastIndex(of: ":"), header[header.index(after: colon)...].allSatisfy(\.isNumber), header.contains(".go") else { return line }
        var rest = line[line.index(after: close)...]
        if rest.first == " " { rest = rest.dropFirst() }
        return rest
    }

    static func event(in message: Substring) -> Event? {
        let text = message.hasSuffix(" ") ? message.dropLast() : message
        if let rest = text.dropPrefix("Registering AI worker to ") { return .registering(orchestrator: String(rest)) }
        if let rest = text.dropPrefix("Could not register aiworker to orchestrator ") { return .couldNotRegister(error: String(rest)) }
        if let rest = text.dropPrefix("End of stream receive cycle because of err=") {
            let quoted = rest.split(separator: ",", maxSplits: 1).first.map(String.init) ?? String(rest)
            return .streamEnded(error: GoQuoted.unquote(quoted) ?? unquotedPrefix(rest))
        }
        if let rest = text.dropPrefix("Unregistering AI worker: ") { return .unregistering(error: String(rest)) }
        if let rest = text.dropPrefix("Terminating AI Worker because of ") { return .terminating(error: String(rest)) }
        if let rest = text.dropPrefix("Got a RegisterAIWorker request from aiworker=") { return .registerRequest(worker: String(rest)) }
        if text == "err=\"invalid secret\"" { return .invalidSecret }
        if let rest = text.dropPrefix("worker "), rest.hasSuffix(" not connected, version not compatible") {
            return .notCompatible(worker: String(rest.dropLast(" not connected, version not compatible".count)))
        }
        if let rest = text.dropPrefix("Worker compatible, connecting ") {
            let fields = keyValues(rest)
            return .compatible(worker: fields["worker_addr"] ?? "", workerVersion: fields["worker_version"] ?? "", orchestratorVersion: fields["orchestrator_version"] ?? "")
        }
        if let rest = text.dropPrefix("Got aiworker="), rest.hasSuffix(" eof, removing from live aiworkers map") {
            return .workerGone(worker: String(rest.dropLast(" eof, removing from live aiworkers map".count)))
        }
        return nil
    }

    /// `a=1 b=2` → ["a": "1", "b": "2"].
    static func keyValues(_ text: Substring) -> [String: String] {
        var out: [String: String] = [:]
        for field in text.split(separator: " ") {
            guard let equals = field.firstIndex(of: "=") else { continue }
            out[String(field[..<equals])] = String(field[field.index(after: equals)...])
        }
        return out
    }

    /// A Go `%q` that did not unquote (truncated line): the text up to the first quote.
    private static func unquotedPrefix(_ text: Substring) -> String {
        String(text.drop { $0 == "\"" }.prefix { $0 != "\"" })
    }
}

extension Substring {
    func dropPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}

/// Go's `strconv.Quote` output, read back (the escapes glog lines use).
enum GoQuoted {
    static func unquote(_ text: String) -> String? {
        guard text.count >= 2, text.first == "\"", text.last == "\"" else { return nil }
        var out = ""
        var escaped = false
        for c in text.dropFirst().dropLast() {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                return nil
            } else {
                out.append(c)
            }
        }
        return escaped ? nil : out
    }
}

/// RFC 3339 times as the engine writes them (`2026-11-29T12:00:00.123456789Z`, or with an
/// offset), to seconds since the epoch.
public enum RFC3339 {
    public static func seconds(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard bytes[i] >= 48, bytes[i] <= 57 else { return nil }
                value = value * 10 + Int(bytes[i] - 48)
            }
            return value
        }
        guard bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 116, bytes[13] == 58, bytes[16] == 58,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case 90, 122: guard index + 1 == bytes.count else { return nil }
        case 43, 45:
            guard index + 6 == bytes.count, bytes[index + 3] == 58, let h = number(index + 1..<index + 3), let m = number(index + 4..<index + 6) else { return nil }
            offset = (h * 3600 + m * 60) * (bytes[index] == 43 ? 1 : -1)
        default: return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// `1764417600.123456789` for the engine's `since` parameter.
    public static func engineSince(_ text: String) -> String? {
        guard let seconds = seconds(text) else { return nil }
        let whole = seconds.rounded(.down)
        // Nanoseconds from the text itself: a Double cannot carry them exactly.
        var nanos = "000000000"
        if let dot = text.firstIndex(of: "."), dot > text.index(text.startIndex, offsetBy: 18) {
            let digits = text[text.index(after: dot)...].prefix { $0.isNumber }
            nanos = String((digits + "000000000").prefix(9))
        }
        return "\(Int(whole)).\(nanos)"
    }
}
