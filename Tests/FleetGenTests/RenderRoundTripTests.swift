import FleetGen
import Foundation
import Planner
import Spec
import Testing

/// Render, then read back: for random valid fleets, every rendered aiModels.json parses with
/// JSONSerialization and says, entry by entry and in order, what the spec asked for and what the
/// plan's capacity table claims; plan.json parses and describes the same plan.
@Suite struct RenderRoundTripTests {
    /// Seeded shapes: a failure names its shape and seed, and the same seed reproduces it.
    static func shapes(count: Int, seed: UInt64) -> [FleetGen.Options] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let workers = 1 + rng.below(40)
            return FleetGen.Options(
                workers: workers, orchestrators: 1 + rng.below(min(workers, 5)),
                gpusPerWorker: 1 + rng.below(10), models: 1 + rng.below(30), seed: seed &+ UInt64(index)
            )
        }
    }

    @Test func everyRenderedAIModelsFileMatchesTheSpecAndThePlan() throws {
        for options in Self.shapes(count: 12, seed: 0x5EED_0001) {
            let label = Shape(options).testDescription
            let load = SpecLoader.load(text: FleetGen.spec(options), file: "fleet.yaml")
            let spec = try #require(load.spec, "\(label): \(load.diagnostics.prefix(3))")
            let plan = try #require(Planner.compile(spec).plan, "\(label) did not compile")
            let rendered = Dictionary(uniqueKeysWithValues: RenderOutput.files(for: plan).map { ($0.path, $0.content) })
            let expected = ExpectedAIModels(spec: spec)
            for node in plan.nodes {
                let text = try #require(rendered["\(node.name)/aiModels.json"], "\(label): no aiModels.json for \(node.name)")
                let entries = try #require(
                    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]],
                    "\(label): \(node.name)/aiModels.json is not an array of objects"
                )
                let file = try #require(node.files.first { $0.path.hasSuffix("/aiModels.json") })
                #expect(file.content == text, "\(label): the rendered file differs from the plan's")
                let want = expected.entries(for: node, slots: file.secrets)
                #expect(entries.count == want.count, "\(label): \(node.name) has \(entries.count) entries, the spec asks for \(want.count)")
                for (index, (got, wanted)) in zip(entries, want).enumerated() {
                    let problems = wanted.differences(from: got)
                    #expect(problems.isEmpty, "\(label): \(node.name) entry \(index): \(problems.joined(separator: "; "))")
                }
                if node.role != .orchestrator {
                    let capacity = try #require(plan.capacity.nodes.first { $0.node == node.name })
                    let problems = CapacityWalk.differences(entries, capacity)
                    #expect(problems.isEmpty, "\(label): \(node.name) against the capacity table: \(problems.joined(separator: "; "))")
                }
            }
        }
    }

    @Test func planJSONParsesBackToThePlan() throws {
        for options in Self.shapes(count: 6, seed: 0x5EED_0002) {
            let label = Shape(options).testDescription
            let spec = try #require(SpecLoader.load(text: FleetGen.spec(options), file: "fleet.yaml").spec, "\(label)")
            let plan = try #require(Planner.compile(spec).plan, "\(label) did not compile")
            let text = RenderOutput.planJSON(plan)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(label): plan.json is not an object")
            let problems = PlanJSONCheck.differences(parsed, plan)
            #expect(problems.isEmpty, "\(label): \(problems.prefix(5).joined(separator: "; "))")
        }
    }
}

/// Walks a worker's parsed aiModels.json along the plan's capacity entries for that node: a
/// warm model is `warmContainers` managed entries, a cold one a single `warm: false` entry, an
/// external one a single entry advertising `advertised` (go-livepeer's default capacity is 1).
enum CapacityWalk {
    static func differences(_ entries: [[String: Any]], _ capacity: NodeCapacity) -> [String] {
        var problems: [String] = []
        var index = 0
        for model in capacity.models {
            let count = model.kind == "warm" ? model.warmContainers : 1
            for _ in 0..<count {
                guard index < entries.count else {
                    problems.append("the file ends before \(model.model)'s entries")
                    return problems
                }
                let entry = entries[index]
                index += 1
                guard entry["pipeline"] as? String == model.pipeline, entry["model_id"] as? String == model.modelID else {
                    problems.append("entry \(index - 1) is not \(model.pipeline)/\(model.modelID)")
                    continue
                }
                let warm = (entry["warm"] as? NSNumber).flatMap { ExpectedAIModels.isBoolean($0) ? $0.boolValue : nil }
                switch model.kind {
                case "warm": if warm != true || entry["url"] != nil { problems.append("\(model.model): entry \(index - 1) is not a warm managed entry") }
                case "cold": if warm != false { problems.append("\(model.model): the cold entry is not warm: false") }
                default:
                    let advertised = (entry["capacity"] as? NSNumber)?.intValue ?? 1
                    if entry["url"] == nil || advertised != model.advertised {
                        problems.append("\(model.model): external entry advertises \(advertised), the plan says \(model.advertised)")
                    }
                }
            }
        }
        if index != entries.count { problems.append("\(entries.count - index) entries beyond the capacity table") }
        return problems
    }
}
