import Foundation
import TestSupport
import Testing

/// Hosts reached over TCP with TLS, as the spec's `tls: {ca, cert, key}` says: the test engine
/// also listens on tcp://127.0.0.1:2376 with client-certificate auth (scripts/test-engine.sh).
@Suite struct TLSEngineTests {
    static func tlsEngine() throws -> (url: String, dir: String) {
        _ = try TestEngine.require()
        let env = ProcessInfo.processInfo.environment
        guard let url = env["LPAI_TEST_TLS_ENGINE"], let dir = env["LPAI_TEST_TLS_DIR"] else {
            throw TestEngine.Unavailable(description: "LPAI_TEST_TLS_ENGINE / LPAI_TEST_TLS_DIR are not set: start the engine with eval \"$(scripts/test-engine.sh start)\" (it needs openssl for the TLS listener)")
        }
        return (url, dir)
    }

    /// specs/split.yaml with every host at the TLS engine and the given certificate folder.
    static func spec(url: String, tlsDir: String) throws -> String {
        try SplitFleetTests.spec {
            $0.replacing(#/tcp://[a-z0-9-]+\.example:2376/#, with: url)
                .replacingOccurrences(of: "/etc/lpai/tls/", with: tlsDir + "/")
        }
    }

    @Test func planReachesATLSEngineWithTheSpecsCertificates() throws {
        let (url, dir) = try Self.tlsEngine()
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": "tls-test"])
        let result = lpai.run(["plan", try Self.spec(url: url, tlsDir: dir), "--format", "json"], engine: false)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stdout.contains("\"fleet\" : \"eu-prod\""))
    }

    /// The engine's certificate is verified against the spec's CA: another CA fails, naming the host.
    @Test func anEngineCertificateFromAnotherCAIsRefused() throws {
        let (url, dir) = try Self.tlsEngine()
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: other) }
        let made = TestEngine.shell(["sh", "-c", """
            cd '\(other)' && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=someone-else -keyout ca-key.pem -out ca.pem 2>/dev/null \
              && cp '\(dir)/cert.pem' '\(dir)/key.pem' .
            """])
        try #require(made.status == 0, "\(made.all)")
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": "tls-test"])
        let result = lpai.run(["plan", try Self.spec(url: url, tlsDir: other)], engine: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("host gpu-box-1+gpu-box-2+orch-box: GET /containers/json could not reach the engine"), "\(result.all)")
        #expect(result.stderr.contains("TLS handshake failed: the engine's certificate is not signed by the CA in the host's tls.ca"), "\(result.all)")
    }

    @Test func plainTCPWithoutTLSIsRefusedBeforeAnyConnection() throws {
        var lpai = LPAI(environment: ["ORCH_EU_SECRET": "tls-test"])
        let spec = try SplitFleetTests.spec {
            $0.replacing(#/\n    tls: \{[^}]*\}/#, with: "")
        }
        let result = lpai.run(["plan", spec], engine: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: host 'orch-box' reaches its Docker Engine over plain TCP without tls"), "\(result.all)")
        #expect(result.stderr.contains("[lpai.host.plain-tcp]"))
    }
}
