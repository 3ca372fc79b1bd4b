public import Foundation

/// What a finished child process printed and how it ended.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the process ended by a signal (a crash or a trap), never acceptable.
    public var crashed: Bool

    public var all: String { stdout + stderr }

    public init(status: Int32, stdout: String, stderr: String, crashed: Bool) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.crashed = crashed
    }
}

/// Runs programs for tests and captures their output. Shared by the CLI, stand-in and
/// end-to-end tests.
public enum ProcessRunner {
    /// Runs `executable` to completion with `NO_COLOR=1`, the caller's environment plus
    /// `environment`, and stdin at /dev/null.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes are drained at once, before waiting: reading one to its end first would
        // block for good on a child that fills the other (64 KB) and waits for it to drain.
        let errBox = DataBox()
        let errReader = Thread { errBox.set(err.fileHandleForReading.readDataToEndOfFile()) }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errBox.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), crashed: process.terminationReason == .uncaughtSignal
        )
    }
}

/// One `Data` handed from a reader thread to the caller.
private final class DataBox: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    func set(_ value: Data) {
        data = value
        done.signal()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// Temporary folders and files for tests; the caller removes the folder.
public enum TempDir {
    public static func make(_ prefix: String = "lpai-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @discardableResult
    public static func write(_ bytes: [UInt8], to name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}
