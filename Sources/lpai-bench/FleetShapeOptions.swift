import ArgumentParser
import FleetGen

/// The shape of generated fleets, shared by `generate` and `compile`.
struct FleetShapeOptions: ParsableArguments {
    @Option(help: "Orchestrators (default: one per 250 workers, rounded up).")
    var orchestrators: Int?

    @Option(help: "GPUs per worker, 1–10.")
    var gpus = 2

    @Option(help: "Models in the catalogue.")
    var models = 12

    @Option(help: "Seed of the generator: the same seed gives the same bytes.")
    var seed: UInt64 = 1

    /// The generator's options for `workers`, or a validation error naming every problem.
    func options(workers: Int) throws -> FleetGen.Options {
        let options = orchestrators.map { FleetGen.Options(workers: workers, orchestrators: $0, gpusPerWorker: gpus, models: models, seed: seed) }
            ?? FleetGen.Options(workers: workers, gpusPerWorker: gpus, models: models, seed: seed)
        do {
            return try options.validated()
        } catch {
            throw ValidationError(error.description)
        }
    }
}
