/// Turns one fuzz input into the files of a spec: a line `#--file--` splits it into the files
/// of a spec folder (merged as `lpai-apply` merges `specs/multi-orchestrator/`), so the
/// merger is fuzzed too; without one the input is a single `spec.yaml`.
enum FuzzInput {
    static let separator = Array("#--file--\n".utf8)
    /// At most this many files (names `00-part.yaml`…`07-part.yaml` sort in input order);
    /// further separators stay in the last file, where they are YAML comments.
    static let maxFiles = 8

    static func files(_ bytes: [UInt8]) -> [(file: String, bytes: [UInt8])] {
        var parts: [[UInt8]] = []
        var start = 0
        var i = 0
        while i + separator.count <= bytes.count, parts.count < maxFiles - 1 {
            let atLineStart = i == 0 || bytes[i - 1] == UInt8(ascii: "\n")
            if atLineStart, bytes[i..<(i + separator.count)].elementsEqual(separator) {
                parts.append(Array(bytes[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(Array(bytes[start...]))
        if parts.count == 1 { return [("spec.yaml", parts[0])] }
        return parts.enumerated().map { (index, part) in ("0\(index)-part.yaml", part) }
    }
}
