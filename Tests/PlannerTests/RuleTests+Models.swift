import Spec

/// Optimization flags, external runners, runner images and go-livepeer versions.
extension RuleCase {
    static let models: [RuleCase] = [
        RuleCase(
            title: "SFAST and DEEPCACHE together",
            id: "lpai.flags.sfast-deepcache", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, currency: wei}
                    optimization_flags: {SFAST: true, 1️⃣DEEPCACHE: true}
                """),
            message: ["model 'sd'", "SFAST and DEEPCACHE", "mutually exclusive"]
        ),
        RuleCase(
            title: "DEEPCACHE on a Lightning model",
            id: "lpai.flags.deepcache-lightning", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: ByteDance/SDXL-Lightning
                    price: {per_unit: 4768371, currency: wei}
                    optimization_flags:
                      1️⃣DEEPCACHE: true
                """),
            message: ["'ByteDance/SDXL-Lightning'", "DEEPCACHE"]
        ),
        RuleCase(
            title: "optimization flags on a cold model",
            id: "lpai.flags.cold-model", severity: .warning,
            spec: Fixture.spec(
                models: """
                    models:
                      sd:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                        optimization_flags: {SFAST: true}
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [1️⃣{model: sd}]
                    """
            ),
            message: ["model 'sd'", "cold on 'gpu-1'", "warm containers only"]
        ),
        RuleCase(
            title: "a misspelt optimization flag",
            id: "lpai.flags.unknown", severity: .warning,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, currency: wei}
                    optimization_flags: {1️⃣SFAST_WARMPU: true}
                """),
            message: ["'SFAST_WARMPU'", "did you mean 'SFAST_WARMUP'"]
        ),
        RuleCase(
            title: "optimization flags on an external runner",
            id: "lpai.flags.external", severity: .warning,
            spec: Fixture.spec(
                models: """
                    models:
                      llama:
                        pipeline: llm
                        model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
                        price: {per_unit: 0.18, currency: wei}
                        optimization_flags: {1️⃣MAX_MODEL_LEN: "8192"}
                        external:
                          url: http://127.0.0.1:9000
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        models: [{model: llama}]
                    """
            ),
            message: ["model 'llama'", "external runner", "no effect"]
        ),
        RuleCase(
            title: "an external runner URL without a scheme",
            id: "lpai.external.url-scheme", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      llama:
                        pipeline: llm
                        model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
                        price: {per_unit: 0.18, currency: wei}
                        external:
                          url: 1️⃣127.0.0.1:9000
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        models: [{model: llama}]
                    """
            ),
            message: ["'127.0.0.1:9000'", "model 'llama'", "http://"]
        ),
        RuleCase(
            title: "an external runner URL that is the orchestrator's serviceAddr",
            id: "lpai.external.points-at-orchestrator", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      llama:
                        pipeline: llm
                        model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
                        price: {per_unit: 0.18, currency: wei}
                        external:
                          url: 1️⃣https://ORCH.example:8935/
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        models: [{model: llama}]
                    """
            ),
            message: ["'https://ORCH.example:8935/'", "orchestrator 'orch'", "attach to the worker"]
        ),
        RuleCase(
            title: "'warm' on an external runner",
            id: "lpai.external.warm", severity: .warning,
            spec: Fixture.spec(
                models: """
                    models:
                      llama:
                        pipeline: llm
                        model_id: meta-llama/Meta-Llama-3.1-8B-Instruct
                        price: {per_unit: 0.18, currency: wei}
                        external:
                          url: http://127.0.0.1:9000
                          capacity: 4
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        models: [{model: llama, warm: 1️⃣2}]
                    """
            ),
            message: ["'llama'", "external.capacity"]
        ),
        RuleCase(
            title: "an llm model when only the default runner image is pinned",
            id: "lpai.runner-image.pipeline-pin", severity: .warning,
            spec: Fixture.spec(
                defaults: """
                    defaults:
                      image: livepeer/go-livepeer:v0.9.1
                      runnerImages: {default: 2️⃣livepeer/ai-runner:v0.14.1}
                    """,
                models: Fixture.withLLM,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}, {id: 1}]
                        models: [{model: sd, warm: 1}, 1️⃣{model: llama, warm: 1}]
                    """
            ),
            message: ["'gpu-1'", "llm", "runnerImages.llm"]
        ),
        RuleCase(
            title: "a runnerImages key that is not a pipeline",
            id: "lpai.runner-image.unknown-pipeline", severity: .error,
            spec: Fixture.spec(defaults: """
                defaults:
                  image: livepeer/go-livepeer:v0.9.1
                  runnerImages:
                    default: livepeer/ai-runner:v0.14.1
                    1️⃣lm: livepeer/ai-runner:llm-v0.14.1
                """),
            message: ["'lm'", "did you mean 'llm'"]
        ),
        RuleCase(
            title: "a node without any go-livepeer image",
            id: "lpai.image.missing", severity: .error,
            spec: Fixture.spec(
                defaults: "defaults:\n  \(Fixture.runnerImages)",
                orchestrators: """
                    orchestrators:
                      orch:
                        host: orch-box
                        image: livepeer/go-livepeer:v0.9.1
                        serviceAddr: orch.example:8935
                        secret: {env: ORCH_SECRET}
                    """,
                workers: """
                    workers:
                      1️⃣gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """
            ),
            message: ["'gpu-1'", "defaults.image"]
        ),
        RuleCase(
            title: "a node image tagged latest",
            id: "lpai.image.unpinned", severity: .warning,
            spec: Fixture.spec(workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    image: 1️⃣livepeer/go-livepeer:latest
                    gpus: [{id: 0}]
                    models: [{model: sd, warm: 1}]
                """),
            message: ["'livepeer/go-livepeer:latest'", "not pinned"]
        ),
        RuleCase(
            title: "a worker older than its orchestrator",
            id: "lpai.version.worker-older", severity: .error,
            spec: Fixture.spec(
                defaults: """
                    defaults:
                      image: 2️⃣livepeer/go-livepeer:v0.9.1
                      \(Fixture.runnerImages)
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        image: 1️⃣livepeer/go-livepeer:v0.9.0
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """
            ),
            message: ["worker 'gpu-1'", "0.9.0", "0.9.1", "Upgrade the worker"]
        ),
        RuleCase(
            title: "no runner image pinned at all",
            id: "lpai.runner-image.unpinned", severity: .warning,
            spec: Fixture.spec(
                defaults: """
                    defaults:
                      image: livepeer/go-livepeer:v0.9.1
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [1️⃣{model: sd, warm: 1}]
                    """
            ),
            message: ["'gpu-1'", "text-to-image", "runnerImages.default"]
        ),
    ]
}
