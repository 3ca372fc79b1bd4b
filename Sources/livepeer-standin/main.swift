import Glibc

// livepeer-standin: a small, faithful stand-in for go-livepeer's `livepeer` binary (docs/STANDIN.md).

TerminationSignals.block()
if RunnerMode.isRequested { RunnerMode.run() }

let arguments = CommandLine.arguments
let config = FlagParser.parse(Array(arguments.dropFirst()), programName: arguments.first ?? "livepeer")
let version = environment("LIVEPEER_STANDIN_VERSION").flatMap { $0.isEmpty ? nil : $0 } ?? "undefined"
// glog's -v is an int32 level; a value it cannot parse leaves the level at 0.
Glog.shared.setVerbosity(Int(Int32(config.string("v")) ?? 0))

if config.bool("j") {
    writeAll(1, Array("{\"name\":\"Livepeer\",\"version\":\(WireProtocol.jsonString(version)),\"standin\":true}\n".utf8))
    _exit(0)
}
if config.bool("version") {
    #if arch(arm64)
    let architecture = "arm64"
    #else
    let architecture = "amd64"
    #endif
    let text = "Livepeer Node Version: \(version)\nGolang runtime version: none (livepeer-standin)\n"
        + "Architecture: \(architecture)\nOperating system: linux\n"
    writeAll(1, Array(text.utf8))
    _exit(0)
}

let workerStarted: Bool
switch Starter.start(config, version: version) {
case .returned(let started):
    workerStarted = started
case .running(let started):
    workerStarted = started
    let signal = TerminationSignals.wait()
    logInfo(Sites.exiting, "Exiting Livepeer: \(signal)")
    if WorkerClient.isRegistered { logInfo(Sites.workerExiting, "Exiting Livepeer AIWorker: \(signal)") }
}
if workerStarted {
    DockerManager.current.get()?.stop()
    logInfo(Sites.workerStopped, "Stopped AI worker containers")
}
logInfo(Sites.shutdown, "Graceful shutdown complete")
_exit(0)
