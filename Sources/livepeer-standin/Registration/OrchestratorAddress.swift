/// The host part of an `https://` URL as Go's `url.ParseRequestURI` splits it.
struct OrchestratorAddress: Sendable {
    /// `url.Host`: what go-livepeer logs and hands to gRPC (`host:port`, or `host`).
    let host: String
    /// `url.Port()`; nil when the URL has none.
    let port: String?

    /// gRPC's default when the target names no port.
    var dialPort: String { port.flatMap { $0.isEmpty ? nil : $0 } ?? "443" }

    struct ParseError: Error { let message: String }

    /// starter.go `parseOrchAddrs`: comma list; missing host 127.0.0.1, missing port 8935; bad entries are logged and skipped.
    static func parseList(_ text: String) -> [OrchestratorAddress] {
        guard !text.isEmpty else { return [] }
        var addresses: [OrchestratorAddress] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            var address = defaultAddress(goTrimSpace(String(entry)), host: "127.0.0.1", port: "8935")
            if !address.hasPrefix("http") { address = "https://" + address }
            switch parse(address) {
            case .success(let parsed): addresses.append(parsed)
            case .failure(let error): logError(Sites.orchURI, "Could not parse orchestrator URI: \(error.message)")
            }
        }
        return addresses
    }

    static func parse(_ url: String) -> Result<OrchestratorAddress, ParseError> {
        let fail: (String) -> Result<OrchestratorAddress, ParseError> = { .failure(ParseError(message: "parse \(goQuote(url)): \($0)")) }
        guard let schemeEnd = url.firstRange(of: "://") else {
            return url.hasPrefix("/") ? .success(OrchestratorAddress(host: "", port: nil)) : fail("invalid URI for request")
        }
        let scheme = url[..<schemeEnd.lowerBound]
        guard let first = scheme.first, first.isLetter, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else {
            return fail("first path segment in URL cannot contain colon")
        }
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.contains(where: { $0 == " " || ($0.asciiValue ?? 0x20) < 0x20 }) {
            return fail("invalid character \" \" in host name")
        }
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return fail("missing ']' in host") }
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return fail("invalid port \(goQuote(String(after))) after host") }
                port = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            port = authority[authority.index(after: colon)...]
        }
        if let port, !port.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return fail("invalid port \(goQuote(":" + port)) after host")
        }
        return .success(OrchestratorAddress(host: String(authority), port: port.map(String.init)))
    }
}
