/// Draws every choice of a fleet from one SplitMix64 stream, in a fixed order, while keeping
/// each choice inside what the planner's rules accept without a warning.
struct FleetBuilder {
    let options: FleetGen.Options
    var rng: SplitMix64
    let templates: [ModelTemplate]
    let managed: [Int]
    /// Flags apply to warm containers only (lpai.flags.cold-model), so flagged models stay warm.
    let coldCapable: [Int]
    let externals: [Int]

    init(options: FleetGen.Options) {
        self.options = options
        rng = SplitMix64(seed: options.seed)
        let templates = (0..<options.models).map(Catalogue.template)
        self.templates = templates
        managed = templates.indices.filter { !templates[$0].isExternal }
        coldCapable = managed.filter { templates[$0].flags.isEmpty }
        externals = templates.indices.filter { templates[$0].isExternal }
    }

    mutating func build() -> GeneratedFleet {
        let gateways = (0..<2).map { _ in "0x" + rng.hex(40) }
        let models = templates.map { model($0, gateways: gateways.count) }
        let orchestrators = (0..<options.orchestrators).map { orchestrator($0) }
        var workers: [GeneratedFleet.Worker] = []
        workers.reserveCapacity(options.workers)
        for index in 0..<options.workers { workers.append(worker(index)) }
        let requirements = requirements(models: models, workers: workers)
        return GeneratedFleet(fleet: "bench", gateways: gateways, models: models, orchestrators: orchestrators, workers: workers, requirements: requirements)
    }

    // MARK: Catalogue

    private mutating func model(_ template: ModelTemplate, gateways: Int) -> GeneratedFleet.Model {
        switch template.price {
        case .wei(let base):
            // Gateways with volume get a discount on the default price.
            let price = base * (90 + rng.below(21)) / 100
            let discounted = (0..<gateways).map { _ in String(price * (70 + rng.below(25)) / 100) }
            return GeneratedFleet.Model(template: template, price: String(price), gatewayPrices: discounted, currency: "wei")
        case .decimal(let text):
            return GeneratedFleet.Model(template: template, price: text, gatewayPrices: Array(repeating: text, count: gateways), currency: "wei")
        case .eth(let text):
            return GeneratedFleet.Model(template: template, price: text, gatewayPrices: Array(repeating: text, count: gateways), currency: "eth")
        }
    }

    // MARK: Nodes

    var orchestratorWidth: Int { max(3, String(options.orchestrators).count) }
    var workerWidth: Int { max(5, String(options.workers).count) }

    func orchestratorName(_ index: Int) -> String { "orch-" + Self.padded(index + 1, orchestratorWidth) }
    func workerName(_ index: Int) -> String { "gpu-" + Self.padded(index + 1, workerWidth) }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private mutating func orchestrator(_ index: Int) -> GeneratedFleet.Orchestrator {
        let name = orchestratorName(index)
        let variable = name.uppercased().replacingHyphens()
        let secret = index % 2 == 0 ? "{env: \(variable)_SECRET}" : "{file: /etc/lpai/secrets/\(name)}"
        // Every fourth orchestrator runs on-chain (its prices may then use any currency; ours stay wei/eth).
        let onchain = index % 4 == 3
            ? GeneratedFleet.OnChain(ethAcctAddr: "0x" + rng.hex(40), passwordEnv: "\(variable)_ETH_PASSWORD", pricePerUnit: 1000 + rng.below(1000))
            : nil
        return GeneratedFleet.Orchestrator(name: name, serviceAddr: "\(name).example.com:8935", secret: secret, onchain: onchain)
    }

    private mutating func worker(_ index: Int) -> GeneratedFleet.Worker {
        let name = workerName(index)
        let kind = rng.pick(Catalogue.gpuKinds)
        // Two runners per GPU only where two of the largest models fit.
        let containersPerGPU = kind.vramGiB >= 48 && rng.chance(40) ? 2 : 1
        let gpus = (0..<options.gpusPerWorker).map { GeneratedFleet.GPU(id: $0, name: kind.name, vramGiB: kind.vramGiB) }
        let uses = uses(slots: options.gpusPerWorker * containersPerGPU)
        let serviceAddr = rng.chance(25) ? "\(name).workers.example.net:8935" : nil
        // A rolling upgrade in progress: workers go first, since orchestrators refuse older workers.
        let image = rng.chance(5) ? Catalogue.upgradedImage : nil
        let llmRunner = rng.chance(5) ? "livepeer/ai-runner:llm-v0.14.2" : nil
        return GeneratedFleet.Worker(
            name: name, orchestrator: index % options.orchestrators, gpus: gpus, containersPerGPU: containersPerGPU,
            uses: uses, serviceAddr: serviceAddr, image: image, llmRunner: llmRunner
        )
    }

    /// One to two warm models filling the slots, sometimes a cold model (which needs a free
    /// slot, lpai.gpu.cold-no-slot) and sometimes an external runner.
    private mutating func uses(slots: Int) -> [GeneratedFleet.Use] {
        let wantsCold = !coldCapable.isEmpty && rng.chance(30)
        var warmBudget = wantsCold ? slots - 1 : slots
        if warmBudget >= 2, rng.chance(20) { warmBudget -= 1 }
        let kinds = min(warmBudget, warmBudget >= 2 && rng.chance(35) ? 2 : 1)
        let warmModels = rng.sample(managed, count: kinds)
        var uses: [GeneratedFleet.Use] = []
        for (i, model) in warmModels.enumerated() {
            let share = warmBudget / warmModels.count + (i < warmBudget % warmModels.count ? 1 : 0)
            uses.append(GeneratedFleet.Use(model: model, warm: share))
        }
        if wantsCold {
            let candidates = coldCapable.filter { !warmModels.contains($0) }
            if !candidates.isEmpty { uses.append(GeneratedFleet.Use(model: rng.pick(candidates), warm: 0)) }
        }
        if !externals.isEmpty, rng.chance(15) {
            uses.append(GeneratedFleet.Use(model: rng.pick(externals), warm: 0))
        }
        if uses.isEmpty, let first = managed.first {
            uses.append(GeneratedFleet.Use(model: first, warm: max(1, slots)))
        }
        return uses
    }

    // MARK: Requirements

    /// Three fleet-wide requirements at 3/4 of what the fleet offers and one scoped to the first
    /// orchestrator at half of its share: always met, never trivially.
    private func requirements(models: [GeneratedFleet.Model], workers: [GeneratedFleet.Worker]) -> [GeneratedFleet.Requirement] {
        var total = Array(repeating: 0, count: models.count)
        var first = Array(repeating: 0, count: models.count)
        for worker in workers {
            for use in worker.uses {
                let advertised = models[use.model].template.external?.capacity ?? max(use.warm, 1)
                total[use.model] += advertised
                if worker.orchestrator == 0 { first[use.model] += advertised }
            }
        }
        let ranked = total.indices.filter { total[$0] > 0 }.sorted { (total[$0], -$0) > (total[$1], -$1) }
        var out = ranked.prefix(3).map { GeneratedFleet.Requirement(model: $0, capacity: max(1, total[$0] * 3 / 4), orchestrator: nil) }
        if let top = first.indices.filter({ first[$0] > 0 }).max(by: { (first[$0], -$0) < (first[$1], -$1) }) {
            out.append(GeneratedFleet.Requirement(model: top, capacity: max(1, first[top] / 2), orchestrator: 0))
        }
        return out
    }
}

extension String {
    /// `ORCH-001` → `ORCH_001`: a valid environment variable name.
    func replacingHyphens() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
