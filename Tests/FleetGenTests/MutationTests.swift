import FleetGen
import Planner
import Spec
import Testing

/// Validating a broken spec never crashes and never lies: for seeded mutations of valid
/// generated specs (single files and folders), the result is a clean compile or diagnostics
/// located inside the files, and nothing claims success alongside an error.
@Suite struct MutationTests {
    /// What went wrong with one mutated spec (empty when every property holds), and whether it
    /// compiled to a plan.
    static func check(_ files: [(file: String, bytes: [UInt8])]) -> (problems: [String], compiled: Bool) {
        let load = SpecLoader.load(files: files, path: "fleet")
        let locations = LocationCheck(files)
        var problems = locations.problems(load.diagnostics, sources: load.sources)
        _ = DiagnosticFormatter().format(load.diagnostics, sources: load.sources)
        guard let spec = load.spec else {
            if !load.diagnostics.hasErrors { problems.append("no spec and no error") }
            return (problems, false)
        }
        if load.diagnostics.hasErrors { problems.append("a spec along with errors: \(load.diagnostics.filter { $0.severity == .error }.map(\.id))") }
        let compiled = Planner.compile(spec)
        problems += locations.problems(compiled.diagnostics, sources: load.sources)
        _ = DiagnosticFormatter().format(compiled.diagnostics, sources: load.sources)
        if compiled.plan == nil, !compiled.diagnostics.hasErrors { problems.append("no plan and no error") }
        if let plan = compiled.plan {
            if compiled.diagnostics.hasErrors { problems.append("a plan along with errors: \(compiled.diagnostics.map(\.id))") }
            _ = RenderOutput.files(for: plan)
        }
        return (problems, compiled.plan != nil)
    }

    @Test(arguments: SpecMutator.Kind.allCases)
    func eachMutationKeepsValidationHonest(_ kind: SpecMutator.Kind) {
        var shapes = SplitMix64(seed: 0xB0B)
        var mutator = SpecMutator(rng: SplitMix64(seed: 0xBAD_5EED &+ UInt64(SpecMutator.Kind.allCases.firstIndex(of: kind)!)))
        var refused = 0
        for round in 0..<60 {
            let options = FleetGen.Options(
                workers: 1 + shapes.below(4), orchestrators: 1, gpusPerWorker: 1 + shapes.below(3), models: 1 + shapes.below(6),
                seed: UInt64(round)
            )
            let original = Array(FleetGen.spec(options).utf8)
            var text = mutator.mutate(original, kind)
            // A second, random mutation on a third of the rounds: breakage rarely comes alone.
            if mutator.rng.chance(33) {
                let second = mutator.rng.pick(SpecMutator.Kind.allCases)
                text = mutator.mutate(text, second)
            }
            let (problems, compiled) = Self.check([("fleet.yaml", text)])
            #expect(problems.isEmpty, "\(kind) round \(round) (\(Shape(options).testDescription)):\n\(problems.prefix(5).joined(separator: "\n"))\n--- input:\n\(String(decoding: text, as: UTF8.self))")
            if !compiled { refused += 1 }
        }
        // The mutations must break things: a mutator that changed nothing would pass vacuously.
        #expect(refused > 0, "\(kind): all 60 mutated specs compiled")
    }

    @Test func mutatedFoldersMergeHonestly() {
        var mutator = SpecMutator(rng: SplitMix64(seed: 0xF01D))
        for round in 0..<60 {
            let options = FleetGen.Options(workers: 1 + round % 4, orchestrators: 1, gpusPerWorker: 2, models: 3, seed: UInt64(round))
            var files = FleetGen.folder(options).map { (file: $0.name, bytes: Array($0.text.utf8)) }
            let target = mutator.rng.below(files.count)
            let kind = mutator.rng.pick(SpecMutator.Kind.allCases)
            files[target].bytes = mutator.mutate(files[target].bytes, kind)
            let problems = Self.check(files).problems
            #expect(problems.isEmpty, "round \(round), \(files[target].file) mutated (\(kind)):\n\(problems.prefix(5).joined(separator: "\n"))")
        }
    }

    /// The mutator itself: each kind changes a spec, and the same seed gives the same change.
    @Test func mutationsAreSeededAndReal() {
        let text = Array(FleetGen.spec(FleetGen.Options(workers: 2, orchestrators: 1, seed: 3)).utf8)
        for kind in SpecMutator.Kind.allCases {
            var a = SpecMutator(rng: SplitMix64(seed: 9)), b = SpecMutator(rng: SplitMix64(seed: 9))
            let x = a.mutate(text, kind)
            #expect(x == b.mutate(text, kind), "\(kind) is not reproducible")
            #expect(x != text, "\(kind) left the spec unchanged")
        }
        #expect(SpecMutator.members(Array("a: {b: 1, c: [2, 3]}\nd:\n  e: f\ng: h\n".utf8)).count == 6)
    }
}
