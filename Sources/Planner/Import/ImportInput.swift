public import Spec

/// What an operator has for one go-livepeer node: its command line and its aiModels.json.
public struct ImportNode: Sendable {
    public var name: String
    public var invocation: LivepeerInvocation
    /// The node's aiModels.json as go-livepeer reads it; nil when none was given.
    public var models: AIModelsFile?
    /// The spec host the node runs on, and that host's engine URL when known.
    public var host: String
    public var docker: String?

    public init(name: String, invocation: LivepeerInvocation, models: AIModelsFile?, host: String, docker: String? = nil) {
        self.name = name
        self.invocation = invocation
        self.models = models
        self.host = host
        self.docker = docker
    }
}

public struct ImportOptions: Sendable {
    public var fleet: String
    /// The go-livepeer image of nodes whose command line names none.
    public var image: String?

    public init(fleet: String = "imported", image: String? = nil) {
        self.fleet = fleet
        self.image = image
    }
}

/// A secret the imported spec refers to by environment variable, and where its value is today.
public struct ImportedSecret: Sendable, Hashable, Codable {
    public var variable: String
    public var purpose: String
}

public struct ImportResult: Sendable {
    /// The spec, unless the existing setup has errors go-livepeer would refuse.
    public var yaml: String?
    /// Findings about the existing setup (lint, flags) and about the import itself.
    public var diagnostics: [Diagnostic]
    public var secrets: [ImportedSecret]
    /// Each node's role, for the round trip.
    public var roles: [String: NodeRole]
}
