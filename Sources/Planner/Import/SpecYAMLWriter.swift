/// Writes an imported fleet as spec YAML (docs/SPEC.md): strings double-quoted where YAML
/// could misread them, numbers plain, secrets as `{env: NAME}`.
enum SpecYAMLWriter {
    static func write(_ f: ImportedFleet) -> String {
        var out = f.header.map { "# \($0)\n" }.joined()
        out += "version: 1\nfleet: \(f.fleet)\n"
        var defaults: [String] = []
        if let image = f.image { defaults.append("  image: \(q(image))") }
        if let dir = f.aiModelsDir { defaults.append("  aiModelsDir: \(q(dir))") }
        if let dir = f.dataDir { defaults.append("  dataDir: \(q(dir))") }
        if !defaults.isEmpty { out += "\ndefaults:\n" + defaults.joined(separator: "\n") + "\n" }
        out += "\nhosts:\n"
        for host in f.hosts {
            out += "  \(host.name): {\(host.docker.map { "docker: \(q($0))" } ?? "")}\n"
        }
        if !f.models.isEmpty {
            out += "\nmodels:\n"
            for m in f.models { out += model(m) }
        }
        let orchestrators = f.nodes.filter { $0.role != .worker }
        let workers = f.nodes.filter { $0.role == .worker }
        out += "\norchestrators:" + (orchestrators.isEmpty ? " {}\n" : "\n")
        for o in orchestrators { out += node(o) }
        if !workers.isEmpty {
            out += "\nworkers:\n"
            for w in workers { out += node(w) }
        }
        return out
    }

    private static func model(_ m: ImportedFleet.Model) -> String {
        var out = "  \(m.name):\n    pipeline: \(q(m.pipeline))\n    model_id: \(q(m.modelID))\n"
        if let price = m.price { out += "    price: \(priceText(price))\n" }
        if !m.gatewayPrices.isEmpty {
            out += "    gateway_prices:\n"
            for gp in m.gatewayPrices { out += "      \(q(gp.gateway)): \(priceText(gp.price))\n" }
        }
        if !m.flags.isEmpty {
            let flags = m.flags.map { flag -> String in
                switch flag.value {
                case .bool(let b): "\(q(flag.name)): \(b)"
                case .string(let s): "\(q(flag.name)): \(q(s, always: true))"
                }
            }
            out += "    optimization_flags: {\(flags.joined(separator: ", "))}\n"
        }
        if let e = m.external {
            var fields = ["url: \(q(e.url))"]
            if let token = e.tokenVariable { fields.append("token: {env: \(token)}") }
            if let capacity = e.capacity { fields.append("capacity: \(capacity)") }
            out += "    external: {\(fields.joined(separator: ", "))}\n"
        }
        return out
    }

    private static func priceText(_ p: ImportedFleet.PriceRow) -> String {
        var fields = ["per_unit: \(p.perUnit.hasPrefix("+") ? String(p.perUnit.dropFirst()) : p.perUnit)"]
        if let pixels = p.pixels { fields.append("pixels_per_unit: \(pixels)") }
        if let currency = p.currency { fields.append("currency: \(q(currency))") }
        return "{\(fields.joined(separator: ", "))}"
    }

    private static func node(_ n: ImportedFleet.Node) -> String {
        var out = "  \(n.name):\n    host: \(n.host)\n"
        if n.role == .combined { out += "    mode: combined\n" }
        if let o = n.orchestrator { out += "    orchestrator: \(o)\n" }
        if let s = n.serviceAddr { out += "    serviceAddr: \(q(s))\n" }
        if let s = n.secretVariable { out += "    secret: {env: \(s)}\n" }
        if let image = n.image { out += "    image: \(q(image))\n" }
        if let c = n.onchain {
            out += "    onchain:\n      network: \(q(c.network))\n"
            if let v = c.ethUrl { out += "      ethUrl: \(q(v))\n" }
            if let v = c.ethAcctAddr { out += "      ethAcctAddr: \(q(v))\n" }
            if let v = c.ethPasswordVariable { out += "      ethPassword: {env: \(v)}\n" }
            if let v = c.pricePerUnit { out += "      pricePerUnit: \(v)\n" }
            out += "      aiServiceRegistry: \(c.aiServiceRegistry)\n"
        }
        if !n.gpus.isEmpty { out += "    gpus: [\(n.gpus.map { "{id: \($0)}" }.joined(separator: ", "))]\n" }
        if let c = n.containersPerGPU { out += "    containersPerGPU: \(c)\n" }
        if !n.runnerImages.isEmpty {
            out += "    runnerImages: {\(n.runnerImages.map { "\(q($0.key)): \(q($0.image))" }.joined(separator: ", "))}\n"
        }
        if n.role != .orchestrator {
            out += "    models:" + (n.uses.isEmpty ? " []\n" : "\n")
            for u in n.uses { out += u.warm > 0 ? "      - {model: \(u.model), warm: \(u.warm)}\n" : "      - \(u.model)\n" }
        }
        return out
    }

    /// A YAML scalar for a string: plain when it cannot be misread, else double-quoted (JSON escapes).
    static func q(_ s: String, always: Bool = false) -> String {
        let safe = !s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || "-_./:@".unicodeScalars.contains($0) }
            && !(s.first.map { "-:@".contains($0) || $0.isASCIIDigit } ?? true) && !s.contains(": ") && !s.hasSuffix(":") && s.lowercased() != "null"
        if safe && !always { return s }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += unicodeEscape(scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
