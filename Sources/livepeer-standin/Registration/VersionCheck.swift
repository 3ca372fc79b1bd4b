/// `core.Capabilities.LivepeerVersionCompatibleWith`, the check the orchestrator makes with its own
/// version as the minimum: Masterminds/semver parsing, pre-release suffixes dropped, worker >= minimum.
enum VersionCheck {
    struct Version: Comparable {
        let major: UInt64, minor: UInt64, patch: UInt64

        static func < (a: Version, b: Version) -> Bool {
            (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
    }

    /// `semver.NewVersion`: `v?MAJOR(.MINOR)?(.PATCH)?(-pre)?(+meta)?`.
    static func parse(_ text: String) -> Version? {
        var rest = Substring(text)
        if rest.hasPrefix("v") { rest = rest.dropFirst() }
        let identifiers: (Substring) -> Bool = { part in
            !part.isEmpty && part.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
        }
        if let plus = rest.firstIndex(of: "+") {
            guard identifiers(rest[rest.index(after: plus)...]) else { return nil }
            rest = rest[..<plus]
        }
        if let dash = rest.firstIndex(of: "-") {
            guard identifiers(rest[rest.index(after: dash)...]) else { return nil }
            rest = rest[..<dash]
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(numbers.count) else { return nil }
        var values: [UInt64] = []
        for number in numbers {
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt64(number) else { return nil }
            values.append(value)
        }
        while values.count < 3 { values.append(0) }
        return Version(major: values[0], minor: values[1], patch: values[2])
    }

    /// Whether a worker of `workerVersion` may attach to an orchestrator whose minimum is `minimum`.
    static func compatible(workerVersion: String, minimum: String) -> Bool {
        if minimum.isEmpty { return true }
        if workerVersion.isEmpty || workerVersion == "undefined" { return false }
        guard let floor = parse(minimum) else {
            logWarning(Sites.minVersionParse, "error while parsing minVersion: Invalid Semantic Version")
            return true
        }
        guard let version = parse(workerVersion) else {
            logWarning(Sites.versionParse, "error while parsing version: Invalid Semantic Version")
            return false
        }
        return !(version < floor)
    }
}
