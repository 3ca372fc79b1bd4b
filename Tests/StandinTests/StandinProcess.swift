import Foundation
import TestSupport
import Glibc
import Testing

/// A `livepeer-standin` process whose stdout and stderr go to files, so that a test can poll them
/// while it runs. Every wait is bounded; `stop()` ends the process by its own pid.
final class StandinProcess: @unchecked Sendable {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("livepeer-standin")
    }

    let process = Process()
    private let outURL: URL
    private let errURL: URL

    init(_ arguments: [String], version: String = "0.9.1", environment extra: [String: String] = [:], in dir: URL) throws {
        outURL = dir.appendingPathComponent("out-\(UUID().uuidString).log")
        errURL = dir.appendingPathComponent("err-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = Self.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LP_") }
        environment["LIVEPEER_STANDIN_VERSION"] = version
        environment["HOME"] = dir.path
        // No Docker calls unless a test asks for them (it then sets LIVEPEER_STANDIN_DOCKER to "").
        environment["LIVEPEER_STANDIN_DOCKER"] = "off"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
    }

    var stdout: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Polls stderr until `text` appears `count` times or `seconds` pass.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if stderr.components(separatedBy: text).count - 1 >= count { return true }
            usleep(50_000)
        }
        return stderr.components(separatedBy: text).count - 1 >= count
    }

    /// Waits for the process to exit by itself; nil if it is still running after `seconds`.
    func waitForExit(seconds: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            stop()
            return nil
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// SIGTERM, then SIGKILL after five seconds; returns the exit status (128+n for a signal).
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// Runs to completion (bounded) and returns status, stdout and stderr.
    static func run(_ arguments: [String], in dir: URL, seconds: Double = 10) throws -> (status: Int32?, stdout: String, stderr: String) {
        let standin = try StandinProcess(arguments, in: dir)
        let status = standin.waitForExit(seconds: seconds)
        return (status, standin.stdout, standin.stderr)
    }
}

enum Scratch {
    /// A fresh temporary folder; the caller removes it.
    static func directory() throws -> URL { try TempDir.make("lpai-standin") }

    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        try TempDir.write(Array(text.utf8), to: name, in: dir).path
    }

    /// A port on 127.0.0.1 that was free a moment ago (bound to 0, read back, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        try #require(bound == 0)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
