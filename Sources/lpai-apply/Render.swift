import ArgumentParser
import Foundation
import Glibc
import Planner
import Spec

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write each node's aiModels.json and launch.sh, and plan.json.",
        discussion: """
            Writes DIR/<node>/aiModels.json, DIR/<node>/launch.sh (the node's docker run, with secrets read on the host at launch and passed as files) and DIR/plan.json. The same spec always gives the same bytes. On any error nothing is written: the files go to a temporary folder that replaces DIR only when complete. An existing DIR is replaced only if it is empty or an earlier render (it holds plan.json).

            Example:
              lpai-apply render specs/split.yaml --out rendered/

            Exit codes: 0 written, 1 errors in the spec (nothing written) or a write failure.
            """
    )

    @OptionGroup var options: SpecOptions

    @Option(name: .long, help: "The output folder.", completion: .directory)
    var out: String

    func run() throws {
        let compiled = Compiled.run(options)
        compiled.printDiagnostics(options)
        guard let plan = compiled.result?.plan, !compiled.fails(strict: options.strict) else {
            Output.stderr("\(options.spec): nothing written: \(compiled.countsLine)\n")
            throw ExitCode(1)
        }
        let files = RenderOutput.files(for: plan)
        do {
            try AtomicDirectoryWriter.write(files, to: out)
        } catch {
            Output.stderr("error: \(error)\n")
            throw ExitCode(1)
        }
        Output.stdout("Rendered \(plan.nodes.count) node\(plan.nodes.count == 1 ? "" : "s") of fleet '\(plan.fleet)' to \(out) (\(files.count) files)\n")
    }
}

/// Writes a set of files into a fresh sibling folder, then swaps it in with renames, so a
/// failure never leaves a half-written output folder.
enum AtomicDirectoryWriter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ files: [RenderOutput.File], to target: String) throws {
        // Node names are plain identifiers (the spec refuses others, lpai.spec.name); this is
        // the last line of defence: nothing is written outside --out.
        for file in files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") }) else {
                throw Failure(description: "refusing to write '\(file.path)': it would land outside \(target); nothing written")
            }
        }
        let fm = FileManager.default
        let destination = URL(fileURLWithPath: target).standardizedFileURL
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(description: "\(target) exists and is not a folder; choose another --out") }
            let contents = (try? fm.contentsOfDirectory(atPath: destination.path)) ?? []
            guard contents.isEmpty || contents.contains("plan.json") else {
                throw Failure(description: "\(target) is not empty and holds no plan.json, so it is not an earlier render; refusing to replace it. Choose an empty or new --out")
            }
        }
        let parent = destination.deletingLastPathComponent()
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).lpai-tmp-\(token)")
        let old = parent.appendingPathComponent(".\(destination.lastPathComponent).lpai-old-\(token)")
        do {
            try makeDirectory(staging.path)
            var made = Set<String>()
            for file in files {
                let path = staging.path + "/" + file.path
                let dir = String(path[..<path.lastIndex(of: "/")!])
                if dir != staging.path, made.insert(dir).inserted { try makeDirectory(dir) }
                try writeFile(path, file.content, mode: file.mode)
            }
            if fm.fileExists(atPath: destination.path) {
                try fm.moveItem(at: destination, to: old)
            }
            try fm.moveItem(at: staging, to: destination)
            try? fm.removeItem(at: old)
        } catch {
            try? fm.removeItem(at: staging)
            if fm.fileExists(atPath: old.path), !fm.fileExists(atPath: destination.path) { try? fm.moveItem(at: old, to: destination) }
            throw Failure(description: "cannot write \(target): \(error)")
        }
    }

    // POSIX calls directly: FileManager's per-file overhead made a 5,000-node render take seconds.
    private static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw Failure(description: "mkdir \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func writeFile(_ path: String, _ content: String, mode: Int) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode_t(mode))
        guard fd >= 0 else { throw Failure(description: "open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes = Array(content.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw Failure(description: "write \(path): \(String(cString: strerror(errno)))") }
            offset += written
        }
        // open() applies the umask; the mode is part of the rendered output, so set it exactly.
        guard fchmod(fd, mode_t(mode)) == 0 else { throw Failure(description: "chmod \(path): \(String(cString: strerror(errno)))") }
    }
}
