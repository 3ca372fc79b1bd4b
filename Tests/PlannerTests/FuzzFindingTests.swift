@testable import Planner
@testable import Spec
import Testing

/// Traps, blow-ups and quadratic work in the compile path, found while fuzzing it (Fuzz/,
/// docs/FUZZING.md, which says how each was found), kept as regression tests: each input now
/// compiles to located diagnostics, in bounded time and memory.
@Suite struct FuzzFindingTests {
    /// Every diagnostic of a marked fixture, decoder's and planner's.
    private func diagnostics(_ text: String) -> [Diagnostic] { compile(text).diagnostics }

    /// Two containers of a model said to need 8,000,000 TB on one GPU: summing their VRAM
    /// overflowed Int64 (a trap), and so did formatting a size past 0.9 EB for the message.
    @Test func hugeVRAMSizesAreReportedNotTrapped() throws {
        let text = Fixture.spec(
            models: """
                models:
                  sd:
                    pipeline: text-to-image
                    model_id: runwayml/stable-diffusion-v1-5
                    price: {per_unit: 4768371, currency: wei}
                    vram: 8000000TB
                """,
            workers: """
                workers:
                  gpu-1:
                    host: gpu-box
                    orchestrator: orch
                    containersPerGPU: 2
                    gpus: [{id: 0, vram: 1️⃣24GiB}]
                    models: [{model: sd, warm: 2}]
                """)
        let (diagnostics, markers) = compile(text)
        let exceeded = try #require(diagnostics.first { $0.id == "lpai.gpu.vram-exceeded" }, "\(diagnostics.map(\.id))")
        #expect(exceeded.location == markers["1️⃣"])
        #expect(exceeded.message.contains("24 GiB"))
        #expect(exceeded.message.contains("8388608 TiB"), "the sum saturates at Int64.max: \(exceeded.message)")
        #expect(diagnostics.contains { $0.id == "lpai.gpu.vram-too-small" })
    }

    @Test(arguments: [
        (Int64.max, "8388608 TiB"), (8_000_000_000_000_000_000, "7275957.6 TiB"), (Int64(1) << 30, "1 GiB"),
        (Int64(14.5 * Double(1 << 30)), "14.5 GiB"), ((Int64(1) << 30) - 1, "1024 MiB"), (-(Int64(3) << 29), "-1.5 GiB"), (512, "512 B"),
    ])
    func byteSizesFormatWithoutOverflow(_ bytes: Int64, _ text: String) {
        #expect(ByteSize.format(bytes) == text)
    }

    /// Two nodes on one host sharing GPU id 9223372036854775807: their runner ports were
    /// computed as prefix × 100 + id, which overflowed (a trap) before any rule said the id is
    /// out of range.
    @Test func aGPUIDNearIntMaxIsOutOfRangeNotATrap() throws {
        let text = Fixture.spec(workers: """
            workers:
              gpu-1:
                host: gpu-box
                orchestrator: orch
                serviceAddr: gpu-1.example:8935
                gpus: [{id: 1️⃣9223372036854775807}]
                models: [{model: sd, warm: 1}]
              gpu-2:
                host: gpu-box
                orchestrator: orch
                serviceAddr: gpu-2.example:8935
                gpus: [{id: 2️⃣9223372036854775807}]
                models: [{model: sd, warm: 1}]
            """)
        let (diagnostics, markers) = compile(text)
        let ranges = diagnostics.filter { $0.id == "lpai.gpu.id-range" }.compactMap(\.location)
        #expect(Set(ranges) == Set([markers["1️⃣"], markers["2️⃣"]].compactMap { $0 }), "\(diagnostics.map(\.id))")
        #expect(diagnostics.contains { $0.id == "lpai.host.gpu-overlap" && $0.location == markers["2️⃣"] })
        #expect(Pipelines.runnerPort(pipeline: "text-to-image", colocation: 0, gpu: Int.max) == nil)
        #expect(Pipelines.runnerPort(pipeline: "llm", colocation: 1, gpu: 2) == 8512)
    }

    /// `warm: 1000` on many uses of a one-GPU worker: every container that found no slot was
    /// kept, so 10,000 such uses (a 320 KB spec) took over 4 GB. Each overflowing use is now
    /// kept once, whatever its `warm`.
    @Test func unplacedWarmContainersAreKeptPerUseNotPerContainer() throws {
        let uses = Array(repeating: "{model: sd, warm: 1000}", count: 3).joined(separator: ", ")
        let text = Fixture.spec(workers: """
            workers:
              gpu-1:
                host: gpu-box
                orchestrator: orch
                gpus: [{id: 0}]
                models: [1️⃣\(uses)]
            """)
        let compiled = compilation(text)
        let spec = try #require(compiled.load.spec)
        let node = try #require(FleetIndex(spec: spec).nodes.first { $0.name.value == "gpu-1" })
        #expect(node.placement.unplaced.count == 3)
        #expect(node.placement.usedSlots == 1)
        let exceeded = compiled.diagnostics.filter { $0.id == "lpai.gpu.slots-exceeded" }
        #expect(exceeded.count == 1)
        #expect(exceeded.first?.location == compiled.markers["1️⃣"])
        #expect(exceeded.first?.message.contains("3000 warm containers but 1 GPU slots") == true, "\(exceeded)")
    }

    /// 1,000 workers naming hosts spelt another way than the hosts section: each unknown name
    /// was compared with every host for a did-you-mean (5,000 took 7.5 minutes here). Every
    /// reference is still reported, and only the first 100 distinct names get a hint.
    @Test func unknownReferencesAreReportedWithBoundedHints() throws {
        let count = 1_000
        var lines = ["version: 1", "fleet: big", "hosts:", "  orch-box: {}"]
        for i in 0..<count { lines.append("  gpu-box-\(i): {}") }
        lines += [
            "models:", "  sd: {pipeline: text-to-image, model_id: a/b, price: {per_unit: 1}}",
            "orchestrators:", "  orch: {host: orch-box, serviceAddr: \"orch.example:8935\", secret: {env: S}}", "workers:",
        ]
        for i in 0..<count { lines.append("  w\(i): {host: gpu-bx-\(i), orchestrator: orch, gpus: [{id: 0}], models: [{model: sd, warm: 1}]}") }
        let load = SpecLoader.load(text: lines.joined(separator: "\n") + "\n")
        let spec = try #require(load.spec, "\(load.diagnostics.prefix(3))")
        let unknown = Planner.check(spec).diagnostics.filter { $0.id == "lpai.ref.unknown-host" }
        #expect(unknown.count == count)
        let hinted = unknown.filter { $0.message.contains("did you mean") }
        #expect(hinted.count == ReferenceHints.limit)
        #expect(hinted.first?.message.contains("did you mean 'gpu-box-") == true, "\(hinted.first?.message ?? "")")
    }

    /// The cut-off edit distance agrees with the full one wherever it answers, on seeded
    /// random words over a small alphabet (so near misses, transpositions included, are common).
    @Test func theBoundedEditDistanceAgreesWithTheFullOne() {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("abcd-".unicodeScalars)
        for _ in 0..<2_000 {
            let a = (0..<next(9)).map { _ in alphabet[next(alphabet.count)] }
            let b = (0..<next(9)).map { _ in alphabet[next(alphabet.count)] }
            let full = FullEditDistance.of(a, b)
            for limit in 0...4 {
                var rows = EditRows()
                let bounded = rows.distance(a, b, limit: limit)
                #expect(bounded == (full <= limit ? full : nil), "\(String(String.UnicodeScalarView(a))) → \(String(String.UnicodeScalarView(b))), limit \(limit)")
            }
        }
        #expect(Suggest.closest(to: "piepline", in: ["pipeline", "model_id"]) == "pipeline")
        #expect(Suggest.closest(to: "gpu-box-7", in: ["gpu-box-1", "gpu-box-7", "orch"]) == "gpu-box-7")
    }

    /// Thousands of nodes on one host: each node's CLI port was searched from the default, so
    /// assigning them was quadratic. Orchestrators take 7935 first; worker 3,000 skips it.
    @Test func cliPortsOnACrowdedHostAreAssignedInOnePass() throws {
        let count = 3_002
        var lines = ["version: 1", "fleet: crowd", "hosts: {box: {}}", "models:", "  sd: {pipeline: text-to-image, model_id: a/b, price: {per_unit: 1}}"]
        lines += ["orchestrators:", "  orch: {host: box, serviceAddr: \"orch.example:8935\", secret: {env: S}}", "workers:"]
        for i in 0..<count { lines.append("  w\(String(100_000 + i).dropFirst()): {host: box, orchestrator: orch, gpus: [{id: 0}], models: [{model: sd, warm: 1}]}") }
        let spec = try #require(SpecLoader.load(text: lines.joined(separator: "\n") + "\n").spec)
        let ports = FleetIndex(spec: spec).nodes.map(\.cliPort)
        #expect(ports.first == 7935)
        let workers = Array(ports.dropFirst())
        #expect(workers.prefix(3000) == ArraySlice(4935..<7935))
        #expect(workers.suffix(2) == [7936, 7937])
    }
}

/// The textbook full-matrix optimal string alignment distance, the reference for the bounded one.
enum FullEditDistance {
    static func of(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        guard !a.isEmpty, !b.isEmpty else { return d[a.count][b.count] }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
