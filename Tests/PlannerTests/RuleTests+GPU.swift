import Spec

/// GPU ids, slots, VRAM and nodes sharing a host.
extension RuleCase {
    static let gpu: [RuleCase] = [
        RuleCase(
            title: "GPU id 10 (a five-digit runner port)",
            id: "lpai.gpu.id-range", severity: .error,
            spec: Fixture.spec(workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    gpus: [{id: 1️⃣10}]
                    models: [{model: sd, warm: 1}]
                """),
            message: ["GPU id 10", "'gpu-1'", "0–9"]
        ),
        RuleCase(
            title: "one GPU listed twice",
            id: "lpai.gpu.id-duplicate", severity: .error,
            spec: Fixture.spec(workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    gpus:
                      - id: 2️⃣1
                        name: RTX 4090
                      - id: 1️⃣1
                        name: RTX 4090
                    models: [{model: sd, warm: 1}]
                """),
            message: ["GPU id 1", "twice", "'gpu-1'"]
        ),
        RuleCase(
            title: "more warm containers than GPU slots",
            id: "lpai.gpu.slots-exceeded", severity: .error,
            spec: Fixture.spec(
                models: Fixture.twoModels,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models:
                          - {model: sd, warm: 1}
                          - 1️⃣{model: sd2, warm: 1}
                    """
            ),
            message: ["'gpu-1'", "2 warm containers but 1 GPU slots", "insufficient capacity"]
        ),
        RuleCase(
            title: "a cold model when warm containers hold every slot",
            id: "lpai.gpu.cold-no-slot", severity: .warning,
            spec: Fixture.spec(
                models: Fixture.twoModels,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}, 1️⃣{model: sd2}]
                    """
            ),
            message: ["cold model 'sd2'", "'gpu-1'", "never start"]
        ),
        RuleCase(
            title: "two warm containers that do not fit in one GPU's memory",
            id: "lpai.gpu.vram-exceeded", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      sd:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                        vram: 14GiB
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        containersPerGPU: 2
                        gpus: [{id: 0, name: RTX 4090, vram: 1️⃣24GiB}]
                        models: [{model: sd, warm: 2}]
                    """
            ),
            message: ["GPU 0 of 'gpu-1'", "24 GiB", "28 GiB", "sd (14 GiB)"]
        ),
        RuleCase(
            title: "a model larger than the node's largest GPU",
            id: "lpai.gpu.vram-too-small", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      sd:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                        vram: 30GiB
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0, vram: 24GiB}, {id: 1, vram: 16GiB}]
                        models: [1️⃣{model: sd}]
                    """
            ),
            message: ["model 'sd'", "30 GiB", "24 GiB", "'gpu-1'"]
        ),
        RuleCase(
            title: "two workers on one host share a GPU (different pipelines, distinct serviceAddr)",
            id: "lpai.host.gpu-overlap", severity: .error,
            spec: Fixture.spec(
                models: Fixture.withLLM,
                workers: """
                    workers:
                      2️⃣gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        serviceAddr: gpu-box.example:8936
                        gpus: [{id: 0}, {id: 1}]
                        models: [{model: sd, warm: 1}]
                      gpu-2:
                        host: gpu-box
                        orchestrator: orch
                        serviceAddr: gpu-box.example:8937
                        gpus: [{id: 2}, {id: 1️⃣1}]
                        models: [{model: llama, warm: 1}]
                    """
            ),
            message: ["'gpu-2' and 'gpu-1'", "GPU 1", "host 'gpu-box'"]
        ),
        RuleCase(
            title: "two workers on one host serve one pipeline on the same GPU id",
            id: "lpai.host.port-collision", severity: .error,
            spec: Fixture.spec(
                models: Fixture.twoModels,
                workers: """
                    workers:
                      2️⃣gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        serviceAddr: gpu-box.example:8936
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                      gpu-2:
                        host: gpu-box
                        orchestrator: orch
                        serviceAddr: gpu-box.example:8937
                        gpus: [{id: 1️⃣0}]
                        models: [{model: sd2, warm: 1}]
                    """
            ),
            message: ["'gpu-2' and 'gpu-1'", "127.0.0.1:8000"],
            // The shared GPU is the cause; it is reported at the same place.
            also: ["lpai.host.gpu-overlap"]
        ),
        RuleCase(
            title: "two workers on one host, neither with a serviceAddr",
            id: "lpai.host.creator-id-collision", severity: .error,
            spec: Fixture.spec(
                models: Fixture.twoModels,
                workers: """
                    workers:
                      2️⃣gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                      1️⃣gpu-2:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 1}]
                        models: [{model: sd2, warm: 1}]
                    """
            ),
            message: ["'gpu-2' and 'gpu-1'", "empty", "#3754", "serviceAddr"]
        ),
        RuleCase(
            title: "two workers on one host with the same serviceAddr",
            id: "lpai.host.creator-id-collision", severity: .error,
            spec: Fixture.spec(
                models: Fixture.twoModels,
                workers: """
                    workers:
                      2️⃣gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        serviceAddr: gpu-box.example:8936
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                      1️⃣gpu-2:
                        host: gpu-box
                        orchestrator: orch
                        serviceAddr: gpu-box.example:8936
                        gpus: [{id: 1}]
                        models: [{model: sd2, warm: 1}]
                    """
            ),
            message: ["'gpu-2' and 'gpu-1'", "'gpu-box.example:8936'"]
        ),
        RuleCase(
            title: "two workers on one host, only the second without a serviceAddr",
            id: "lpai.host.creator-id-collision", severity: .error,
            spec: Fixture.spec(
                models: Fixture.twoModels,
                workers: """
                    workers:
                      2️⃣gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        serviceAddr: gpu-box.example:8936
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                      1️⃣gpu-2:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 1}]
                        models: [{model: sd2, warm: 1}]
                    """
            ),
            message: ["'gpu-2' and 'gpu-1'", "no runner creator_id"]
        ),
        RuleCase(
            title: "two workers on one host, only the first without a serviceAddr (one collision, reported once)",
            id: "lpai.host.creator-id-collision", severity: .error,
            spec: Fixture.spec(
                models: Fixture.twoModels,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                      1️⃣gpu-2:
                        host: gpu-box
                        orchestrator: orch
                        serviceAddr: gpu-box.example:8937
                        gpus: [{id: 1}]
                        models: [{model: sd2, warm: 1}]
                    """
            ),
            message: ["'gpu-2' and 'gpu-1'", "no runner creator_id"]
        ),
        RuleCase(
            title: "a shared dataDir without {node} on a host with two nodes",
            id: "lpai.host.data-dir-shared", severity: .error,
            spec: Fixture.spec(
                defaults: """
                    defaults:
                      image: livepeer/go-livepeer:v0.9.1
                      dataDir: 1️⃣/var/lib/livepeer
                      \(Fixture.runnerImages)
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: orch-box
                        orchestrator: orch
                        serviceAddr: orch-box.example:8936
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """
            ),
            message: ["'/var/lib/livepeer'", "{node}", "'orch-box'"]
        ),
        RuleCase(
            title: "two orchestrators on one host listening on one port",
            id: "lpai.host.service-port-collision", severity: .error,
            spec: Fixture.spec(orchestrators: """
                orchestrators:
                  orch:
                    host: orch-box
                    serviceAddr: 2️⃣orch.example:8935
                    secret: {env: ORCH_SECRET}
                  orch-b:
                    host: orch-box
                    serviceAddr: 1️⃣orch-b.example:8935
                    secret: {env: ORCH_SECRET}
                """),
            message: ["'orch' and 'orch-b'", "'orch-box'", "8935"],
            also: ["lpai.orchestrator.no-workers"]
        ),
    ]

    static let capacity: [RuleCase] = [
        RuleCase(
            title: "a requirement above what the fleet advertises",
            id: "lpai.capacity.requirement-short", severity: .error,
            spec: Fixture.spec(requirements: """
                requirements:
                  - model: sd
                    capacity: 1️⃣3
                """),
            message: ["offers 1 of the 3", "'sd'", "runwayml/stable-diffusion-v1-5", "warm: N"]
        ),
        RuleCase(
            title: "a requirement scoped to an orchestrator that does not serve the model",
            id: "lpai.capacity.requirement-short", severity: .error,
            spec: Fixture.spec(
                hosts: """
                    hosts:
                      orch-box: {}
                      orch-box-2: {}
                      gpu-box: {}
                    """,
                orchestrators: """
                    orchestrators:
                      orch:
                        host: orch-box
                        serviceAddr: orch.example:8935
                        secret: {env: ORCH_SECRET}
                      orch-2:
                        host: orch-box-2
                        mode: combined
                        serviceAddr: orch-2.example:8935
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """,
                requirements: """
                    requirements:
                      - {model: sd, capacity: 1, orchestrator: orch}
                      - {model: sd, capacity: 1️⃣2, orchestrator: orch-2}
                    """
            ),
            message: ["orchestrator 'orch-2' offers 1 of the 2"]
        ),
    ]
}
