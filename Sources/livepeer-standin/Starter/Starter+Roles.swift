/// The end of `StartLivepeer`: role-specific checks, the servers each role starts, the mode line.
extension Starter {
    static func startRole(_ node: Startup) {
        let config = node.config
        switch node.role {
        case .orchestrator:
            startOrchestrator(node)
        case .transcoder, .aiWorker:
            if node.orchSecret.isEmpty { glogExit(Sites.workerFlags, "Missing -orchSecret") }
            guard let orchestrator = node.orchestrators.first else {
                glogExit(Sites.workerFlags, "Missing -orchAddr")
            }
            if node.role == .aiWorker {
                let registration = WireProtocol.Registration(secret: node.orchSecret, version: node.version, models: node.models)
                for model in node.models {
                    logInfo(Sites.standin, "stand-in: advertising pipeline=\(Capabilities.pipelineName(model.capability)) "
                        + "model_id=\(goQuote(model.modelID)) warm=\(model.warm) capacity=\(model.capacity)")
                }
                WorkerClient.start(orchestrator: orchestrator, registration: registration)
            } else {
                logInfo(Sites.standin, "stand-in: transcoder registration is not simulated")
            }
        case .gateway, .redeemer, .remoteSigner, nil:
            logInfo(Sites.standin, "stand-in: this role is not simulated beyond its startup checks")
        }
        switch node.role {
        case .orchestrator: logInfo(Sites.mode, "***Livepeer Running in Orchestrator Mode***")
        case .gateway:
            logInfo(Sites.mode, "***Livepeer Running in Gateway Mode***")
            let rtmp = config.string("rtmpAddr")
            logInfo(Sites.mode, "Video Ingest Endpoint - rtmp://\(defaultAddress(rtmp, host: "127.0.0.1", port: "1935"))")
        case .transcoder: logInfo(Sites.mode, "**Liveepeer Running in Transcoder Mode***")
        case .aiWorker: logInfo(Sites.mode, "**Livepeer Running in AI Worker Mode**")
        case .redeemer: logInfo(Sites.mode, "**Livepeer Running in Redeemer Mode**")
        case .remoteSigner, nil: break
        }
        logInfo(Sites.version, "Livepeer Node version: \(node.version)")
    }

    private static func startOrchestrator(_ node: Startup) {
        let config = node.config
        let serviceAddr = config.string("serviceAddr")
        var servicePort = ""
        if serviceAddr.isEmpty {
            // go-livepeer asks api.ipify.org for its public IP here; the stand-in has no network.
            let reason = "stand-in: no network access beyond 127.0.0.1"
            logError(Sites.publicIP, "Could not look up public IP err=\(goQuote(reason))")
            glogExit(Sites.serviceURI, "Error getting service URI: \(reason)")
        } else if serviceAddr == "none" {
            if config.string("nodes").isEmpty {
                glogExit(Sites.serviceURI, "Empty service URI and no additional nodes specified; set -serviceAddr or -nodes")
            }
        } else {
            switch OrchestratorAddress.parse("https://" + serviceAddr) {
            case .failure(let error): glogExit(Sites.serviceURI, "Error getting service URI: \(error.message)")
            case .success(let address): servicePort = address.port ?? ""
            }
            if !node.offchain && serviceAddr.contains("0.0.0.0") {
                logWarning(Sites.serviceWarning, "**Warning -serviceAddr is a not a public address or hostname; this is not recommended for onchain networks**")
            }
        }
        let httpAddr = defaultAddress(config.string("httpAddr"), host: "", port: servicePort)
        if !config.bool("transcoder") && !config.bool("aiWorker") && node.orchSecret.isEmpty {
            if config.string("aiModels").isEmpty {
                glogExit(Sites.externalMode, "Running an orchestrator requires an -orchSecret for standalone mode or -transcoder for orchestrator+transcoder mode")
            }
            logInfo(Sites.externalMode, "Running an orchestrator in AI External Container mode")
        }
        let settings = OrchestratorServer.Settings(
            secret: node.orchSecret, version: node.version, acceptsWorkers: !config.bool("aiWorker"))
        OrchestratorServer.start(httpAddr: httpAddr, settings: settings)
    }
}

/// starter.go's `defaultAddr`: fills in a missing host or port (not IPv6-safe, like the original).
func defaultAddress(_ address: String, host: String, port: String) -> String {
    if address.isEmpty { return host + ":" + port }
    if address.hasPrefix(":") { return host + address }
    if !address.contains(":") { return address + ":" + port }
    return address
}
