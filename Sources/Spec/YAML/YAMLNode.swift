/// A YAML node as written: every value keeps where it came from. Untagged scalars stay text;
/// the spec decoder types them by schema, never by YAML 1.1 guessing.
public struct YAMLNode: Sendable, Hashable {
    public enum ScalarStyle: String, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public struct Scalar: Sendable, Hashable {
        public var text: String
        public var style: ScalarStyle
        /// An explicit tag such as `!!str`, resolved to its full form, or nil.
        public var tag: String?

        public init(text: String, style: ScalarStyle, tag: String? = nil) {
            self.text = text
            self.style = style
            self.tag = tag
        }

        /// A plain scalar that YAML would read as null (`~`, `null`, empty).
        public var isNull: Bool {
            style == .plain && tag == nil && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
        }
    }

    public struct Entry: Sendable, Hashable {
        public var key: YAMLNode
        public var value: YAMLNode

        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public indirect enum Kind: Sendable, Hashable {
        case scalar(Scalar)
        case mapping([Entry])
        case sequence([YAMLNode])
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// A short name of the node's shape for messages: "a mapping", "a list", "a string".
    public var shapeDescription: String {
        switch kind {
        case .scalar(let s): s.isNull ? "an empty value" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
