import Spec

/// The address of a Docker Engine, as a host's `docker:` entry (or `--engine`) gives it.
public enum EngineURL: Sendable, Hashable {
    case unix(path: String)
    case tcp(host: String, port: Int)

    /// Parses `unix:///path`, a bare `/path`, or `tcp://host:port`; the error says how to write it.
    public static func parse(_ url: String) -> Result<EngineURL, EngineURLError> {
        if url.hasPrefix("/") { return .success(.unix(path: url)) }
        if url.hasPrefix("unix://") {
            let path = String(url.dropFirst("unix://".count))
            guard path.hasPrefix("/") else { return .failure(EngineURLError("'\(url)' is not a unix socket URL; write unix:///absolute/path")) }
            return .success(.unix(path: path))
        }
        if url.hasPrefix("tcp://") {
            var rest = Substring(url.dropFirst("tcp://".count))
            if rest.hasSuffix("/") { rest = rest.dropLast() }
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port),
                  !rest[..<colon].isEmpty, !rest[..<colon].contains("/")
            else { return .failure(EngineURLError("'\(url)' needs a host and a port, e.g. tcp://gpu-box-1.example:2376")) }
            var host = String(rest[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return .success(.tcp(host: host, port: port))
        }
        return .failure(EngineURLError("'\(url)' is not a Docker Engine address; use unix:///var/run/docker.sock or tcp://HOST:PORT"))
    }
}

public struct EngineURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension Rule {
    /// Each host's engine address parses; TCP without TLS is refused unless asked for.
    static let engines = Rule(
        ids: ["lpai.host.engine-url", "lpai.host.plain-tcp", "lpai.host.insecure"],
        summary: "each host's docker: address is unix:// or tcp:// with TLS (plain TCP only with insecure: true)"
    ) { fleet in
        var out: [Diagnostic] = []
        for host in fleet.spec.hosts {
            guard let docker = host.docker else { continue }
            switch EngineURL.parse(docker.value) {
            case .failure(let error):
                out.append(.error("lpai.host.engine-url", at: docker.location, "host '\(host.name.value)': \(error.description)"))
            case .success(.tcp) where host.tls == nil:
                if host.insecure?.value == true {
                    out.append(.warning(
                        "lpai.host.insecure", at: host.insecure?.location ?? docker.location,
                        "host '\(host.name.value)' reaches its Docker Engine over plain TCP: anyone on that network can run containers as root there. Prefer tls: {ca, cert, key}"
                    ))
                } else {
                    out.append(.error(
                        "lpai.host.plain-tcp", at: docker.location,
                        "host '\(host.name.value)' reaches its Docker Engine over plain TCP without tls: {ca, cert, key}; anyone on that network could drive the engine. Add tls, or set 'insecure: true' to accept the risk"
                    ))
                }
            case .success:
                continue
            }
        }
        return out
    }
}
