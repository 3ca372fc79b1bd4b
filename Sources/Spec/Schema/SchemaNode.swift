/// The shape of one value of a spec as the decoder reads it. ``SpecSchema`` is written in these
/// terms once: the decoder takes its key lists from it, and `lpai-apply schema` prints it as a
/// JSON Schema.
public indirect enum SchemaNode: Sendable {
    /// Any non-empty scalar, read as text (`fleet: no` is the string "no"). `pattern` and
    /// `choices` are what validate (or Docker, for image references) requires of the text.
    case text(TextShape)
    /// A plain decimal integer; quoted digits are refused.
    case integer(IntegerShape)
    /// An unquoted JSON number (a price), never negative.
    case number
    case boolean
    /// A memory size with a unit, such as `24GiB`.
    case size
    /// `{env: NAME}` or `{file: /abs/path}`, never an inline value.
    case secret
    /// One of go-livepeer's pipelines, a list the Planner owns (``SchemaVocabulary``).
    case pipeline
    case object(SchemaObject)
    /// A mapping of names (1–63 letters, digits, `-`, `_`, `.`) to definitions.
    case names(SchemaNode)
    /// A mapping with free-form keys the decoder does not check against a list itself.
    case keyed(KeyedMap)
    case list(SchemaNode)
    /// Any of the alternatives (a model use is a name or `{model, warm}`).
    case anyOf([SchemaNode])
    /// An optimization flag's value: true, false, or any other scalar as a string.
    case flagValue
}

public struct TextShape: Sendable {
    public var pattern: String?
    /// A value the pattern refuses and who else refuses it; every pattern has one, so the tests
    /// can check that the schema is no stricter than what it stands for.
    public var counterexample: Counterexample?
    /// Allowed values with what each means; empty means any text.
    public var choices: [Choice]
    public var examples: [String]
    /// A value the decoder accepts, used by the tests that keep schema and decoder together.
    public var sample: String

    public struct Choice: Sendable {
        public var value: String
        public var description: String
    }
}

public struct IntegerShape: Sendable {
    public var minimum: Int?
    public var maximum: Int?
    /// The validate rule that enforces the bounds; nil when the decoder does.
    public var boundsRule: String?
}

public struct Counterexample: Sendable {
    public enum RefusedBy: Sendable, Equatable {
        case decoder
        /// A validate rule, by diagnostic id.
        case rule(String)
        /// Neither: Docker refuses it when pulling (an image reference).
        case docker
    }

    public var value: String
    public var refusedBy: RefusedBy
}

/// A mapping whose keys the decoder passes on (rules judge them later).
public struct KeyedMap: Sendable {
    public enum Keys: Sendable {
        /// `default` or a pipeline; validate refuses other keys (`lpai.runner-image.unknown-pipeline`).
        case runnerImageKeys
        /// The known optimization flags are listed; others are accepted with a warning.
        case optimizationFlags
        /// Gateway addresses: anything but `default` (that is `price`).
        case gateways
    }

    public var keys: Keys
    public var value: SchemaNode
}

/// A mapping with a fixed set of keys: any other key is an error (`lpai.spec.unknown-key`).
public struct SchemaObject: Sendable {
    public var properties: [SchemaProperty]

    public init(_ properties: [SchemaProperty]) { self.properties = properties }

    /// The keys the decoder accepts here, in the documented order.
    public var keys: [String] { properties.map(\.key) }

    public subscript(key: String) -> SchemaProperty? { properties.first { $0.key == key } }
}

public struct SchemaProperty: Sendable {
    public enum Need: Sendable, Equatable {
        case optional
        /// The decoder reports it missing (`lpai.spec.missing-key`).
        case required
        /// The decoder accepts its absence; this validate rule refuses it.
        case requiredByRule(String)
    }

    public var key: String
    public var node: SchemaNode
    public var need: Need
    public var description: String

    public init(_ key: String, _ node: SchemaNode, _ need: Need = .optional, _ description: String) {
        self.key = key
        self.node = node
        self.need = need
        self.description = description
    }
}

/// What the Planner knows and the Spec module does not: pipelines and optimization flags.
public struct SchemaVocabulary: Sendable {
    public var pipelines: [String]
    public var optimizationFlags: [String]

    public init(pipelines: [String], optimizationFlags: [String]) {
        self.pipelines = pipelines
        self.optimizationFlags = optimizationFlags
    }
}

extension SchemaNode {
    static func text(_ sample: String, examples: [String] = []) -> SchemaNode {
        .text(TextShape(pattern: nil, counterexample: nil, choices: [], examples: examples, sample: sample))
    }

    /// Text that must match `pattern`; `counterexample` does not, and `refusedBy` refuses it too.
    static func text(
        _ sample: String, pattern: String, counterexample: String, refusedBy: Counterexample.RefusedBy, examples: [String] = []
    ) -> SchemaNode {
        .text(TextShape(
            pattern: pattern, counterexample: Counterexample(value: counterexample, refusedBy: refusedBy), choices: [], examples: examples, sample: sample
        ))
    }

    /// The name of a host, model or orchestrator defined elsewhere in the spec.
    static func reference(_ sample: String, rule: String) -> SchemaNode {
        .text(sample, pattern: SpecSchema.namePattern, counterexample: "-\(sample)", refusedBy: .rule(rule))
    }

    static func choice(_ choices: [(String, String)]) -> SchemaNode {
        .text(TextShape(pattern: nil, counterexample: nil, choices: choices.map { .init(value: $0.0, description: $0.1) }, examples: [], sample: choices[0].0))
    }

    static func integer(_ range: ClosedRange<Int>? = nil, rule: String? = nil) -> SchemaNode {
        .integer(IntegerShape(minimum: range?.lowerBound, maximum: range?.upperBound, boundsRule: rule))
    }

    static func integer(minimum: Int, rule: String) -> SchemaNode {
        .integer(IntegerShape(minimum: minimum, maximum: nil, boundsRule: rule))
    }
}
