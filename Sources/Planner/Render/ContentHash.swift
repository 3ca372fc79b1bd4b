internal import Crypto

/// The content hash that labels a node's container: it changes when, and only when, something
/// the container runs with changes. It covers image, args, env, mounts, GPUs, network, restart
/// policy and each file's mode and content (secret slots by reference; their values are covered
/// by the reconciler's keyed secret digest, never here); it leaves out labels, the container
/// name and file paths (a path that matters is in the args). `scheme` is a label of its own so
/// a new release can keep comparing hashes an older one made instead of recreating the fleet.
public enum ContentHash {
    /// The scheme this release writes. Every scheme ever shipped stays computable.
    public static let scheme = 1
    public static let supportedSchemes: Set<Int> = [1]

    /// The hash of a container and its files under `scheme` (nil when this release does not know it).
    public static func of(container: ContainerSpec, files: [PlannedFile], scheme: Int = ContentHash.scheme) -> String? {
        guard scheme == 1 else { return nil }
        var h = Hasher256()
        h.field("scheme", "1")
        h.field("image", container.image)
        h.list("args", container.args)
        h.list("env", container.env.map { "\($0.name)=\($0.value)" })
        h.list("mounts", container.mounts.map { "\($0.source)\u{0}\($0.target)\u{0}\($0.readOnly)" })
        h.field("gpus", container.gpus ?? "")
        h.field("network", container.networkMode)
        h.field("restart", container.restartPolicy)
        h.count("files", files.count)
        for file in files { file.feed(into: &h) }
        return "sha256:" + h.hex()
    }

    /// `name=digest` per file (basename, 12 hex digits of its content hash), comma-separated
    /// and sorted: a label that lets a later plan say which file changed.
    public static func fileDigests(_ files: [PlannedFile]) -> String {
        files.map { file -> String in
            var h = Hasher256()
            file.feed(into: &h)
            return "\(file.basename)=\(h.hex().prefix(12))"
        }.sorted().joined(separator: ",")
    }

    /// Parses a ``fileDigests(_:)`` label back into name → digest.
    public static func parseFileDigests(_ label: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in label.split(separator: ",") {
            guard let eq = part.firstIndex(of: "=") else { continue }
            out[String(part[..<eq])] = String(part[part.index(after: eq)...])
        }
        return out
    }

    /// Feeds length-prefixed fields to SHA-256, so no two different inputs share an encoding.
    /// Fields are gathered into one buffer and hashed in large pieces: a SHA-256 update per
    /// field and an Array copy of each cost more than the hashing itself (docs/BENCHMARKS.md).
    fileprivate struct Hasher256 {
        var sha = SHA256()
        var pending: [UInt8] = []

        mutating func field(_ name: String, _ value: String) {
            count(name, value.utf8.count)
            pending.append(contentsOf: value.utf8)
            if pending.count >= 1 << 16 { flush() }
        }

        mutating func list(_ name: String, _ values: [String]) {
            count(name, values.count)
            for value in values { field("", value) }
        }

        /// `name:n:`
        mutating func count(_ name: String, _ n: Int) {
            pending.append(contentsOf: name.utf8)
            pending.append(UInt8(ascii: ":"))
            pending.append(contentsOf: String(n).utf8)
            pending.append(UInt8(ascii: ":"))
        }

        private mutating func flush() {
            pending.withUnsafeBytes { sha.update(bufferPointer: $0) }
            pending.removeAll(keepingCapacity: true)
        }

        func hex() -> String {
            var sha = sha
            pending.withUnsafeBytes { sha.update(bufferPointer: $0) }
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(64)
            for byte in sha.finalize() {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

extension PlannedFile {
    /// The file's name without its folder.
    public var basename: String { path.split(separator: "/").last.map(String.init) ?? path }

    fileprivate func feed(into h: inout ContentHash.Hasher256) {
        h.field("mode", String(mode, radix: 8))
        h.field("content", content)
        h.list("secrets", secrets.map { "\($0.placeholder)\u{0}\($0.source)\u{0}\($0.name)\u{0}\($0.escaping.rawValue)" })
    }
}
