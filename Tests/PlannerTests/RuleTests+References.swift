import Spec

/// References, node names, empty nodes, secrets and service addresses.
extension RuleCase {
    static let references: [RuleCase] = [
        RuleCase(
            title: "a worker names a host that is not defined",
            id: "lpai.ref.unknown-host", severity: .error,
            spec: Fixture.spec(workers: """
                workers:
                  gpu-1:
                    host: 1️⃣gpu-bx
                    orchestrator: orch
                    gpus: [{id: 0}]
                    models: [{model: sd, warm: 1}]
                """),
            message: ["host 'gpu-bx'", "did you mean 'gpu-box'", "hosts"]
        ),
        RuleCase(
            title: "an orchestrator names a host that is not defined",
            id: "lpai.ref.unknown-host", severity: .error,
            spec: Fixture.spec(orchestrators: """
                orchestrators:
                  orch:
                    host: 1️⃣orch-bx
                    serviceAddr: orch.example:8935
                    secret: {env: ORCH_SECRET}
                """),
            message: ["host 'orch-bx'", "did you mean 'orch-box'"]
        ),
        RuleCase(
            title: "a worker registers with an orchestrator that is not defined",
            id: "lpai.ref.unknown-orchestrator", severity: .error,
            spec: Fixture.spec(workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: 1️⃣orhc
                    gpus: [{id: 0}]
                    models: [{model: sd, warm: 1}]
                """),
            message: ["orchestrator 'orhc'", "did you mean 'orch'"],
            // True of the spec as written: 'orch' has no worker attached.
            also: ["lpai.orchestrator.no-workers"]
        ),
        RuleCase(
            title: "a requirement scopes itself to an orchestrator that is not defined",
            id: "lpai.ref.unknown-orchestrator", severity: .error,
            spec: Fixture.spec(requirements: """
                requirements:
                  - {model: sd, capacity: 1, orchestrator: 1️⃣orch-us}
                """),
            message: ["orchestrator 'orch-us'", "'orchestrators'"]
        ),
        RuleCase(
            title: "a worker serves a model missing from the catalogue",
            id: "lpai.ref.unknown-model", severity: .error,
            spec: Fixture.spec(workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    gpus: [{id: 0}, {id: 1}]
                    models: [{model: sd, warm: 1}, {model: 1️⃣sdd}]
                """),
            message: ["model 'sdd'", "did you mean 'sd'", "'models' catalogue"]
        ),
        RuleCase(
            title: "a requirement names a model missing from the catalogue",
            id: "lpai.ref.unknown-model", severity: .error,
            spec: Fixture.spec(requirements: """
                requirements:
                  - {model: 1️⃣sdxl, capacity: 1}
                """),
            message: ["model 'sdxl'"]
        ),
        RuleCase(
            title: "a worker has the name of an orchestrator",
            id: "lpai.name.duplicate", severity: .error,
            spec: Fixture.spec(
                orchestrators: """
                    orchestrators:
                      2️⃣orch:
                        host: orch-box
                        serviceAddr: orch.example:8935
                        secret: {env: ORCH_SECRET}
                    """,
                workers: """
                    workers:
                      1️⃣orch:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """
            ),
            message: ["worker 'orch'", "rename"]
        ),
        RuleCase(
            title: "a worker lists no models",
            id: "lpai.node.no-models", severity: .warning,
            spec: Fixture.spec(workers: """
                workers:
                  1️⃣gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    gpus: [{id: 0}]
                """),
            message: ["worker 'gpu-1'", "serves no model"]
        ),
        RuleCase(
            title: "a worker runs a managed model without GPUs",
            id: "lpai.node.no-gpus", severity: .error,
            spec: Fixture.spec(workers: """
                workers:
                  1️⃣gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    models: [{model: sd, warm: 1}]
                """),
            message: ["worker 'gpu-1'", "-nvidia"]
        ),
        RuleCase(
            title: "a split orchestrator has no worker",
            id: "lpai.orchestrator.no-workers", severity: .warning,
            spec: Fixture.spec(
                orchestrators: """
                    orchestrators:
                      1️⃣orch:
                        host: orch-box
                        serviceAddr: orch.example:8935
                        secret: {env: ORCH_SECRET}
                    """,
                workers: ""
            ),
            message: ["split orchestrator 'orch'", "mode: combined"]
        ),
        RuleCase(
            title: "a split orchestrator with workers has no secret",
            id: "lpai.secret.missing", severity: .error,
            spec: Fixture.spec(orchestrators: """
                orchestrators:
                  1️⃣orch:
                    host: orch-box
                    serviceAddr: orch.example:8935
                """),
            message: ["'orch'", "-orchSecret", "{env:"]
        ),
        RuleCase(
            title: "an orchestrator's serviceAddr is a URL",
            id: "lpai.orchestrator.service-addr", severity: .error,
            spec: Fixture.spec(orchestrators: """
                orchestrators:
                  orch:
                    host: orch-box
                    serviceAddr: 1️⃣https://orch.example:8935
                    secret: {env: ORCH_SECRET}
                """),
            message: ["'https://orch.example:8935'", "host:port"]
        ),
        RuleCase(
            title: "a worker's serviceAddr has no port",
            id: "lpai.orchestrator.service-addr", severity: .error,
            spec: Fixture.spec(workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    serviceAddr: 1️⃣gpu-box.example
                    gpus: [{id: 0}]
                    models: [{model: sd, warm: 1}]
                """),
            message: ["'gpu-box.example'", "host:port"]
        ),
    ]
}
