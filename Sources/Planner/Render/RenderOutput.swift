/// The files `render --out DIR` writes, as relative paths and bytes; pure and deterministic.
public enum RenderOutput {
    public struct File: Sendable, Hashable {
        public var path: String
        public var content: String
        /// Unix permission bits.
        public var mode: Int
    }

    public static func files(for plan: Plan) -> [File] {
        var files: [File] = [File(path: "plan.json", content: planJSON(plan), mode: 0o644)]
        for node in plan.nodes {
            for file in node.files where file.path == ContainerRenderer.aiModelsPath {
                files.append(File(path: "\(node.name)/aiModels.json", content: file.content, mode: 0o644))
            }
            files.append(File(path: "\(node.name)/launch.sh", content: LaunchScriptRenderer.render(node: node, fleet: plan.fleet), mode: 0o755))
        }
        return files
    }

    /// plan.json: sorted keys, two-space indent, trailing newline.
    public static func planJSON(_ plan: Plan) -> String {
        plan.json.render() + "\n"
    }
}
