public import Spec

/// A JSON value read with the position of every value and key, as lint needs them.
public struct LocatedJSON: Sendable, Hashable {
    /// An object member: its key, where the key starts, and its value.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: LocatedJSON
    }

    public enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        /// A number's exact text, valid JSON number syntax.
        case number(String)
        case string(String)
        case array([LocatedJSON])
        /// Members in file order, duplicates kept (Go's decoder applies them in order).
        case object([Member])
    }

    public var kind: Kind
    public var location: SourceLocation

    /// Go's name for the kind in `json: cannot unmarshal X into …` messages.
    public var goKind: String {
        switch kind {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
