import Glibc

/// The parsed command line: every flag's text value and which flags were set explicitly.
struct Config: Sendable {
    private(set) var values: [String: String]
    private(set) var explicitlySet: Set<String> = []

    init() {
        values = [:]
        for flag in FlagTable.all where values[flag.storage] == nil { values[flag.storage] = flag.defaultValue }
    }

    mutating func set(_ flag: FlagDefinition, _ text: String) {
        values[flag.storage] = flag.kind == .bool ? String(GoValues.bool(text) ?? false) : text
        explicitlySet.insert(flag.name)
    }

    func string(_ name: String) -> String { values[FlagTable.lookup(name)?.storage ?? name] ?? "" }
    func bool(_ name: String) -> Bool { string(name) == "true" }
    func int(_ name: String) -> Int64 { (try? GoValues.int(string(name)).get()) ?? 0 }
    /// Whether the user gave the flag (`flag.Visit`); go-livepeer treats unset `-pricePerUnit` as nil.
    func isSet(_ name: String) -> Bool { explicitlySet.contains(name) }
}

/// Go's `flag.FlagSet.Parse` with `ExitOnError`, output on stdout (`flag.CommandLine.SetOutput(os.Stdout)`
/// in livepeer.go), followed by ff's `LP_*` environment variables and `-config` file.
enum FlagParser {
    static func parse(_ arguments: [String], programName: String) -> Config {
        var config = Config()
        var rest = arguments[...]
        while let argument = rest.first {
            guard argument.utf8.count >= 2, argument.hasPrefix("-") else { break }
            rest = rest.dropFirst()
            let dashes = argument.hasPrefix("--") ? 2 : 1
            if argument == "--" { break }
            var name = String(argument.dropFirst(dashes))
            if name.isEmpty || name.hasPrefix("-") || name.hasPrefix("=") { fail("bad flag syntax: \(argument)", programName) }
            var value: String?
            if let equals = name.dropFirst().firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let flag = FlagTable.lookup(name) else {
                if name == "help" || name == "h" {
                    printUsage(programName)
                    _exit(0)
                }
                fail("flag provided but not defined: -\(name)", programName)
            }
            if flag.kind == .bool {
                let text = value ?? "true"
                if GoValues.bool(text) == nil { fail("invalid boolean value \(goQuote(text)) for -\(name): parse error", programName) }
                config.set(flag, text)
                continue
            }
            if value == nil, let next = rest.first {
                value = next
                rest = rest.dropFirst()
            }
            guard let text = value else { fail("flag needs an argument: -\(name)", programName) }
            if let problem = GoValues.check(text, as: flag.kind) {
                fail("invalid value \(goQuote(text)) for flag -\(name): \(problem.text)", programName)
            }
            config.set(flag, text)
        }
        applyEnvironment(&config)
        applyConfigFile(&config)
        return config
    }

    /// ff: `LP_<NAME>` (upper case) for every flag not given on the command line.
    private static func applyEnvironment(_ config: inout Config) {
        let given = config.explicitlySet
        for flag in FlagTable.all where !given.contains(flag.name) {
            let key = "LP_" + flag.name.uppercased().replacing("-", with: "_").replacing(".", with: "_")
            guard let text = environment(key), !text.isEmpty else { continue }
            if let problem = GoValues.check(text, as: flag.kind) {
                glogExit(Sites.parseConfig, "Error parsing config: error setting flag \(goQuote(flag.name)) from env var \(goQuote(key)): \(problem.text)")
            }
            config.set(flag, text)
        }
    }

    /// ff's `PlainParser`: `name value` lines, `#` comments, a bare name means `true`.
    private static func applyConfigFile(_ config: inout Config) {
        let path = config.string("config")
        guard !path.isEmpty else { return }
        let bytes: [UInt8]
        switch readFile(path) {
        case .success(let read): bytes = read
        case .failure(let error): glogExit(Sites.parseConfig, "Error parsing config: \(error.message)")
        }
        let given = config.explicitlySet
        for raw in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let line = goTrimSpace(String(raw))
            if line.isEmpty || line.hasPrefix("#") { continue }
            var name = line
            var value = "true"
            if let space = line.firstIndex(of: " ") {
                name = String(line[..<space])
                value = goTrimSpace(String(line[space...]))
                if let comment = value.firstRange(of: " #") { value = goTrimSpace(String(value[..<comment.lowerBound])) }
            }
            while name.hasPrefix("-") { name.removeFirst() }
            guard let flag = FlagTable.lookup(name) else {
                glogExit(Sites.parseConfig, "Error parsing config: config file flag \(goQuote(name)) not defined in flag set")
            }
            if given.contains(flag.name) { continue }
            if let problem = GoValues.check(value, as: flag.kind) {
                glogExit(Sites.parseConfig, "Error parsing config: error setting flag \(goQuote(name)) from config file: \(problem.text)")
            }
            config.set(flag, value)
        }
    }

    private static func fail(_ message: String, _ programName: String) -> Never {
        writeAll(1, Array((message + "\n").utf8))
        printUsage(programName)
        _exit(2)
    }

    /// `flag.PrintDefaults` without the help texts (the stand-in does not carry them).
    static func printUsage(_ programName: String) {
        var text = "Usage of \(programName):\n"
        for flag in FlagTable.all { text += "  -\(flag.name)\(flag.kind.placeholder)\n" }
        writeAll(1, Array(text.utf8))
    }
}
