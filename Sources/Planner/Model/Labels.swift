/// The container labels lpai-apply writes. Labels are the reconciler's only state.
public enum Labels {
    public static let fleet = "io.lpai.fleet"
    public static let node = "io.lpai.node"
    public static let role = "io.lpai.role"
    /// The spec's host name the node is placed on (several hosts may share one engine).
    public static let host = "io.lpai.host"
    public static let orchestrator = "io.lpai.orchestrator"
    /// ``ContentHash`` of the container spec and file contents, secrets by reference.
    public static let hash = "io.lpai.hash"
    public static let hashScheme = "io.lpai.hash-scheme"
    /// Per-file content digests, so a plan can name the file that changed.
    public static let files = "io.lpai.files"
    /// Keyed digest of the secret values the files hold under the engine's key (set at apply time).
    public static let secrets = "io.lpai.secrets"
    /// The same under the container's own key: the fallback when the engine's key is lost.
    public static let secretsOwn = "io.lpai.secrets-own"
    /// go-livepeer's label on the runner containers a worker starts.
    public static let runnerCreator = "creator"
    public static let runnerCreatorID = "creator_id"
}
