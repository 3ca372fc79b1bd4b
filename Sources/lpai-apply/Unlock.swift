import ArgumentParser
import Foundation
import Planner
import Reconciler

struct Unlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Break the fleet lock a crashed or killed apply left behind.",
        discussion: """
            apply holds a lock on every host while it works (a never-started container lpai-lock-<fleet>, labelled with its owner, machine, pid and start time). A lock whose apply died on this machine is broken automatically; one from another machine needs this command. Make sure that apply is really gone first.

            Example:
              lpai-apply unlock specs/split.yaml

            Exit codes: 0 lock broken (or none held), 1 error.
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        let session = try FleetSession.open(spec: options, engine: engine, needsSecrets: false)
        do {
            let locks = try await FleetLock.current(engines: session.engines, fleet: session.plan.fleet)
            if locks.isEmpty { Output.stdout("fleet \(session.plan.fleet) is not locked\n") }
            for lock in locks {
                try await lock.client.remove(lock.id, force: true)
                Output.stdout("broke the lock of fleet \(session.plan.fleet) on \(lock.client.host), held by \(lock.holder)\n")
            }
        } catch {
            await session.close()
            Output.stderr("error: \(error)\n")
            throw ExitCode(1)
        }
        await session.close()
    }
}
