public import Planner

/// Where one Docker Engine is reached: a unix socket, or TCP (with TLS unless the spec
/// says `insecure: true`).
public struct EngineEndpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Transport: Sendable, Hashable {
        case unix(path: String)
        case tcp(host: String, port: Int, tls: PlannedHost.TLSFiles?)
    }

    public var transport: Transport

    public var description: String {
        switch transport {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port, let tls): "tcp://\(host):\(port)\(tls == nil ? " (no TLS)" : "")"
        }
    }

    public init(transport: Transport) {
        self.transport = transport
    }

    /// Parses an engine address (``EngineURL``); plain TCP needs `insecure` or TLS files.
    public static func parse(_ url: String, tls: PlannedHost.TLSFiles?, insecure: Bool) throws(EndpointError) -> EngineEndpoint {
        switch EngineURL.parse(url) {
        case .failure(let error): throw EndpointError(error.description)
        case .success(.unix(let path)): return EngineEndpoint(transport: .unix(path: path))
        case .success(.tcp(let host, let port)):
            if tls == nil && !insecure {
                throw EndpointError("'\(url)' is plain TCP: anyone on the network could drive this engine. Give the host tls: {ca, cert, key}, or set insecure: true to accept that")
            }
            return EngineEndpoint(transport: .tcp(host: host, port: port, tls: tls))
        }
    }
}

public struct EndpointError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}

/// Resolves each spec host to an endpoint: `--engine` overrides first, then the host's
/// `docker:` entry, then `DOCKER_HOST`, then the local default socket.
public struct EngineDirectory: Sendable {
    public var endpoints: [String: EngineEndpoint]
    /// Hosts whose engine was overridden on the command line.
    public var overridden: Set<String>

    /// `overrides` maps a host name (or `*` for every host) to an engine URL.
    public static func resolve(plan: Plan, overrides: [String: String], environment: [String: String]) throws(EndpointError) -> EngineDirectory {
        var endpoints: [String: EngineEndpoint] = [:]
        var overridden: Set<String> = []
        let known = Set(plan.hosts.map(\.name))
        for name in overrides.keys where name != "*" && !known.contains(name) {
            throw EndpointError("--engine names host '\(name)', which the spec does not define (hosts: \(known.sorted().joined(separator: ", ")))")
        }
        for host in plan.hosts {
            if let url = overrides[host.name] ?? overrides["*"] {
                endpoints[host.name] = try EngineEndpoint.parse(url, tls: nil, insecure: true)
                overridden.insert(host.name)
                continue
            }
            do {
                if let url = host.docker {
                    endpoints[host.name] = try EngineEndpoint.parse(url, tls: host.tls, insecure: host.insecure)
                } else {
                    // Docker's own convention: DOCKER_CERT_PATH holds ca.pem, cert.pem and key.pem.
                    let tls = environment["DOCKER_CERT_PATH"].map { PlannedHost.TLSFiles(ca: "\($0)/ca.pem", cert: "\($0)/cert.pem", key: "\($0)/key.pem") }
                    endpoints[host.name] = try EngineEndpoint.parse(environment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock", tls: tls, insecure: tls == nil)
                }
            } catch {
                throw EndpointError("host \(host.name): \(error.description)")
            }
        }
        return EngineDirectory(endpoints: endpoints, overridden: overridden)
    }
}
