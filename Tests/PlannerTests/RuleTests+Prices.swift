import Spec

/// Prices as go-livepeer parses them, per-gateway price lists and on-chain settings.
extension RuleCase {
    static let prices: [RuleCase] = [
        RuleCase(
            title: "a price written as a string with its currency (the docs' example)",
            id: "lpai.price.not-a-number", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 1️⃣"0.5e-2USD", currency: wei}
                """),
            message: ["\"0.5e-2USD\"", "plain number", "'currency'"]
        ),
        RuleCase(
            title: "a plain price that is not a JSON number",
            id: "lpai.price.not-a-number", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price:
                      per_unit: 1️⃣4_768_371
                      currency: wei
                """),
            message: ["'4_768_371'", "plain number"]
        ),
        RuleCase(
            title: "pixels_per_unit that is not an integer",
            id: "lpai.price.pixels-per-unit", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, pixels_per_unit: 1️⃣1.5, currency: wei}
                """),
            message: ["pixels_per_unit", "'1.5'", "positive integer"]
        ),
        RuleCase(
            title: "pixels_per_unit of zero",
            id: "lpai.price.pixels-per-unit", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, pixels_per_unit: 1️⃣0, currency: wei}
                """),
            message: ["model 'sd'", "is 0", "positive integer"]
        ),
        RuleCase(
            title: "a negative price",
            id: "lpai.price.negative", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 1️⃣-1, currency: wei}
                """),
            message: ["-1", "model 'sd'", "negative"]
        ),
        RuleCase(
            title: "a negative per-gateway price",
            id: "lpai.price.negative", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, currency: wei}
                    gateway_prices:
                      "0xab12": {per_unit: 1️⃣-0.5e3, currency: wei}
                """),
            message: ["-0.5e3", "model 'sd'", "negative"]
        ),
        RuleCase(
            title: "one gateway priced twice in different letter case",
            id: "lpai.price.duplicate-gateway", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, currency: wei}
                    gateway_prices:
                      2️⃣0xAB12: {per_unit: 1, currency: wei}
                      1️⃣0xab12: {per_unit: 2, currency: wei}
                """),
            message: ["'0xab12'", "model 'sd'", "lowercases"]
        ),
        RuleCase(
            title: "a gateway price keyed 'default'",
            id: "lpai.price.duplicate-gateway", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, currency: wei}
                    gateway_prices:
                      1️⃣Default: {per_unit: 1, currency: wei}
                """),
            message: ["'Default'", "'price'"]
        ),
        RuleCase(
            title: "a USD price behind an off-chain orchestrator",
            id: "lpai.price.currency-offchain", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 0.005, currency: 1️⃣USD}
                """),
            message: ["'USD'", "model 'sd'", "orchestrator 'orch'", "onchain"]
        ),
        RuleCase(
            title: "a served model without a price",
            id: "lpai.price.missing", severity: .error,
            spec: Fixture.spec(models: """
                models:
                  1️⃣sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                """),
            message: ["model 'sd'", "orchestrator 'orch'", "price:"]
        ),
        RuleCase(
            title: "a served model without a price for a gateway another model prices",
            id: "lpai.price.missing-gateway", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      sd:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                        gateway_prices:
                          "0xAB12": {per_unit: 3500000, currency: wei}
                      1️⃣sd2:
                        pipeline: text-to-image
                        model_id: stabilityai/stable-diffusion-2-1
                        price: {per_unit: 4768371, currency: wei}
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}, {id: 1}]
                        models: [{model: sd, warm: 1}, {model: sd2, warm: 1}]
                    """
            ),
            message: ["model 'sd2'", "gateway 0xab12", "gateway_prices.0xab12"]
        ),
        RuleCase(
            title: "per-gateway prices on a combined orchestrator",
            id: "lpai.combined.gateway-prices", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      sd:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                        gateway_prices:
                          1️⃣"0xab12": {per_unit: 3500000, currency: wei}
                          "0xcd34": {per_unit: 3600000, currency: wei}
                    """,
                orchestrators: """
                    orchestrators:
                      orch:
                        host: orch-box
                        mode: combined
                        serviceAddr: orch.example:8935
                        gpus: [{id: 0}]
                        models: [{model: sd, warm: 1}]
                    """,
                workers: ""
            ),
            message: ["model 'sd'", "combined orchestrator 'orch'", "split orchestrator"]
        ),
        RuleCase(
            title: "an on-chain orchestrator without pricePerUnit",
            id: "lpai.onchain.price-per-unit", severity: .error,
            spec: Fixture.spec(orchestrators: """
                orchestrators:
                  orch:
                    host: orch-box
                    serviceAddr: orch.example:8935
                    secret: {env: ORCH_SECRET}
                    onchain:
                      1️⃣network: arbitrum-one-mainnet
                      ethUrl: https://arb1.example/rpc
                      ethAcctAddr: "0x1111111111111111111111111111111111111111"
                      ethPassword: {env: ETH_PASSWORD}
                """),
            message: ["'orch'", "arbitrum-one-mainnet", "pricePerUnit"]
        ),
        RuleCase(
            title: "an on-chain orchestrator without its eth password",
            id: "lpai.onchain.eth", severity: .error,
            spec: Fixture.spec(orchestrators: """
                orchestrators:
                  orch:
                    host: orch-box
                    serviceAddr: orch.example:8935
                    secret: {env: ORCH_SECRET}
                    onchain: 1️⃣{network: arbitrum-one-mainnet, pricePerUnit: 1200, ethUrl: "https://arb1.example/rpc", ethAcctAddr: "0x1111111111111111111111111111111111111111"}
                """),
            message: ["'orch'", "lacks ethPassword"]
        ),
        RuleCase(
            title: "a negative on-chain pricePerUnit",
            id: "lpai.price.negative", severity: .error,
            spec: Fixture.spec(orchestrators: """
                orchestrators:
                  orch:
                    host: orch-box
                    serviceAddr: orch.example:8935
                    secret: {env: ORCH_SECRET}
                    onchain:
                      network: arbitrum-one-mainnet
                      pricePerUnit: 1️⃣-1200
                      ethUrl: https://arb1.example/rpc
                      ethAcctAddr: "0x1111111111111111111111111111111111111111"
                      ethPassword: {file: /etc/lpai/secrets/eth}
                """),
            message: ["pricePerUnit -1200", "negative"]
        ),
        RuleCase(
            title: "two catalogue models with one pipeline and model_id but different prices",
            id: "lpai.price.conflict", severity: .error,
            spec: Fixture.spec(
                models: """
                    models:
                      2️⃣sd:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 4768371, currency: wei}
                      1️⃣sd-cheap:
                        pipeline: text-to-image
                        model_id: runwayml/stable-diffusion-v1-5
                        price: {per_unit: 100, currency: wei}
                    """,
                workers: """
                    workers:
                      gpu-1:
                        host: gpu-box
                        orchestrator: orch
                        gpus: [{id: 0}, {id: 1}]
                        models: [{model: sd, warm: 1}, {model: sd-cheap, warm: 1}]
                    """
            ),
            message: ["'sd' and 'sd-cheap'", "priced differently"]
        ),
    ]
}
