import Foundation
import Glibc
import Logging
@testable import Reconciler
import Synchronization
import Testing

@Suite struct LoopSupportTests {
    // MARK: Backoff

    @Test func backoffDoublesUpToTheCap() {
        var backoff = HostBackoff(base: 2, cap: 60, jitter: 0.25)
        var now = 100.0
        var waits: [Double] = []
        for _ in 0..<8 {
            let next = backoff.recordFailure("gpu-box-1", now: now, random: { 0.5 })
            waits.append(next - now)
            now = next
        }
        #expect(waits == [2, 4, 8, 16, 32, 60, 60, 60])
        #expect(backoff.failures("gpu-box-1") == 8)
        #expect(backoff.nextAttempt("gpu-box-1") == now)
    }

    @Test func backoffIsDueOnlyAfterTheWait() {
        var backoff = HostBackoff(base: 4, cap: 60, jitter: 0)
        #expect(backoff.isDue("a", now: 0))
        #expect(backoff.nextAttempt("a") == nil)
        backoff.recordFailure("a", now: 10)
        #expect(!backoff.isDue("a", now: 13.999))
        #expect(backoff.isDue("a", now: 14))
        backoff.recordFailure("a", now: 14)
        #expect(backoff.nextAttempt("a") == 22)
    }

    @Test func backoffJitterSpreadsTheWaitBothWays() {
        var low = HostBackoff(base: 8, cap: 64, jitter: 0.25)
        var high = low
        #expect(low.recordFailure("a", now: 0, random: { 0 }) == 6)
        #expect(high.recordFailure("a", now: 0, random: { 1 }) == 10)
        // The cap applies before the jitter.
        for _ in 0..<9 { high.recordFailure("a", now: 0, random: { 1 }) }
        #expect(high.nextAttempt("a") == 80)
        var random = HostBackoff(base: 8, cap: 64, jitter: 0.25)
        for _ in 0..<100 {
            let wait = random.recordFailure("a", now: 0)
            #expect(wait >= random.delay(afterFailures: random.failures("a")) * 0.75)
            #expect(wait <= random.delay(afterFailures: random.failures("a")) * 1.25)
        }
    }

    @Test func backoffSuccessResetsAndHostsAreIndependent() {
        var backoff = HostBackoff(base: 1, cap: 8, jitter: 0)
        for time in [0.0, 1, 3, 7] { backoff.recordFailure("a", now: time) }
        backoff.recordFailure("b", now: 0)
        #expect(backoff.failures("a") == 4)
        #expect(backoff.failures("b") == 1)
        #expect(backoff.failures("c") == 0)
        #expect(!backoff.isDue("a", now: 10))
        #expect(backoff.isDue("b", now: 1))
        #expect(backoff.isDue("c", now: 0))
        #expect(backoff.failingKeys == ["a", "b"])

        backoff.recordSuccess("a")
        #expect(backoff.failures("a") == 0)
        #expect(backoff.nextAttempt("a") == nil)
        #expect(backoff.isDue("a", now: 10))
        #expect(backoff.recordFailure("a", now: 20) == 21)
        #expect(backoff.failures("b") == 1)

        backoff.retain(only: ["b"])
        #expect(backoff.failingKeys == ["b"])
    }

    @Test func backoffStaysFiniteAfterManyFailures() {
        let backoff = HostBackoff(base: 5, cap: 300, jitter: 0.2)
        #expect(backoff.delay(afterFailures: 0) == 0)
        #expect(backoff.delay(afterFailures: 1) == 5)
        #expect(backoff.delay(afterFailures: 7) == 300)
        #expect(backoff.delay(afterFailures: 10_000) == 300)
    }

    @Test func jitterInterval() {
        #expect(Jitter.interval(base: 8, fraction: 0.25, random: { 0 }) == 6)
        #expect(Jitter.interval(base: 8, fraction: 0.25, random: { 0.5 }) == 8)
        #expect(Jitter.interval(base: 8, fraction: 0.25, random: { 1 }) == 10)
        #expect(Jitter.interval(base: 8, fraction: 0.25, random: { 7 }) == 10)
        #expect(Jitter.interval(base: 8, fraction: 0, random: { 1 }) == 8)
        for _ in 0..<100 { #expect((27...33).contains(Jitter.interval(base: 30, fraction: 0.1))) }
    }

    // MARK: Metrics

    @Test func expositionOfASmallRegistry() {
        let requests = CounterMetric("test_requests_total", help: "Requests handled.", labels: ["method", "code"])
        let temperature = GaugeMetric("test_temperature_celsius", help: "Temperature with a \\ backslash\nand a second line.")
        let info = GaugeMetric("test_a_info", help: "Escapes.", labels: ["path"])
        let registry = MetricsRegistry()
        registry.increment(requests, ["method": "get", "code": "404"])
        registry.increment(requests, ["method": "post", "code": "200"], by: 3)
        registry.increment(requests, ["method": "get", "code": "200"])
        registry.increment(requests, ["method": "get", "code": "200"])
        registry.set(temperature, to: 21.5)
        registry.set(info, ["path": "C:\\dir \"x\"\nnext"], to: 1)

        #expect(registry.exposition() == #"""
            # HELP test_a_info Escapes.
            # TYPE test_a_info gauge
            test_a_info{path="C:\\dir \"x\"\nnext"} 1
            # HELP test_requests_total Requests handled.
            # TYPE test_requests_total counter
            test_requests_total{code="200",method="get"} 2
            test_requests_total{code="200",method="post"} 3
            test_requests_total{code="404",method="get"} 1
            # HELP test_temperature_celsius Temperature with a \\ backslash\nand a second line.
            # TYPE test_temperature_celsius gauge
            test_temperature_celsius 21.5

            """#)
    }

    @Test(arguments: [
        (0.0, "0"), (3, "3"), (-2, "-2"), (1.5, "1.5"), (0.001, "0.001"), (1795953600.123, "1795953600.123"),
        (1e20, "1e+20"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"),
    ])
    func sampleValues(value: Double, text: String) {
        #expect(MetricsRegistry.renderValue(value) == text)
    }

    @Test func theReconcileMetricsStartAtZero() {
        #expect(ReconcileMetrics.makeRegistry().exposition() == """
            # HELP lpai_reconcile_actions_total Actions applied to nodes, by kind.
            # TYPE lpai_reconcile_actions_total counter
            lpai_reconcile_actions_total{action="cleanup"} 0
            lpai_reconcile_actions_total{action="create"} 0
            lpai_reconcile_actions_total{action="remove"} 0
            lpai_reconcile_actions_total{action="replace"} 0
            lpai_reconcile_actions_total{action="start"} 0
            # HELP lpai_reconcile_drifted_nodes Nodes that differed from the plan in the last pass.
            # TYPE lpai_reconcile_drifted_nodes gauge
            lpai_reconcile_drifted_nodes 0
            # HELP lpai_reconcile_last_success_timestamp_seconds Unix time of the last pass that ended without error (0 before the first).
            # TYPE lpai_reconcile_last_success_timestamp_seconds gauge
            lpai_reconcile_last_success_timestamp_seconds 0
            # HELP lpai_reconcile_pass_duration_seconds Duration of the last reconcile pass, in seconds.
            # TYPE lpai_reconcile_pass_duration_seconds gauge
            lpai_reconcile_pass_duration_seconds 0
            # HELP lpai_reconcile_passes_total Reconcile passes by outcome: ok (in sync), drift (drift found and applied), error (the pass failed).
            # TYPE lpai_reconcile_passes_total counter
            lpai_reconcile_passes_total{result="drift"} 0
            lpai_reconcile_passes_total{result="error"} 0
            lpai_reconcile_passes_total{result="ok"} 0

            """)
    }

    @Test func theReconcileMetricsAfterAPass() {
        let registry = ReconcileMetrics.makeRegistry()
        registry.increment(ReconcileMetrics.passes, ["result": "drift"])
        registry.increment(ReconcileMetrics.actions, ["action": "replace"], by: 2)
        registry.increment(ReconcileMetrics.errors, ["host": "gpu-box-1"])
        registry.set(ReconcileMetrics.driftedNodes, to: 2)
        registry.set(ReconcileMetrics.lastSuccess, to: 1795953600.5)
        registry.set(ReconcileMetrics.passDuration, to: 0.25)
        registry.setFamily(ReconcileMetrics.workersConnected, [["orchestrator": "orch-eu"]: 2])
        registry.setFamily(ReconcileMetrics.advertisedCapacity, [
            ["orchestrator": "orch-eu", "pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning"]: 4,
            ["orchestrator": "orch-eu", "pipeline": "llm", "model_id": "meta-llama/Meta-Llama-3.1-8B-Instruct"]: 8,
        ])
        let text = registry.exposition()
        #expect(text.hasPrefix("""
            # HELP lpai_advertised_capacity Capacity each orchestrator advertises, by pipeline and model.
            # TYPE lpai_advertised_capacity gauge
            lpai_advertised_capacity{model_id="ByteDance/SDXL-Lightning",orchestrator="orch-eu",pipeline="text-to-image"} 4
            lpai_advertised_capacity{model_id="meta-llama/Meta-Llama-3.1-8B-Instruct",orchestrator="orch-eu",pipeline="llm"} 8
            # HELP lpai_reconcile_actions_total Actions applied to nodes, by kind.

            """))
        for line in [
            "lpai_reconcile_actions_total{action=\"replace\"} 2\n",
            "# HELP lpai_reconcile_errors_total Failed reconcile attempts, by host.\n# TYPE lpai_reconcile_errors_total counter\nlpai_reconcile_errors_total{host=\"gpu-box-1\"} 1\n",
            "lpai_reconcile_drifted_nodes 2\n",
            "lpai_reconcile_last_success_timestamp_seconds 1795953600.5\n",
            "lpai_reconcile_pass_duration_seconds 0.25\n",
            "lpai_reconcile_passes_total{result=\"drift\"} 1\n",
            "# HELP lpai_workers_connected Workers connected to each orchestrator.\n# TYPE lpai_workers_connected gauge\nlpai_workers_connected{orchestrator=\"orch-eu\"} 2\n",
        ] {
            #expect(text.contains(line))
        }
        #expect(text.hasSuffix("lpai_workers_connected{orchestrator=\"orch-eu\"} 2\n"))
    }

    @Test func replacingAFamilyDropsSeriesThatDisappeared() {
        let workers = ReconcileMetrics.workersConnected
        let registry = MetricsRegistry()
        registry.setFamily(workers, [["orchestrator": "orch-a"]: 2, ["orchestrator": "orch-b"]: 1])
        #expect(registry.value(workers, ["orchestrator": "orch-b"]) == 1)
        registry.setFamily(workers, [["orchestrator": "orch-a"]: 3])
        #expect(registry.exposition() == """
            # HELP lpai_workers_connected Workers connected to each orchestrator.
            # TYPE lpai_workers_connected gauge
            lpai_workers_connected{orchestrator="orch-a"} 3

            """)
        registry.setFamily(workers, [:])
        #expect(registry.exposition() == "")
    }

    @Test func countersOnlyGoUp() {
        let registry = MetricsRegistry()
        let passes = ReconcileMetrics.passes
        registry.increment(passes, ["result": "ok"])
        registry.increment(passes, ["result": "ok"], by: 2.5)
        registry.increment(passes, ["result": "ok"], by: -1)
        registry.increment(passes, ["result": "ok"], by: .nan)
        registry.increment(passes, ["result": "ok"], by: .infinity)
        #expect(registry.value(passes, ["result": "ok"]) == 3.5)
        #expect(registry.value(passes, ["result": "error"]) == 0)
        #expect(registry.value(ReconcileMetrics.errors, ["host": "x"]) == nil)
    }

    @Test func theRegistryIsSafeToShare() async {
        let registry = MetricsRegistry()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for _ in 0..<1000 {
                        registry.increment(ReconcileMetrics.errors, ["host": "h\(task % 2)"])
                        _ = registry.exposition()
                    }
                }
            }
        }
        #expect(registry.value(ReconcileMetrics.errors, ["host": "h0"]) == 4000)
        #expect(registry.value(ReconcileMetrics.errors, ["host": "h1"]) == 4000)
    }

    // MARK: Metrics server

    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), ("0.0.0.0:0", "0.0.0.0", 0), ("[::1]:9464", "::1", 9464),
        ("[::]:65535", "::", 65535), ("localhost:9464", "localhost", 9464),
    ])
    func listenAddresses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address == ListenAddress(host: host, port: port))
        #expect(address.description == text)
    }

    @Test(arguments: [
        "9464", ":9464", "::1:9464", "[::1]9464", "[::1]", "[zz]:1", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:",
        "127.0.0.1:+80", "300.1.1.1:80", "host name:80", "-bad:80", "",
    ])
    func badListenAddresses(text: String) {
        let error = #expect(throws: MetricsServerError.self) { try ListenAddress(parsing: text) }
        #expect(error?.code == .badAddress)
        #expect(error?.description.hasPrefix("invalid metrics address '\(text)': ") == true)
    }

    @Test func serverAnswersMetricsHealthAndErrors() async throws {
        let registry = ReconcileMetrics.makeRegistry()
        registry.set(ReconcileMetrics.driftedNodes, to: 3)
        let server = MetricsServer(address: ListenAddress(host: "127.0.0.1", port: 0), registry: registry)
        let port = try await server.start()
        #expect(port > 0)

        let client = try HTTPTestClient(port: port)
        let metrics = try client.exchange("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.body == registry.exposition())
        #expect(metrics.body.contains("lpai_reconcile_drifted_nodes 3\n"))

        // Same connection: keep-alive.
        registry.set(ReconcileMetrics.driftedNodes, to: 0)
        let again = try client.exchange("GET /metrics?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(again.status == 200)
        #expect(again.body.contains("lpai_reconcile_drifted_nodes 0\n"))

        let health = try client.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(health.status == 200)
        #expect(health.body == "ok")

        let missing = try client.exchange("GET /other HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(missing.status == 404)

        let post = try client.exchange("POST /metrics HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nhi")
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET")

        let last = try client.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(last.status == 200)
        #expect(last.headers["connection"] == "close")
        #expect(try client.isClosedByServer())
        await server.shutdown()
    }

    @Test func serverClosesAnHTTP10ConnectionAfterTheAnswer() async throws {
        let server = MetricsServer(address: ListenAddress(host: "127.0.0.1", port: 0)) { "x 1\n" }
        let port = try await server.start()
        let client = try HTTPTestClient(port: port)
        let answer = try client.exchange("GET /metrics HTTP/1.0\r\n\r\n")
        #expect(answer.status == 200)
        #expect(answer.body == "x 1\n")
        #expect(try client.isClosedByServer())
        await server.shutdown()
    }

    @Test func aPortInUseIsAClearError() async throws {
        let first = MetricsServer(address: ListenAddress(host: "127.0.0.1", port: 0)) { "" }
        let port = try await first.start()
        let second = MetricsServer(address: ListenAddress(host: "127.0.0.1", port: port)) { "" }
        let error = await #expect(throws: MetricsServerError.self) { try await second.start() }
        #expect(error?.code == .addressInUse)
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("already in use") == true)
        await second.shutdown()
        await first.shutdown()
        await first.shutdown()
    }

    @Test(.enabled(if: FileManager.default.contents(atPath: "/proc/net/if_inet6").map { String(decoding: $0, as: UTF8.self).contains("00000000000000000000000000000001") } ?? false))
    func serverListensOnIPv6Loopback() async throws {
        let server = MetricsServer(address: try ListenAddress(parsing: "[::1]:0")) { "x 1\n" }
        let port = try await server.start()
        let answer = try HTTPTestClient(port: port, ipv6: true).exchange("GET /metrics HTTP/1.1\r\nHost: [::1]\r\n\r\n")
        #expect(answer.body == "x 1\n")
        await server.shutdown()
    }

    @Test func shutdownStopsListening() async throws {
        let server = MetricsServer(address: ListenAddress(host: "127.0.0.1", port: 0)) { "" }
        let port = try await server.start()
        await server.shutdown()
        #expect(throws: HTTPTestClient.Failure.self) { try HTTPTestClient(port: port) }
        await #expect(throws: MetricsServerError.self) { try await server.start() }
    }

    // MARK: Log handlers

    /// 2026-11-29T12:00:00.123Z
    static let fixedTime = 1_795_953_600.123

    @Test func jsonLines() {
        let lines = Lines()
        var handler = JSONLogHandler(label: "lpai.reconcile", level: .info, sink: lines.append, clock: { Self.fixedTime })
        handler[metadataKey: "fleet"] = "eu-prod"
        var logger = Logger(label: "lpai.reconcile") { _ in handler }
        logger[metadataKey: "pass"] = "7"
        logger.trace("hidden")
        logger.debug("hidden")
        logger.info("pass done", metadata: [
            "host": "gpu-box-1", "drifted": .stringConvertible(2), "actions": ["create", "start"],
            "capacity": ["sdxl": "4", "llm": ["a", "b"]], "msg": "clash",
        ])
        logger.error("cannot reach \"orch-box\"\n\tretrying", metadata: ["path": "C:\\x", "bell": "\u{07}\u{1F}\u{7F}é🚀"])
        #expect(lines.all == [
            #"{"ts":"2026-11-29T12:00:00.123Z","level":"info","logger":"lpai.reconcile","msg":"pass done","_msg":"clash","#
                + #""actions":["create","start"],"capacity":{"llm":["a","b"],"sdxl":"4"},"drifted":"2","fleet":"eu-prod","#
                + #""host":"gpu-box-1","pass":"7"}"#,
            #"{"ts":"2026-11-29T12:00:00.123Z","level":"error","logger":"lpai.reconcile","msg":"cannot reach \"orch-box\"\n\tretrying","#
                + "\"bell\":\"\\u0007\\u001f\u{7F}é🚀\",\"fleet\":\"eu-prod\",\"pass\":\"7\",\"path\":\"C:\\\\x\"}",
        ])
        for line in lines.all {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["ts"] as? String == "2026-11-29T12:00:00.123Z")
        }
    }

    @Test func textLines() {
        let lines = Lines()
        let handler = TextLogHandler(label: "lpai.reconcile", level: .debug, sink: lines.append, clock: { Self.fixedTime })
        let logger = Logger(label: "lpai.reconcile") { _ in handler }
        logger.trace("hidden")
        logger.debug("planning", metadata: ["hosts": ["a", "b"]])
        logger.warning("backing off", metadata: [
            "host": "gpu-box-1", "note": "two words", "quote": "a\"b", "empty": "", "eq": "a=b", "line": "x\ny", "wait": .stringConvertible(2.5),
        ])
        #expect(lines.all == [
            #"2026-11-29T12:00:00.123Z debug planning hosts=["a","b"]"#,
            #"2026-11-29T12:00:00.123Z warning backing off empty="" eq="a=b" host=gpu-box-1 line="x\ny" note="two words" quote="a\"b" wait=2.5"#,
        ])
    }

    @Test func handlersDropEventsBelowTheirLevel() {
        let lines = Lines()
        let handlers: [any LogHandler] = [
            JSONLogHandler(label: "x", level: .notice, sink: lines.append, clock: { 0 }),
            TextLogHandler(label: "x", level: .notice, sink: lines.append, clock: { 0 }),
        ]
        for handler in handlers {
            for level in Logger.Level.allCases {
                handler.log(event: LogEvent(level: level, message: "m", metadata: nil, source: nil, file: #fileID, function: #function, line: #line))
            }
        }
        #expect(lines.all == [
            #"{"ts":"1970-01-01T00:00:00.000Z","level":"notice","logger":"x","msg":"m"}"#,
            #"{"ts":"1970-01-01T00:00:00.000Z","level":"warning","logger":"x","msg":"m"}"#,
            #"{"ts":"1970-01-01T00:00:00.000Z","level":"error","logger":"x","msg":"m"}"#,
            #"{"ts":"1970-01-01T00:00:00.000Z","level":"critical","logger":"x","msg":"m"}"#,
            "1970-01-01T00:00:00.000Z notice m", "1970-01-01T00:00:00.000Z warning m",
            "1970-01-01T00:00:00.000Z error m", "1970-01-01T00:00:00.000Z critical m",
        ])
    }

    @Test func anEventErrorIsLogged() {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        let lines = Lines()
        let handler = JSONLogHandler(label: "x", sink: lines.append, clock: { 0 })
        handler.log(event: LogEvent(level: .error, message: "m", error: Boom(), metadata: nil, source: nil, file: "", function: "", line: 0))
        #expect(lines.all == [#"{"ts":"1970-01-01T00:00:00.000Z","level":"error","logger":"x","msg":"m","error":"boom"}"#])
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (951_782_400, "2000-02-29T00:00:00.000Z"), (-0.001, "1969-12-31T23:59:59.999Z"),
        (1_795_953_600.123, "2026-11-29T12:00:00.123Z"), (4_107_542_399.9994, "2100-02-28T23:59:59.999Z"),
        (1_709_251_199.9996, "2024-03-01T00:00:00.000Z"),
    ])
    func timestamps(seconds: Double, text: String) {
        #expect(LogLine.timestamp(seconds) == text)
    }

    @Test func theFactoryPicksTheFormat() {
        #expect(LogFormat.makeHandler(label: "x", level: .info, format: .json) is JSONLogHandler)
        #expect(LogFormat.makeHandler(label: "x", level: .info, format: .text) is TextLogHandler)
        #expect(LogFormat.makeHandler(label: "x", level: .warning, format: .text).logLevel == .warning)
        #expect(LogFormat.allCases.map(\.rawValue) == ["text", "json"])
    }
}

/// Captured log lines.
final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    @Sendable func append(_ line: String) { lines.withLock { $0.append(line) } }
}

/// A blocking HTTP/1.x client over a plain TCP socket to 127.0.0.1 or ::1, so the test sees exactly
/// what goes over the wire (and can reuse one connection).
final class HTTPTestClient {
    struct Failure: Error, CustomStringConvertible { var description: String }
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    let fd: Int32
    var buffer: [UInt8] = []

    init(port: Int, ipv6: Bool = false) throws(Failure) {
        fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            address.sin6_addr = in6addr_loopback
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "connect: errno \(errno)")
        }
    }

    deinit { close(fd) }

    func exchange(_ request: String) throws(Failure) -> Response {
        let bytes = Array(request.utf8)
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw Failure(description: "send: errno \(errno)")
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while true {
            headerEnd = buffer.indices.dropLast(3).first { Array(buffer[$0..<$0 + 4]) == separator }
            if headerEnd != nil { break }
            guard try receive() else { throw Failure(description: "connection closed before the response head") }
        }
        let head = String(decoding: buffer[..<headerEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headerEnd! + 4
        while buffer.count < bodyStart + length {
            guard try receive() else { throw Failure(description: "connection closed before the body") }
        }
        let body = String(decoding: buffer[bodyStart..<bodyStart + length], as: UTF8.self)
        buffer.removeFirst(bodyStart + length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether the server closed the connection (a read returns end of file).
    func isClosedByServer() throws(Failure) -> Bool {
        try !receive()
    }

    /// Reads what is available; false at end of file.
    private func receive() throws(Failure) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw Failure(description: "recv: errno \(errno)") }
        buffer += chunk[..<count]
        return count > 0
    }
}
