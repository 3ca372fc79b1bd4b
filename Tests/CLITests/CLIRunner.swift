import Foundation
import TestSupport
import Testing

typealias CLIResult = ProcessResult

/// Runs the built `lpai-apply` executable and captures what it prints.
enum CLI {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lpai-apply")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil) throws -> CLIResult {
        try ProcessRunner.run(executable, arguments, environment: environment, cwd: cwd ?? repoRoot)
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL { try TempDir.make("lpai-cli") }

    static func write(_ text: String, to name: String, in dir: URL) throws -> URL {
        try TempDir.write(Array(text.utf8), to: name, in: dir)
    }

    static func write(bytes: [UInt8], to name: String, in dir: URL) throws -> URL {
        try TempDir.write(bytes, to: name, in: dir)
    }
}
