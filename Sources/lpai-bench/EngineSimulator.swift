import Foundation
import NIOCore
import Synchronization
import NIOHTTP1
import NIOPosix

/// A stand-in for many Docker Engines: one unix socket per host, each answering the calls a
/// no-change `plan` makes (`/_ping`, `GET /containers/json`, the keyholder's archive, and for
/// the connection check the node container's inspect and logs) after an injected latency. It measures how the reconciler's concurrency hides per-call latency; it is
/// never used instead of the real engine in tests.
final class EngineSimulator: Sendable {
    /// What one simulated host answers.
    struct HostState: Sendable {
        /// `GET /containers/json` for the fleet label.
        var containers: [UInt8]
        /// `HEAD /containers/lpai-keys-<fleet>/archive?path=/key`: the base64 path-stat header
        /// naming the key as the link's target, nil for 404.
        var keyStat: String?
        /// The node container's name, `GET /containers/NAME/json` and its logs (multiplexed).
        var name: String
        var id: String
        var inspect: [UInt8]
        var logs: [UInt8]
    }

    let group: MultiThreadedEventLoopGroup
    let channels: [any Channel]
    let calls: Counter

    init(socketPaths: [String], states: [HostState], latency: TimeAmount, threads: Int = System.coreCount) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let calls = Counter()
        var channels: [any Channel] = []
        for (path, state) in zip(socketPaths, states) {
            try? FileManager.default.removeItem(atPath: path)
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline().flatMap {
                        channel.pipeline.addHandler(Handler(state: state, latency: latency, calls: calls))
                    }
                }
                .bind(unixDomainSocketPath: path)
                .get()
            channels.append(channel)
        }
        self.group = group
        self.channels = channels
        self.calls = calls
    }

    func shutdown() async {
        for channel in channels { try? await channel.close() }
        try? await group.shutdownGracefully()
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let state: HostState
        let latency: TimeAmount
        let calls: Counter
        var uri = ""

        init(state: HostState, latency: TimeAmount, calls: Counter) {
            self.state = state
            self.latency = latency
            self.calls = calls
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): uri = head.uri
            case .body: break
            case .end:
                calls.add()
                let (status, body, stat) = answer(uri)
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: latency) {
                    let context = loopBound.value
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Length", value: String(body.count))
                    headers.add(name: "Content-Type", value: "application/json")
                    if let stat { headers.add(name: "X-Docker-Container-Path-Stat", value: stat) }
                    context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
        }

        func answer(_ uri: String) -> (HTTPResponseStatus, [UInt8], String?) {
            let path = uri.split(separator: "?").first.map(String.init) ?? uri
            if path.hasSuffix("/_ping") { return (.ok, Array("OK".utf8), nil) }
            if path.hasSuffix("/containers/json") {
                return uri.contains("io.lpai.fleet") ? (.ok, state.containers, nil) : (.ok, Array("[]".utf8), nil)
            }
            if path.contains("/containers/lpai-keys-"), path.hasSuffix("/archive"), let stat = state.keyStat { return (.ok, [], stat) }
            if path.hasSuffix("/containers/\(state.name)/json") { return (.ok, state.inspect, nil) }
            if path.hasSuffix("/containers/\(state.name)/logs") || path.hasSuffix("/containers/\(state.id)/logs") { return (.ok, state.logs, nil) }
            return (.notFound, Array("{\"message\":\"No such container\"}".utf8), nil)
        }
    }
}

/// A call counter shared by the simulator's event loops.
final class Counter: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var current: Int { value.withLock { $0 } }
}
