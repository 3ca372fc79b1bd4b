import ArgumentParser
import FleetGen
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a generated fleet spec (one file or a folder) that validates without a warning.",
        discussion: """
            The fleet: WORKERS remote workers (one per host) dealt in turn to the orchestrators (each on its own host), every GPU of a worker alike, warm and cold models that fit the GPU slots and VRAM, external runners, per-gateway prices, pinned runner images, secrets as references and requirements the fleet meets. The same options always give the same bytes.

            Example:
              lpai-bench generate --workers 5000 --out fleet.yaml
              lpai-bench generate --workers 200 --orchestrators 4 --gpus 4 --seed 7 --folder --out fleet/
              lpai-bench generate --workers 10 > small.yaml

            Exit codes: 0 written, 1 bad options or a write failure.
            """
    )

    @Option(help: "Remote AI workers.")
    var workers: Int

    @OptionGroup var shape: FleetShapeOptions

    @Option(help: "Where to write: a file, or with --folder a folder (created if needed). Without it, the spec goes to stdout.")
    var out: String?

    @Flag(help: "Write the folder form (00-fleet.yaml, 10-models.yaml, 20-nodes.yaml) into --out.")
    var folder = false

    func validate() throws {
        if folder, out == nil { throw ValidationError("--folder needs --out FOLDER") }
        _ = try shape.options(workers: workers)
    }

    func run() throws {
        let options = try shape.options(workers: workers)
        guard let out else {
            FileHandle.standardOutput.write(Data(FleetGen.spec(options).utf8))
            return
        }
        if folder {
            try SpecFiles.writeFolder(FleetGen.folder(options), to: out)
        } else {
            try SpecFiles.write(FleetGen.spec(options), to: out)
        }
        FileHandle.standardError.write(Data("Wrote a fleet of \(options.summary) to \(out)\n".utf8))
    }
}

/// Writing generated specs, refusing to mix them into a folder that holds another spec.
enum SpecFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func writeFolder(_ files: [(name: String, text: String)], to path: String) throws {
        let fm = FileManager.default
        let names = Set(files.map(\.name))
        // Every *.yaml in a spec folder is merged, so a stray one would change the fleet.
        let strays = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !names.contains($0) }
        guard strays.isEmpty else {
            throw Failure(description: "\(path) already holds \(strays.sorted().joined(separator: ", ")), which would be merged into the generated fleet; choose an empty folder")
        }
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(path): \(error.localizedDescription)")
        }
        for file in files { try write(file.text, to: (path as NSString).appendingPathComponent(file.name)) }
    }
}
