/// The spec format, written once: the decoder reads its key lists from here and
/// `lpai-apply schema` prints it. The descriptions are docs/SPEC.md's, shortened for hover help.
public enum SpecSchema {
    static let namePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"
    static let absolutePath = "^/"

    /// Docker's image reference grammar (distribution/reference): `[registry[:port]/]path[:tag][@digest]`.
    static let imagePattern =
        "^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?"
        + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$"

    static let image = SchemaNode.text(
        "livepeer/go-livepeer:v0.9.1", pattern: imagePattern, counterexample: "Livepeer/Go Livepeer", refusedBy: .docker, examples: ["livepeer/go-livepeer:v0.9.1"]
    )
    static let runnerImage = SchemaNode.text(
        "livepeer/ai-runner:v0.14.1", pattern: imagePattern, counterexample: "ai-runner:", refusedBy: .docker, examples: ["livepeer/ai-runner:v0.14.1"]
    )

    /// The top level of a spec (of the merged document, for a folder spec).
    public static let root = SchemaObject([
        .init("version", .integer(1...1), .required, "The spec format version; must be 1."),
        .init(
            "fleet", .text("eu-prod", pattern: namePattern, counterexample: "eu prod", refusedBy: .decoder), .required,
            "The fleet's name (1–63 letters, digits, '-', '_' or '.'): the io.lpai.fleet label and part of every container name lpai-<fleet>-<node>."
        ),
        .init("defaults", .object(defaults), .optional, "Settings every node inherits unless it sets its own."),
        .init("hosts", .names(.object(host)), .optional, "Docker hosts nodes run on, by name. plan, apply and drift reach each host's Docker Engine through these settings."),
        .init("models", .names(.object(model)), .optional, "The model catalogue, by name: each entry is a (pipeline, model_id) pair with its price and needs. Nodes serve models by name."),
        .init(
            "orchestrators", .names(.object(orchestrator)), .required,
            "Orchestrator nodes, by name (at least one). mode: split (default) has remote workers attach to it; mode: combined serves its own GPUs."
        ),
        .init("workers", .names(.object(worker)), .optional, "Remote AI worker nodes (-aiWorker), by name: each runs runner containers on its GPUs and registers with a split orchestrator."),
        .init("requirements", .list(.object(requirement)), .optional, "Capacity the fleet must advertise; validate fails when it offers less (lpai.capacity.requirement-short)."),
    ])

    public static let defaults = SchemaObject([
        .init(
            "image", image, .optional,
            "go-livepeer image of every node without its own 'image'. Pin a release tag (vX.Y.Z) or a @sha256: digest so lpai-apply can check that workers are not older than their orchestrator."
        ),
        .init("runnerImages", .keyed(KeyedMap(keys: .runnerImageKeys, value: runnerImage)), .optional, runnerImagesHelp),
        .init("containersPerGPU", .integer(1...9), .optional, "Runner containers per GPU (default 1) → -aiRunnerContainersPerGPU N."),
        .init(
            "aiModelsDir", .text("/var/lib/livepeer/models", pattern: absolutePath, counterexample: "models", refusedBy: .decoder), .optional,
            "Host folder of model weights (default /var/lib/livepeer/models) → -aiModelsDir. go-livepeer bind-mounts it into runner containers, so it must be an absolute host path."
        ),
        .init(
            "dataDir", .text("/var/lib/livepeer/{node}", pattern: absolutePath, counterexample: "data/{node}", refusedBy: .decoder), .optional,
            "Host folder bind-mounted at /root/.lpData (default /var/lib/livepeer/{node}); {node} is replaced by the node's name. Without {node}, two nodes on one host would share it (an error)."
        ),
    ])

    static let runnerImagesHelp =
        "Runner image pins → -aiRunnerImageOverrides: 'default' and one per pipeline. audio-to-text, llm, segment-anything-2 and text-to-speech have their own runner tags that 'default' does not change: pin them by pipeline. A node's pins are layered over defaults.runnerImages key by key."

    public static let host = SchemaObject([
        .init(
            "docker",
            .text(
                "unix:///var/run/docker.sock", pattern: "^(/.*|unix:///.*|tcp://[^/]+:\\+?[0-9]+/?)$", counterexample: "http://gpu-box-1:2375",
                refusedBy: .rule("lpai.host.engine-url"), examples: ["unix:///var/run/docker.sock", "tcp://gpu-box-1.example:2376"]
            ),
            .optional,
            "The host's Docker Engine: unix:///path or tcp://host:port. Without it: DOCKER_HOST at plan time, else /var/run/docker.sock. --engine HOST=URL overrides it."
        ),
        .init("tls", .object(tls), .optional, "TLS client settings for a tcp:// engine; when given, all three files are required. The engine's certificate is verified against ca."),
        .init("insecure", .boolean, .optional, "Allow tcp:// without tls (a warning). Without it, plain TCP is an error: anyone on that network could drive the engine."),
    ])

    public static let tls = SchemaObject([
        .init("ca", .text("/etc/lpai/tls/ca.pem"), .required, "CA certificate file the engine's certificate is verified against."),
        .init("cert", .text("/etc/lpai/tls/cert.pem"), .required, "Client certificate file."),
        .init("key", .text("/etc/lpai/tls/key.pem"), .required, "Client key file."),
    ])
}
