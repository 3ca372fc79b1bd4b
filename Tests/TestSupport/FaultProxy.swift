import Foundation
import Glibc
import Synchronization

/// A fault-injecting proxy in front of a real Docker Engine's unix socket: every request is
/// passed to the engine unchanged (one request per connection), except those a ``Rule`` picks,
/// which get an injected fault instead. It records every call it sees, so a test can first
/// trace what an apply does and then inject a fault at each of those calls.
public final class FaultProxy: Sendable {
    public enum Fault: Sendable, Hashable, CustomStringConvertible {
        /// Answer with this status and a Docker-style `{"message": …}` body; the engine never
        /// sees the request.
        case status(Int)
        /// Pass the request to the engine (which carries it out), then send half of its answer
        /// and reset the connection.
        case reset
        /// Pass the request to the engine (which carries it out) and never answer: the client's
        /// timeout must end the call.
        case stall
        /// Pass the request through and answer after this delay (a slow engine).
        case delay(Duration)

        public var description: String {
            switch self {
            case .status(let code): "HTTP \(code)"
            case .reset: "connection reset mid-response"
            case .stall: "stalled response"
            case .delay(let d): "delayed \(d)"
            }
        }
    }

    /// Injects `fault` into calls named `call` (e.g. `POST /containers/{id}/start`; `*` for
    /// every call): the `occurrence`-th one only, or, when `persistent`, that one and every later one.
    public struct Rule: Sendable, Hashable {
        public var call: String
        public var occurrence: Int
        public var persistent: Bool
        public var fault: Fault

        public init(call: String, occurrence: Int = 1, persistent: Bool = false, fault: Fault) {
            self.call = call
            self.occurrence = occurrence
            self.persistent = persistent
            self.fault = fault
        }
    }

    /// One request seen: its call name (`METHOD /path/template`) and whether a fault hit it.
    public struct Call: Sendable, Hashable {
        public var name: String
        public var fault: Fault?
    }

    public let socketPath: String
    public let upstream: String
    private let listener: Int32
    private let state = Mutex(State())

    private struct State: Sendable {
        var rules: [Rule] = []
        var seen: [String: Int] = [:]
        var calls: [Call] = []
        var stopped = false
    }

    /// Listens on a new socket in the temporary folder and forwards to `upstream` (a socket path).
    public init(upstream: String, label: String = "proxy") throws {
        self.upstream = upstream
        socketPath = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-fault-\(label)-\(UUID().uuidString.prefix(8)).sock").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProxyError("socket: errno \(errno)") }
        var address = Self.address(socketPath)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ProxyError("bind/listen \(socketPath): errno \(errno)")
        }
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    public var url: String { "unix://\(socketPath)" }

    public func inject(_ rule: Rule) { state.withLock { $0.rules.append(rule) } }

    /// Removes every rule and forgets the occurrence counts (the call log is kept).
    public func clearFaults() {
        state.withLock {
            $0.rules = []
            $0.seen = [:]
        }
    }

    public func resetLog() { state.withLock { $0.calls = [] } }

    public var calls: [Call] { state.withLock { $0.calls } }

    public func stop() {
        let first = state.withLock { s -> Bool in
            defer { s.stopped = true }
            return !s.stopped
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        unlink(socketPath)
    }

    /// `/v1.41/containers/abc/start?x=1` → `/containers/{id}/start`, as lpai-apply names calls.
    public static func template(_ target: String) -> String {
        var path = Substring(target.split(separator: "?", maxSplits: 1).first ?? "")
        if let match = path.firstMatch(of: #/^/v[0-9]+\.[0-9]+/#) { path = path[match.range.upperBound...] }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[1] == "containers" || parts[1] == "images", parts[2] != "json", parts[2] != "create" else { return String(path) }
        if parts[1] == "images" { return "/images/{name}/" + (parts.last ?? "") }
        return (["", parts[1], "{id}"] + parts.dropFirst(3)).joined(separator: "/")
    }

    // MARK: Serving

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            Thread.detachNewThread { [self] in
                serve(client)
                close(client)
            }
        }
    }

    private func decide(_ name: String) -> Fault? {
        state.withLock { s in
            var fault: Fault?
            for rule in s.rules where rule.call == name || rule.call == "*" {
                let key = rule.call + "\u{0}" + String(describing: rule.fault)
                let n = s.seen[key, default: 0] + 1
                s.seen[key] = n
                if n == rule.occurrence || (rule.persistent && n > rule.occurrence) { fault = fault ?? rule.fault }
            }
            s.calls.append(Call(name: name, fault: fault))
            return fault
        }
    }

    private func serve(_ client: Int32) {
        guard let request = HTTPRequestReader.read(from: client) else { return }
        let name = "\(request.method) \(Self.template(request.target))"
        let fault = decide(name)
        if case .status(let code) = fault {
            let body = Array(#"{"message":"fault injected by the test proxy: HTTP \#(code) on \#(name)"}"#.utf8)
            let head = "HTTP/1.1 \(code) Injected\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            Socket.writeAll(client, Array(head.utf8) + body)
            return
        }
        let engine = Socket.connect(upstream)
        guard engine >= 0 else { return }
        defer { close(engine) }
        Socket.writeAll(engine, request.bytesWithConnectionClose())
        switch fault {
        case .reset:
            let answer = Socket.readToEnd(engine)
            Socket.writeAll(client, Array(answer.prefix(max(1, answer.count / 2))))
            var hard = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &hard, socklen_t(MemoryLayout<linger>.size))
        case .stall:
            _ = Socket.readToEnd(engine)
            // Hold the connection until the client gives up (or the proxy stops).
            var byte: UInt8 = 0
            while !state.withLock({ $0.stopped }), recv(client, &byte, 1, 0) > 0 {}
        case .delay(let d):
            Thread.sleep(forTimeInterval: Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
            Socket.pump(from: engine, to: client)
        case .status, nil:
            Socket.pump(from: engine, to: client)
        }
    }

    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    public struct ProxyError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}

/// One HTTP/1.1 request read off a socket: head and body (Content-Length or chunked).
struct HTTPRequestReader {
    var method: String
    var target: String
    var headLines: [String]
    var body: [UInt8]

    static func read(from fd: Int32) -> HTTPRequestReader? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            buffer += chunk[0..<n]
            headEnd = buffer.firstRange(of: separator)?.upperBound
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: buffer[..<(headEnd - 4)], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var rest = Array(buffer[headEnd...])
        let header = { (name: String) in
            lines.dropFirst().first { $0.lowercased().hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        let more = { () -> Bool in
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return false }
            rest += chunk[0..<n]
            return true
        }
        var body: [UInt8] = []
        if let length = header("content-length").flatMap(Int.init) {
            while rest.count < length { guard more() else { return nil } }
            body = Array(rest.prefix(length))
        } else if header("transfer-encoding")?.lowercased() == "chunked" {
            // De-chunk into a plain body; the forwarded request then carries Content-Length.
            var offset = 0
            while true {
                while rest[offset...].firstRange(of: [13, 10]) == nil { guard more() else { return nil } }
                guard let lineEnd = rest[offset...].firstRange(of: [13, 10]) else { return nil }
                let sizeText = String(decoding: rest[offset..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
                let start = lineEnd.upperBound
                while rest.count < start + size + 2 { guard more() else { return nil } }
                if size == 0 { break }
                body += rest[start..<(start + size)]
                offset = start + size + 2
            }
        }
        return HTTPRequestReader(method: String(requestLine[0]), target: String(requestLine[1]), headLines: lines, body: body)
    }

    /// The request as the engine gets it: `Connection: close`, the body by length.
    func bytesWithConnectionClose() -> [UInt8] {
        var lines = [headLines[0]]
        for line in headLines.dropFirst() {
            let lower = line.lowercased()
            if lower.hasPrefix("connection:") || lower.hasPrefix("transfer-encoding:") || lower.hasPrefix("content-length:") || line.isEmpty { continue }
            lines.append(line)
        }
        lines.append("Connection: close")
        if !body.isEmpty || ["POST", "PUT"].contains(method) { lines.append("Content-Length: \(body.count)") }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }
}

/// Blocking socket helpers for the proxy's threads.
enum Socket {
    static func connect(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = FaultProxy.address(path)
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard ok == 0 else {
            close(fd)
            return -1
        }
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            offset += n
        }
    }

    static func readToEnd(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return out }
            out += chunk[0..<n]
        }
    }

    static func pump(from source: Int32, to sink: Int32) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(source, &chunk, chunk.count, 0)
            guard n > 0 else { return }
            writeAll(sink, Array(chunk[0..<n]))
        }
    }
}
