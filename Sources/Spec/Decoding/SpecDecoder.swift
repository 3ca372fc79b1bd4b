/// Turns the merged YAML tree into a typed ``FleetSpec``.
struct SpecDecoder {
    var d = NodeDecoder()

    static let topLevelKeys = SpecSchema.root.keys

    mutating func decode(root: YAMLNode, files: [String]) -> FleetSpec? {
        guard let top = d.fields(root, what: "the spec", allowed: Self.topLevelKeys) else { return nil }
        let version = d.require(top, "version", "the spec format version; write 'version: 1'").flatMap { d.int($0, what: "version") }
        if let version, version.value != 1 {
            d.error("lpai.spec.version", at: version.location, "spec version \(version.value) is not supported; this lpai-apply reads 'version: 1'")
        }
        let fleet = d.require(top, "fleet", "the fleet's name, which labels every container").flatMap { d.string($0, what: "fleet") }
        if let fleet, !NodeDecoder.isValidName(fleet.value) {
            d.error("lpai.spec.name", at: fleet.location, "fleet name '\(fleet.value)' must be 1–63 letters, digits, '-', '_' or '.', starting with a letter or digit")
        }
        let defaults = top["defaults"].map { decodeDefaults($0) } ?? Defaults()
        let hosts = top["hosts"].map { d.named($0, what: "hosts").compactMap { decodeHost($0.name, $0.value) } } ?? []
        let models = top["models"].map { d.named($0, what: "models").compactMap { decodeModel($0.name, $0.value) } } ?? []
        let orchestrators = top["orchestrators"].map { d.named($0, what: "orchestrators").compactMap { decodeOrchestrator($0.name, $0.value) } } ?? []
        let workers = top["workers"].map { d.named($0, what: "workers").compactMap { decodeWorker($0.name, $0.value) } } ?? []
        let requirements = top["requirements"].flatMap { d.sequence($0, what: "requirements") }?.compactMap { decodeRequirement($0) } ?? []
        if orchestrators.isEmpty, !d.diagnostics.hasErrors {
            let at = top.keyLocation("orchestrators") ?? root.location
            d.error("lpai.spec.missing-key", at: at, "the spec needs 'orchestrators': at least one orchestrator")
        }
        guard let version, let fleet, !d.diagnostics.hasErrors else { return nil }
        return FleetSpec(
            version: version, fleet: fleet, defaults: defaults, hosts: hosts, models: models,
            orchestrators: orchestrators, workers: workers, requirements: requirements, files: files
        )
    }

    private mutating func decodeDefaults(_ node: YAMLNode) -> Defaults {
        let allowed = SpecSchema.defaults.keys
        guard let f = d.fields(node, what: "defaults", allowed: allowed) else { return Defaults() }
        return Defaults(
            image: f["image"].flatMap { d.string($0, what: "defaults.image") },
            runnerImages: f["runnerImages"].map { decodeRunnerImages($0, what: "defaults.runnerImages") } ?? RunnerImages(),
            containersPerGPU: f["containersPerGPU"].flatMap { d.int($0, what: "defaults.containersPerGPU", range: 1...9) },
            aiModelsDir: f["aiModelsDir"].flatMap { absolutePath($0, what: "defaults.aiModelsDir") },
            dataDir: f["dataDir"].flatMap { absolutePath($0, what: "defaults.dataDir") }
        )
    }

    private mutating func absolutePath(_ node: YAMLNode, what: String) -> Located<String>? {
        guard let path = d.string(node, what: what) else { return nil }
        guard path.value.hasPrefix("/") else {
            d.error("lpai.spec.path", at: node.location, "\(what) must be an absolute host path (go-livepeer bind-mounts it into runner containers), found '\(path.value)'")
            return nil
        }
        return path
    }

    private mutating func decodeRunnerImages(_ node: YAMLNode, what: String) -> RunnerImages {
        guard case .mapping(let entries) = node.kind else {
            d.typeMismatch(node, expected: "a mapping of 'default' or a pipeline name to an image", what: what)
            return RunnerImages()
        }
        var images = RunnerImages()
        for entry in entries {
            guard case .scalar(let key) = entry.key.kind, let image = d.string(entry.value, what: "\(what).\(key.text)") else { continue }
            if key.text == "default" {
                images.defaultImage = image
            } else {
                images.perPipeline.append(.init(pipeline: Located(key.text, at: entry.key.location), image: image))
            }
        }
        return images
    }

    private mutating func decodeHost(_ name: Located<String>, _ node: YAMLNode) -> Host? {
        let what = "host '\(name.value)'"
        guard let f = d.fields(node, what: what, allowed: SpecSchema.host.keys) else { return nil }
        var tls: Host.TLS?
        if let tlsNode = f["tls"], let t = d.fields(tlsNode, what: "\(what).tls", allowed: SpecSchema.tls.keys) {
            let ca = d.require(t, "ca", "the CA certificate file").flatMap { d.string($0, what: "\(what).tls.ca") }
            let cert = d.require(t, "cert", "the client certificate file").flatMap { d.string($0, what: "\(what).tls.cert") }
            let key = d.require(t, "key", "the client key file").flatMap { d.string($0, what: "\(what).tls.key") }
            if let ca, let cert, let key { tls = Host.TLS(ca: ca, cert: cert, key: key, at: tlsNode.location) }
        }
        return Host(
            name: name, docker: f["docker"].flatMap { d.string($0, what: "\(what).docker") }, tls: tls,
            insecure: f["insecure"].flatMap { d.bool($0, what: "\(what).insecure") }
        )
    }

    private mutating func decodeModel(_ name: Located<String>, _ node: YAMLNode) -> Model? {
        let what = "model '\(name.value)'"
        let allowed = SpecSchema.model.keys
        guard let f = d.fields(node, what: what, allowed: allowed) else { return nil }
        let pipeline = d.require(f, "pipeline", "the go-livepeer pipeline, e.g. text-to-image").flatMap { d.string($0, what: "\(what).pipeline") }
        let modelID = d.require(f, "model_id", "the Hugging Face model id, e.g. ByteDance/SDXL-Lightning").flatMap { d.string($0, what: "\(what).model_id") }
        let price = f["price"].flatMap { decodePrice($0, what: "\(what).price") }
        var gatewayPrices: [GatewayPrice] = []
        if let node = f["gateway_prices"] {
            for (gateway, value) in gatewayEntries(node, what: "\(what).gateway_prices") {
                if let p = decodePrice(value, what: "\(what).gateway_prices.\(gateway.value)") {
                    gatewayPrices.append(GatewayPrice(gateway: gateway, price: p))
                }
            }
        }
        var flags: [OptimizationFlag] = []
        if let node = f["optimization_flags"] {
            if case .mapping(let entries) = node.kind {
                for entry in entries {
                    guard case .scalar(let key) = entry.key.kind else { continue }
                    if let value = flagValue(entry.value, what: "\(what).optimization_flags.\(key.text)") {
                        flags.append(OptimizationFlag(name: Located(key.text, at: entry.key.location), value: value))
                    }
                }
            } else {
                d.typeMismatch(node, expected: "a mapping of flag names to true, false or a string", what: "\(what).optimization_flags")
            }
        }
        let vram = f["vram"].flatMap { d.size($0, what: "\(what).vram") }
        let external = f["external"].flatMap { decodeExternal($0, what: "\(what).external") }
        guard let pipeline, let modelID else { return nil }
        return Model(
            name: name, pipeline: pipeline, modelID: modelID, price: price, gatewayPrices: gatewayPrices,
            optimizationFlags: flags, vram: vram, external: external
        )
    }

    private mutating func gatewayEntries(_ node: YAMLNode, what: String) -> [(Located<String>, YAMLNode)] {
        guard case .mapping(let entries) = node.kind else {
            d.typeMismatch(node, expected: "a mapping of gateway addresses to prices", what: what)
            return []
        }
        var result: [(Located<String>, YAMLNode)] = []
        for entry in entries {
            guard case .scalar(let key) = entry.key.kind else { continue }
            guard !key.text.isEmpty, key.text.lowercased() != "default" else {
                d.error("lpai.price.duplicate-gateway", at: entry.key.location, "gateway key '\(key.text)' means the default price in go-livepeer; set it with 'price' instead")
                continue
            }
            result.append((Located(key.text, at: entry.key.location), entry.value))
        }
        return result
    }

    private mutating func flagValue(_ node: YAMLNode, what: String) -> Located<OptimizationFlag.Value>? {
        guard case .scalar(let s) = node.kind, !s.isNull else {
            d.typeMismatch(node, expected: "true, false or a string", what: what)
            return nil
        }
        if s.style == .plain, let b = ["true": true, "True": true, "TRUE": true, "false": false, "False": false, "FALSE": false][s.text] {
            return Located(.bool(b), at: node.location)
        }
        // go-livepeer's flag values are bools or strings; numbers travel as strings.
        return Located(.string(s.text), at: node.location)
    }

    private mutating func decodePrice(_ node: YAMLNode, what: String) -> Price? {
        guard let f = d.fields(node, what: what, allowed: SpecSchema.price.keys) else { return nil }
        let perUnit = d.require(f, "per_unit", "the price per unit as a number").flatMap { d.number($0, what: "\(what).per_unit") }
        var pixels: Located<Int>?
        if let node = f["pixels_per_unit"] {
            if case .scalar(let s) = node.kind, s.style == .plain, NodeDecoder.parseDecimalInt(s.text) == nil {
                d.error(
                    "lpai.price.pixels-per-unit", at: node.location,
                    "\(what).pixels_per_unit must be a positive integer, found '\(s.text)'; go-livepeer panics at startup otherwise (LIVEPEER.md)"
                )
            } else {
                pixels = d.int(node, what: "\(what).pixels_per_unit")
            }
        }
        let currency = f["currency"].flatMap { d.string($0, what: "\(what).currency") }
        guard let perUnit else { return nil }
        return Price(perUnit: perUnit, pixelsPerUnit: pixels, currency: currency, at: node.location)
    }

    private mutating func decodeExternal(_ node: YAMLNode, what: String) -> ExternalRunner? {
        guard let f = d.fields(node, what: what, allowed: SpecSchema.external.keys) else { return nil }
        let url = d.require(f, "url", "the runner's base URL").flatMap { d.string($0, what: "\(what).url") }
        let token = f["token"].flatMap { d.secret($0, what: "\(what).token") }
        let capacity = f["capacity"].flatMap { d.int($0, what: "\(what).capacity", range: 1...100_000) }
        guard let url else { return nil }
        return ExternalRunner(url: url, token: token, capacity: capacity, at: node.location)
    }

    private mutating func decodeOrchestrator(_ name: Located<String>, _ node: YAMLNode) -> Orchestrator? {
        let what = "orchestrator '\(name.value)'"
        let allowed = SpecSchema.orchestrator.keys
        guard let f = d.fields(node, what: what, allowed: allowed) else { return nil }
        let host = d.require(f, "host", "the name of the host it runs on").flatMap { d.string($0, what: "\(what).host") }
        let serviceAddr = d.require(f, "serviceAddr", "the public host:port workers and gateways reach").flatMap { d.string($0, what: "\(what).serviceAddr") }
        var mode = Located(OrchestratorMode.split, at: node.location)
        if let modeNode = f["mode"], let text = d.string(modeNode, what: "\(what).mode") {
            if let parsed = OrchestratorMode(rawValue: text.value) {
                mode = Located(parsed, at: text.location)
            } else {
                d.error("lpai.spec.enum", at: text.location, "\(what).mode must be 'split' or 'combined', found '\(text.value)'\(Suggest.hint(for: text.value, in: ["split", "combined"]))")
            }
        }
        let onchain = f["onchain"].flatMap { decodeOnChain($0, what: "\(what).onchain") }
        let placement = decodePlacement(f, what: what)
        guard let host, let serviceAddr else { return nil }
        return Orchestrator(
            name: name, host: host, mode: mode, serviceAddr: serviceAddr,
            secret: f["secret"].flatMap { d.secret($0, what: "\(what).secret") },
            image: f["image"].flatMap { d.string($0, what: "\(what).image") }, onchain: onchain,
            gpus: placement.gpus, containersPerGPU: placement.containersPerGPU, models: placement.models,
            runnerImages: placement.runnerImages, at: name.location
        )
    }

    private mutating func decodeOnChain(_ node: YAMLNode, what: String) -> OnChain? {
        let allowed = SpecSchema.onchain.keys
        guard let f = d.fields(node, what: what, allowed: allowed) else { return nil }
        let network = d.require(f, "network", "the chain, e.g. arbitrum-one-mainnet").flatMap { d.string($0, what: "\(what).network") }
        guard let network else { return nil }
        return OnChain(
            network: network, ethUrl: f["ethUrl"].flatMap { d.string($0, what: "\(what).ethUrl") },
            ethAcctAddr: f["ethAcctAddr"].flatMap { d.string($0, what: "\(what).ethAcctAddr") },
            ethPassword: f["ethPassword"].flatMap { d.secret($0, what: "\(what).ethPassword") },
            pricePerUnit: f["pricePerUnit"].flatMap { d.number($0, what: "\(what).pricePerUnit") },
            aiServiceRegistry: f["aiServiceRegistry"].flatMap { d.bool($0, what: "\(what).aiServiceRegistry") },
            at: node.location
        )
    }

    private struct Placement {
        var gpus: [GPU] = []
        var containersPerGPU: Located<Int>?
        var models: [ModelUse] = []
        var runnerImages = RunnerImages()
    }

    private mutating func decodePlacement(_ f: NodeDecoder.Fields, what: String) -> Placement {
        var p = Placement()
        if let node = f["gpus"], let items = d.sequence(node, what: "\(what).gpus") {
            p.gpus = items.enumerated().compactMap { decodeGPU($1, what: "\(what).gpus[\($0)]") }
        }
        p.containersPerGPU = f["containersPerGPU"].flatMap { d.int($0, what: "\(what).containersPerGPU", range: 1...9) }
        if let node = f["models"], let items = d.sequence(node, what: "\(what).models") {
            p.models = items.enumerated().compactMap { decodeModelUse($1, what: "\(what).models[\($0)]") }
        }
        p.runnerImages = f["runnerImages"].map { decodeRunnerImages($0, what: "\(what).runnerImages") } ?? RunnerImages()
        return p
    }

    private mutating func decodeGPU(_ node: YAMLNode, what: String) -> GPU? {
        guard let f = d.fields(node, what: what, allowed: SpecSchema.gpu.keys) else { return nil }
        let id = d.require(f, "id", "the GPU index as nvidia-smi numbers it").flatMap { d.int($0, what: "\(what).id") }
        guard let id else { return nil }
        return GPU(
            id: id, name: f["name"].flatMap { d.string($0, what: "\(what).name") },
            vram: f["vram"].flatMap { d.size($0, what: "\(what).vram") }, at: node.location
        )
    }

    private mutating func decodeModelUse(_ node: YAMLNode, what: String) -> ModelUse? {
        if case .scalar = node.kind, let name = d.string(node, what: what) {
            return ModelUse(model: name, warm: nil, at: node.location)
        }
        guard let f = d.fields(node, what: what, allowed: SpecSchema.modelUse.keys) else { return nil }
        let model = d.require(f, "model", "the name of a model in 'models'").flatMap { d.string($0, what: "\(what).model") }
        var warm: Located<Int>?
        if let warmNode = f["warm"] {
            if case .scalar(let s) = warmNode.kind, s.style == .plain, ["true", "false"].contains(s.text) {
                d.error("lpai.spec.type", at: warmNode.location, "\(what).warm is a count of warm containers, not a boolean: write 'warm: 1' for one warm container, or leave it out for a cold model")
            } else {
                warm = d.int(warmNode, what: "\(what).warm", range: 0...1000)
            }
        }
        guard let model else { return nil }
        return ModelUse(model: model, warm: warm, at: node.location)
    }

    private mutating func decodeWorker(_ name: Located<String>, _ node: YAMLNode) -> Worker? {
        let what = "worker '\(name.value)'"
        let allowed = SpecSchema.worker.keys
        guard let f = d.fields(node, what: what, allowed: allowed) else { return nil }
        let host = d.require(f, "host", "the name of the host it runs on").flatMap { d.string($0, what: "\(what).host") }
        let orchestrator = d.require(f, "orchestrator", "the orchestrator it registers with").flatMap { d.string($0, what: "\(what).orchestrator") }
        let placement = decodePlacement(f, what: what)
        guard let host, let orchestrator else { return nil }
        return Worker(
            name: name, host: host, orchestrator: orchestrator, image: f["image"].flatMap { d.string($0, what: "\(what).image") },
            gpus: placement.gpus, containersPerGPU: placement.containersPerGPU, models: placement.models,
            runnerImages: placement.runnerImages, serviceAddr: f["serviceAddr"].flatMap { d.string($0, what: "\(what).serviceAddr") },
            at: name.location
        )
    }

    private mutating func decodeRequirement(_ node: YAMLNode) -> Requirement? {
        let what = "requirement"
        guard let f = d.fields(node, what: what, allowed: SpecSchema.requirement.keys) else { return nil }
        let model = d.require(f, "model", "the model that needs capacity").flatMap { d.string($0, what: "requirement.model") }
        let capacity = d.require(f, "capacity", "how many concurrent requests the fleet must offer").flatMap { d.int($0, what: "requirement.capacity", range: 1...10_000_000) }
        guard let model, let capacity else { return nil }
        return Requirement(
            model: model, capacity: capacity,
            orchestrator: f["orchestrator"].flatMap { d.string($0, what: "requirement.orchestrator") }, at: node.location
        )
    }
}
