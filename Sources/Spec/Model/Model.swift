/// One entry of the model catalogue: what a pipeline/model_id pair costs and needs.
public struct Model: Sendable, Hashable {
    public var name: Located<String>
    public var pipeline: Located<String>
    public var modelID: Located<String>
    /// The default-gateway price; nil when the catalogue gives none.
    public var price: Price?
    /// Per-gateway prices (`gateway` key in aiModels.json), in source order.
    public var gatewayPrices: [GatewayPrice]
    public var optimizationFlags: [OptimizationFlag]
    /// VRAM one runner container of this model needs, in bytes.
    public var vram: Located<Int64>?
    public var external: ExternalRunner?

    public init(
        name: Located<String>, pipeline: Located<String>, modelID: Located<String>, price: Price?,
        gatewayPrices: [GatewayPrice], optimizationFlags: [OptimizationFlag], vram: Located<Int64>?,
        external: ExternalRunner?
    ) {
        self.name = name
        self.pipeline = pipeline
        self.modelID = modelID
        self.price = price
        self.gatewayPrices = gatewayPrices
        self.optimizationFlags = optimizationFlags
        self.vram = vram
        self.external = external
    }
}

/// A price as go-livepeer reads it: a JSON number per unit, pixels per unit, a currency.
public struct Price: Sendable, Hashable {
    /// The number exactly as written (a valid JSON number, never negative once validated).
    public var perUnit: Located<String>
    public var pixelsPerUnit: Located<Int>?
    public var currency: Located<String>?
    public var location: SourceLocation

    public init(perUnit: Located<String>, pixelsPerUnit: Located<Int>?, currency: Located<String>?, at location: SourceLocation) {
        self.perUnit = perUnit
        self.pixelsPerUnit = pixelsPerUnit
        self.currency = currency
        self.location = location
    }
}

public struct GatewayPrice: Sendable, Hashable {
    /// The gateway's address as written; go-livepeer lowercases it.
    public var gateway: Located<String>
    public var price: Price

    public init(gateway: Located<String>, price: Price) {
        self.gateway = gateway
        self.price = price
    }
}

/// An optimization flag: passed verbatim to the runner container as an environment variable.
public struct OptimizationFlag: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case bool(Bool)
        case string(String)
    }

    public var name: Located<String>
    public var value: Located<Value>

    public init(name: Located<String>, value: Located<Value>) {
        self.name = name
        self.value = value
    }
}

/// A runner go-livepeer does not manage: the worker calls `url` with a bearer token.
public struct ExternalRunner: Sendable, Hashable {
    public var url: Located<String>
    public var token: SecretRef?
    public var capacity: Located<Int>?
    public var location: SourceLocation

    public init(url: Located<String>, token: SecretRef?, capacity: Located<Int>?, at location: SourceLocation) {
        self.url = url
        self.token = token
        self.capacity = capacity
        self.location = location
    }
}
