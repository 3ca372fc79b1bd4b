import Spec

/// Pipelines, split/combined topology, warm and cold uses.
extension RuleCase {
    static let topology: [RuleCase] = [
        RuleCase(
            title: "a model's pipeline is misspelt",
            id: "lpai.pipeline.unknown", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: 1️⃣text-to-imag
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, currency: wei}
                """),
            message: ["'text-to-imag'", "did you mean 'text-to-image'", "panics"]
        ),
        RuleCase(
            title: "a remote worker serves live-video-to-video",
            id: "lpai.pipeline.live-on-remote-worker", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      live:
                        pipeline: live-video-to-video
                        model_id: comfyui/streamdiffusion
                        price: {per_unit: 1, currency: wei}
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [{model: 1️⃣live, warm: 1}]
                    """
            ),
            message: ["worker 'gpu-1'", "'live'", "mode: combined"]
        ),
        RuleCase(
            title: "a remote worker registers with a combined orchestrator",
            id: "lpai.topology.worker-on-combined", severity: .error,
            spec: Fixture.spec(
                orchestrators: """
                    orchestrators:
                      orch:
                        host: orch-box
                        mode: 2️⃣combined
                        serviceAddr: orch.example:8935
                        secret: {env: ORCH_SECRET}
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: 1️⃣orch
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """
            ),
            message: ["worker 'gpu-1'", "combined orchestrator", "mode: split"]
        ),
        RuleCase(
            title: "a split orchestrator lists GPUs",
            id: "lpai.topology.split-serves-models", severity: .error,
            spec: Fixture.spec(orchestrators: """
                orchestrators:
                  1️⃣orch:
                    host: orch-box
                    serviceAddr: orch.example:8935
                    secret: {env: ORCH_SECRET}
                    gpus: [{id: 0}]
                """),
            message: ["split orchestrator 'orch'", "mode: combined"]
        ),
        RuleCase(
            title: "a worker lists one model twice",
            id: "lpai.models.repeated", severity: .error,
            spec: Fixture.spec(workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    gpus: [{id: 0}, {id: 1}]
                    models:
                      - 2️⃣{model: sd, warm: 1}
                      - 1️⃣{model: sd, warm: 1}
                """),
            message: ["'gpu-1'", "model 'sd' twice", "warm: N"]
        ),
        RuleCase(
            title: "one model_id is warm under one name and cold under another",
            id: "lpai.models.warm-and-cold", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      sd:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                      sd-cold:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}, {id: 1}]
                        models:
                          - 2️⃣{model: sd, warm: 1}
                          - 1️⃣{model: sd-cold}
                    """
            ),
            message: ["'runwayml/stable-diffusion-v1-5'", "warm and cold", "'gpu-1'"]
        ),
        RuleCase(
            title: "a cold use listed before the warm use of the same model_id (block-style uses)",
            id: "lpai.models.warm-and-cold", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      sd:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                      sd-cold:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}, {id: 1}]
                        models:
                          - 2️⃣model: sd-cold
                          - 1️⃣model: sd
                            warm: 1
                    """
            ),
            message: ["'runwayml/stable-diffusion-v1-5'", "warm and cold"]
        ),
    ]
}
