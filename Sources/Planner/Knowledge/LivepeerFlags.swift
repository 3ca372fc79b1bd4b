/// go-livepeer v0.9.1's command-line flags (`cmd/livepeer/starter/flags.go`, `livepeer.go`):
/// which take no value. Go's flag names are case-sensitive.
public enum LivepeerFlags {
    /// Boolean flags: `-name` alone sets them, a value needs `-name=false`.
    public static let bool: Set<String> = [
        "localVerify", "httpIngest", "ignoreMaxPriceIfNeeded", "orchestrator", "transcoder", "gateway", "broadcaster",
        "currentManifest", "testTranscoder", "hevcDecoding", "aiServiceRegistry", "aiWorker", "aiVerboseLogs",
        "initializeRound", "ignoreSenderReserve", "autoAdjustPrice", "redeemer", "reward", "monitor", "metricsPerStream",
        "metricsClientIP", "startupAvailabilityCheck", "remoteSigner", "remoteDiscovery", "j", "version", "useLiveRunners",
    ]

    /// Flags that take a value.
    public static let valued: Set<String> = [
        "network", "rtmpAddr", "cliAddr", "httpAddr", "serviceAddr", "nodes", "verifierUrl", "verifierPath", "orchAddr",
        "orchWebhookUrl", "orchBlocklist", "orchMinLivepeerVersion", "orchPerfStatsUrl", "region", "maxPricePerUnit",
        "maxPricePerCapability", "gatewayHost", "orchSecret", "transcodingOptions", "maxSessions", "nvidia", "netint",
        "aiModels", "aiModelsDir", "aiRunnerImage", "aiRunnerImageOverrides", "aiMinRunnerVersion", "mediaMTXApiPassword",
        "liveAITrickleHostForRunner", "liveAIAuthApiKey", "liveAIHeartbeatURL", "liveAIHeartbeatHeaders",
        "liveAIAuthWebhookUrl", "liveAICapRefreshModels", "ethAcctAddr", "ethPassword", "ethKeystorePath", "ethOrchAddr",
        "ethUrl", "ethController", "ticketEV", "maxFaceValue", "maxTicketEV", "maxTotalEV", "pricePerUnit", "pixelsPerUnit",
        "priceFeedAddr", "pricePerGateway", "pricePerBroadcaster", "redeemerAddr", "metadataQueueUri", "metadataAmqpExchange",
        "objectStore", "recordStore", "FVfailGsbucket", "FVfailGskey", "authWebhookUrl", "remoteSignerUrl",
        "kafkaBootstrapServers", "kafkaUser", "kafkaPassword", "kafkaGatewayTopic", "v", "config", "datadir", "dataDir",
        "extraNodes", "maxAttempts", "aiRunnerContainersPerGPU", "liveAISaveNSegments", "maxTransactionReplacements",
        "gasLimit", "maxGasPrice", "depositMultiplier", "blockPollingInterval", "minGasPrice", "selectRandFreq",
        "selectStakeWeight", "selectPriceWeight", "selectPriceExpFactor", "minPerfScore", "discoveryTimeout",
        "aiProcessingRetryTimeout", "liveAIHeartbeatInterval", "livePaymentInterval", "liveOutSegmentTimeout",
        "liveAICapReportInterval", "transactionTimeout", "initializeRoundMaxDelay", "metadataPublishTimeout",
        "liveRunnerConfig",
    ]

    /// Flags whose value is a secret (or the path of a file holding one).
    public static let secret: Set<String> = ["orchSecret", "ethPassword", "mediaMTXApiPassword", "liveAIAuthApiKey", "kafkaPassword"]

    public static func isKnown(_ name: String) -> Bool { bool.contains(name) || valued.contains(name) }

    /// A flag that differs from `name` only in letter case (`-AIServiceRegistry` → `aiServiceRegistry`).
    public static func caseMatch(_ name: String) -> String? {
        (bool.union(valued)).first { $0.lowercased() == name.lowercased() && $0 != name }
    }
}
