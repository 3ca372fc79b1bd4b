import Foundation
@testable import Reconciler
import Testing

@Suite struct TarTests {
    @Test func filesRoundTripWithModesAndParentFolders() throws {
        let archive = TarArchive.files([
            (path: "/etc/lpai/aiModels.json", mode: 0o644, contents: Array("[]\n".utf8)),
            (path: "/etc/lpai/orchSecret", mode: 0o600, contents: Array("s3cret".utf8)),
        ])
        let read = try TarArchive.read(archive.bytes())
        #expect(read.entries.map(\.path) == ["etc/lpai/", "etc/lpai/aiModels.json", "etc/lpai/orchSecret"])
        #expect(read.entries.map(\.mode) == [0o755, 0o644, 0o600])
        #expect(read.entries[2].contents == Array("s3cret".utf8))
    }

    @Test func theSameFilesGiveTheSameBytes() throws {
        let files = [(path: "/a/b", mode: 0o600, contents: [UInt8](repeating: 1, count: 700))]
        #expect(try TarArchive.files(files).bytes() == TarArchive.files(files).bytes())
    }

    /// GNU tar, a real independent reader, lists our archive with the same names, modes and sizes.
    @Test func gnuTarReadsTheArchive() throws {
        let longPath = "/" + String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 60)
        let bytes = try TarArchive.files([
            (path: "/etc/lpai/orchSecret", mode: 0o600, contents: Array("x".utf8)),
            (path: longPath, mode: 0o644, contents: Array(repeating: 65, count: 1500)),
        ]).bytes()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-tar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.tar")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-tvf", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(listing.contains("-rw------- root/root         1 1970-01-01 00:00 etc/lpai/orchSecret"))
        #expect(listing.contains(String(longPath.dropFirst())))
        #expect(listing.contains("1500"))
    }

    @Test func aTruncatedArchiveIsAnErrorNotATrap() throws {
        let bytes = try TarArchive.files([(path: "/x", mode: 0o644, contents: Array(repeating: 1, count: 2000))]).bytes()
        #expect(throws: TarArchive.TarError.truncated) { try TarArchive.read(Array(bytes.prefix(1000))) }
    }
}

extension TarTests {
    @Test func symbolicLinksRoundTripAndGNUTarAgrees() throws {
        let target = "/" + String(repeating: "ab", count: 32)
        let bytes = try TarArchive(entries: [.init(path: "key", mode: 0o777, contents: [], linkTarget: target)]).bytes()
        let back = try TarArchive.read(bytes)
        #expect(back.entries == [.init(path: "key", mode: 0o777, contents: [], linkTarget: target)])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lpai-tar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(bytes).write(to: dir.appendingPathComponent("l.tar"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-tvf", dir.appendingPathComponent("l.tar").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(listing.hasPrefix("lrwxrwxrwx root/root"), "\(listing)")
        #expect(listing.contains("key -> \(target)"))
    }
}
