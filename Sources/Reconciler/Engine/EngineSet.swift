internal import AsyncHTTPClient
internal import Planner

/// One client per distinct engine of a plan: hosts that share an engine (the tests point every
/// host at one local engine) are observed, locked and applied through one client.
public final class EngineSet: Sendable {
    public let clients: [DockerClient]
    private let clientOfHost: [String: Int]
    private let http: HTTPClient

    public init(directory: EngineDirectory, timeouts: DockerClient.Timeouts = DockerClient.Timeouts()) {
        let http = DockerClient.makeHTTPClient()
        var byEndpoint: [EngineEndpoint: [String]] = [:]
        for (host, endpoint) in directory.endpoints { byEndpoint[endpoint, default: []].append(host) }
        let groups = byEndpoint.map { ($0.key, $0.value.sorted()) }.sorted { $0.1[0] < $1.1[0] }
        var clients: [DockerClient] = []
        var clientOfHost: [String: Int] = [:]
        for (endpoint, hosts) in groups {
            for host in hosts { clientOfHost[host] = clients.count }
            clients.append(DockerClient(host: hosts.joined(separator: "+"), endpoint: endpoint, http: http, timeouts: timeouts))
        }
        self.clients = clients
        self.clientOfHost = clientOfHost
        self.http = http
    }

    public func client(forHost host: String) -> DockerClient? { clientOfHost[host].map { clients[$0] } }

    /// The spec hosts an engine serves.
    public func hosts(of client: DockerClient) -> [String] {
        clientOfHost.filter { clients[$0.value] === client }.map(\.key).sorted()
    }

    public func shutdown() async {
        try? await http.shutdown()
    }
}

extension ContainerSpec {
    /// `source:target[:ro]`, as the engine reports binds back.
    var binds: [String] { mounts.map { "\($0.source):\($0.target)\($0.readOnly ? ":ro" : "")" } }

    /// The create request for this container with the given extra labels.
    func createRequest(extraLabels: [String: String]) -> CreateContainerRequest {
        CreateContainerRequest(
            image: image, cmd: args, env: env.map { "\($0.name)=\($0.value)" },
            labels: labels.merging(extraLabels) { _, new in new },
            hostConfig: .init(
                binds: binds, networkMode: networkMode, restartPolicy: ["Name": restartPolicy],
                deviceRequests: gpus == "all" ? [.allGPUs] : [], initProcess: true
            )
        )
    }
}
