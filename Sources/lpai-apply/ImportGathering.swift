import Foundation
import Planner
import Reconciler
import Spec

/// The import's inputs read from files, arguments and engines, with their text for diagnostics.
struct ImportGathering {
    var nodes: [ImportNode] = []
    var diagnostics: [Diagnostic] = []
    var sources = SourceFiles()

    static func gather(_ command: Import) async throws -> ImportGathering {
        var g = ImportGathering()
        var models: [String: String] = [:]
        for value in command.modelFiles { let (n, p) = try Import.pair(value, option: "--models"); models[n] = p }
        var hosts: [String: String] = [:]
        for value in command.hostNames { let (n, h) = try Import.pair(value, option: "--host"); hosts[n] = h }
        var texts: [(name: String, file: String, text: String)] = []
        for value in command.flagsFiles {
            let (name, path) = try Import.pair(value, option: "--flags-file")
            let (bytes, problem) = LintInput.read(path, limit: 1 << 20)
            if let problem { g.diagnostics.append(problem); continue }
            texts.append((name, path, String(decoding: bytes ?? [], as: UTF8.self)))
        }
        for value in command.inlineFlags {
            let (name, text) = try Import.pair(value, option: "--flags")
            texts.append((name, "--flags \(name)", text))
        }
        for (name, file, text) in texts {
            g.sources.add(file: file, text: Redaction.commandLine(text))
            let (invocation, found) = LivepeerCommand.read(text, file: file)
            g.diagnostics += found
            guard let invocation else { continue }
            g.add(name: name, invocation: invocation, modelsPath: models[name], host: hosts[name] ?? FleetImporterName.node(name), docker: nil)
        }
        for value in command.fromDocker { try await g.discover(value, command: command, models: models, hosts: hosts) }
        for name in models.keys.sorted() where !g.nodes.contains(where: { $0.name == name }) && !texts.contains(where: { $0.name == name }) {
            g.diagnostics.append(.error("lpai.import.models-unused", at: nil, "--models \(name)=… names no node; give its flags with --flags-file \(name)=PATH or --flags \(name)=…"))
        }
        return g
    }

    private mutating func add(name: String, invocation: LivepeerInvocation, modelsPath: String?, modelsBytes: [UInt8]? = nil, modelsFile: String? = nil, host: String, docker: String?) {
        guard !nodes.contains(where: { $0.name == name }) else {
            diagnostics.append(.error("lpai.import.duplicate-node", at: nil, "node '\(name)' is given twice"))
            return
        }
        var file: AIModelsFile?
        if let modelsPath {
            let (bytes, problem) = LintInput.read(modelsPath)
            if let problem { diagnostics.append(problem) }
            if let bytes {
                LintInput.addExcerpts(of: bytes, file: modelsPath, to: &sources)
                file = AIModelsFile.read(bytes, file: modelsPath)
            }
        } else if let modelsBytes, let modelsFile {
            LintInput.addExcerpts(of: modelsBytes, file: modelsFile, to: &sources)
            file = AIModelsFile.read(modelsBytes, file: modelsFile)
        }
        nodes.append(ImportNode(name: name, invocation: invocation, models: file, host: host, docker: docker))
    }

    private mutating func discover(_ value: String, command: Import, models: [String: String], hosts: [String: String]) async throws {
        var url = value
        var hostName: String?
        if let eq = value.firstIndex(of: "="), !value[..<eq].contains(":") {
            hostName = String(value[..<eq])
            url = String(value[value.index(after: eq)...])
        }
        let host = hostName ?? (url.hasPrefix("unix://") ? "local" : FleetImporterName.node(EngineURL.host(of: url)))
        let discovered = await DockerImporter.discover(url: url, names: command.containers.isEmpty ? nil : Set(command.containers))
        let found: [DiscoveredNode]
        switch discovered {
        case .success(let nodes): found = nodes
        case .failure(let error):
            diagnostics.append(.error("lpai.import.engine", at: nil, "--from-docker \(url): \(error)"))
            return
        }
        if found.isEmpty {
            diagnostics.append(.warning("lpai.import.no-containers", at: nil, "--from-docker \(url): no container runs a livepeer/go-livepeer image there"))
        }
        for node in found {
            let name = FleetImporterName.node(node.container)
            let file = "docker:\(host)/\(node.container)"
            // `sh -c "livepeer -flags …"`: the flags are in the script.
            let shellScript = node.arguments.count >= 3 && node.arguments[0].hasSuffix("sh") && node.arguments[1] == "-c"
            let text = shellScript ? node.arguments[2] : LivepeerCommand.shellText(node.arguments)
            sources.add(file: file, text: Redaction.commandLine(text))
            let (read, problems) = LivepeerCommand.read(text, file: file)
            diagnostics += problems
            guard var invocation = read else { continue }
            invocation.image = node.image
            invocation.binds = node.binds
            if let problem = node.modelsProblem {
                diagnostics.append(.error("lpai.import.models-unreadable", at: invocation.flags["aiModels"]?.location, problem))
            }
            let modelsFile = node.modelsPath.map { "\(file):\($0)" }
            add(name: name, invocation: invocation, modelsPath: models[name], modelsBytes: node.models, modelsFile: modelsFile, host: hosts[name] ?? host, docker: url)
        }
    }
}

/// Spec names for nodes and hosts.
enum FleetImporterName {
    static func node(_ text: String) -> String {
        var out = String(text.unicodeScalars.map { s -> Character in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "." ? Character(s) : "-"
        })
        while let first = out.first, !(first.isLetter || first.isNumber) { out.removeFirst() }
        return out.isEmpty ? "node" : String(out.prefix(63))
    }
}

enum EngineURL {
    /// The host part of `tcp://host:port`.
    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return String(rest)
    }
}
