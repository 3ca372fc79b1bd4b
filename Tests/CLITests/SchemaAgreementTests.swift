import Foundation
import Planner
import Spec
import TestSupport
import Testing

/// The schema and the decoder describe one format. Starting from a spec that sets every key the
/// schema knows, each case removes a key, nulls it, gives it the wrong type, goes out of range
/// or adds an unknown key, and both the decoder and Python's jsonschema must give the verdict
/// the case expects. A key the decoder accepts but the schema lacks (or the reverse), a
/// required key only one of them requires, or a type they read differently fails here. Where
/// the schema is stricter than the decoder, the validate rule it stands for must refuse too.
@Suite struct SchemaAgreementTests {
    struct Expectation {
        var name: String
        var document: JSONValue
        var decoderValid: Bool
        var schemaValid: Bool
        /// The validate rule that refuses what the decoder lets through.
        var rule: String? = nil
    }

    @Test func schemaAndDecoderAgreeOnEveryKey() throws {
        guard SchemaChecker.available() else { return }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = SchemaCases.all()
        #expect(cases.count > 150, "the generator should reach every key: \(cases.count) cases")
        let verdicts = try SchemaChecker.batch(
            cases.map { .init(name: $0.name, text: $0.document.compact) }, schemaArguments: SchemaChecker.schemaArguments(in: dir), in: dir
        )
        for c in cases {
            let loaded = SpecLoader.load(text: c.document.compact)
            let errors = loaded.diagnostics.filter { $0.severity == .error }
            #expect(
                errors.isEmpty == c.decoderValid,
                "decoder, \(c.name): expected \(c.decoderValid ? "valid" : "invalid"), got \(errors.map { "\($0.id) \($0.message)" })"
            )
            if let rule = c.rule, let spec = loaded.spec {
                let ids = Set(Planner.check(spec).diagnostics.filter { $0.severity == .error }.map(\.id))
                #expect(ids.contains(rule), "validate, \(c.name): expected \(rule) among \(ids.sorted())")
            }
            let verdict = try #require(verdicts[c.name], "no verdict for \(c.name)")
            #expect(verdict.valid == c.schemaValid, "schema, \(c.name): expected \(c.schemaValid ? "valid" : "invalid"), got \(verdict.errors)")
        }
    }

    /// A key the schema says a validate rule requires names a rule that exists.
    @Test func ruleRequiredKeysNameRealRules() throws {
        let rules = try CLI.run(["rules"])
        var ids: [String] = []
        func collect(_ node: SchemaNode) {
            switch node {
            case .object(let object):
                for p in object.properties {
                    if case .requiredByRule(let id) = p.need { ids.append(id) }
                    collect(p.node)
                }
            case .names(let value), .list(let value): collect(value)
            case .keyed(let map): collect(map.value)
            case .anyOf(let alternatives): alternatives.forEach(collect)
            default: break
            }
        }
        collect(.object(SpecSchema.root))
        #expect(!ids.isEmpty)
        for id in ids {
            #expect(rules.stdout.contains("  \(id)\n"), "\(id) is not a rule id of `lpai-apply rules`")
        }
    }
}
