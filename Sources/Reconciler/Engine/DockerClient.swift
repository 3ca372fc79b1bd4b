internal import Spec
public import AsyncHTTPClient
internal import Foundation
internal import Planner
internal import NIOCore
internal import NIOHTTP1
internal import NIOSSL

/// A Docker Engine API v1.41 client for one engine, on AsyncHTTPClient. Every call has an
/// explicit deadline; every failure is a ``DockerError`` naming the host and the call.
public final class DockerClient: Sendable {
    public static let apiVersion = "v1.41"

    /// The spec host(s) this engine serves, for messages.
    public let host: String
    public let endpoint: EngineEndpoint
    public let timeouts: Timeouts
    private let http: HTTPClient
    private let base: String
    private let tls: TLSConfiguration?
    private let tlsError: String?

    public struct Timeouts: Sendable {
        /// Any call that is not one of the long ones below.
        public var call: Duration
        /// Pulling an image.
        public var pull: Duration

        public init(call: Duration = .seconds(30), pull: Duration = .seconds(900)) {
            self.call = call
            self.pull = pull
        }
    }

    public init(host: String, endpoint: EngineEndpoint, http: HTTPClient, timeouts: Timeouts = Timeouts()) {
        self.host = host
        self.endpoint = endpoint
        self.http = http
        self.timeouts = timeouts
        switch endpoint.transport {
        case .unix(let path):
            base = URL(httpURLWithSocketPath: path, uri: "/")?.absoluteString.dropLast().description ?? ""
            tls = nil
            tlsError = nil
        case .tcp(let h, let port, let files):
            let hostPart = h.contains(":") ? "[\(h)]" : h
            base = "\(files == nil ? "http" : "https")://\(hostPart):\(port)"
            if let files {
                do {
                    var config = TLSConfiguration.makeClientConfiguration()
                    config.trustRoots = .file(files.ca)
                    config.certificateChain = try NIOSSLCertificate.fromPEMFile(files.cert).map { .certificate($0) }
                    config.privateKey = .privateKey(try NIOSSLPrivateKey(file: files.key, format: .pem))
                    tls = config
                    tlsError = nil
                } catch {
                    tls = nil
                    tlsError = "cannot read the TLS files (ca \(files.ca), cert \(files.cert), key \(files.key)); check they exist and are PEM: \(error)"
                }
            } else {
                tls = nil
                tlsError = nil
            }
        }
    }

    /// A new HTTP client configured for engine calls; shut it down when done.
    public static func makeHTTPClient() -> HTTPClient {
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .seconds(10))
        config.redirectConfiguration = .disallow
        config.decompression = .disabled
        // A refused connection or a missing socket is an answer: report it at once rather than
        // retrying until the connect timeout (apply reruns from wherever things are).
        config.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    // MARK: Calls

    public func ping() async throws(DockerError) {
        _ = try await call(.GET, "/_ping")
    }

    public func version() async throws(DockerError) -> EngineVersion {
        try await decode(EngineVersion.self, call(.GET, "/version"), call: "GET /version")
    }

    /// Containers (running or not) carrying every `key=value` label given.
    public func listContainers(labels: [String]) async throws(DockerError) -> [ContainerSummary] {
        let filters = "{\"label\":[" + labels.map { "\"\(JSONText.escaped($0))\"" }.joined(separator: ",") + "]}"
        let response = try await call(.GET, "/containers/json", query: [("all", "1"), ("filters", filters)])
        return try decode([ContainerSummary].self, response, call: "GET /containers/json")
    }

    public func inspect(_ id: String) async throws(DockerError) -> ContainerInspect {
        try await decode(ContainerInspect.self, call(.GET, "/containers/\(id)/json"), call: "GET /containers/{id}/json")
    }

    /// Creates a container and returns its id.
    public func create(name: String, _ request: CreateContainerRequest) async throws(DockerError) -> String {
        let body: [UInt8]
        do { body = Array(try JSONEncoder().encode(request)) } catch {
            throw DockerError(host: host, call: "POST /containers/create", kind: .protocolError, message: "\(error)")
        }
        struct Created: Decodable {
            var id: String
            enum CodingKeys: String, CodingKey { case id = "Id" }
        }
        let response = try await call(.POST, "/containers/create", query: [("name", name)], body: body)
        return try decode(Created.self, response, call: "POST /containers/create").id
    }

    /// Extracts a tar archive into a container (created or running) at `path`.
    public func putArchive(_ id: String, path: String = "/", tar: [UInt8]) async throws(DockerError) {
        _ = try await call(.PUT, "/containers/\(id)/archive", query: [("path", path)], body: tar, contentType: "application/x-tar")
    }

    /// A tar archive of `path` inside a container.
    public func getArchive(_ id: String, path: String) async throws(DockerError) -> [UInt8] {
        try await call(.GET, "/containers/\(id)/archive", query: [("path", path)])
    }

    /// What `HEAD /containers/{id}/archive` says of a path: name, size, mode and, for a
    /// symbolic link, its target, without reading the file (no tar process on the engine).
    public func statPath(_ id: String, path: String) async throws(DockerError) -> PathStat {
        let headers = try await exchange(.HEAD, "/containers/\(id)/archive", query: [("path", path)]).headers
        guard let encoded = headers.first(name: "X-Docker-Container-Path-Stat"), let data = Data(base64Encoded: encoded),
              let stat = try? JSONDecoder().decode(PathStat.self, from: data)
        else { throw DockerError(host: host, call: "HEAD /containers/{id}/archive", kind: .protocolError, message: "no readable X-Docker-Container-Path-Stat header") }
        return stat
    }

    public func start(_ id: String) async throws(DockerError) {
        _ = try await call(.POST, "/containers/\(id)/start", accept: [204, 304])
    }

    /// Stops a container, killing it after `timeout` seconds (Docker's `t`).
    public func stop(_ id: String, timeout: Int) async throws(DockerError) {
        _ = try await call(.POST, "/containers/\(id)/stop", query: [("t", String(timeout))], accept: [204, 304], deadline: .seconds(timeout) + timeouts.call)
    }

    /// Removes a container; a container already gone is not an error.
    public func remove(_ id: String, force: Bool) async throws(DockerError) {
        _ = try await call(.DELETE, "/containers/\(id)", query: [("force", force ? "1" : "0")], accept: [204, 404])
    }

    public func rename(_ id: String, to name: String) async throws(DockerError) {
        _ = try await call(.POST, "/containers/\(id)/rename", query: [("name", name)], accept: [204])
    }

    /// The container's output (stdout and stderr interleaved), optionally only the last `tail`
    /// lines or what came after `since` (Unix seconds).
    /// Waits until the container stops and returns its exit code (bounded by `deadline`).
    public func wait(_ id: String, deadline: Duration) async throws(DockerError) -> Int {
        struct Waited: Decodable {
            var statusCode: Int
            enum CodingKeys: String, CodingKey { case statusCode = "StatusCode" }
        }
        return try decode(Waited.self, await call(.POST, "/containers/\(id)/wait", deadline: deadline), call: "POST /containers/{id}/wait").statusCode
    }

    /// The container's output; `since` is the engine's `seconds.nanoseconds` form, and with
    /// `timestamps` each line starts with the engine's RFC 3339 time and a space.
    public func logs(_ id: String, tail: Int? = nil, since: String? = nil, timestamps: Bool = false) async throws(DockerError) -> String {
        var query = [("stdout", "1"), ("stderr", "1")]
        if let tail { query.append(("tail", String(tail))) }
        if let since { query.append(("since", since)) }
        if timestamps { query.append(("timestamps", "1")) }
        let raw = try await call(.GET, "/containers/\(id)/logs", query: query)
        return String(decoding: LogStream.demultiplex(raw), as: UTF8.self)
    }

    public func imageExists(_ reference: String) async throws(DockerError) -> Bool {
        let response = try await call(.GET, "/images/\(reference)/json", accept: [200, 404])
        return !response.isEmpty && (try? JSONDecoder().decode(ImageInspect.self, from: Data(response))) != nil
    }

    /// Pulls an image; the engine streams progress and reports failure inside the stream.
    public func pull(_ reference: String) async throws(DockerError) {
        let (repo, tag) = Self.splitReference(reference)
        let response = try await call(.POST, "/images/create", query: [("fromImage", repo), ("tag", tag)], deadline: timeouts.pull)
        if let message = Self.streamError(response) {
            throw DockerError(host: host, call: "POST /images/create", kind: .engine(status: 200), message: message)
        }
    }

    /// Imports a root filesystem tar as an image (`docker import`), for lpai-apply's own images.
    public func importImage(repo: String, tag: String, rootfs: [UInt8]) async throws(DockerError) {
        let response = try await call(
            .POST, "/images/create", query: [("fromSrc", "-"), ("repo", repo), ("tag", tag)], body: rootfs, contentType: "application/x-tar"
        )
        if let message = Self.streamError(response) {
            throw DockerError(host: host, call: "POST /images/create", kind: .engine(status: 200), message: message)
        }
    }

    // MARK: Transport

    private func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String = "application/json", accept: Set<Int> = [200, 201, 204], deadline: Duration? = nil
    ) async throws(DockerError) -> [UInt8] {
        try await exchange(method, path, query: query, body: body, contentType: contentType, accept: accept, deadline: deadline).body
    }

    private func exchange(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String = "application/json", accept: Set<Int> = [200, 201, 204], deadline: Duration? = nil
    ) async throws(DockerError) -> (body: [UInt8], headers: HTTPHeaders) {
        let name = "\(method.rawValue) \(Self.template(path))"
        if let tlsError { throw DockerError(host: host, call: name, kind: .transport, message: tlsError) }
        var url = base + "/" + Self.apiVersion + path
        if !query.isEmpty { url += "?" + query.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&") }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.tlsConfiguration = tls
        // Go's HTTP server (dockerd) rejects a request without Host, which a unix socket URL lacks.
        if case .unix = endpoint.transport { request.headers.replaceOrAdd(name: "Host", value: "docker") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let limit = deadline ?? timeouts.call
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(limit.components.seconds) * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000))
            let buffer = try await response.body.collect(upTo: 256 << 20)
            let bytes = Array(buffer.readableBytesView)
            let status = Int(response.status.code)
            guard accept.contains(status) else {
                let message = (try? JSONDecoder().decode(EngineMessage.self, from: Data(bytes)))?.message
                    ?? String(decoding: bytes.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                throw DockerError(host: host, call: name, kind: .engine(status: status), message: message.isEmpty ? response.status.reasonPhrase : message)
            }
            return (status == 404 ? [] : bytes, response.headers)
        } catch let error as DockerError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw DockerError(host: host, call: name, kind: .timeout, message: "no answer within \(limit) from \(endpoint)")
        } catch {
            let text = Self.describe(error)
            throw DockerError(host: host, call: name, kind: Self.brokeMidAnswer(error) ? .connectionLost : .transport, message: "\(endpoint): \(text)")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], call: String) throws(DockerError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw DockerError(host: host, call: call, kind: .protocolError, message: "\(error)")
        }
    }

    /// `/containers/abc/start` → `/containers/{id}/start`, for messages.
    static func template(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[1] == "containers" || parts[1] == "images", parts[2] != "json", parts[2] != "create" else { return path }
        if parts[1] == "images" { return "/images/{name}/" + (parts.last.map(String.init) ?? "") }
        return (["", String(parts[1]), "{id}"] + parts.dropFirst(3).map(String.init)).joined(separator: "/")
    }

    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("No such file or directory") || text.contains("ENOENT") { return "no engine socket there (is dockerd running?)" }
        if text.contains("Connection refused") || text.contains("ECONNREFUSED") { return "connection refused (is dockerd running?)" }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS handshake failed: the engine's certificate is not signed by the CA in the host's tls.ca (or does not name this address)"
        }
        if text.contains("handshakeFailed") { return "TLS handshake failed: \(text)" }
        return text
    }

    /// A connection that broke once the call was under way (a reset, an early close), as
    /// opposed to one that never opened.
    static func brokeMidAnswer(_ error: any Error) -> Bool {
        let text = "\(error)"
        return ["remoteConnectionClosed", "Connection reset", "ECONNRESET", "stream ended at an unexpected time", "invalidEOFState"].contains { text.contains($0) }
    }

    static func splitReference(_ reference: String) -> (String, String) {
        if let at = reference.firstIndex(of: "@") { return (String(reference[..<at]), String(reference[reference.index(after: at)...])) }
        if let colon = reference.lastIndex(of: ":"), !reference[colon...].contains("/") {
            return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
        }
        return (reference, "latest")
    }

    /// The first `{"error": …}` of a JSON-lines progress stream.
    static func streamError(_ bytes: [UInt8]) -> String? {
        struct Line: Decodable {
            var error: String?
            var errorDetail: Detail?
            struct Detail: Decodable { var message: String? }
        }
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let parsed = try? JSONDecoder().decode(Line.self, from: Data(line)) else { continue }
            if let message = parsed.errorDetail?.message ?? parsed.error { return message }
        }
        return nil
    }

    static func percentEncode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

/// Docker's multiplexed log stream (no TTY): 8-byte frames `[stream, 0, 0, 0, size(4, big-endian)]`.
enum LogStream {
    static func demultiplex(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.first, first <= 2, bytes.count >= 8, bytes[1] == 0, bytes[2] == 0, bytes[3] == 0 else { return bytes }
        var out: [UInt8] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let size = Int(bytes[offset + 4]) << 24 | Int(bytes[offset + 5]) << 16 | Int(bytes[offset + 6]) << 8 | Int(bytes[offset + 7])
            let start = offset + 8
            let end = min(bytes.count, start + size)
            out += bytes[start..<end]
            offset = end
        }
        return out
    }
}
