/// A POSIX ustar archive built and read in memory: how files reach a container through
/// `PUT /containers/{id}/archive` before it starts, with their modes kept.
public struct TarArchive: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// Relative path inside the archive, e.g. `etc/lpai/orchSecret` (directories end in `/`).
        public var path: String
        public var mode: Int
        public var contents: [UInt8]
        /// Set for a symbolic link: where it points.
        public var linkTarget: String?

        public var isDirectory: Bool { path.hasSuffix("/") }

        public init(path: String, mode: Int, contents: [UInt8], linkTarget: String? = nil) {
            self.path = path
            self.mode = mode
            self.contents = contents
            self.linkTarget = linkTarget
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// An archive of files at absolute container paths, each folder holding them first (0755),
    /// to be extracted at `/` (the engine creates missing ancestors; existing ones such as
    /// `/etc` are left alone). Owner root, fixed mtime: the same files give the same bytes.
    public static func files(_ files: [(path: String, mode: Int, contents: [UInt8])]) -> TarArchive {
        var dirs: [String] = []
        var seen: Set<String> = []
        for file in files {
            let parts = file.path.split(separator: "/").dropLast()
            guard !parts.isEmpty else { continue }
            let dir = parts.joined(separator: "/") + "/"
            if seen.insert(dir).inserted { dirs.append(dir) }
        }
        return TarArchive(
            entries: dirs.map { Entry(path: $0, mode: 0o755, contents: []) }
                + files.map { Entry(path: String($0.path.drop { $0 == "/" }), mode: $0.mode, contents: $0.contents) }
        )
    }

    public enum TarError: Error, Sendable, Equatable {
        case pathTooLong(String)
        case truncated
        case badHeader
    }

    public func bytes() throws(TarError) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            var header = [UInt8](repeating: 0, count: 512)
            let path = Array(entry.path.utf8)
            if path.count <= 100 {
                header.replaceSubrange(0..<path.count, with: path)
            } else {
                // ustar splits long paths into prefix (155) + name (100) at a slash.
                guard let split = path.indices.reversed().first(where: { path[$0] == UInt8(ascii: "/") && $0 <= 155 && path.count - $0 - 1 <= 100 })
                else { throw .pathTooLong(entry.path) }
                header.replaceSubrange(0..<(path.count - split - 1), with: path[(split + 1)...])
                header.replaceSubrange(345..<(345 + split), with: path[..<split])
            }
            Self.octal(entry.mode, width: 8, into: &header, at: 100)
            Self.octal(0, width: 8, into: &header, at: 108)
            Self.octal(0, width: 8, into: &header, at: 116)
            let isFile = !entry.isDirectory && entry.linkTarget == nil
            Self.octal(isFile ? entry.contents.count : 0, width: 12, into: &header, at: 124)
            Self.octal(0, width: 12, into: &header, at: 136)
            header[156] = entry.isDirectory ? UInt8(ascii: "5") : entry.linkTarget != nil ? UInt8(ascii: "2") : UInt8(ascii: "0")
            if let target = entry.linkTarget {
                let bytes = Array(target.utf8)
                guard bytes.count <= 100 else { throw .pathTooLong(target) }
                header.replaceSubrange(157..<(157 + bytes.count), with: bytes)
            }
            header.replaceSubrange(257..<265, with: Array("ustar\u{0}00".utf8))
            header.replaceSubrange(265..<269, with: Array("root".utf8))
            header.replaceSubrange(297..<301, with: Array("root".utf8))
            header.replaceSubrange(148..<156, with: Array(repeating: UInt8(ascii: " "), count: 8))
            let sum = header.reduce(0) { $0 + Int($1) }
            Self.octal(sum, width: 7, into: &header, at: 148)
            header[155] = UInt8(ascii: " ")
            out += header
            if isFile {
                out += entry.contents
                out += [UInt8](repeating: 0, count: (512 - entry.contents.count % 512) % 512)
            }
        }
        out += [UInt8](repeating: 0, count: 1024)
        return out
    }

    /// Reads the regular files and folders of a ustar (or GNU) archive, as the engine's
    /// `GET /containers/{id}/archive` returns it.
    public static func read(_ bytes: [UInt8]) throws(TarError) -> TarArchive {
        var entries: [Entry] = []
        var offset = 0
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { break }
            guard let size = parseOctal(header[(offset + 124)..<(offset + 136)]),
                  let rawMode = parseOctal(header[(offset + 100)..<(offset + 108)])
            else { throw .badHeader }
            let mode = rawMode & 0o7777  // some writers (the engine's) include the file-type bits
            var name = cString(header[offset..<(offset + 100)])
            let prefix = cString(header[(offset + 345)..<(offset + 500)])
            if header[offset + 257..<offset + 262].elementsEqual("ustar".utf8), !prefix.isEmpty { name = prefix + "/" + name }
            let type = header[offset + 156]
            let start = offset + 512
            guard start + size <= bytes.count else { throw .truncated }
            if type == UInt8(ascii: "0") || type == 0 {
                entries.append(Entry(path: name, mode: mode, contents: Array(bytes[start..<(start + size)])))
            } else if type == UInt8(ascii: "2") {
                entries.append(Entry(path: name, mode: mode, contents: [], linkTarget: cString(header[(offset + 157)..<(offset + 257)])))
            } else if type == UInt8(ascii: "5") {
                entries.append(Entry(path: name.hasSuffix("/") ? name : name + "/", mode: mode, contents: []))
            }
            offset = start + (size + 511) / 512 * 512
        }
        return TarArchive(entries: entries)
    }

    private static func octal(_ value: Int, width: Int, into header: inout [UInt8], at offset: Int) {
        let digits = Array(String(value, radix: 8).utf8)
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, width - 1 - digits.count)) + digits
        header.replaceSubrange(offset..<(offset + width - 1), with: padded.suffix(width - 1))
        header[offset + width - 1] = 0
    }

    private static func parseOctal(_ field: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var sawDigit = false
        for byte in field {
            if byte == 0 || byte == UInt8(ascii: " ") {
                if sawDigit { break } else { continue }
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) else { return nil }
            value = value * 8 + Int(byte - UInt8(ascii: "0"))
            sawDigit = true
        }
        return value
    }

    private static func cString(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}
