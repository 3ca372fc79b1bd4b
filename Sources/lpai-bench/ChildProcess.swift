import Foundation

/// Running this benchmark's own executable and its sibling `lpai-apply`.
enum ChildProcess {
    /// This executable: /proc/self/exe, else argv[0].
    static var selfURL: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }

    /// `lpai-apply` built next to this executable (`swift build -c release` builds both).
    static func lpaiApply() throws -> URL {
        let url = selfURL.deletingLastPathComponent().appendingPathComponent("lpai-apply")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CompileSteps.Failure(
                description: "no lpai-apply next to lpai-bench (looked for \(url.path)); build both with `swift build -c release`, or leave render-disk out of --steps"
            )
        }
        return url
    }

    /// Runs `executable` to completion with its stdout discarded; returns its status and stderr.
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let err = Pipe()
        let status = try start(executable, arguments, stdout: FileHandle.nullDevice, stderr: err) {
            String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        return (status.0, status.1)
    }

    /// Runs `executable` to completion with its stderr shown; returns its status and stdout.
    static func capture(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stdout: Data) {
        let out = Pipe()
        return try start(executable, arguments, stdout: out, stderr: FileHandle.standardError) {
            out.fileHandleForReading.readDataToEndOfFile()
        }
    }

    /// One pipe at most, read to its end before waiting, so the child can never block on a full pipe.
    private static func start<T>(_ executable: URL, _ arguments: [String], stdout: Any, stderr: Any, read: () -> T) throws -> (Int32, T) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = read()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
