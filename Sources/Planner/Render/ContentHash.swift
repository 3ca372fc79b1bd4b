internal import Crypto

/// The content hash that labels a node's container: it changes when, and only when, something
/// the container runs with changes. It covers image, args, env, mounts, GPUs, network, restart
/// policy and each file's path, mode and content (secret slots by reference, never by value);
/// it leaves out labels and the container name. `scheme` is part of the label so a new
/// release can recognise hashes it did not make instead of recreating the fleet.
public enum ContentHash {
    public static let scheme = 1

    public static func of(container: ContainerSpec, files: [PlannedFile]) -> String {
        var h = Hasher256()
        h.field("scheme", String(scheme))
        h.field("image", container.image)
        h.list("args", container.args)
        h.list("env", container.env.map { "\($0.name)=\($0.value)" })
        h.list("mounts", container.mounts.map { "\($0.source)\u{0}\($0.target)\u{0}\($0.readOnly)" })
        h.field("gpus", container.gpus ?? "")
        h.field("network", container.networkMode)
        h.field("restart", container.restartPolicy)
        h.count("files", files.count)
        for file in files {
            h.field("path", file.path)
            h.field("mode", String(file.mode, radix: 8))
            h.field("content", file.content)
            h.list("secrets", file.secrets.map { "\($0.placeholder)\u{0}\($0.source)\u{0}\($0.name)\u{0}\($0.escaping.rawValue)" })
        }
        return "sha256:" + h.hex()
    }

    /// Feeds length-prefixed fields to SHA-256, so no two different inputs share an encoding.
    private struct Hasher256 {
        var sha = SHA256()

        mutating func field(_ name: String, _ value: String) {
            count(name, value.utf8.count)
            sha.update(data: Array(value.utf8))
        }

        mutating func list(_ name: String, _ values: [String]) {
            count(name, values.count)
            for value in values { field("", value) }
        }

        mutating func count(_ name: String, _ n: Int) {
            sha.update(data: Array("\(name):\(n):".utf8))
        }

        func hex() -> String {
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
