import Foundation
import Planner
import Spec
import Testing

@Suite struct ImportTests {
    private func compile(_ yaml: String) throws -> CompileResult {
        let load = SpecLoader.load(text: yaml, file: "imported.yaml")
        #expect(load.diagnostics.isEmpty, "\(load.diagnostics.map(\.message))")
        let spec = try #require(load.spec)
        return Planner.compile(spec)
    }

    @Test func aSplitFleetImportsCompilesAndRoundTrips() throws {
        let (nodes, flagProblems) = try ImportFixture.nodes("split", ["orch", "gpu-1", "gpu-2"])
        #expect(flagProblems.isEmpty, "\(flagProblems.map(\.message))")
        let result = FleetImporter.build(nodes, options: ImportOptions(fleet: "eu-prod", image: "livepeer/go-livepeer:v0.9.1"))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        let yaml = try #require(result.yaml)
        let compiled = try compile(yaml)
        #expect(!compiled.diagnostics.hasErrors, "\(compiled.diagnostics.map(\.message))\n\(yaml)")
        let plan = try #require(compiled.plan)
        let rendered = ImportFixture.rendered(plan)
        for node in nodes {
            let role = try #require(result.roles[node.name])
            let original = try #require(node.models).entries
            let again = try #require(rendered[node.name]).entries
            let difference = RoundTrip.compare(node: node.name, original: original, rendered: again, role: role)
            #expect(difference == nil, "\(node.name): \(String(describing: difference))\n\(yaml)")
        }
        // The round trip is not vacuous: each side has the entries.
        let gpu1 = try #require(rendered["gpu-1"])
        let orch = try #require(rendered["orch"])
        #expect(RoundTrip.loaded(gpu1.entries, role: .worker).count == 3)
        #expect(RoundTrip.loaded(orch.entries, role: .orchestrator).count == 6)
    }

    @Test func theSplitSpecSaysWhatTheSetupSays() throws {
        let (nodes, _) = try ImportFixture.nodes("split", ["orch", "gpu-1", "gpu-2"])
        let result = FleetImporter.build(nodes, options: ImportOptions(fleet: "eu-prod", image: "livepeer/go-livepeer:v0.9.1"))
        let yaml = try #require(result.yaml)
        let spec = try #require(SpecLoader.load(text: yaml, file: "imported.yaml").spec)
        #expect(spec.fleet.value == "eu-prod")
        #expect(spec.orchestrators.map(\.name.value) == ["orch"])
        #expect(spec.orchestrators.first?.serviceAddr.value == "orch.example.com:8935")
        #expect(spec.orchestrators.first?.secret?.name == "ORCH_SECRET")
        let gpu1 = try #require(spec.workers.first { $0.name.value == "gpu-1" })
        #expect(gpu1.orchestrator.value == "orch")
        #expect(gpu1.gpus.map(\.id.value) == [0, 1, 2])
        #expect(gpu1.models.map(\.warmCount) == [2, 1])
        #expect(gpu1.serviceAddr?.value == "gpu-1.example.com:8936")
        let gpu2 = try #require(spec.workers.first { $0.name.value == "gpu-2" })
        #expect(gpu2.orchestrator.value == "orch", "-orchAddr without a port means 8935")
        let llm = try #require(spec.models.first { $0.external != nil })
        #expect(llm.external?.token?.name == "META_LLAMA_3_1_8B_INSTRUCT_TOKEN")
        #expect(spec.defaults.dataDir == nil, "the mounts follow the default /var/lib/livepeer/{node}")
        #expect(spec.defaults.image?.value == "livepeer/go-livepeer:v0.9.1")
        #expect(spec.defaults.aiModelsDir?.value == "/var/lib/livepeer/models")
        #expect(result.secrets.map(\.variable).sorted() == ["META_LLAMA_3_1_8B_INSTRUCT_TOKEN", "ORCH_SECRET"])
        // -monitor and -v are reported as not carried over.
        #expect(result.diagnostics.filter { $0.id == "lpai.import.flag-dropped" }.compactMap { $0.message.split(separator: " ").first }.sorted() == ["-monitor", "-v"])
    }

    @Test func secretsNeverReachTheSpec() throws {
        let (nodes, _) = try ImportFixture.nodes("split", ["orch", "gpu-1", "gpu-2"])
        let result = FleetImporter.build(nodes)
        let yaml = try #require(result.yaml)
        for secret in ["my-orch-secret", "llm-runner-token-42"] {
            #expect(!yaml.contains(secret))
            #expect(!result.diagnostics.contains { $0.message.contains(secret) })
            #expect(!result.secrets.contains { $0.purpose.contains(secret) })
        }
        #expect(yaml.contains("secret: {env: ORCH_SECRET}"))
    }

    @Test func theDocsSetupIsReportedNotImported() throws {
        let (nodes, flagProblems) = try ImportFixture.nodes("docs", ["orch", "worker"])
        let result = FleetImporter.build(nodes)
        #expect(result.yaml == nil)
        let all = flagProblems + result.diagnostics
        let orchFlags = try ImportFixture.text("docs/orch.sh")
        let unknown = try #require(all.first { $0.id == "lpai.import.unknown-flag" })
        #expect(unknown.location == orchFlags["1️⃣"])
        #expect(unknown.message.contains("did you mean -aiServiceRegistry?"))
        let orchModels = try ImportFixture.text("docs/orch.json")
        #expect(all.contains { $0.id == "lpai.lint.price-string" && $0.location == orchModels["1️⃣"] })
        let workerModels = try ImportFixture.text("docs/worker.json")
        #expect(all.contains { $0.id == "lpai.lint.trailing-comma" && $0.location == workerModels["2️⃣"] })
    }

    @Test func aManagedCapacityBecomesWarmNAndTheRoundTripShowsExactlyThat() throws {
        let (split, _) = try ImportFixture.nodes("split", ["orch"])
        let models = #"[{"pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning", "warm": true, "capacity": 2, "optimization_flags": {"SFAST": true}}]"#
        let (invocation, _) = LivepeerCommand.read("-aiWorker -orchAddr orch.example.com:8935 -orchSecret my-orch-secret -nvidia 0,1 -aiModels /m.json", file: "w.flags")
        let workerFlags = try #require(invocation)
        let worker = ImportNode(name: "w", invocation: workerFlags, models: AIModelsFile.read(Array(models.utf8), file: "w.json"), host: "w")
        let orchModels = #"[{"pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning", "price_per_unit": 10}]"#
        var orch = try #require(split.first)
        orch.models = AIModelsFile.read(Array(orchModels.utf8), file: "o.json")
        let result = FleetImporter.build([orch, worker], options: ImportOptions(image: "livepeer/go-livepeer:v0.9.1"))
        #expect(result.diagnostics.contains { $0.id == "lpai.lint.capacity-managed" })
        #expect(result.diagnostics.contains { $0.id == "lpai.import.capacity-rewritten" })
        let yaml = try #require(result.yaml)
        let plan = try #require(try compile(yaml).plan)
        let rendered = try #require(ImportFixture.rendered(plan)["w"])
        let original = try #require(worker.models)
        let difference = try #require(RoundTrip.compare(node: "w", original: original.entries, rendered: rendered.entries, role: .worker))
        #expect(difference.onlyOriginal == ["pipeline=text-to-image model_id=ByteDance/SDXL-Lightning warm=true capacity=2 flags={SFAST=true}"])
        #expect(difference.onlyRendered == Array(repeating: "pipeline=text-to-image model_id=ByteDance/SDXL-Lightning warm=true flags={SFAST=true}", count: 2))
    }

    @Test func aWorkerWithAnotherSecretOrAnUnknownOrchestratorIsAnError() throws {
        let (split, _) = try ImportFixture.nodes("split", ["orch"])
        let (wrongSecret, _) = LivepeerCommand.read("-aiWorker -orchAddr orch.example.com:8935 -orchSecret other", file: "a")
        let (wrongOrch, _) = LivepeerCommand.read("-aiWorker -orchAddr elsewhere.example.com:8935 -orchSecret my-orch-secret", file: "b")
        let a = try #require(wrongSecret)
        let b = try #require(wrongOrch)
        let result = FleetImporter.build(split + [
            ImportNode(name: "a", invocation: a, models: nil, host: "a"),
            ImportNode(name: "b", invocation: b, models: nil, host: "b"),
        ])
        #expect(result.yaml == nil)
        #expect(result.diagnostics.contains { $0.id == "lpai.import.secret-mismatch" && $0.location?.file == "a" })
        #expect(result.diagnostics.contains { $0.id == "lpai.import.orch-addr" && $0.location?.file == "b" })
        #expect(!result.diagnostics.contains { $0.message.contains("other") && $0.id == "lpai.import.secret-mismatch" })
    }

    @Test func roundTripComparisonFailsOnARealDifference() throws {
        let a = AIModelsFile.read(Array(#"[{"pipeline": "llm", "model_id": "m", "price_per_unit": 0.18}]"#.utf8), file: "a").entries
        let b = AIModelsFile.read(Array(#"[{"pipeline": "llm", "model_id": "m", "price_per_unit": 18e-2, "currency": "WEI", "pixels_per_unit": 1}]"#.utf8), file: "b").entries
        let c = AIModelsFile.read(Array(#"[{"pipeline": "llm", "model_id": "m", "price_per_unit": 0.19}]"#.utf8), file: "c").entries
        #expect(RoundTrip.compare(node: "o", original: a, rendered: b, role: .orchestrator) == nil)
        #expect(RoundTrip.compare(node: "o", original: a, rendered: c, role: .orchestrator) != nil)
        #expect(RoundTrip.compare(node: "o", original: a + a, rendered: a, role: .orchestrator) != nil, "a multiset, not a set")
    }
}

@Suite struct ImportOnChainTests {
    @Test func onChainFlagsBecomeTheOnchainSectionWithSecretsAsReferences() throws {
        let flags = """
            docker run --name o -v /srv/lp/o:/root/.lpData livepeer/go-livepeer:v0.9.1 -orchestrator -serviceAddr o.example.com:8935 \\
              -network arbitrum-one-mainnet -ethUrl https://arb1.example.com/rpc -ethAcctAddr 0x0000000000000000000000000000000000000001 \\
              -ethPassword /root/.lpData/eth-pass.txt -pricePerUnit 1200 -aiServiceRegistry -orchSecret "$ORCH_SECRET" -aiModels /root/.lpData/m.json \\
              -aiRunnerImageOverrides '{"live": {"streamdiffusion": "livepeer/ai-runner:live-app-v1"}}'
            """
        let (invocation, problems) = LivepeerCommand.read(flags, file: "o.sh")
        #expect(problems.isEmpty, "\(problems.map(\.message))")
        let models = #"[{"pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning", "price_per_unit": 4768371}]"#
        let node = ImportNode(name: "o", invocation: try #require(invocation), models: AIModelsFile.read(Array(models.utf8), file: "m.json"), host: "o")
        let result = FleetImporter.build([node])
        let yaml = try #require(result.yaml)
        #expect(yaml.contains("""
                onchain:
                  network: arbitrum-one-mainnet
                  ethUrl: https://arb1.example.com/rpc
                  ethAcctAddr: "0x0000000000000000000000000000000000000001"
                  ethPassword: {env: O_ETH_PASSWORD}
                  pricePerUnit: 1200
                  aiServiceRegistry: true
            """), "\(yaml)")
        #expect(yaml.contains("dataDir: \"/srv/lp/{node}\""))
        #expect(result.secrets.map(\.variable) == ["O_SECRET", "O_ETH_PASSWORD"])
        #expect(result.secrets[0].purpose.contains("today the shell expression $ORCH_SECRET"))
        #expect(result.secrets[1].purpose.contains("today the content of the file /root/.lpData/eth-pass.txt"))
        let spec = try #require(SpecLoader.load(text: yaml, file: "imported.yaml").spec)
        let onchain = try #require(spec.orchestrators.first?.onchain)
        #expect(onchain.pricePerUnit?.value == "1200")
        #expect(onchain.ethPassword?.name == "O_ETH_PASSWORD")
        let compiled = Planner.compile(spec)
        #expect(!compiled.diagnostics.hasErrors, "\(compiled.diagnostics.map(\.message))")
    }
}

@Suite struct ImportRewriteTests {
    @Test func mergedColdEntriesAndUnservedPricesAreAnnouncedAndAreTheOnlyDifferences() throws {
        let orchFlags = try #require(LivepeerCommand.read("-orchestrator -serviceAddr o.example.com:8935 -orchSecret /s -aiModels /m.json", file: "o").0)
        let workerFlags = try #require(LivepeerCommand.read("-aiWorker -orchAddr o.example.com -orchSecret /s -nvidia 0 -aiModels /m.json", file: "w").0)
        let orchModels = """
            [{"pipeline": "upscale", "model_id": "stabilityai/stable-diffusion-x4-upscaler", "price_per_unit": 10},
             {"pipeline": "llm", "model_id": "unserved/model", "price_per_unit": 1}]
            """
        let workerModels = """
            [{"pipeline": "upscale", "model_id": "stabilityai/stable-diffusion-x4-upscaler", "warm": false},
             {"pipeline": "upscale", "model_id": "stabilityai/stable-diffusion-x4-upscaler", "warm": false}]
            """
        let orch = ImportNode(name: "o", invocation: orchFlags, models: AIModelsFile.read(Array(orchModels.utf8), file: "o.json"), host: "o")
        let worker = ImportNode(name: "w", invocation: workerFlags, models: AIModelsFile.read(Array(workerModels.utf8), file: "w.json"), host: "w")
        let result = FleetImporter.build([orch, worker], options: ImportOptions(image: "livepeer/go-livepeer:v0.9.1"))
        #expect(result.diagnostics.contains { $0.id == "lpai.import.cold-merged" && $0.location?.file == "w.json" && $0.location?.line == 2 })
        #expect(result.diagnostics.contains { $0.id == "lpai.import.unserved-price" && $0.location?.file == "o.json" && $0.location?.line == 2 })
        let yaml = try #require(result.yaml)
        let spec = try #require(SpecLoader.load(text: yaml, file: "imported.yaml").spec)
        let plan = try #require(Planner.compile(spec).plan)
        let rendered = ImportFixture.rendered(plan)
        let (workerOriginal, workerRendered) = (try #require(worker.models), try #require(rendered["w"]))
        let workerDiff = try #require(RoundTrip.compare(node: "w", original: workerOriginal.entries, rendered: workerRendered.entries, role: .worker))
        #expect(workerDiff.onlyOriginal == ["pipeline=upscale model_id=stabilityai/stable-diffusion-x4-upscaler warm=false"])
        #expect(workerDiff.onlyRendered.isEmpty)
        let (orchOriginal, orchRendered) = (try #require(orch.models), try #require(rendered["o"]))
        let orchDiff = try #require(RoundTrip.compare(node: "o", original: orchOriginal.entries, rendered: orchRendered.entries, role: .orchestrator))
        #expect(orchDiff.onlyOriginal == ["pipeline=llm model_id=unserved/model price=1e0 pixels=1e0 currency=wei"])
        #expect(orchDiff.onlyRendered.isEmpty)
    }
}
