extension SpecSchema {
    /// The spec format as a JSON Schema (draft-07, which yaml-language-server supports fully).
    /// A `fragment` schema is for one file of a folder spec: no top-level key is required there,
    /// since the folder's files are merged before the merged document is checked.
    public static func jsonSchema(_ vocabulary: SchemaVocabulary, fragment: Bool = false) -> JSONValue {
        let writer = JSONSchemaWriter(vocabulary: vocabulary)
        var top = writer.object(root, nullable: false)
        if fragment {
            top.removeAll { $0.key == "required" }
        }
        let about = fragment
            ? "One file of an lpai-apply folder spec. The folder's *.yaml files are merged in name order (hosts, models, orchestrators and workers unioned, requirements concatenated) and the merged document must match lpai-spec.schema.json. docs/SPEC.md has every key."
            : "A Livepeer AI fleet for lpai-apply: hosts, a model catalogue, orchestrators, remote AI workers and the capacity the fleet must offer. Checked here: keys, types, required keys, names and value formats. `lpai-apply validate` also checks references and go-livepeer's rules. docs/SPEC.md has every key."
        return .object([
            .init("$schema", "http://json-schema.org/draft-07/schema#"),
            .init("title", fragment ? "lpai-apply fleet spec fragment" : "lpai-apply fleet spec"),
            .init("description", .string(about)),
        ] + top)
    }
}

/// Turns ``SchemaNode`` values into JSON Schema keywords. YAML is read as YAML 1.2 (what
/// yaml-language-server does), so a text value may arrive as a number or a boolean: the decoder
/// reads any scalar as text, and so must the schema.
struct JSONSchemaWriter {
    typealias Member = JSONValue.Member
    var vocabulary: SchemaVocabulary

    func node(_ node: SchemaNode, nullable: Bool) -> [Member] {
        switch node {
        case .text(let shape):
            if !shape.choices.isEmpty {
                return [
                    .init("enum", .array(shape.choices.map { .string($0.value) } + (nullable ? [.null] : []))),
                    .init("enumDescriptions", .array(shape.choices.map { .string($0.description) })),
                ]
            }
            var out = [type(["string", "number", "boolean"], nullable)]
            if let pattern = shape.pattern { out.append(.init("pattern", .string(pattern))) }
            if !shape.examples.isEmpty { out.append(.init("examples", .array(shape.examples.map { .string($0) }))) }
            return out
        case .integer(let shape):
            var out = [type(["integer"], nullable)]
            if let minimum = shape.minimum { out.append(.init("minimum", .int(minimum))) }
            if let maximum = shape.maximum { out.append(.init("maximum", .int(maximum))) }
            return out
        case .number:
            return [type(["number"], nullable), .init("minimum", 0)]
        case .boolean:
            return [type(["boolean"], nullable)]
        case .size:
            return [
                type(["string"], nullable),
                .init("pattern", "^ *(?=[0-9.]*[1-9])(?:[0-9]+\\.?[0-9]*|\\.[0-9]+) *(?:TiB|GiB|MiB|KiB|TB|GB|MB|KB|kB|B) *$"),
                .init("examples", ["24GiB", "16GB", "8192MiB", "14.5GiB"]),
            ]
        case .secret:
            return [
                type(["object"], nullable),
                .init("properties", properties(SpecSchema.secretObject)),
                .init("additionalProperties", false),
                .init("minProperties", 1),
                .init("maxProperties", 1),
            ]
        case .pipeline:
            return [.init("enum", .array(vocabulary.pipelines.map { .string($0) } + (nullable ? [.null] : [])))]
        case .object(let object):
            return self.object(object, nullable: nullable)
        case .names(let value):
            return [
                type(["object"], nullable),
                .init("propertyNames", .object([.init("pattern", .string(SpecSchema.namePattern))])),
                .init("additionalProperties", .object(self.node(value, nullable: false))),
            ]
        case .keyed(let map):
            return keyed(map, nullable: nullable)
        case .list(let item):
            return [type(["array"], nullable), .init("items", .object(self.node(item, nullable: false)))]
        case .anyOf(let alternatives):
            return [.init("anyOf", .array(alternatives.map { .object(self.node($0, nullable: false)) }))]
        case .flagValue:
            return [type(["boolean", "string", "number"], false)]
        }
    }

    func object(_ object: SchemaObject, nullable: Bool) -> [Member] {
        var out = [type(["object"], nullable), .init("properties", properties(object))]
        let required = object.properties.filter { $0.need != .optional }.map { JSONValue.string($0.key) }
        if !required.isEmpty { out.append(.init("required", .array(required))) }
        out.append(.init("additionalProperties", false))
        return out
    }

    private func properties(_ object: SchemaObject) -> JSONValue {
        .object(object.properties.map { p in
            var description = p.description
            if case .requiredByRule(let id) = p.need { description += " Required (\(id))." }
            return .init(p.key, .object([.init("description", .string(description))] + node(p.node, nullable: p.need == .optional)))
        })
    }

    private func keyed(_ map: KeyedMap, nullable: Bool) -> [Member] {
        let value = node(map.value, nullable: false)
        switch map.keys {
        case .runnerImageKeys:
            let keys = [("default", "The runner image of every pipeline without its own pin (not audio-to-text, llm, segment-anything-2, text-to-speech).")]
                + vocabulary.pipelines.map { ($0, "The runner image for \($0).") }
            return [
                type(["object"], nullable),
                .init("properties", .object(keys.map { .init($0.0, .object([.init("description", .string($0.1))] + value)) })),
                .init("additionalProperties", false),
            ]
        case .optimizationFlags:
            return [
                type(["object"], nullable),
                .init("properties", .object(vocabulary.optimizationFlags.map {
                    .init($0, .object([.init("description", .string("A runner flag go-livepeer's runners understand (\($0)). Other names are passed on with a warning."))] + value))
                })),
                .init("additionalProperties", .object(value)),
            ]
        case .gateways:
            return [
                type(["object"], nullable),
                .init("propertyNames", .object([
                    .init("pattern", "^(?![Dd][Ee][Ff][Aa][Uu][Ll][Tt]$).+$"),
                ])),
                .init("additionalProperties", .object(value)),
            ]
        }
    }

    private func type(_ names: [String], _ nullable: Bool) -> Member {
        let all = names + (nullable ? ["null"] : [])
        return .init("type", all.count == 1 ? .string(all[0]) : .array(all.map { .string($0) }))
    }
}
