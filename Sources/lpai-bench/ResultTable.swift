/// The benchmark's text output: one row per fleet size, then the targets.
enum ResultTable {
    static let columns = ["N", "YAML MB", "raw parse", "load+decode", "validate", "capacity", "render mem", "render disk", "e2e compile", "e2e/raw", "peak RSS"]

    static func header(_ report: CompileReport) -> String {
        let m = report.machine
        return """
            lpai-bench compile, \(report.date): \(m.cores) cores, \(m.arch), \(m.os), \(Format.megabytes(m.memoryBytes)) RAM, \(m.swift), build: \(report.settings.build)
            Generated fleets: G=\(report.settings.gpusPerWorker) GPUs per worker, K=\(report.settings.models) models, orchestrators: \(report.settings.orchestrators), seed \(report.settings.seed). render disk writes to \(report.settings.renderDirectory) (\(report.settings.renderFilesystem)).
            Median of \(report.settings.repeats) run\(report.settings.repeats == 1 ? "" : "s") (every run in the JSON file).

            """
    }

    static func render(_ results: [SizeResult]) -> String {
        var rows: [[String]] = [columns]
        for r in results {
            let s = r.steps
            rows.append([
                Format.count(r.workers), Format.decimal(Double(r.yamlBytes) / 1e6, digits: 1), time(s.rawParse), time(s.loadDecode), time(s.validate),
                time(s.capacity), time(s.renderMemory), time(s.renderDisk), time(s.e2eCompile), r.e2eOverRawParse.map(Format.ratio) ?? "-",
                r.peakRSSBytes.map(Format.megabytes) ?? "-",
            ])
        }
        var notes = ""
        for r in results {
            var parts: [String] = []
            if let rss = r.renderDiskPeakRSSBytes { parts.append("lpai-apply render peak RSS \(Format.megabytes(rss))") }
            if let rss = r.peakRSSAllStepsBytes { parts.append("all steps in one process \(Format.megabytes(rss))") }
            if let load = r.loadAverage { parts.append("load average \(load.map { Format.decimal($0, digits: 2) }.joined(separator: " "))") }
            if r.diagnostics > 0 { parts.append("WARNING: the generated spec has \(r.diagnostics) diagnostics") }
            if !parts.isEmpty { notes += "N=\(Format.count(r.workers)): " + parts.joined(separator: ", ") + "\n" }
        }
        return aligned(rows, rightAligned: true) + notes
    }

    static func render(_ targets: [Target]) -> String {
        var rows: [[String]] = [["", "target", "limit", "measured"]]
        for t in targets {
            let mark = switch t.status {
            case .pass: "PASS"
            case .fail: "FAIL"
            case .notMeasured: "n/a"
            }
            rows.append([mark, t.name, t.limit, t.measured ?? "not measured at these sizes"])
        }
        return "Targets\n" + aligned(rows, rightAligned: false)
    }

    private static func time(_ timing: Timing?) -> String { timing.map { Format.seconds($0.median) } ?? "-" }

    /// Columns padded to their widest cell; numbers right-aligned.
    private static func aligned(_ rows: [[String]], rightAligned: Bool) -> String {
        var widths: [Int] = []
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

enum Format {
    /// `850 µs`, `12.3 ms`, `1.23 s`.
    static func seconds(_ s: Double) -> String {
        if s < 0.001 { return "\(Int((s * 1e6).rounded())) µs" }
        if s < 1 { return significant(s * 1000) + " ms" }
        return significant(s) + " s"
    }

    static func ratio(_ r: Double) -> String { significant(r) + "x" }

    static func megabytes(_ bytes: Int) -> String { "\(Int((Double(bytes) / 1e6).rounded())) MB" }

    static func count(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// Three significant digits: 1.23, 12.3, 123.
    static func significant(_ x: Double) -> String {
        x >= 100 ? String(Int(x.rounded())) : decimal(x, digits: x >= 10 ? 1 : 2)
    }

    static func decimal(_ x: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((x * scale).rounded())
        let whole = scaled / Int(scale), fraction = scaled % Int(scale)
        let fractionText = String(fraction)
        return digits == 0 ? String(whole) : "\(whole)." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}
