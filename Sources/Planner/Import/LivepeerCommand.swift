public import Spec

/// One go-livepeer invocation read from a pasted `docker run` line or a bare flag list.
public struct LivepeerInvocation: Sendable {
    /// The image of a `docker run` line or a container.
    public var image: String?
    public var containerName: String?
    public var binds: [(host: String, container: String)]
    /// Each flag's value as go-livepeer sees it (`"true"` for a bare boolean); the last one given wins.
    public var flags: [String: Located<String>]
    /// Flags whose value holds a shell variable (`"$SECRET"`) that was not expanded.
    public var expanding: Set<String>

    public func value(_ flag: String) -> String? { flags[flag]?.value }
    public func isSet(_ flag: String) -> Bool { flags[flag].map { $0.value != "false" } ?? false }
}

/// Go's `flag` package over go-livepeer's flag set, plus ff's `LP_*` environment variables.
public enum LivepeerCommand {
    public static func read(_ text: String, file: String) -> (LivepeerInvocation?, [Diagnostic]) {
        let commands: [[ShellWord]]
        switch ShellWords.commands(text, file: file) {
        case .failure(let d): return (nil, [d])
        case .success(let c): commands = c
        }
        let start = SourceLocation(file: file, line: 1, column: 1)
        var runs: [DockerRunLine] = []
        for command in commands {
            switch DockerRunLine.parse(command) {
            case .failure(let d)?: return (nil, [d])
            case .success(let run)?: runs.append(run)
            case nil: continue
            }
        }
        if !runs.isEmpty {
            let livepeer = runs.filter { $0.image.text.contains("go-livepeer") }
            guard let run = (livepeer.isEmpty ? runs : livepeer).first, (livepeer.isEmpty ? runs : livepeer).count == 1 else {
                return (nil, [.error("lpai.import.several-commands", at: start, "\(file) holds several docker run lines; give one go-livepeer node per file")])
            }
            var (invocation, diagnostics) = parse(run.arguments, file: file, environment: run.environment)
            invocation.image = run.image.text
            invocation.containerName = run.name
            invocation.binds = run.binds
            if let entry = run.entrypoint, !entry.hasSuffix("livepeer") {
                diagnostics.append(.warning("lpai.import.entrypoint", at: run.image.location, "the container's entrypoint is '\(entry)', not go-livepeer's /usr/local/bin/livepeer; lpai-apply runs the image's own entrypoint"))
            }
            return (invocation, diagnostics)
        }
        let flagCommands = commands.filter { $0.contains { $0.text.hasPrefix("-") } }
        guard let words = flagCommands.first else {
            return (nil, [.error("lpai.import.no-flags", at: start, "\(file) holds neither a docker run line nor go-livepeer flags (such as -aiWorker -orchAddr HOST:PORT)")])
        }
        guard flagCommands.count == 1 else {
            return (nil, [.error("lpai.import.several-commands", at: words[0].location, "\(file) holds several commands; give one go-livepeer node per file")])
        }
        // The program and what runs it (`exec`, `env`, `VAR=value`) come before the first flag.
        let arguments = Array(words.drop { !$0.text.hasPrefix("-") })
        return parse(arguments, file: file, environment: [:])
    }

    static func parse(_ words: [ShellWord], file: String, environment: [String: String]) -> (LivepeerInvocation, [Diagnostic]) {
        var flags: [String: Located<String>] = [:]
        var expanding = Set<String>()
        var diagnostics: [Diagnostic] = []
        var rest = words[...]
        while let w = rest.first {
            guard w.text.count >= 2, w.text.hasPrefix("-") else {
                diagnostics.append(.warning(
                    "lpai.import.flag-stop", at: w.location,
                    "Go's flag parsing stops at '\(w.text)', a word that is not a flag: go-livepeer ignores it and every flag after it\(rest.count > 1 ? " (\(rest.count - 1) more word\(rest.count == 2 ? "" : "s"))" : ""). A boolean flag takes no separate value: write -flag or -flag=false"
                ))
                break
            }
            rest = rest.dropFirst()
            if w.text == "--" { break }
            var name = String(w.text.dropFirst(w.text.hasPrefix("--") ? 2 : 1))
            var value: String?
            if let eq = name.firstIndex(of: "="), eq != name.startIndex {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard LivepeerFlags.isKnown(name) else {
                let hint = LivepeerFlags.caseMatch(name).map { " (Go flags are case-sensitive: did you mean -\($0)? the public docs spell some flags with the wrong case)" }
                    ?? Suggest.hint(for: name, in: LivepeerFlags.bool.union(LivepeerFlags.valued).sorted())
                diagnostics.append(.error("lpai.import.unknown-flag", at: w.location, "flag provided but not defined: -\(name)\(hint): go-livepeer prints its usage and exits with status 2"))
                // Go exits here; read on past the flag's likely value (never quoted: it may be a secret).
                if value == nil, let next = rest.first, !next.text.hasPrefix("-"), !(LivepeerFlags.caseMatch(name).map(LivepeerFlags.bool.contains) ?? false) {
                    rest = rest.dropFirst()
                }
                continue
            }
            if LivepeerFlags.bool.contains(name) {
                let text = value ?? "true"
                guard ["1", "t", "T", "true", "TRUE", "True", "0", "f", "F", "false", "FALSE", "False"].contains(text) else {
                    diagnostics.append(.error("lpai.import.flag-value", at: w.location, "invalid boolean value \"\(text)\" for -\(name): go-livepeer exits with status 2; write -\(name) or -\(name)=false"))
                    continue
                }
                flags[name] = Located(["1", "t", "T", "true", "TRUE", "True"].contains(text) ? "true" : "false", at: w.location)
                continue
            }
            var at = w.location
            if value == nil, let next = rest.first {
                value = next.text
                at = next.location
                if next.expands { expanding.insert(name) }
                rest = rest.dropFirst()
            } else if w.expands {
                expanding.insert(name)
            }
            guard let text = value else {
                diagnostics.append(.error("lpai.import.flag-value", at: w.location, "flag needs an argument: -\(name): go-livepeer exits with status 2"))
                continue
            }
            flags[name] = Located(text, at: at)
        }
        for (key, text) in environment.sorted(by: { $0.key < $1.key }) where key.hasPrefix("LP_") {
            let wanted = String(key.dropFirst(3))
            guard let name = LivepeerFlags.bool.union(LivepeerFlags.valued).first(where: { $0.uppercased() == wanted }), flags[name] == nil else { continue }
            flags[name] = Located(LivepeerFlags.bool.contains(name) ? (["1", "t", "T", "true", "TRUE", "True"].contains(text) ? "true" : "false") : text, at: SourceLocation(file: file, line: 1, column: 1))
        }
        return (LivepeerInvocation(image: nil, containerName: nil, binds: [], flags: flags, expanding: expanding), diagnostics)
    }
}

extension LivepeerCommand {
    /// An argument list as one POSIX-quoted line, so that it reads back word for word.
    public static func shellText(_ arguments: [String]) -> String {
        arguments.map { arg in
            let safe = !arg.isEmpty && arg.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./:=,@+%".unicodeScalars.contains($0)) }
            return safe ? arg : "'" + arg.replacing("'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
