internal import Foundation

/// The outcome of reading a spec: the typed spec when it decoded, every diagnostic, and the
/// source text of each file read (for printing the offending line under a diagnostic).
public struct SpecLoadResult: Sendable {
    public var spec: FleetSpec?
    public var diagnostics: [Diagnostic]
    public var sources: SourceFiles
}

/// Reads a spec from one YAML file or from a folder of `*.yaml` / `*.yml` files merged in name order.
public enum SpecLoader {
    /// Loads and decodes the spec at `path` (a file or a folder).
    public static func load(path: String, limits: YAMLLimits = YAMLLimits()) -> SpecLoadResult {
        var diagnostics: [Diagnostic] = []
        let files: [String]
        switch listFiles(path) {
        case .success(let list): files = list
        case .failure(let diagnostic): return SpecLoadResult(spec: nil, diagnostics: [diagnostic], sources: SourceFiles())
        }
        var read: [(file: String, bytes: [UInt8])] = []
        for file in files {
            // Refuse an oversized file before reading it into memory.
            if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > limits.maxBytes {
                diagnostics.append(YAMLDiagnostics.tooLarge(size, limits.maxBytes, at: SourceLocation(file: file, line: 1, column: 1)))
                continue
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                diagnostics.append(.error("lpai.spec.io", at: SourceLocation(file: file, line: 1, column: 1), "cannot read \(file): check that it exists and is readable"))
                continue
            }
            read.append((file, [UInt8](data)))
        }
        return decode(read, fileNames: files, path: path, diagnostics: diagnostics, limits: limits)
    }

    /// Loads and decodes a spec whose files are held in memory, merged in the given order
    /// exactly as `load(path:)` merges a folder (fuzzing, tests).
    public static func load(files: [(file: String, bytes: [UInt8])], path: String = "spec", limits: YAMLLimits = YAMLLimits()) -> SpecLoadResult {
        decode(files, fileNames: files.map(\.file), path: path, diagnostics: [], limits: limits)
    }

    /// Parses each file, merges the documents and decodes the result; `fileNames` are every file
    /// of the spec, including any that could not be read (their diagnostics are in `diagnostics`).
    private static func decode(
        _ read: [(file: String, bytes: [UInt8])], fileNames files: [String], path: String, diagnostics: [Diagnostic], limits: YAMLLimits
    ) -> SpecLoadResult {
        var sources = SourceFiles()
        var diagnostics = diagnostics
        var documents: [(file: String, root: YAMLNode)] = []
        for (file, bytes) in read {
            if let text = String(validating: bytes, as: UTF8.self) { sources.add(file: file, text: text) }
            let result = YAMLLoader.load(bytes, file: file, limits: limits)
            diagnostics += result.diagnostics
            if let root = result.root {
                documents.append((file, root))
            } else if result.diagnostics.isEmpty {
                let id = "lpai.spec.empty"
                let message = files.count == 1
                    ? "the spec file is empty; start from one of the examples in specs/ (it needs at least 'version', 'fleet' and 'orchestrators')"
                    : "\(file) holds no YAML document; remove it from the spec folder or give it content"
                diagnostics.append(Diagnostic(id: id, severity: files.count == 1 ? .error : .warning, location: SourceLocation(file: file, line: 1, column: 1), message: message))
            }
        }
        guard !diagnostics.hasErrors, !documents.isEmpty else {
            if documents.isEmpty, !diagnostics.hasErrors {
                diagnostics.append(.error("lpai.spec.empty", at: SourceLocation(file: path, line: 1, column: 1), "no spec content in \(path)"))
            }
            return SpecLoadResult(spec: nil, diagnostics: diagnostics, sources: sources)
        }
        var merger = SpecMerger()
        let root = merger.merge(documents)
        diagnostics += merger.diagnostics
        guard let root, !diagnostics.hasErrors else {
            return SpecLoadResult(spec: nil, diagnostics: diagnostics, sources: sources)
        }
        var decoder = SpecDecoder()
        let spec = decoder.decode(root: root, files: files)
        diagnostics += decoder.d.diagnostics
        return SpecLoadResult(spec: diagnostics.hasErrors ? nil : spec, diagnostics: diagnostics, sources: sources)
    }

    /// Decodes a spec held in memory (tests, fuzzing, benchmarks).
    public static func load(text: String, file: String = "spec.yaml", limits: YAMLLimits = YAMLLimits()) -> SpecLoadResult {
        var sources = SourceFiles()
        sources.add(file: file, text: text)
        let result = YAMLLoader.load(Array(text.utf8), file: file, limits: limits)
        guard result.diagnostics.isEmpty else { return SpecLoadResult(spec: nil, diagnostics: result.diagnostics, sources: sources) }
        guard let root = result.root else {
            let empty = Diagnostic.error("lpai.spec.empty", at: SourceLocation(file: file, line: 1, column: 1), "the spec file is empty; start from one of the examples in specs/")
            return SpecLoadResult(spec: nil, diagnostics: [empty], sources: sources)
        }
        var decoder = SpecDecoder()
        let spec = decoder.decode(root: root, files: [file])
        return SpecLoadResult(spec: spec, diagnostics: decoder.d.diagnostics, sources: sources)
    }

    static func listFiles(_ path: String) -> Result<[String], Diagnostic> {
        var isDirectory: ObjCBool = false
        let at = SourceLocation(file: path, line: 1, column: 1)
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(.error("lpai.spec.io", at: at, "no such file or folder: \(path)"))
        }
        guard isDirectory.boolValue else { return .success([path]) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return .failure(.error("lpai.spec.io", at: at, "cannot list the folder \(path): check its permissions"))
        }
        let yaml = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
        guard !yaml.isEmpty else {
            return .failure(.error("lpai.spec.io", at: at, "the folder \(path) holds no *.yaml or *.yml file"))
        }
        let base = path.hasSuffix("/") ? path : path + "/"
        return .success(yaml.map { base + $0 })
    }
}
