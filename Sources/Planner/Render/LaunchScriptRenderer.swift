internal import Foundation

/// Renders `launch.sh`: the `docker run` of a node for operators who run containers themselves.
/// Secrets are read on the host at launch time and reach go-livepeer as files, never as argv.
enum LaunchScriptRenderer {
    static func render(node: PlannedNode, fleet: String) -> String {
        let c = node.container
        var lines: [String] = [
            "#!/bin/sh",
            "# go-livepeer \(node.role.rawValue) '\(node.name)' of fleet '\(fleet)' on host '\(node.host)'.",
            "# Rendered by lpai-apply; re-render instead of editing. Plan hash: \(node.hash)",
            "# Run it on the host from any folder; it reads aiModels.json from beside itself.",
            "set -eu",
            "here=$(CDPATH= cd -- \"$(dirname -- \"$0\")\" && pwd)",
        ]
        let secretSlots = node.files.flatMap(\.secrets)
        var mounts: [String] = c.mounts.map { "\($0.source):\($0.target)\($0.readOnly ? ":ro" : "")" }.map(ShellQuote.word)
        if !secretSlots.isEmpty {
            lines += [
                "# Files that hold secrets are written here with mode 0600 at each launch.",
                "run=\"${LPAI_RUN_DIR:-$here/run}\"",
                "umask 077",
                "mkdir -p \"$run\"",
            ]
            var checked = Set<String>()
            for slot in secretSlots where checked.insert(slot.placeholder).inserted {
                if slot.source == "env" {
                    lines.append(": \"${\(slot.name):?set \(slot.name): it holds a secret of \(node.name)}\"")
                } else {
                    lines.append("[ -r \(ShellQuote.word(slot.name)) ] || { echo \(ShellQuote.word("cannot read secret file \(slot.name)")) >&2; exit 1; }")
                }
            }
        }
        for file in node.files {
            let base = String(file.path.split(separator: "/").last ?? "")
            if file.secrets.isEmpty {
                mounts.append("\"$here/\(base):\(file.path):ro\"")
            } else if file.secrets.count == 1, file.content == file.secrets[0].placeholder, file.secrets[0].source == "file" {
                mounts.append(ShellQuote.word("\(file.secrets[0].name):\(file.path):ro"))
            } else if file.secrets.count == 1, file.content == file.secrets[0].placeholder {
                lines.append("printf '%s' \"$\(file.secrets[0].name)\" > \"$run/\(base)\"")
                mounts.append("\"$run/\(base):\(file.path):ro\"")
            } else {
                lines.append("# \(base) names its secrets by placeholder; fill them in, JSON-escaped.")
                lines.append("awk \(ShellQuote.word(awkFill)) \"$here/\(base)\" > \"$run/\(base)\"")
                mounts.append("\"$run/\(base):\(file.path):ro\"")
            }
        }
        lines.append("# Replace the node's container if one runs already, as apply would.")
        lines.append("docker rm -f \(ShellQuote.word(c.name)) >/dev/null 2>&1 || true")
        var run: [String] = ["docker run -d", "--name \(ShellQuote.word(c.name))", "--network \(ShellQuote.word(c.networkMode))", "--restart \(ShellQuote.word(c.restartPolicy))"]
        if let gpus = c.gpus { run.append("--gpus \(ShellQuote.word(gpus))") }
        run += c.labels.sorted { $0.key < $1.key }.map { "--label \(ShellQuote.word("\($0.key)=\($0.value)"))" }
        run += c.env.map { "--env \(ShellQuote.word("\($0.name)=\($0.value)"))" }
        run += mounts.map { "-v \($0)" }
        run.append(ShellQuote.word(c.image))
        var flagLines: [String] = []
        var index = 0
        while index < c.args.count {
            let arg = c.args[index]
            if index + 1 < c.args.count, !c.args[index + 1].hasPrefix("-") {
                flagLines.append("\(ShellQuote.word(arg)) \(ShellQuote.word(c.args[index + 1]))")
                index += 2
            } else {
                flagLines.append(ShellQuote.word(arg))
                index += 1
            }
        }
        run += flagLines
        lines.append(run.joined(separator: " \\\n  "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Replaces `@@lpai-secret:env:NAME@@` / `@@lpai-secret:file:PATH@@` with the value,
    /// escaped for a JSON string. POSIX awk; values never pass through argv.
    static let awkFill = #"""
        function esc(s,   out, i, c) {
          out = ""
          for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (c == "\\" || c == "\"") out = out "\\" c
            else if (c == "\n") out = out "\\n"
            else if (c == "\r") out = out "\\r"
            else if (c == "\t") out = out "\\t"
            else out = out c
          }
          return out
        }
        function trim(s) { sub(/^[ \t\r\n]+/, "", s); sub(/[ \t\r\n]+$/, "", s); return s }
        function value(src, name,   v, line, n) {
          if (src == "env") { if (!(name in ENVIRON)) { print "unset secret " name > "/dev/stderr"; exit 1 }; return ENVIRON[name] }
          v = ""; n = 0
          while ((getline line < name) > 0) { v = v (n++ ? "\n" : "") line }
          close(name)
          if (n == 0) { print "cannot read secret file " name > "/dev/stderr"; exit 1 }
          return trim(v)
        }
        {
          out = ""
          while (match($0, /@@lpai-secret:(env|file):[^@]+@@/)) {
            ref = substr($0, RSTART + 14, RLENGTH - 16); split(ref, parts, ":")
            src = parts[1]; name = substr(ref, length(src) + 2)
            out = out substr($0, 1, RSTART - 1) esc(value(src, name)); $0 = substr($0, RSTART + RLENGTH)
          }
          print out $0
        }
        """#
}

/// POSIX shell quoting: bare when safe, otherwise single quotes.
public enum ShellQuote {
    private static let safe: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,@%+".utf8 { table[Int(byte)] = true }
        return table
    }()

    public static func word(_ s: String) -> String {
        // One pass over contiguous bytes with the table in a local: the closure over the lazy
        // static checked its initialisation once per byte.
        let table = safe
        var scanned = s
        let isSafe = !s.isEmpty && scanned.withUTF8 { bytes in bytes.allSatisfy { $0 < 128 && table[Int($0)] } }
        if isSafe { return s }
        var out: [UInt8] = [UInt8(ascii: "'")]
        for byte in s.utf8 {
            if byte == UInt8(ascii: "'") { out += Array("'\\''".utf8) } else { out.append(byte) }
        }
        out.append(UInt8(ascii: "'"))
        return String(decoding: out, as: UTF8.self)
    }
}
