internal import Foundation
internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
internal import Synchronization

/// A small HTTP/1.1 server for Prometheus: `GET /metrics` answers the exposition text,
/// `GET /healthz` answers `ok`. It runs on its own event-loop thread until ``shutdown()``.
public final class MetricsServer: Sendable {
    public let address: ListenAddress
    let exposition: @Sendable () -> String

    enum State {
        case idle
        case starting
        case running(MultiThreadedEventLoopGroup, any Channel)
        case stopped
    }

    private let state = Mutex(State.idle)

    /// `exposition` is called on the server's thread for each scrape.
    public init(address: ListenAddress, exposition: @escaping @Sendable () -> String) {
        self.address = address
        self.exposition = exposition
    }

    public convenience init(address: ListenAddress, registry: MetricsRegistry) {
        self.init(address: address) { registry.exposition() }
    }

    /// Binds the address and starts answering; returns the bound port (useful with port 0).
    public func start() async throws(MetricsServerError) -> Int {
        let canStart = state.withLock { state in
            guard case .idle = state else { return false }
            state = .starting
            return true
        }
        guard canStart else { throw MetricsServerError(.cannotBind, "the metrics server on \(address) was already started") }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let exposition = self.exposition
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 64)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(exposition: exposition))
                    }
                }
                .bind(host: address.host, port: address.port)
                .get()
        } catch {
            try? await group.shutdownGracefully()
            state.withLock { $0 = .idle }
            throw MetricsServerError(binding: address, error)
        }
        let running = state.withLock { state in
            guard case .starting = state else { return false }
            state = .running(group, channel)
            return true
        }
        guard running else {
            try? await channel.close()
            try? await group.shutdownGracefully()
            throw MetricsServerError(.cannotBind, "the metrics server on \(address) was shut down while starting")
        }
        return channel.localAddress?.port ?? address.port
    }

    /// Stops listening and closes open connections. Safe to call more than once.
    public func shutdown() async {
        let previous = state.withLock { state in
            let previous = state
            state = .stopped
            return previous
        }
        guard case .running(let group, let channel) = previous else { return }
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// Where the metrics server listens: `127.0.0.1:9464`, `0.0.0.0:9464`, `[::1]:9464`, `localhost:9464`.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; an IPv6 host goes in brackets; port 0 picks a free port.
    public init(parsing text: String) throws(MetricsServerError) {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else {
                throw .badAddress(text, "an IPv6 address is written [ADDRESS]:PORT, e.g. [::1]:9464")
            }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
            guard Self.isIPv6(String(host)) else { throw .badAddress(text, "\(host) is not an IPv6 address") }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw .badAddress(text, "give HOST:PORT, e.g. 127.0.0.1:9464 (or 0.0.0.0:9464 for every interface)")
            }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            if host.contains(":") { throw .badAddress(text, "put an IPv6 address in brackets, e.g. [::1]:9464") }
            if host.isEmpty { throw .badAddress(text, "give a host, e.g. 127.0.0.1:9464 (or 0.0.0.0:9464 for every interface)") }
            if host.allSatisfy({ $0.isNumber || $0 == "." }) {
                guard Self.isIPv4(String(host)) else { throw .badAddress(text, "\(host) is not an IPv4 address") }
            } else if !Self.isHostName(host) {
                throw .badAddress(text, "\(host) is neither an IP address nor a host name")
            }
        }
        guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), number <= 65535 else {
            throw .badAddress(text, "the port must be a number from 0 to 65535")
        }
        self.init(host: String(host), port: number)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }

    static func isHostName(_ text: Substring) -> Bool {
        text.count <= 253 && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}

/// Why the metrics server could not start.
public struct MetricsServerError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public static let badAddress = Code(name: "bad address")
        public static let addressInUse = Code(name: "address in use")
        public static let cannotBind = Code(name: "cannot bind")
        public var description: String { name }
    }

    public var code: Code
    public var description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func badAddress(_ text: String, _ hint: String) -> MetricsServerError {
        MetricsServerError(.badAddress, "invalid metrics address '\(text)': \(hint)")
    }

    init(binding address: ListenAddress, _ error: any Error) {
        switch error {
        case let error as IOError where error.errnoCode == EADDRINUSE:
            self.init(.addressInUse, "cannot serve metrics on \(address): the address is already in use (is another lpai-apply reconcile running?); pick another port with --metrics-addr")
        case let error as IOError where error.errnoCode == EADDRNOTAVAIL:
            self.init(.cannotBind, "cannot serve metrics on \(address): \(address.host) is not an address of this machine")
        case let error as IOError where error.errnoCode == EACCES:
            self.init(.cannotBind, "cannot serve metrics on \(address): permission denied (ports below 1024 need privileges)")
        case is SocketAddressError:
            self.init(.cannotBind, "cannot serve metrics on \(address): the host name \(address.host) does not resolve")
        default:
            self.init(.cannotBind, "cannot serve metrics on \(address): \(error)")
        }
    }
}

/// Answers one request at a time per connection (HTTPServerPipelineHandler queues pipelined
/// ones) and keeps the connection open unless the client asked otherwise.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let exposition: @Sendable () -> String
    var head: HTTPRequestHead?

    init(exposition: @escaping @Sendable () -> String) {
        self.exposition = exposition
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var headers = HTTPHeaders()
        let status: HTTPResponseStatus
        let body: String
        switch (path, head.method) {
        case ("/metrics", .GET):
            (status, body) = (.ok, exposition())
            headers.add(name: "Content-Type", value: Self.contentType)
        case ("/healthz", .GET):
            (status, body) = (.ok, "ok")
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        case ("/metrics", _), ("/healthz", _):
            (status, body) = (.methodNotAllowed, "method not allowed\n")
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
            headers.add(name: "Allow", value: "GET")
        default:
            (status, body) = (.notFound, "not found: try /metrics\n")
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        }
        let bytes = ByteBuffer(string: body)
        headers.add(name: "Content-Length", value: String(bytes.readableBytes))
        let keepAlive = head.isKeepAlive
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if head.version == .http1_0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
