import Foundation
import Glibc

/// The machine the figures came from.
struct Machine: Codable, Sendable {
    var cores: Int
    var arch: String
    var os: String
    var swift: String
    var memoryBytes: Int

    static var current: Machine {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return Machine(
            cores: sysconf(Int32(_SC_NPROCESSORS_ONLN)), arch: field(names.machine), os: "\(field(names.sysname)) \(field(names.release))",
            swift: swiftVersion, memoryBytes: sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE))
        )
    }

    /// /proc/loadavg's 1, 5 and 15 minute figures.
    static var loadAverage: [Double]? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        let figures = text.split(separator: " ").prefix(3).compactMap { Double($0) }
        return figures.count == 3 ? figures : nil
    }

    /// The compiler this binary was built with, to the minor version.
    static var swiftVersion: String {
        #if compiler(>=6.5)
            "Swift 6.5 or later"
        #elseif compiler(>=6.4)
            "Swift 6.4"
        #elseif compiler(>=6.3)
            "Swift 6.3"
        #elseif compiler(>=6.2)
            "Swift 6.2"
        #else
            "Swift 6.1 or earlier"
        #endif
    }

    static var buildConfiguration: String {
        #if DEBUG
            "debug (figures are not meaningful)"
        #else
            "release"
        #endif
    }

    /// The filesystem type of `path`: that of the longest mount point above it in /proc/self/mounts.
    static func filesystem(of path: String) -> String {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return "unknown" }
        var best = (point: "", type: "unknown")
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = String(fields[1])
            let inside = point == "/" || resolved == point || resolved.hasPrefix(point + "/")
            if inside, point.count >= best.point.count { best = (point, String(fields[2])) }
        }
        return best.type
    }
}
