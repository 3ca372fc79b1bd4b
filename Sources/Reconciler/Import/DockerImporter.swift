internal import AsyncHTTPClient


/// A go-livepeer container found on an engine: what `import --from-docker` reads from it.
public struct DiscoveredNode: Sendable {
    public var container: String
    public var image: String
    /// Entrypoint and command, as the container runs them.
    public var arguments: [String]
    /// `HOST:CONTAINER` binds.
    public var binds: [(host: String, container: String)]
    /// The `-aiModels` path inside the container and the file read from it through the archive API.
    public var modelsPath: String?
    public var models: [UInt8]?
    /// Why the models file could not be read, when it could not.
    public var modelsProblem: String?
}

/// Reads the containers of an engine that run `livepeer/go-livepeer` images: their arguments,
/// binds and the aiModels.json each names, read with `GET /containers/{id}/archive` (so a
/// created or stopped container works too). Secret files are never read.
public enum DockerImporter {
    /// The go-livepeer containers of the engine, by name; only those in `names` when it is given.
    public static func discover(_ client: DockerClient, names: Set<String>? = nil) async throws(DockerError) -> [DiscoveredNode] {
        let summaries = try await client.listContainers(labels: [])
        var nodes: [DiscoveredNode] = []
        for summary in summaries.sorted(by: { $0.name < $1.name }) where names?.contains(summary.name) ?? true {
            let inspect = try await client.inspect(summary.id)
            let image = inspect.config.image.isEmpty ? summary.image : inspect.config.image
            guard isGoLivepeer(image) else { continue }
            let arguments = inspect.config.entrypoint + inspect.config.cmd
            let binds = inspect.hostConfig.binds.compactMap { bind -> (host: String, container: String)? in
                let parts = bind.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                return parts.count >= 2 ? (parts[0], parts[1]) : nil
            }
            var node = DiscoveredNode(container: summary.name, image: image, arguments: arguments, binds: binds)
            if let path = flagValue("aiModels", in: arguments) {
                node.modelsPath = path
                if path.hasPrefix("/") {
                    do {
                        let archive = try TarArchive.read(try await client.getArchive(summary.id, path: path))
                        if let file = archive.entries.first(where: { !$0.isDirectory && $0.linkTarget == nil }) {
                            node.models = file.contents
                        } else {
                            node.modelsProblem = "\(path) in container \(summary.name) is not a regular file"
                        }
                    } catch let error as DockerError {
                        node.modelsProblem = "\(path) cannot be read from container \(summary.name): \(error)"
                    } catch {
                        node.modelsProblem = "\(path) in container \(summary.name) came back as an unreadable archive: \(error)"
                    }
                } else {
                    node.modelsProblem = "-aiModels \(path) of container \(summary.name) is not an absolute path; go-livepeer reads it as the inline pipeline:model_id:warm form unless it is a file"
                }
            }
            nodes.append(node)
        }
        return nodes
    }

    /// Connects to the engine at `url` (`unix://…`, `tcp://…` without TLS), reads its go-livepeer
    /// containers and closes the connection.
    public static func discover(url: String, names: Set<String>? = nil) async -> Result<[DiscoveredNode], DockerError> {
        let endpoint: EngineEndpoint
        do { endpoint = try EngineEndpoint.parse(url, tls: nil, insecure: true) } catch {
            return .failure(DockerError(host: url, call: "connect", kind: .transport, message: error.description))
        }
        let http = DockerClient.makeHTTPClient()
        let client = DockerClient(host: url, endpoint: endpoint, http: http)
        let result: Result<[DiscoveredNode], DockerError>
        do { result = .success(try await discover(client, names: names)) } catch { result = .failure(error) }
        try? await http.shutdown()
        return result
    }

    /// `livepeer/go-livepeer`, with or without a registry host or tag.
    public static func isGoLivepeer(_ image: String) -> Bool {
        let name = image.split(separator: "@").first.map(String.init) ?? image
        let repository = name.split(separator: "/").suffix(2).joined(separator: "/")
        return repository.hasPrefix("livepeer/go-livepeer")
    }

    /// The value of a Go flag in an argument list: `-name V`, `--name V`, `-name=V`.
    static func flagValue(_ name: String, in arguments: [String]) -> String? {
        var value: String?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "-\(name)" || a == "--\(name)" {
                if i + 1 < arguments.count { value = arguments[i + 1] }
                i += 2
                continue
            }
            for prefix in ["-\(name)=", "--\(name)="] where a.hasPrefix(prefix) { value = String(a.dropFirst(prefix.count)) }
            i += 1
        }
        return value
    }
}
