import FleetGen
@testable import livepeer_standin
import Planner
import Spec
import Testing

/// `lint` and the stand-in read aiModels.json with two independent ports of Go's encoding/json
/// (Planner's located reader and decoder; the stand-in's state-for-state `checkValid` scanner and
/// `AIModelsDecoder`). On thousands of seeded random files they must agree on whether go-livepeer
/// loads a file and on every field it loads.
@Suite struct LintAgreesWithStandinTests {
    static let keys = [
        "pipeline", "Pipeline", "PIPELINE", "model_id", "Model_ID", "MODEL_ID", "url", "URL", "token", "Token", "warm", "Warm",
        "capacity", "Capacity", "optimization_flags", "gateway", "price_per_unit", "Price_Per_Unit", "pixels_per_unit", "currency",
        "pipline", "count", "price",
    ]
    static let scalars = [
        "\"text-to-image\"", "\"llm\"", "\"ByteDance/SDXL-Lightning\"", "\"\"", "\"a\\u00e9\\n\"", "\"0.5e-2USD\"", "\"http://127.0.0.1:9000\"",
        "0", "1", "2", "-1", "2.0", "1e2", "0.18", "-0", "4768371", "99999999999999999999", "true", "false", "null",
        "{}", "[]", "{\"SFAST\": true}", "{\"MAX_MODEL_LEN\": \"8192\", \"SFAST\": null}", "{\"X\": 1}", "[1]",
    ]

    static func entry(_ r: inout SplitMix64) -> String {
        let members = (0..<r.below(6)).map { _ in "\"\(r.pick(keys))\": \(r.pick(scalars))" }
        return "{" + members.joined(separator: ", ") + "}"
    }

    static func file(_ r: inout SplitMix64) -> String {
        switch r.below(20) {
        case 0: return entry(&r)
        case 1: return r.pick(scalars)
        default: return "[" + (0..<r.below(4)).map { _ in entry(&r) }.joined(separator: ",\n ") + "]"
        }
    }

    /// A random edit: drop, duplicate or insert a character that commonly breaks JSON.
    static func mutate(_ text: String, _ r: inout SplitMix64) -> String {
        var chars = Array(text)
        for _ in 0..<(1 + r.below(2)) {
            let at = r.below(chars.count + 1)
            switch r.below(3) {
            case 0 where at < chars.count: chars.remove(at: at)
            case 1 where at < chars.count: chars.insert(chars[at], at: at)
            default: chars.insert(r.pick([",", "]", "}", "/", "'", "\"", " ", "\n", ":", "0", "-", ".", "e", "\\", "t", "\u{01}"]), at: at)
            }
        }
        return String(chars)
    }

    @Test func syntaxVerdictsAgree() {
        var r = SplitMix64(seed: 0x5EED)
        var rejected = 0
        for _ in 0..<5000 {
            let text = Self.mutate(Self.file(&r), &r)
            let bytes = Array(text.utf8)
            let go = GoJSONScanner.check(bytes)
            let ours = JSONReader.read(bytes, file: "f.json")
            if case .failure = ours { rejected += 1 }
            switch ours {
            case .success: #expect(go == nil, "lint reads \(text.debugDescription); Go says \(go ?? "")")
            case .failure(let d): #expect(go != nil, "lint rejects \(text.debugDescription) (\(d)); Go accepts it")
            }
        }
        #expect(rejected > 1000 && rejected < 4900, "the mutations exercise both verdicts: \(rejected) rejected")
    }

    @Test func decodedEntriesAgree() {
        var r = SplitMix64(seed: 0xC0FFEE)
        var loaded = 0
        for _ in 0..<5000 {
            let text = Self.file(&r)
            let bytes = Array(text.utf8)
            let ours = AIModelsFile.read(bytes, file: "f.json")
            switch AIModelsDecoder.decode(bytes) {
            case .failure(let error):
                #expect(!ours.loads, "go-livepeer refuses \(text.debugDescription) (\(error.message)); lint says it loads")
            case .success(let configs):
                #expect(ours.loads, "go-livepeer loads \(text.debugDescription); lint says it does not: \(ours.diagnostics)")
                guard ours.loads, configs.count == ours.entries.count else {
                    #expect(configs.count == ours.entries.count, "\(text.debugDescription)")
                    continue
                }
                loaded += 1
                for (go, e) in zip(configs, ours.entries) {
                    let flags = e.optimizationFlags.isEmpty ? nil : Dictionary(e.optimizationFlags.map { flag -> (String, String) in
                        switch flag.value {
                        case .bool(let b): (flag.name, String(b))
                        case .string(let s): (flag.name, s)
                        }
                    }, uniquingKeysWith: { _, last in last })
                    let same = go.pipeline == e.pipelineName && go.modelID == e.modelIDName && go.url == (e.url?.value ?? "")
                        && go.token == (e.token?.value ?? "") && go.warm == e.isWarm && go.capacity == Int64(e.capacity?.value ?? 0)
                        && go.gateway == (e.gateway?.value ?? "") && go.currency == (e.currency?.value ?? "")
                        && go.pricePerUnit == e.pricePerUnit?.value && go.pixelsPerUnit == e.pixelsPerUnit?.value
                        && (go.optimizationFlags?.isEmpty ?? true ? nil : go.optimizationFlags) == flags
                    #expect(same, "\(text.debugDescription): Go \(go.describe(index: 0)); lint \(e)")
                }
            }
        }
        #expect(loaded > 500, "enough files load to compare fields: \(loaded)")
    }
}
