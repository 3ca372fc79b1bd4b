import Spec

/// A go-livepeer release number read from an image tag such as `v0.9.1`.
public struct ReleaseVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int, minor: Int, patch: Int

    /// The version in `repo:vX.Y.Z` (or `X.Y.Z`, with an optional `-suffix`); nil for `latest` or a digest.
    public init?(imageReference: String) {
        var reference = Substring(imageReference)
        if let at = reference.firstIndex(of: "@") { reference = reference[..<at] }
        guard let colon = reference.lastIndex(of: ":"), !reference[colon...].contains("/") else { return nil }
        var tag = reference[reference.index(after: colon)...]
        if tag.first == "v" { tag = tag.dropFirst() }
        if let dash = tag.firstIndex(of: "-") { tag = tag[..<dash] }
        let parts = tag.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        major = parts[0]!
        minor = parts[1]!
        patch = parts.count == 3 ? parts[2]! : 0
    }

    public static func < (a: ReleaseVersion, b: ReleaseVersion) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }
}

extension Rule {
    /// Each node has a pinned image; workers are not older than their orchestrator.
    static let versions = Rule(
        ids: ["lpai.image.missing", "lpai.image.unpinned", "lpai.version.worker-older"],
        summary: "every node has a pinned go-livepeer image; workers are not older than their orchestrator"
    ) { fleet in
        var out: [Diagnostic] = []
        // A fleet names a handful of images; parsing each tag once per node was most of this rule's time.
        var parsed: [String: ReleaseVersion?] = [:]
        func version(_ image: String) -> ReleaseVersion? {
            if let known = parsed[image] { return known }
            let version = ReleaseVersion(imageReference: image)
            parsed[image] = version
            return version
        }
        for node in fleet.nodes {
            guard let image = node.image else {
                out.append(.error("lpai.image.missing", at: node.name.location, "'\(node.name.value)' has no go-livepeer image; set defaults.image (e.g. livepeer/go-livepeer:v0.9.1) or the node's 'image'"))
                continue
            }
            if version(image.value) == nil, !image.value.contains("@sha256:") {
                out.append(.warning(
                    "lpai.image.unpinned", at: image.location,
                    "image '\(image.value)' is not pinned to a release (vX.Y.Z) or digest; lpai-apply cannot check worker/orchestrator version order, and a pull may change what runs"
                ))
            }
        }
        for node in fleet.nodes where node.role == .worker {
            guard let o = fleet.orchestrator(of: node), let oNode = fleet.nodesByName[o.name.value],
                let wImage = node.image, let oImage = oNode.image,
                let wVersion = version(wImage.value), let oVersion = version(oImage.value),
                wVersion < oVersion
            else { continue }
            out.append(.error(
                "lpai.version.worker-older", at: wImage.location,
                "worker '\(node.name.value)' runs go-livepeer \(wVersion) but its orchestrator '\(o.name.value)' runs \(oVersion); the orchestrator rejects workers older than itself (core/capabilities.go isVersionCompatible, LIVEPEER.md). Upgrade the worker first",
                notes: [.init("orchestrator image set here", at: oImage.location)]
            ))
        }
        return out
    }

    /// Pipelines with their own runner image need their own pin.
    static let runnerImages = Rule(
        ids: ["lpai.runner-image.pipeline-pin", "lpai.runner-image.unpinned", "lpai.runner-image.unknown-pipeline"],
        summary: "runner images are pinned; audio-to-text, llm, segment-anything-2, text-to-speech and live-video-to-video per pipeline"
    ) { fleet in
        var out: [Diagnostic] = []
        var reported = Set<String>()
        for pin in fleet.spec.defaults.runnerImages.perPipeline + fleet.spec.workers.flatMap(\.runnerImages.perPipeline) + fleet.spec.orchestrators.flatMap(\.runnerImages.perPipeline)
        where !Pipelines.isKnown(pin.pipeline.value) {
            out.append(.error("lpai.runner-image.unknown-pipeline", at: pin.pipeline.location, "runnerImages key '\(pin.pipeline.value)' is neither 'default' nor a pipeline\(Suggest.hint(for: pin.pipeline.value, in: Pipelines.all + ["default"]))"))
        }
        for node in fleet.nodes where node.servesModels {
            for u in node.uses where !u.isExternal {
                let pipeline = u.model.pipeline.value
                guard Pipelines.isKnown(pipeline), node.runnerImages.image(forPipeline: pipeline) == nil,
                    reported.insert("\(node.name.value)/\(pipeline)").inserted
                else { continue }
                let ownTag = Pipelines.ownRunnerImage.contains(pipeline) || Pipelines.liveOnly.contains(pipeline)
                if let defaultImage = node.runnerImages.defaultImage {
                    guard ownTag else { continue }
                    out.append(.warning(
                        "lpai.runner-image.pipeline-pin", at: u.use.location,
                        "'\(node.name.value)' serves \(pipeline) with only runnerImages.default pinned; go-livepeer gives \(pipeline) its own runner image, which the default does not change (LIVEPEER.md), so it would run an unpinned image. Add runnerImages.\(pipeline)",
                        notes: [.init("default runner image set here", at: defaultImage.location)]
                    ))
                } else {
                    out.append(.warning(
                        "lpai.runner-image.unpinned", at: u.use.location,
                        "'\(node.name.value)' runs \(pipeline) runners from go-livepeer's built-in image tag (livepeer/ai-runner:latest or its pipeline tag), which changes under you; pin runnerImages.\(ownTag ? pipeline : "default") in defaults or on the node"
                    ))
                }
            }
        }
        return out
    }

    /// Split orchestrators with workers need a shared secret, given by reference.
    static let secrets = Rule(
        ids: ["lpai.secret.missing"],
        summary: "split orchestrators with workers have an orchSecret"
    ) { fleet in
        fleet.spec.orchestrators.compactMap { o in
            guard o.mode.value == .split, o.secret == nil, !(fleet.workersByOrchestrator[o.name.value] ?? []).isEmpty else { return nil }
            return .error(
                "lpai.secret.missing", at: o.name.location,
                "split orchestrator '\(o.name.value)' has workers but no 'secret'; workers authenticate with -orchSecret. Add secret: {env: VARIABLE} or {file: /path}"
            )
        }
    }
}
