import Foundation
import TestSupport
import Testing

/// Go's `flag` package, as go-livepeer configures it: errors and usage on stdout, exit status 2.
@Suite struct FlagTests {
    @Test func unknownFlagExitsTwoWithGosMessage() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try StandinProcess.run(["-xyz", "-orchestrator"], in: dir)
        #expect(result.status == 2)
        #expect(result.stdout.hasPrefix("flag provided but not defined: -xyz\nUsage of \(StandinProcess.executable.path):\n"))
        #expect(result.stdout.contains("\n  -aiServiceRegistry\n"))
        #expect(result.stdout.contains("\n  -aiModels string\n"))
        #expect(result.stderr.isEmpty)
    }

    @Test func flagNamesAreCaseSensitive() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wrong = try StandinProcess.run(["-AIServiceRegistry", "-version"], in: dir)
        #expect(wrong.status == 2)
        #expect(wrong.stdout.hasPrefix("flag provided but not defined: -AIServiceRegistry\n"))
        let right = try StandinProcess.run(["-aiServiceRegistry", "-version"], in: dir)
        #expect(right.status == 0)
        #expect(right.stdout.hasPrefix("Livepeer Node Version: 0.9.1\n"))
    }

    @Test(arguments: [
        (["-maxAttempts", "x"], "invalid value \"x\" for flag -maxAttempts: parse error"),
        (["-orchestrator=maybe"], "invalid boolean value \"maybe\" for -orchestrator: parse error"),
        (["-discoveryTimeout", "5"], "invalid value \"5\" for flag -discoveryTimeout: parse error"),
        (["-serviceAddr"], "flag needs an argument: -serviceAddr"),
        (["---orchestrator"], "bad flag syntax: ---orchestrator"),
    ])
    func badValuesAreGoErrors(arguments: [String], message: String) throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try StandinProcess.run(arguments, in: dir)
        #expect(result.status == 2)
        #expect(result.stdout.hasPrefix(message + "\nUsage of "))
    }

    @Test func parsingStopsAtTheFirstNonFlag() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // `true` is not consumed by the bool flag, so -serviceAddr is never read: go-livepeer then exits
        // because it cannot find its service address.
        let result = try StandinProcess.run(["-orchestrator", "true", "-serviceAddr", "127.0.0.1:1"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("] Error getting service URI: "))
        #expect(result.stderr.contains("\nF"))
    }

    @Test func noRoleIsAStarterExit() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try StandinProcess.run(["-datadir", dir.path], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("starter.go:559] No services enabled; must be at least one of -gateway, -transcoder, -aiWorker, -orchestrator, -redeemer, -reward or -initializeRound"))
    }

    @Test func workerNeedsSecretAndOrchestratorAddress() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let models = ["-aiModels", "text-to-image:m:false", "-datadir", dir.path]
        let noSecret = try StandinProcess.run(["-aiWorker", "-orchAddr", "127.0.0.1:1"] + models, in: dir)
        #expect(noSecret.status == 1)
        #expect(noSecret.stderr.contains("] Missing -orchSecret\n"))
        let noAddress = try StandinProcess.run(["-aiWorker", "-orchSecret", "s"] + models, in: dir)
        #expect(noAddress.status == 1)
        #expect(noAddress.stderr.contains("] Missing -orchAddr\n"))
    }

    @Test func onChainSplitOrchestratorWithoutPricePanics() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["-orchestrator", "-network", "arbitrum-one-mainnet", "-orchSecret", "s", "-serviceAddr", "127.0.0.1:1", "-datadir", dir.path]
        let noURL = try StandinProcess.run(base, in: dir)
        #expect(noURL.status == 1)
        #expect(noURL.stderr.contains("] Need to specify an Ethereum node JSON-RPC URL using -ethUrl\n"))
        let noPrice = try StandinProcess.run(base + ["-ethUrl", "https://arb1.example"], in: dir)
        #expect(noPrice.status == 2)
        #expect(noPrice.stderr.contains("panic: -pricePerUnit must be set\n"))
    }
}
