/// Test-only deviation (docs/STANDIN.md, "Simulated hosts"): several spec hosts of lpai-apply's tests
/// share one Docker Engine and one loopback. A worker whose own container carries lpai-apply's host
/// label acts as if that host had its own engine: its runners carry the host, and runners of other
/// simulated hosts are invisible to it. Without the label the worker is faithful to go-livepeer.
enum SimulatedHost {
    /// lpai-apply's label naming the spec host a container belongs to.
    static let hostLabel = "io.lpai.host"
    /// The label the stand-in adds to each runner it creates for a simulated host.
    static let runnerLabel = "io.lpai.standin.host"
    static let mountinfoPath = "/proc/self/mountinfo"

    /// The value of `io.lpai.host` on this process's own container, or nil (not in a container, no
    /// label, or any step failed).
    static func detect(engine: DockerEngine) -> String? {
        guard case .success(let bytes) = readFile(mountinfoPath),
            let id = containerID(mountinfo: String(decoding: bytes, as: UTF8.self)),
            case .success(let container) = engine.inspect(id),
            let host = container["Config"]?["Labels"]?.stringMap[hostLabel], !host.isEmpty
        else { return nil }
        return host
    }

    /// The id of the container whose `/etc/hostname`, `/etc/hosts` or `/etc/resolv.conf` Docker
    /// bind-mounted from `<data-root>/containers/<id>/` (also with `--network host`).
    static func containerID(mountinfo: String) -> String? {
        for line in mountinfo.split(separator: "\n") {
            // mountinfo: ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS ... - TYPE SOURCE SUPEROPTIONS
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 4, mountedFiles.contains(String(fields[4])) else { continue }
            let parts = fields[3].split(separator: "/")
            guard parts.count >= 3, parts[parts.count - 3] == "containers", mountedFiles.contains("/etc/" + parts[parts.count - 1]) else {
                continue
            }
            let id = parts[parts.count - 2]
            if id.utf8.count == 64, id.utf8.allSatisfy(isLowerHex) { return String(id) }
        }
        return nil
    }

    private static let mountedFiles: Set<String> = ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"]

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    /// Whether a runner is visible to a worker simulating `host` (nil: faithful, every runner is).
    static func isVisible(labels: [String: String], to host: String?) -> Bool {
        guard let host else { return true }
        return labels[runnerLabel] == host
    }

    /// The simulated host of another worker that owns a runner with these labels, if any.
    static func otherHost(labels: [String: String], than host: String) -> String? {
        guard let owner = labels[runnerLabel], owner != host else { return nil }
        return owner
    }
}
