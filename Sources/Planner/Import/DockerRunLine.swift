public import Spec

/// A `docker run` / `docker create` line split into what matters for go-livepeer: image,
/// name, bind mounts, environment, entrypoint and the arguments after the image.
public struct DockerRunLine: Sendable {
    public var image: ShellWord
    public var name: String?
    /// `-v HOST:CONTAINER[:OPTIONS]` and `--mount type=bind,…`.
    public var binds: [(host: String, container: String)]
    public var environment: [String: String]
    public var entrypoint: String?
    public var arguments: [ShellWord]

    /// docker run options that take a value (long names without `--`, short ones as `-x`).
    static let valued: Set<String> = [
        "add-host", "annotation", "attach", "blkio-weight", "blkio-weight-device", "cap-add", "cap-drop", "cgroup-parent",
        "cgroupns", "cidfile", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus",
        "cpuset-cpus", "cpuset-mems", "device", "device-cgroup-rule", "device-read-bps", "device-read-iops",
        "device-write-bps", "device-write-iops", "dns", "dns-option", "dns-search", "domainname", "entrypoint", "env",
        "env-file", "expose", "gpus", "group-add", "health-cmd", "health-interval", "health-retries",
        "health-start-period", "health-timeout", "hostname", "ip", "ip6", "ipc", "isolation", "kernel-memory", "label",
        "label-file", "link", "link-local-ip", "log-driver", "log-opt", "mac-address", "memory", "memory-reservation",
        "memory-swap", "memory-swappiness", "mount", "name", "network", "net", "network-alias", "oom-score-adj", "pid",
        "pids-limit", "platform", "publish", "pull", "restart", "runtime", "security-opt", "shm-size", "stop-signal",
        "stop-timeout", "storage-opt", "sysctl", "tmpfs", "ulimit", "user", "userns", "uts", "volume", "volume-driver",
        "volumes-from", "workdir", "-a", "-c", "-e", "-h", "-l", "-m", "-p", "-u", "-v", "-w",
    ]

    /// Parses the words of one command if it is `[sudo] docker [container] run|create …`; nil otherwise.
    public static func parse(_ words: [ShellWord]) -> Result<DockerRunLine, Diagnostic>? {
        var rest = words[...]
        while let w = rest.first, w.text == "sudo" || w.text.contains("=") && !w.text.hasPrefix("-") { rest = rest.dropFirst() }
        guard let docker = rest.first, docker.text == "docker" || docker.text.hasSuffix("/docker") || docker.text == "podman" else { return nil }
        rest = rest.dropFirst()
        if rest.first?.text == "container" { rest = rest.dropFirst() }
        guard let verb = rest.first, verb.text == "run" || verb.text == "create" else { return nil }
        rest = rest.dropFirst()
        var name: String?
        var binds: [(String, String)] = []
        var environment: [String: String] = [:]
        var entrypoint: String?
        while let w = rest.first, w.text.hasPrefix("-"), w.text != "-" {
            rest = rest.dropFirst()
            if w.text == "--" { break }
            var option = w.text
            var value: String?
            if option.hasPrefix("--") {
                option.removeFirst(2)
                if let eq = option.firstIndex(of: "=") { value = String(option[option.index(after: eq)...]); option = String(option[..<eq]) }
            } else if option.count > 2 {
                // -dit, -p8080:80, -v/a:/b: a cluster of flags, the first valued one takes the rest.
                let letters = Array(option.dropFirst())
                option = ""
                for (k, letter) in letters.enumerated() where valued.contains("-\(letter)") {
                    option = "-\(letter)"
                    let tail = String(letters[(k + 1)...])
                    value = tail.hasPrefix("=") ? String(tail.dropFirst()) : (tail.isEmpty ? nil : tail)
                    break
                }
                if option.isEmpty { continue }
            }
            guard valued.contains(option) else { continue }
            if value == nil {
                guard let next = rest.first else {
                    return .failure(.error("lpai.import.docker-option", at: w.location, "docker option \(w.text) needs a value"))
                }
                value = next.text
                rest = rest.dropFirst()
            }
            let v = value!
            switch option {
            case "name": name = v
            case "entrypoint": entrypoint = v
            case "volume", "-v":
                let parts = v.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                if parts.count >= 2 { binds.append((parts[0], parts[1])) }
            case "mount":
                var fields: [String: String] = [:]
                for part in v.split(separator: ",") {
                    let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
                    fields[kv[0]] = kv.count > 1 ? kv[1] : ""
                }
                if let source = fields["source"] ?? fields["src"], let target = fields["target"] ?? fields["destination"] ?? fields["dst"] {
                    binds.append((source, target))
                }
            case "env", "-e":
                if let eq = v.firstIndex(of: "=") { environment[String(v[..<eq])] = String(v[v.index(after: eq)...]) }
            default: break
            }
        }
        guard let image = rest.first else {
            return .failure(.error("lpai.import.docker-image", at: verb.location, "this docker \(verb.text) line names no image"))
        }
        return .success(DockerRunLine(image: image, name: name, binds: binds, environment: environment, entrypoint: entrypoint, arguments: Array(rest.dropFirst())))
    }
}
