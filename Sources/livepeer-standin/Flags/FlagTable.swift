/// The value types Go's `flag` package distinguishes; each parses its text differently.
enum FlagKind: Sendable {
    case bool, string, int, int64, float, duration

    /// The placeholder `flag.PrintDefaults` shows after the name.
    var placeholder: String {
        switch self {
        case .bool: ""
        case .string: " string"
        case .int, .int64: " int"
        case .float: " float"
        case .duration: " duration"
        }
    }
}

struct FlagDefinition: Sendable {
    let name: String
    let kind: FlagKind
    let defaultValue: String
    /// The variable the flag writes to; `-datadir` and `-dataDir` share one.
    let storage: String
}

/// go-livepeer's flag set: `cmd/livepeer/starter/flags.go` plus `-j`, `-version`, `-v` and `-config`
/// from `cmd/livepeer/livepeer.go`. Names are case-sensitive, as in Go.
enum FlagTable {
    static let all: [FlagDefinition] = build()

    static func lookup(_ name: String) -> FlagDefinition? { byName[name] }

    private static let byName: [String: FlagDefinition] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    private static func build() -> [FlagDefinition] {
        var table: [FlagDefinition] = []
        func add(_ kind: FlagKind, _ entries: [(String, String)]) {
            for (name, value) in entries { table.append(FlagDefinition(name: name, kind: kind, defaultValue: value, storage: name)) }
        }
        add(.string, [
            ("network", "offchain"), ("rtmpAddr", ""), ("cliAddr", ""), ("httpAddr", ""), ("serviceAddr", ""), ("nodes", ""),
            ("verifierUrl", ""), ("verifierPath", ""), ("orchAddr", ""), ("orchWebhookUrl", ""), ("orchBlocklist", ""),
            ("orchMinLivepeerVersion", ""), ("orchPerfStatsUrl", ""), ("region", ""), ("maxPricePerUnit", "0"),
            ("maxPricePerCapability", ""), ("gatewayHost", ""), ("orchSecret", ""),
            ("transcodingOptions", "P240p30fps16x9,P360p30fps16x9"), ("maxSessions", "10"), ("nvidia", ""), ("netint", ""),
            ("aiModels", ""), ("aiModelsDir", ""), ("aiRunnerImage", "livepeer/ai-runner:latest"), ("aiRunnerImageOverrides", ""),
            ("aiMinRunnerVersion", "[]"), ("mediaMTXApiPassword", ""), ("liveAITrickleHostForRunner", ""), ("liveAIAuthApiKey", ""),
            ("liveAIHeartbeatURL", ""), ("liveAIHeartbeatHeaders", ""), ("liveAIAuthWebhookUrl", ""), ("liveAICapRefreshModels", ""),
            ("ethAcctAddr", ""), ("ethPassword", ""), ("ethKeystorePath", ""), ("ethOrchAddr", ""), ("ethUrl", ""),
            ("ethController", ""), ("ticketEV", "8000000000"), ("maxFaceValue", "0"), ("maxTicketEV", "3000000000000"),
            ("maxTotalEV", "20000000000000"), ("pricePerUnit", "0"), ("pixelsPerUnit", "1"),
            ("priceFeedAddr", "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612"), ("pricePerGateway", ""), ("pricePerBroadcaster", ""),
            ("redeemerAddr", ""), ("metadataQueueUri", ""), ("metadataAmqpExchange", "lp_golivepeer_metadata"),
            ("objectStore", ""), ("recordStore", ""), ("FVfailGsbucket", ""), ("FVfailGskey", ""), ("authWebhookUrl", ""),
            ("remoteSignerUrl", ""), ("kafkaBootstrapServers", ""), ("kafkaUser", ""), ("kafkaPassword", ""),
            ("kafkaGatewayTopic", ""), ("v", "3"), ("config", ""),
        ])
        add(.int, [
            ("extraNodes", "0"), ("maxAttempts", "3"), ("aiRunnerContainersPerGPU", "1"), ("liveAISaveNSegments", "10"),
            ("maxTransactionReplacements", "1"), ("gasLimit", "0"), ("maxGasPrice", "0"), ("depositMultiplier", "1"),
            ("blockPollingInterval", "5"),
        ])
        add(.int64, [("minGasPrice", "0")])
        add(.float, [
            ("selectRandFreq", "0.3"), ("selectStakeWeight", "0.7"), ("selectPriceWeight", "0"),
            ("selectPriceExpFactor", "100"), ("minPerfScore", "0"),
        ])
        add(.duration, [
            ("discoveryTimeout", "500ms"), ("aiProcessingRetryTimeout", "2s"), ("liveAIHeartbeatInterval", "5s"),
            ("livePaymentInterval", "5s"), ("liveOutSegmentTimeout", "0s"), ("liveAICapReportInterval", "25m0s"),
            ("transactionTimeout", "5m0s"), ("initializeRoundMaxDelay", "30s"), ("metadataPublishTimeout", "1s"),
        ])
        add(.bool, [
            ("localVerify", "true"), ("httpIngest", "true"), ("ignoreMaxPriceIfNeeded", "false"), ("orchestrator", "false"),
            ("transcoder", "false"), ("gateway", "false"), ("broadcaster", "false"), ("currentManifest", "false"),
            ("testTranscoder", "true"), ("hevcDecoding", "false"), ("aiServiceRegistry", "false"), ("aiWorker", "false"),
            ("aiVerboseLogs", "false"), ("initializeRound", "false"), ("ignoreSenderReserve", "false"),
            ("autoAdjustPrice", "true"), ("redeemer", "false"), ("reward", "false"), ("monitor", "false"),
            ("metricsPerStream", "false"), ("metricsClientIP", "false"), ("startupAvailabilityCheck", "true"),
            ("remoteSigner", "false"), ("remoteDiscovery", "false"), ("j", "false"), ("version", "false"),
        ])
        table.append(FlagDefinition(name: "datadir", kind: .string, defaultValue: "", storage: "datadir"))
        table.append(FlagDefinition(name: "dataDir", kind: .string, defaultValue: "", storage: "datadir"))
        return table.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
