internal import Spec
internal import Planner
internal import Foundation

/// One check `verify` makes: a runner's `/health`, or one small inference request, from the
/// worker's own host (runner ports are bound to 127.0.0.1 there; LIVEPEER.md "Runner containers").
public struct ProbeCheck: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case health, inference }

    public var id: Int
    public var kind: Kind
    public var worker: String
    public var host: String
    public var pipeline: String
    public var modelID: String
    /// The runner container checked and its host port.
    public var runner: String
    public var port: Int

    public init(id: Int, kind: Kind, worker: String, host: String, pipeline: String, modelID: String, runner: String, port: Int) {
        self.id = id
        self.kind = kind
        self.worker = worker
        self.host = host
        self.pipeline = pipeline
        self.modelID = modelID
        self.runner = runner
        self.port = port
    }

    public var path: String { kind == .health ? "/health" : "/\(pipeline)" }
}

/// What a check found.
public struct ProbeResult: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        case serving
        case notServing = "not-serving"
        /// Planned but nothing to check: the warm runner container is missing or stopped.
        case missing
        /// Not checked (cold model, external runner): says why.
        case skipped
    }

    public var check: ProbeCheck?
    public var worker: String
    public var host: String
    public var pipeline: String
    public var modelID: String
    public var verdict: Verdict
    /// `OK`, `IDLE`, `LOADING`, `ERROR`, or what went wrong.
    public var status: String
    /// Round trip of the request as the probe measured it, in milliseconds.
    public var latencyMS: Int?

    public init(check: ProbeCheck?, worker: String, host: String, pipeline: String, modelID: String, verdict: Verdict, status: String, latencyMS: Int? = nil) {
        self.check = check
        self.worker = worker
        self.host = host
        self.pipeline = pipeline
        self.modelID = modelID
        self.verdict = verdict
        self.status = status
        self.latencyMS = latencyMS
    }
}

/// The probe container's script and the reading of its output. Pure.
///
/// The script runs with `sh` in an image already on the host (the worker's go-livepeer image
/// by default), uses curl or else wget, and prints one line per check:
/// `@@lpai-probe ID RC T0 T1 BODY` — RC the client's exit status, T0/T1 the host's uptime in
/// seconds before and after (10 ms resolution, from /proc/uptime, in every Linux image),
/// BODY the first 2,000 bytes of the answer on one line.
public enum RunnerProbe {
    public static let marker = "@@lpai-probe"

    /// The small request per pipeline (`--inference`), shaped as ai-runner's API expects.
    public static func inferenceBody(pipeline: String, modelID: String) -> String? {
        let model = JSONText.escaped(modelID)
        switch pipeline {
        case "text-to-image": return #"{"model_id":"\#(model)","prompt":"a lighthouse at dusk","width":512,"height":512,"num_inference_steps":1}"#
        case "llm": return #"{"model":"\#(model)","messages":[{"role":"user","content":"Say OK."}],"max_tokens":4,"stream":false}"#
        case "text-to-speech": return #"{"model_id":"\#(model)","text":"OK"}"#
        default: return nil
        }
    }

    public static func script(_ checks: [ProbeCheck], timeoutSeconds: Int) -> String {
        var lines = [
            "t() { cut -d' ' -f1 /proc/uptime; }",
            // busybox 1.35's static wget crashes on -T, so wget is bounded by timeout(1) instead.
            "lim() { if command -v timeout >/dev/null 2>&1; then timeout \(timeoutSeconds) \"$@\"; else \"$@\"; fi; }",
            "get() { if command -v curl >/dev/null 2>&1; then curl -fsS -m \(timeoutSeconds) \"$1\"; else lim wget -q -O - \"$1\"; fi; }",
            "post() { if command -v curl >/dev/null 2>&1; then curl -fsS -m \(timeoutSeconds) -H 'Content-Type: application/json' --data-binary \"$2\" \"$1\"; else lim wget -q -O - --header 'Content-Type: application/json' --post-data \"$2\" \"$1\"; fi; }",
            "one() { a=$(t); body=$(\"$@\" 2>&1); rc=$?; b=$(t); body=$(printf '%s' \"$body\" | head -c 2000 | tr '\\n\\r' '  '); echo \"\(marker) $id $rc $a $b $body\"; }",
        ]
        for check in checks {
            let url = "http://127.0.0.1:\(check.port)\(check.path)"
            switch check.kind {
            case .health:
                lines.append("id=\(check.id); one get \(ShellQuote.word(url))")
            case .inference:
                let body = inferenceBody(pipeline: check.pipeline, modelID: check.modelID) ?? "{}"
                lines.append("id=\(check.id); one post \(ShellQuote.word(url)) \(ShellQuote.word(body))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads the probe's output into one result per check (a check without a line failed to run).
    public static func results(_ output: String, checks: [ProbeCheck]) -> [ProbeResult] {
        var lines: [Int: (rc: Int, t0: Double, t1: Double, body: String)] = [:]
        for raw in output.split(separator: "\n") {
            guard let start = raw.range(of: marker + " ") else { continue }
            let fields = raw[start.upperBound...].split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count >= 4, let id = Int(fields[0]), let rc = Int(fields[1]), let t0 = Double(fields[2]), let t1 = Double(fields[3]) else { continue }
            lines[id] = (rc, t0, t1, fields.count == 5 ? String(fields[4]).trimmingCharacters(in: .whitespaces) : "")
        }
        return checks.map { check in
            var result = ProbeResult(check: check, worker: check.worker, host: check.host, pipeline: check.pipeline, modelID: check.modelID, verdict: .notServing, status: "")
            guard let line = lines[check.id] else {
                result.status = "the probe printed nothing for this check"
                return result
            }
            result.latencyMS = Int(((line.t1 - line.t0) * 1000).rounded())
            if line.rc != 0 {
                result.status = line.body.isEmpty ? "no answer on 127.0.0.1:\(check.port) (exit \(line.rc))" : "no answer on 127.0.0.1:\(check.port): \(line.body.prefix(200))"
                return result
            }
            switch check.kind {
            case .health:
                let status = healthStatus(line.body) ?? "unreadable answer: \(line.body.prefix(120))"
                result.status = status
                result.verdict = status == "OK" || status == "IDLE" ? .serving : .notServing
            case .inference:
                result.status = "answered (\(line.body.utf8.count) bytes)"
                result.verdict = .serving
            }
            return result
        }
    }

    /// `{"status": "OK"}` → `OK`.
    static func healthStatus(_ body: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return object["status"] as? String
    }
}
