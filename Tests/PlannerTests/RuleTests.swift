import Planner
import Spec
import Testing

extension RuleCase {
    static let all: [RuleCase] = references + topology + models + prices + gpu + capacity + hosts
}

/// Every diagnostic the rules, the capacity planner and the price decoder emit, each asserted
/// by id, severity, exact position (marker `1️⃣`) and message on a spec broken in one place.
/// The cases live in RuleTests+<group>.swift.
@Suite struct RuleTests {
    @Test func baseFixtureIsValid() throws {
        let (diagnostics, _) = compile(Fixture.base)
        #expect(diagnostics.isEmpty, "the base fixture must compile without a word: \(render(diagnostics))")
    }

    @Test(arguments: RuleCase.all)
    func diagnosticPointsAtTheProblem(_ c: RuleCase) throws {
        try verify(c)
    }

    @Test func everyDiagnosticIDHasACase() {
        var emitted = Set(Rule.all.flatMap(\.ids))
        emitted.formUnion(["lpai.capacity.requirement-short", "lpai.price.not-a-number", "lpai.price.pixels-per-unit"])
        let tested = Set(RuleCase.all.map(\.id))
        #expect(emitted.subtracting(tested).sorted() == [], "ids without a rule test")
        #expect(tested.subtracting(emitted).sorted() == [], "cases for ids no rule declares")
    }

    /// `Rule.ids` is what `lpai-apply rules` lists: a rule must not emit an id it does not declare.
    @Test(arguments: RuleCase.all)
    func eachRuleEmitsOnlyItsDeclaredIDs(_ c: RuleCase) throws {
        let fixture = MarkedSpec(c.spec)
        guard let spec = SpecLoader.load(text: fixture.text, file: "spec.yaml").spec else { return }
        for (index, rule) in Rule.all.enumerated() {
            let emitted = Set(Planner.compile(spec, rules: [rule]).diagnostics.map(\.id))
            let undeclared = emitted.subtracting(rule.ids).subtracting(["lpai.capacity.requirement-short"])
            #expect(undeclared.isEmpty, "Rule.all[\(index)] (\(rule.summary)) emits \(undeclared.sorted()) but declares \(rule.ids)")
        }
    }

    @Test func markersAreStrippedAndPositionedInUnicodeScalars() {
        let fixture = MarkedSpec("a: 1️⃣x\n  é: 2️⃣\"y\"\n3️⃣")
        #expect(fixture.text == "a: x\n  é: \"y\"\n")
        #expect(fixture["1️⃣"] == Spec.SourceLocation(file: "spec.yaml", line: 1, column: 4))
        #expect(fixture["2️⃣"] == Spec.SourceLocation(file: "spec.yaml", line: 2, column: 6))
        #expect(fixture["3️⃣"] == Spec.SourceLocation(file: "spec.yaml", line: 3, column: 1))
    }

    /// The rule's own summary: two orchestrators cannot advertise the same address.
    @Test func twoOrchestratorsCannotShareAServiceAddr() throws {
        try verify(RuleCase(
            title: "two orchestrators advertise one serviceAddr",
            id: "lpai.orchestrator.service-addr", severity: .error,
            spec: Fixture.spec(
                hosts: """
                    hosts:
                      orch-box: {}
                      orch-box-2: {}
                      gpu-box: {}
                      gpu-box-2: {}
                    """,
                orchestrators: """
                    orchestrators:
                      orch:
                        host: orch-box
                        serviceAddr: orch.example:8935
                        secret: {env: ORCH_SECRET}
                      orch-2:
                        host: orch-box-2
                        serviceAddr: 1️⃣orch.example:8935
                        secret: {env: ORCH_SECRET}
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                      gpu-2:
                        host: gpu-box-2
                        orchestrator: orch-2
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """
            ),
            message: ["orch.example:8935", "orch"]
        ))
    }
    /// go-livepeer panics when one worker's aiModels.json has the same (pipeline, model_id) warm
    /// and cold (starter.go: "Cannot have same model_id (%v) as cold and warm in same AI worker").
    /// An external runner's entry is rendered with `"warm": true`, so a cold managed use of the
    /// same model_id next to it is that panic.
    @Test func externalRunnerAndColdManagedUseOfOneModelIDPanic() throws {
        try verify(RuleCase(
            title: "an external runner and a cold managed use of one model_id",
            id: "lpai.models.warm-and-cold", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      llama-ext:
                        pipeline: llm
                        model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
                        price: {per_unit: 0.18, currency: wei}
                        external:
                          url: http://127.0.0.1:9000
                      llama:
                        pipeline: llm
                        model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
                        price: {per_unit: 0.18, currency: wei}
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models:
                          - 2️⃣{model: llama-ext}
                          - 1️⃣{model: llama}
                    """
            ),
            message: ["'meta-llama/Meta-Llama-3.1-8B-Instruct'", "warm and cold"]
        ))
    }
}

/// Specs close to a rule's trigger that go-livepeer accepts: no diagnostic at all.
@Suite struct RuleNegativeControls {
    static let valid: [(String, String)] = [
        ("DEEPCACHE switched off next to SFAST", Fixture.spec(models: """
            models:
              sd:
                pipeline: text-to-image
                model_id: ByteDance/SDXL-Lightning
                price: {per_unit: 4768371, pixels_per_unit: 1, currency: wei}
                optimization_flags: {SFAST: true, DEEPCACHE: false}
            """)),
        ("a worker serving only an external runner needs no GPU", Fixture.spec(
            models: """
                models:
                  llama:
                    pipeline: llm
                    model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
                    price: {per_unit: 0.18, currency: eth}
                    external:
                      url: https://llm.internal.example:9000
                      token: {env: LLAMA_TOKEN}
                      capacity: 8
                """,
            workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    models: [{model: llama}]
                """
        )),
        ("two workers on one host with their own GPUs and serviceAddrs; GPU id 9", Fixture.spec(
            models: Fixture.twoModels,
            workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    serviceAddr: gpu-box.example:8936
                    gpus: [{id: 0}]
                    models: [{model: sd, warm: 1}]
                  gpu-2:
                    host: gpu-box
                    orchestrator: orch
                    serviceAddr: gpu-box.example:8937
                    gpus: [{id: 9}]
                    models: [{model: sd2, warm: 1}]
                """
        )),
        ("an llm model with its runner image pinned, and a free slot for a cold model", Fixture.spec(
            defaults: """
                defaults:
                  image: livepeer/go-livepeer:v0.9.1
                  runnerImages: {default: livepeer/ai-runner:v0.14.1, llm: livepeer/ai-runner:llm-v0.14.1}
                """,
            models: Fixture.withLLM,
            workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    image: livepeer/go-livepeer:v0.9.2
                    gpus: [{id: 0}, {id: 1}]
                    models: [{model: llama, warm: 1}, {model: sd}]
                """
        )),
        ("every gateway priced for every model, in any letter case", Fixture.spec(
            models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 0, currency: wei}
                    gateway_prices:
                      "0xAB12": {per_unit: 1e6, currency: WEI}
                  sd2:
                    pipeline: text-to-image
                    model_id: stabilityai/stable-diffusion-2-1
                    price: {per_unit: 4768371, currency: wei}
                    gateway_prices:
                      "0xab12": {per_unit: 3500000, pixels_per_unit: 1}
                """,
            workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    gpus: [{id: 0}, {id: 1}]
                    models: [{model: sd, warm: 1}, {model: sd2, warm: 1}]
                """
        )),
        // starter.go keys the warm/cold panic by pipeline capability *and* model_id:
        // SDXL-Lightning warm for text-to-image and cold for image-to-image is accepted.
        ("one model_id warm in one pipeline and cold in another", Fixture.spec(
            models: """
                models:
                  sdxl-t2i:
                    pipeline: text-to-image
                    model_id: ByteDance/SDXL-Lightning
                    price: {per_unit: 4768371, currency: wei}
                  sdxl-i2i:
                    pipeline: image-to-image
                    model_id: ByteDance/SDXL-Lightning
                    price: {per_unit: 4768371, currency: wei}
                """,
            workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    gpus: [{id: 0}, {id: 1}]
                    models: [{model: sdxl-t2i, warm: 1}, {model: sdxl-i2i}]
                """
        )),
        ("an on-chain orchestrator with every flag it needs", Fixture.spec(orchestrators: """
            orchestrators:
              orch:
                host: orch-box
                serviceAddr: orch.example:8935
                secret: {file: /etc/lpai/secrets/orch}
                onchain:
                  network: arbitrum-one-mainnet
                  pricePerUnit: 1200
                  ethUrl: https://arb1.example/rpc
                  ethAcctAddr: "0x1111111111111111111111111111111111111111"
                  ethPassword: {env: ETH_PASSWORD}
            """)),
    ]

    @Test(arguments: valid)
    func compilesWithoutDiagnostics(_ title: String, _ spec: String) {
        let (diagnostics, _) = compile(spec)
        #expect(diagnostics.isEmpty, "\(title): \(render(diagnostics))")
    }
}
