import Foundation
import TestSupport
import Testing

/// aiModels.json as go-livepeer's `json.Unmarshal` and starter.go treat it, on a remote worker whose
/// orchestrator is absent (the worker keeps retrying, so an accepted file leaves it running).
@Suite struct AIModelsTests {
    /// Starts a worker with `models` as its aiModels.json.
    private func worker(_ models: String, _ extra: [String] = [], in dir: URL) throws -> StandinProcess {
        let file = try Scratch.write(models, "aiModels.json", in: dir)
        let port = try Scratch.freePort()
        return try StandinProcess(
            ["-aiWorker", "-aiModels", file, "-orchAddr", "127.0.0.1:\(port)", "-orchSecret", "s", "-datadir", dir.path] + extra,
            in: dir)
    }

    @Test func validFileIsAcceptedAndEchoed() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let standin = try worker("""
            [
              {"pipeline": "text-to-image", "model_id": "ByteDance/SDXL-Lightning", "warm": true, "price_per_unit": 4.768371e-3,
               "optimization_flags": {"SFAST": true, "DEEPCACHE": false}, "typo_ignored": 1},
              {"pipeline": "llm", "model_id": "meta-llama/Meta-Llama-3.1-8B-Instruct", "price_per_unit": 0, "currency": "USD"}
            ]
            """, in: dir)
        #expect(standin.waitFor("] Livepeer Node version: 0.9.1\n"))
        let log = standin.stderr
        #expect(log.contains("] aiModels[0] pipeline=\"text-to-image\" model_id=\"ByteDance/SDXL-Lightning\" warm=true capacity=0"))
        #expect(log.contains("optimization_flags=map[DEEPCACHE:false SFAST:true]"))
        #expect(log.contains("price_per_unit=4.768371e-3 "))
        #expect(log.contains("] aiModels[1] pipeline=\"llm\" model_id=\"meta-llama/Meta-Llama-3.1-8B-Instruct\" warm=false"))
        #expect(log.contains("] **Livepeer Running in AI Worker Mode**\n"))
        #expect(!log.contains("Error parsing -aiModels"))
        #expect(standin.stop() == 0)
        #expect(standin.stderr.contains("] Graceful shutdown complete\n"))
    }

    @Test(arguments: [
        // A string price (still in the public docs) fails the whole file: JSONRat only takes a number.
        (#"[{"pipeline":"text-to-image","model_id":"m","price_per_unit":"0.5e-2USD"}]"#, #"value is not a number: "0.5e-2USD""#),
        (#"[{"pipeline":"text-to-image","model_id":"m",}]"#, "invalid character '}' looking for beginning of object key string"),
        (#"[{"pipeline":"text-to-image","model_id":"m"},]"#, "invalid character ']' looking for beginning of value"),
        (#"[{"pipeline":"text-to-image","model_id":"m","warm":"true"}]"#,
         "json: cannot unmarshal string into Go struct field AIModelConfig.warm of type bool"),
        (#"[{"pipeline":"text-to-image","model_id":"m","capacity":1.5}]"#,
         "json: cannot unmarshal number 1.5 into Go struct field AIModelConfig.capacity of type int"),
        (#"{"pipeline":"text-to-image","model_id":"m"}"#, "json: cannot unmarshal object into Go value of type []core.AIModelConfig"),
        (#"[{"pipeline":"text-to-image","model_id":"m"}"#, "unexpected end of JSON input"),
    ])
    func invalidFilesFailTheWholeFile(models: String, error: String) throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let standin = try worker(models, in: dir)
        // go-livepeer logs the error and returns from StartLivepeer: a clean shutdown, status 0.
        #expect(standin.waitForExit() == 0)
        #expect(standin.stderr.contains("starter.go:1240] Error parsing -aiModels: \(error)\n"))
        #expect(standin.stderr.contains("] Graceful shutdown complete\n"))
        #expect(!standin.stderr.contains("Livepeer Node version"))
    }

    @Test func unknownPipelinePanics() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let standin = try worker(#"[{"pipeline":"text-to-imag","model_id":"m","warm":true}]"#, in: dir)
        #expect(standin.waitForExit() == 2)
        #expect(standin.stderr.contains("panic: Pipeline is not valid capability: text-to-imag\n\n\ngoroutine "))
    }

    @Test func sameModelWarmAndColdPanics() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let standin = try worker("""
            [{"pipeline":"text-to-image","model_id":"m","warm":true},{"pipeline":"text-to-image","model_id":"m"}]
            """, ["-nvidia", "0"], in: dir)
        #expect(standin.waitForExit() == 2)
        #expect(standin.stderr.contains("panic: Cannot have same model_id (m) as cold and warm in same AI worker, please fix aiModels json config\n"))
    }

    @Test func moreWarmContainersThanGPUSlotsIsInsufficientCapacity() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let twoWarm = #"[{"pipeline":"text-to-image","model_id":"a","warm":true},{"pipeline":"upscale","model_id":"b","warm":true}]"#
        let oneGPU = try worker(twoWarm, ["-nvidia", "0"], in: dir)
        #expect(oneGPU.waitForExit() == 0)
        #expect(oneGPU.stderr.contains("] Error AI worker warming upscale container: insufficient capacity\n"))
        #expect(oneGPU.stderr.contains("] Stopped AI worker containers\n"))

        let colocated = try worker(twoWarm, ["-nvidia", "0", "-aiRunnerContainersPerGPU", "2"], in: dir)
        #expect(colocated.waitFor("] Livepeer Node version: 0.9.1\n"))
        #expect(colocated.stderr.contains("would start on GPU colocated-1-0"))
        #expect(colocated.stop() == 0)
    }

    @Test func managedCapacityStartsContainersButAdvertisesOne() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let models = #"[{"pipeline":"text-to-image","model_id":"m","warm":true,"capacity":3}]"#
        let threeGPUs = try worker(models, ["-nvidia", "0,1,2"], in: dir)
        #expect(threeGPUs.waitFor("] Livepeer Node version: 0.9.1\n"))
        #expect(threeGPUs.stderr.contains("] stand-in: advertising pipeline=text-to-image model_id=\"m\" warm=true capacity=1\n"))
        #expect(threeGPUs.stderr.contains("would start on GPU 2 (not started)"))
        #expect(threeGPUs.stop() == 0)

        let oneGPU = try worker(models, ["-nvidia", "0"], in: dir)
        #expect(oneGPU.waitForExit() == 0)
        #expect(oneGPU.stderr.contains("] Error AI worker warming text-to-image container: insufficient capacity\n"))
    }

    @Test func keysMatchCaseInsensitivelyAndExternalCapacityIsAdvertised() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let standin = try worker(#"[{"Pipeline":"llm","MODEL_ID":"m","URL":"http://127.0.0.1:9","Capacity":4}]"#, in: dir)
        #expect(standin.waitFor("] Livepeer Node version: 0.9.1\n"))
        #expect(standin.stderr.contains(#"] aiModels[0] pipeline="llm" model_id="m" warm=false capacity=4 url="http://127.0.0.1:9""#))
        #expect(standin.stderr.contains("] stand-in: advertising pipeline=llm model_id=\"m\" warm=false capacity=4\n"))
        #expect(standin.stop() == 0)
    }

    @Test func aMistypedPathIsReadAsTheInlineForm() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let standin = try StandinProcess(
            ["-aiWorker", "-aiModels", dir.appendingPathComponent("aiModel.json").path, "-orchAddr", "127.0.0.1:1",
             "-orchSecret", "s", "-datadir", dir.path], in: dir)
        #expect(standin.waitForExit() == 0)
        #expect(standin.stderr.contains("] Error parsing -aiModels: invalid AI model config expected <pipeline>:<model_id>:<warm>\n"))
    }
}
