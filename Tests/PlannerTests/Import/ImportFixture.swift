import Foundation
import Planner
import Spec

/// Nodes of an import fixture folder: NAME.sh / NAME.flags (command line) and NAME.json (aiModels.json).
enum ImportFixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/import")

    static func text(_ path: String) throws -> MarkedSpec {
        MarkedSpec(try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8), file: path)
    }

    /// Reads `folder/NAME.sh|flags` and `folder/NAME.json` for each name; markers stripped.
    static func nodes(_ sub: String, _ names: [String]) throws -> (nodes: [ImportNode], diagnostics: [Diagnostic]) {
        var nodes: [ImportNode] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let flagsPath = FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(sub)/\(name).sh").path) ? "\(sub)/\(name).sh" : "\(sub)/\(name).flags"
            let flags = try text(flagsPath)
            let (invocation, found) = LivepeerCommand.read(flags.text, file: flagsPath)
            diagnostics += found
            let models = try text("\(sub)/\(name).json")
            let file = AIModelsFile.read(Array(models.text.utf8), file: "\(sub)/\(name).json")
            if let invocation { nodes.append(ImportNode(name: name, invocation: invocation, models: file, host: name)) }
        }
        return (nodes, diagnostics)
    }

    /// The rendered aiModels.json of every node of a compiled spec, read back as go-livepeer reads it.
    static func rendered(_ plan: Plan) -> [String: AIModelsFile] {
        var out: [String: AIModelsFile] = [:]
        for node in plan.nodes {
            guard let file = node.files.first(where: { $0.path.hasSuffix("aiModels.json") }) else { continue }
            out[node.name] = AIModelsFile.read(Array(file.content.utf8), file: "\(node.name)/aiModels.json")
        }
        return out
    }
}
