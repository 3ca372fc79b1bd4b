/// The on-chain part of `StartLivepeer` up to the Ethereum client, and the orchestrator's price checks.
/// The Ethereum node is never dialled: the stand-in acts as if every chain call succeeded.
extension Starter {
    static func checkOnChain(_ node: Startup) {
        let config = node.config
        let stake = goFloat(config.string("selectStakeWeight"))
        let price = goFloat(config.string("selectPriceWeight"))
        let random = goFloat(config.string("selectRandFreq"))
        if abs(stake + price + random - 1.0) > 0.0001 {
            starterExit(Sites.selection, "Incorrect parameters for selection algorithm, err=sum of selection algorithm weights must be 1.0, "
                + "stakeWeight=\(goNumber(stake)), priceWeight=\(goNumber(price)), randWeight=\(goNumber(random))")
        }
        var keystore = config.string("ethKeystorePath")
        while keystore.count > 1 && keystore.hasSuffix("/") { keystore.removeLast() }
        if !keystore.isEmpty && pathKind(keystore) == .missing {
            glogExit(Sites.keystore, "provided -ethKeystorePath was not found")
        }
        let ethURL = config.string("ethUrl")
        if ethURL.isEmpty { glogExit(Sites.ethURL, "Need to specify an Ethereum node JSON-RPC URL using -ethUrl") }
        logInfo(Sites.standin, "stand-in: not dialing the Ethereum node \(ethURL); chain access is simulated (nothing leaves 127.0.0.1)")
        if config.bool("orchestrator") { checkOrchestratorPrice(config) }
    }

    /// The base price checks an on-chain orchestrator makes before it sets up payments.
    private static func checkOrchestratorPrice(_ config: Config) {
        checkPixelsPerUnit(config)
        let pricePerUnit = config.string("pricePerUnit")
        if !config.isSet("pricePerUnit") && !config.bool("aiWorker") {
            goPanic("-pricePerUnit must be set")
        } else if config.isSet("pricePerUnit") && parsePricePerUnit(pricePerUnit) == nil {
            goPanic("-pricePerUnit must be a valid integer with an optional currency, provided \(pricePerUnit)")
        }
    }

    static func checkPixelsPerUnit(_ config: Config) {
        let pixels = config.string("pixelsPerUnit")
        let parsed = ratIsPositiveInteger(pixels)
        if !parsed.valid || !parsed.integer { goPanic("-pixelsPerUnit must be a valid integer, provided \(pixels)") }
        if !parsed.positive { goPanic("-pixelsPerUnit must be > 0, provided \(pixels)") }
    }

    /// The per-model price checks every on-chain node with `-aiModels` makes (starter.go, after the worker part).
    static func checkModelPrice(_ model: AIModelConfig, _ config: Config) {
        checkPixelsPerUnit(config)
        var baseIsZero = true
        if config.isSet("pricePerUnit") {
            let text = config.string("pricePerUnit")
            guard let base = parsePricePerUnit(text), base.amount.sign >= 0 else {
                goPanic("-pricePerUnit must be a valid positive integer with an optional currency, provided \(text)")
            }
            baseIsZero = base.amount.isZero
        }
        let where_ = "for model '\(model.modelID)' in pipeline '\(model.pipeline)'"
        if let pixels = model.pixelsPerUnit.flatMap(Decimal.init), !pixels.isInteger || pixels.sign <= 0 {
            goPanic("'pixelsPerUnit' value specified \(where_) must be a valid positive integer, provided \(pixels.floatString(2))")
        }
        guard let price = model.pricePerUnit.flatMap(Decimal.init) else {
            if baseIsZero { goPanic("'pricePerUnit' must be set \(where_)") }
            logWarning(Sites.modelPrice, "No 'pricePerUnit' specified \(where_). Using default value from `-pricePerUnit`: \(config.string("pricePerUnit"))")
            return
        }
        if price.sign < 0 {
            goPanic("'pricePerUnit' value specified \(where_) must be a valid positive number, provided \(price.floatString(2))")
        }
    }

    private static func goFloat(_ text: String) -> Double {
        Double(text.replacing("_", with: "")) ?? 0
    }

    /// Go's `%v` for a float64 in the common cases (`0.7`, `100`).
    private static func goNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e21 { return String(Int64(value)) }
        return String(value)
    }
}
