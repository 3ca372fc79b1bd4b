/// The text of the files a spec was read from, indexed by line for printing diagnostics.
public struct SourceFiles: Sendable {
    private struct File: Sendable {
        var bytes: [UInt8]
        /// Byte offset where each line starts; indexed once so each lookup is O(1).
        var lineStarts: [Int]
    }

    private var files: [String: File] = [:]

    public init() {}

    public mutating func add(file: String, text: String) {
        let bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        files[file] = File(bytes: bytes, lineStarts: starts)
    }

    /// The 1-based line of `file`, without its line break.
    public func line(_ number: Int, of file: String) -> String? {
        guard let source = files[file], number >= 1, number <= source.lineStarts.count else { return nil }
        let start = source.lineStarts[number - 1]
        var end = number < source.lineStarts.count ? source.lineStarts[number] - 1 : source.bytes.count
        if end > start, source.bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard start < end || number < source.lineStarts.count else { return start < source.bytes.count ? "" : nil }
        return String(decoding: source.bytes[start..<end], as: UTF8.self)
    }
}
