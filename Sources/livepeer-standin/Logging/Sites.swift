/// Where each mimicked line lives in go-livepeer. Line numbers are illustrative: they differ between
/// releases, and nothing should match on them.
enum Sites {
    // cmd/livepeer/livepeer.go
    static let parseConfig = Site(file: "livepeer.go", line: 62)
    static let exiting = Site(file: "livepeer.go", line: 101)
    static let shutdown = Site(file: "livepeer.go", line: 107)

    // cmd/livepeer/starter/starter.go
    static let maxSessions = Site(file: "starter.go", line: 332)
    static let netint = Site(file: "starter.go", line: 341)
    static let removeExisting = Site(file: "starter.go", line: 356)
    static let removedExisting = Site(file: "starter.go", line: 359)
    static let network = Site(file: "starter.go", line: 415)
    static let dataDir = Site(file: "starter.go", line: 432)
    static let services = Site(file: "starter.go", line: 559)
    static let offchain = Site(file: "starter.go", line: 602)
    static let keystore = Site(file: "starter.go", line: 627)
    static let ethURL = Site(file: "starter.go", line: 632)
    static let selection = Site(file: "starter.go", line: 609)
    static let nvidia = Site(file: "starter.go", line: 1163)
    static let noGPU = Site(file: "starter.go", line: 1166)
    static let modelsDir = Site(file: "starter.go", line: 1194)
    static let imageOverrides = Site(file: "starter.go", line: 1203)
    static let runnerImage = Site(file: "starter.go", line: 1210)
    static let startWorker = Site(file: "starter.go", line: 1220)
    static let workerStopped = Site(file: "starter.go", line: 1232)
    static let aiModels = Site(file: "starter.go", line: 1240)
    static let ensureImage = Site(file: "starter.go", line: 1268)
    static let warming = Site(file: "starter.go", line: 1276)
    static let optimizationFlags = Site(file: "starter.go", line: 1287)
    static let advertised = Site(file: "starter.go", line: 1306)
    static let modelPrice = Site(file: "starter.go", line: 1349)
    static let noModels = Site(file: "starter.go", line: 1372)
    static let serviceURI = Site(file: "starter.go", line: 1547)
    static let publicIP = Site(file: "starter.go", line: 1694)
    static let serviceWarning = Site(file: "starter.go", line: 1556)
    static let externalMode = Site(file: "starter.go", line: 1566)
    static let transcodeServer = Site(file: "starter.go", line: 1657)
    static let workerFlags = Site(file: "starter.go", line: 1684)
    static let orchURI = Site(file: "starter.go", line: 1756)
    static let mode = Site(file: "starter.go", line: 1700)
    static let version = Site(file: "starter.go", line: 1714)
    static let deprecated = Site(file: "starter.go", line: 571)

    // server/rpc.go
    static let listening = Site(file: "rpc.go", line: 213)

    // server/ai_worker.go
    static let gotRegister = Site(file: "ai_worker.go", line: 46)
    static let badSecret = Site(file: "ai_worker.go", line: 49)
    static let registering = Site(file: "ai_worker.go", line: 69)
    static let unregistering = Site(file: "ai_worker.go", line: 71)
    static let terminating = Site(file: "ai_worker.go", line: 73)
    static let couldNotRegister = Site(file: "ai_worker.go", line: 112)
    static let workerExiting = Site(file: "ai_worker.go", line: 122)
    static let endOfStream = Site(file: "ai_worker.go", line: 136)

    // core/ai_orchestrator.go and core/capabilities.go
    static let compatible = Site(file: "ai_orchestrator.go", line: 88)
    static let notCompatible = Site(file: "ai_orchestrator.go", line: 99)
    static let streamClosed = Site(file: "ai_orchestrator.go", line: 112)
    static let workerEOF = Site(file: "ai_orchestrator.go", line: 122)
    static let minVersionParse = Site(file: "capabilities.go", line: 512)
    static let versionParse = Site(file: "capabilities.go", line: 517)

    // Lines only the stand-in prints.
    static let standin = Site(file: "standin.go", line: 1)
}
