import Foundation
import Spec
import Testing

/// Schema typing, unknown keys and secrets, asserted by id and exact position.
@Suite struct SpecDecoderTests {
    /// A valid spec with a hole: `BODY` is replaced by each test's lines.
    static func spec(models: String = "", worker: String = "", extraTop: String = "") -> String {
        """
        version: 1
        fleet: test
        \(extraTop)hosts: {h1: {}, h2: {}}
        models:
          m:
            pipeline: text-to-image
            model_id: some/model
            price: {per_unit: 1}
        \(models)orchestrators:
          o: {host: h1, serviceAddr: "o.example:8935", secret: {env: S}}
        workers:
          w:
            host: h2
            orchestrator: o
            gpus: [{id: 0}]
            models: [{model: m, warm: 1}]
        \(worker)
        """
    }

    func load(_ text: String) -> SpecLoadResult { SpecLoader.load(text: text, file: "spec.yaml") }

    func only(_ result: SpecLoadResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)", sourceLocation: sourceLocation)
        return try #require(result.diagnostics.first, sourceLocation: sourceLocation)
    }

    @Test func validSpecDecodesWithTypedValues() throws {
        let result = load(Self.spec())
        #expect(result.diagnostics.isEmpty)
        let spec = try #require(result.spec)
        #expect(spec.fleet.value == "test")
        #expect(spec.workers.first?.gpus.first?.id.value == 0)
        #expect(spec.workers.first?.models.first?.warm?.value == 1)
        #expect(spec.models.first?.price?.perUnit.value == "1")
        #expect(spec.orchestrators.first?.secret == SecretRef(source: .env, name: "S", at: Spec.SourceLocation(file: "spec.yaml", line: 10, column: 56)))
    }

    @Test func yaml11WordsAndNumbersStayStringsWhereTheSchemaWantsAString() throws {
        let text = Self.spec().replacingOccurrences(of: "model_id: some/model", with: "model_id: no").replacingOccurrences(of: "fleet: test", with: "fleet: 0x10")
        let spec = try #require(load(text).spec)
        #expect(spec.models.first?.modelID.value == "no")
        #expect(spec.fleet.value == "0x10")
        let on = try #require(load(Self.spec().replacingOccurrences(of: "model_id: some/model", with: "model_id: 1e3")).spec)
        #expect(on.models.first?.modelID.value == "1e3")
    }

    @Test(arguments: [
        ("id: 0x10", "must be a decimal integer, found '0x10'"),
        ("id: \"0\"", "found the quoted string \"0\"; remove the quotes"),
        ("id: 1.5", "must be a decimal integer, found '1.5'"),
        ("id: [0]", "must be an integer, found a list"),
    ])
    func integersAreTypedByTheSchema(_ replacement: String, _ message: String) throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "id: 0", with: replacement)))
        #expect(d.id == "lpai.spec.type")
        #expect(d.location?.line == 15 && d.location?.column == 17)
        #expect(d.message.contains(message), "\(d.message)")
    }

    @Test func yaml11BooleanIsRefusedWithAHint() throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "h1: {}", with: "h1: {insecure: on}")))
        #expect(d.id == "lpai.spec.type")
        #expect(d.location?.line == 3 && d.location?.column == 24)
        #expect(d.message.contains("YAML 1.1 'on' is not a boolean here; write true or false"))
    }

    @Test func unknownKeySuggestsTheClosestKnownKey() throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "    pipeline: text-to-image", with: "    pipeline: text-to-image\n    modle_id: x")))
        #expect(d.id == "lpai.spec.unknown-key")
        #expect(d.location?.line == 7 && d.location?.column == 5)
        #expect(d.message == "unknown key 'modle_id' in model 'm'; did you mean 'model_id'?")
    }

    @Test func unknownTopLevelKeyWithoutCloseMatchListsTheKnownKeys() throws {
        let d = try only(load(Self.spec(extraTop: "banana: 1\n")))
        #expect(d.id == "lpai.spec.unknown-key")
        #expect(d.message.contains("unknown key 'banana' in the spec"))
        #expect(d.location?.line == 3 && d.location?.column == 1)
    }

    @Test func missingRequiredKeyPointsAtItsMapping() throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "    host: h2\n", with: "")))
        #expect(d.id == "lpai.spec.missing-key")
        #expect(d.message.hasPrefix("worker 'w' needs 'host'"))
        #expect(d.location?.line == 13 && d.location?.column == 5)
    }

    @Test func inlineSecretsAreRefused() throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "secret: {env: S}", with: "secret: hunter2")))
        #expect(d.id == "lpai.secret.inline")
        #expect(d.location?.line == 10 && d.location?.column == 56)
        #expect(!d.message.contains("hunter2"), "a diagnostic must not echo a secret value")
    }

    @Test(arguments: [
        ("per_unit: \"0.5e-2USD\"", "the string \"0.5e-2USD\""),
        ("per_unit: 0.5e-2USD", "'0.5e-2USD'"),
        ("per_unit: .5", "'.5'"),
    ])
    func pricesMustBePlainJSONNumbers(_ replacement: String, _ shown: String) throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "per_unit: 1", with: replacement)))
        #expect(d.id == "lpai.price.not-a-number")
        #expect(d.location?.line == 8 && d.location?.column == 23)
        #expect(d.message.contains(shown))
    }

    @Test(arguments: ["1e-3", "0.005", "4768371", "+7", "0", "1E+2"])
    func jsonNumbersAreAcceptedAsWritten(_ price: String) throws {
        let spec = try #require(load(Self.spec().replacingOccurrences(of: "per_unit: 1", with: "per_unit: \(price)")).spec)
        #expect(spec.models.first?.price?.perUnit.value == (price.hasPrefix("+") ? String(price.dropFirst()) : price))
    }

    @Test(arguments: [("24GiB", Int64(24) << 30), ("16 GB", 16_000_000_000), ("8192MiB", Int64(8) << 30), ("1.5GiB", Int64(3) << 29)])
    func sizesParseWithUnits(_ text: String, _ bytes: Int64) throws {
        let spec = try #require(load(Self.spec().replacingOccurrences(of: "{id: 0}", with: "{id: 0, vram: \(text)}")).spec)
        #expect(spec.workers.first?.gpus.first?.vram?.value == bytes)
    }

    @Test func sizeWithoutUnitIsRefused() throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "{id: 0}", with: "{id: 0, vram: 24}")))
        #expect(d.id == "lpai.spec.size")
        #expect(d.location?.line == 15 && d.location?.column == 26)
    }

    @Test func invalidNodeNamesAreRefused() throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "  w:\n", with: "  ../w:\n")))
        #expect(d.id == "lpai.spec.name")
        #expect(d.location?.line == 12 && d.location?.column == 3)
    }

    @Test func warmIsACountNotABoolean() throws {
        let d = try only(load(Self.spec().replacingOccurrences(of: "warm: 1", with: "warm: true")))
        #expect(d.id == "lpai.spec.type")
        #expect(d.message.contains("not a boolean"))
    }

    @Test func allDecoderProblemsAreReportedInOnePass() throws {
        let text = Self.spec()
            .replacingOccurrences(of: "id: 0", with: "id: zero")
            .replacingOccurrences(of: "per_unit: 1", with: "per_unit: one")
            .replacingOccurrences(of: "fleet: test", with: "fleet: test\nfleeet: x")
        let ids = load(text).diagnostics.map(\.id).sorted()
        #expect(ids == ["lpai.price.not-a-number", "lpai.spec.type", "lpai.spec.unknown-key"])
    }
}
