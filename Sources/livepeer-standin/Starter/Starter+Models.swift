/// The AI worker set-up and the `-aiModels` loop of `StartLivepeer`: warm entries start runner containers
/// through the Docker Engine (or, with `LIVEPEER_STANDIN_DOCKER=off`, are only counted against GPU slots).
extension Starter {
    /// Returns false where go-livepeer logs an error and returns from `StartLivepeer`.
    static func setUpWorker(_ node: inout Startup) -> Bool {
        let config = node.config
        let nvidia = config.string("nvidia")
        if nvidia == "all" {
            guard let listed = environment("LIVEPEER_STANDIN_GPUS"), !listed.isEmpty else {
                logError(Sites.nvidia, "Error parsing -nvidia for devices: exec: \"nvidia-smi\": executable file not found in $PATH")
                return false
            }
            node.gpus = listed.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        } else if !nvidia.isEmpty {
            node.gpus = nvidia.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        } else {
            logWarning(Sites.noGPU, "!!! No GPU discovered, using CPU for AIWorker !!!")
            node.gpus = ["emulated-0"]
        }
        let perGPU = config.int("aiRunnerContainersPerGPU")
        if perGPU > 1 {
            node.gpus = (0..<Int(perGPU)).flatMap { slot in node.gpus.map { "colocated-\(slot)-\($0)" } }
        }
        var modelsDir = config.string("aiModelsDir")
        if modelsDir.isEmpty { modelsDir = absolutePath(node.dataDir + "/models") }
        if makeDirectories(modelsDir) != nil {
            // go-livepeer passes a format string to glog.Error, so the %v stays in the line.
            logError(Sites.modelsDir, "Error creating models dir %v" + modelsDir)
            return false
        }
        let overrides = config.string("aiRunnerImageOverrides")
        if !overrides.isEmpty, let problem = ImageOverridesCheck.error(in: overrides) {
            logError(Sites.imageOverrides, "Error unmarshaling image overrides: \(problem)")
            return false
        }
        if !config.string("aiRunnerImage").isEmpty {
            logWarning(Sites.runnerImage, "-aiRunnerImage flag is deprecated and will be removed in a future release. Please use -aiRunnerImageOverrides instead")
        }
        if dockerSimulated {
            logInfo(Sites.standin, "stand-in: no Docker calls; GPU slots for warm runner containers: \(node.gpus.joined(separator: ","))")
        } else {
            var settings = DockerManager.Settings(verbose: config.bool("aiVerboseLogs"), gpus: node.gpus, modelDir: modelsDir, creatorID: node.creatorID)
            settings.simulatedHost = node.simulatedHost
            if !overrides.isEmpty { settings.overrides = ImageOverrides.decode(overrides) }
            if settings.overrides.defaultImage.isEmpty { settings.overrides.defaultImage = config.string("aiRunnerImage") }
            switch DockerManager.make(engine: DockerEngine.fromEnvironment(), settings: settings) {
            case .failure(let error):
                logError(Sites.startWorker, "Error starting AI worker: error creating docker manager: \(error.message)")
                return false
            case .success(let manager):
                node.manager = manager
                DockerManager.current.update { $0 = manager }
            }
        }
        node.workerStarted = true
        return true
    }

    /// Returns false where go-livepeer logs an error and returns; panics and exits as go-livepeer does.
    static func loadModels(_ node: inout Startup) -> Bool {
        let config = node.config
        let value = config.string("aiModels")
        guard !value.isEmpty else {
            if node.role == .aiWorker {
                logError(Sites.noModels, "The '-aiWorker' flag was set, but no model configuration was provided. Please specify the model configuration using the '-aiModels' flag.")
                return false
            }
            return true
        }
        let models: [AIModelConfig]
        switch AIModelsParser.parse(value) {
        case .failure(let error):
            logError(Sites.aiModels, "Error parsing -aiModels: \(error.message)")
            return false
        case .success(let parsed): models = parsed
        }
        for (index, model) in models.enumerated() { logInfo(Sites.standin, model.describe(index: index)) }
        var warmSlotsUsed = 0
        for model in models {
            guard let capability = Capabilities.capability(forPipeline: model.pipeline) else {
                goPanic("Pipeline is not valid capability: \(model.pipeline)\n")
            }
            if config.bool("aiWorker") {
                guard advertise(model, capability: capability, node: &node, warmSlotsUsed: &warmSlotsUsed) else { return false }
            }
            if !node.offchain { checkModelPrice(model, config) }
        }
        return true
    }

    /// One entry on a worker: warm containers take GPU slots; the constraint joins the advertised set.
    private static func advertise(_ model: AIModelConfig, capability: Int, node: inout Startup, warmSlotsUsed: inout Int) -> Bool {
        var constraint = ModelConstraint(capability: capability, modelID: model.modelID, warm: model.warm, capacity: 1)
        var containers: Int64 = 1
        if model.capacity != 0 {
            if model.url.isEmpty { containers = model.capacity } else { constraint.capacity = model.capacity }
        }
        if let manager = node.manager, let error = manager.ensureImageAvailable(pipeline: model.pipeline, modelID: model.modelID) {
            logError(Sites.ensureImage, "Error ensuring AI worker image available for \(model.pipeline): \(error)")
        }
        var started: Int64 = 0
        while started < containers {
            started += 1
            guard model.warm || !model.url.isEmpty else { continue }
            if !model.url.isEmpty {
                logInfo(Sites.standin, "stand-in: external runner \(model.url) registered for \(model.pipeline) \(model.modelID) (its /health is not checked)")
                continue
            }
            if let manager = node.manager {
                if let error = manager.warm(pipeline: model.pipeline, modelID: model.modelID, flags: model.optimizationFlags ?? [:]) {
                    logError(Sites.warming, "Error AI worker warming \(model.pipeline) container: \(error)")
                    return false
                }
                continue
            }
            guard warmSlotsUsed < node.gpus.count else {
                logError(Sites.warming, "Error AI worker warming \(model.pipeline) container: insufficient capacity")
                return false
            }
            logInfo(Sites.standin, "stand-in: warm runner container for \(model.pipeline) \(model.modelID) would start on GPU \(node.gpus[warmSlotsUsed]) (not started)")
            warmSlotsUsed += 1
        }
        if !(model.optimizationFlags ?? [:]).isEmpty && !model.warm {
            logWarning(Sites.optimizationFlags, "Model \(model.modelID) has 'optimization_flags' set without 'warm'. Optimization flags are currently only used for warm containers.")
        }
        if let index = node.models.firstIndex(where: { $0.capability == capability && $0.modelID == model.modelID }) {
            guard node.models[index].warm == model.warm else {
                goPanic("Cannot have same model_id (\(model.modelID)) as cold and warm in same AI worker, please fix aiModels json config")
            }
            node.models[index].capacity += constraint.capacity
        } else {
            node.models.append(constraint)
        }
        logVerbose(6, Sites.advertised, "Capability \(model.pipeline) (ID: \(capability)) advertised with model constraint \(model.modelID)")
        return true
    }
}
