import Spec

/// Generates the cases of ``SchemaAgreementTests`` by walking ``SpecSchema``.
enum SchemaCases {
    typealias Expectation = SchemaAgreementTests.Expectation

    enum Step {
        case key(String)
        case index(Int)
    }

    static func all() -> [Expectation] {
        let complete = sample(.object(SpecSchema.root))
        var out = [
            Expectation(name: "every key set", document: complete, decoderValid: true, schemaValid: true),
            Expectation(name: "required keys only", document: minimal(SpecSchema.root), decoderValid: true, schemaValid: true),
        ]
        walk(.object(SpecSchema.root), at: [], in: complete, into: &out)
        return out
    }

    // MARK: values

    static func sample(_ node: SchemaNode) -> JSONValue {
        switch node {
        case .text(let shape): .string(shape.choices.first?.value ?? shape.sample)
        case .integer(let shape): .int(shape.minimum ?? 1)
        case .number: 1
        case .boolean: true
        case .size: "24GiB"
        case .secret: .object([.init("env", "LPAI_SAMPLE_SECRET")])
        case .pipeline: "text-to-image"
        case .object(let object): .object(object.properties.map { .init($0.key, sample($0.node)) })
        case .names(let value): .object([.init("n1", sample(value))])
        case .keyed(let map): .object([.init(sampleKey(map.keys), sample(map.value))])
        case .list(let item): .array([sample(item)])
        case .anyOf(let alternatives): sample(alternatives[alternatives.count - 1])
        case .flagValue: true
        }
    }

    static func minimal(_ object: SchemaObject) -> JSONValue {
        .object(object.properties.filter { $0.need != .optional }.map {
            if case .object(let inner) = $0.node { return .init($0.key, minimal(inner)) }
            if case .names(.object(let inner)) = $0.node { return .init($0.key, .object([.init("n1", minimal(inner))])) }
            return .init($0.key, sample($0.node))
        })
    }

    static func sampleKey(_ keys: KeyedMap.Keys) -> String {
        switch keys {
        case .runnerImageKeys: "default"
        case .optimizationFlags: "SFAST"
        case .gateways: "0xabc0000000000000000000000000000000000001"
        }
    }

    /// A value of the wrong type, which both must refuse.
    static func wrongType(_ node: SchemaNode) -> JSONValue {
        switch node {
        case .text, .anyOf, .flagValue, .pipeline: .array([])
        case .integer, .number: "1"  // quoted digits
        case .boolean: "yes"
        case .size: 24
        case .secret: "an-inline-secret"
        case .object, .names, .keyed: 7
        case .list: .object([])
        }
    }

    // MARK: the walk

    static func walk(_ node: SchemaNode, at path: [Step], in doc: JSONValue, into out: inout [Expectation]) {
        let here = path.map { step in if case .key(let k) = step { k } else { "[0]" } }.joined(separator: ".")
        func add(_ what: String, _ change: (JSONValue?) -> JSONValue?, at target: [Step] = path, decoder: Bool, schema: Bool) {
            out.append(.init(name: "\(here): \(what)", document: edit(doc, target[...], change), decoderValid: decoder, schemaValid: schema))
        }
        // Refused by the schema and by a validate rule, not by the decoder (nil: by the decoder too).
        func add(_ what: String, _ change: (JSONValue?) -> JSONValue?, at target: [Step] = path, rule: String?) {
            out.append(.init(
                name: "\(here): \(what)", document: edit(doc, target[...], change), decoderValid: rule != nil, schemaValid: false, rule: rule
            ))
        }
        switch node {
        case .object(let object):
            add("unknown key", { insert($0, "zz_unknown", 1) }, decoder: false, schema: false)
            for p in object.properties {
                let child = path + [.key(p.key)]
                switch p.need {
                case .required:
                    add("without \(p.key)", { remove($0, p.key) }, decoder: false, schema: false)
                    add("\(p.key): null", { _ in .null }, at: child, decoder: false, schema: false)
                case .requiredByRule(let id):
                    add("without \(p.key)", { remove($0, p.key) }, rule: id)
                case .optional:
                    add("without \(p.key)", { remove($0, p.key) }, decoder: true, schema: true)
                    add("\(p.key): null (as if absent)", { _ in .null }, at: child, decoder: true, schema: true)
                }
                add("\(p.key) of the wrong type", { _ in wrongType(p.node) }, at: child, decoder: false, schema: false)
                if case .integer(let shape) = p.node {
                    if let max = shape.maximum {
                        add("\(p.key): \(max + 1)", { _ in .int(max + 1) }, at: child, rule: shape.boundsRule)
                    }
                    if let min = shape.minimum {
                        add("\(p.key): \(min - 1)", { _ in .int(min - 1) }, at: child, rule: shape.boundsRule)
                    }
                }
                walk(p.node, at: child, in: doc, into: &out)
            }
        case .names(let value):
            add("a name starting with '-'", { insert($0, "-n2", sample(value)) }, decoder: false, schema: false)
            walk(value, at: path + [.key("n1")], in: doc, into: &out)
        case .keyed(let map):
            switch map.keys {
            case .runnerImageKeys:
                add("a key that is no pipeline", { insert($0, "text-to-imag", sample(map.value)) }, rule: "lpai.runner-image.unknown-pipeline")
            case .optimizationFlags:
                add("an unknown flag (a warning)", { insert($0, "MY_FLAG", "on") }, decoder: true, schema: true)
            case .gateways:
                add("gateway 'Default'", { insert($0, "Default", sample(map.value)) }, decoder: false, schema: false)
            }
            walk(map.value, at: path + [.key(sampleKey(map.keys))], in: doc, into: &out)
        case .list(let item):
            walk(item, at: path + [.index(0)], in: doc, into: &out)
        case .anyOf(let alternatives):
            for (i, alternative) in alternatives.enumerated() {
                add("alternative \(i + 1)", { _ in sample(alternative) }, decoder: true, schema: true)
            }
            for alternative in alternatives { walk(alternative, at: path, in: doc, into: &out) }
        case .secret:
            add("both env and file", { _ in .object([.init("env", "A"), .init("file", "/a")]) }, decoder: false, schema: false)
            add("neither env nor file", { _ in .object([]) }, decoder: false, schema: false)
            add("a relative file", { _ in .object([.init("file", "run/secret")]) }, decoder: false, schema: false)
            add("a bad variable name", { _ in .object([.init("env", "1SECRET")]) }, decoder: false, schema: false)
            add("a file", { _ in .object([.init("file", "/run/secrets/s")]) }, decoder: true, schema: true)
        case .pipeline:
            add("an unknown pipeline", { _ in "text-to-imag" }, rule: "lpai.pipeline.unknown")
        case .flagValue:
            add("a number (passed on as a string)", { _ in 8192 }, decoder: true, schema: true)
        case .text(let shape):
            guard let counter = shape.counterexample else { break }
            let what = "'\(counter.value)', outside the pattern"
            switch counter.refusedBy {
            case .decoder: add(what, { _ in .string(counter.value) }, rule: nil)
            case .rule(let id): add(what, { _ in .string(counter.value) }, rule: id)
            // Only Docker refuses it, at pull time: the schema is stricter than validate here.
            case .docker: add(what, { _ in .string(counter.value) }, decoder: true, schema: false)
            }
        case .integer, .number, .boolean, .size:
            break
        }
    }

    // MARK: editing a document

    static func edit(_ value: JSONValue, _ path: ArraySlice<Step>, _ change: (JSONValue?) -> JSONValue?) -> JSONValue {
        guard let step = path.first else { return change(value) ?? .null }
        switch (step, value) {
        case (.key(let key), .object(var members)):
            guard let i = members.firstIndex(where: { $0.key == key }) else { return value }
            members[i].value = edit(members[i].value, path.dropFirst(), change)
            return .object(members)
        case (.index(let index), .array(var items)):
            items[index] = edit(items[index], path.dropFirst(), change)
            return .array(items)
        default:
            return value
        }
    }

    static func remove(_ value: JSONValue?, _ key: String) -> JSONValue? {
        guard case .object(let members)? = value else { return value }
        return .object(members.filter { $0.key != key })
    }

    static func insert(_ value: JSONValue?, _ key: String, _ new: JSONValue) -> JSONValue? {
        guard case .object(let members)? = value else { return value }
        return .object(members + [.init(key, new)])
    }
}
