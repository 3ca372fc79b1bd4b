@testable import livepeer_standin
import Testing

/// The stand-in runner's answers, shaped as ai-runner's (FastAPI) are.
@Suite struct RunnerRoutesTests {
    private func context(_ pipeline: String, gpus: [String] = ["0"]) -> RunnerRoutes.Context {
        RunnerRoutes.Context(pipeline: pipeline, modelID: "org/model", version: "v0.14.1", gpus: gpus)
    }

    private func send(_ method: String, _ target: String, _ body: String = "", contentType: String? = nil, to pipeline: String) throws
        -> (status: Int, json: JSONNode)
    {
        var request = HTTPRequest(method: method, target: target, body: Array(body.utf8))
        if let contentType { request.headers.add("Content-Type", contentType) }
        let response = RunnerRoutes.respond(to: request, context(pipeline))
        #expect(response.headers["Content-Type"] == "application/json")
        return (response.status, try JSONNode.parse(response.body).get())
    }

    @Test func healthVersionAndHardware() throws {
        #expect(try send("GET", "/health", to: "text-to-image").json.raw == #"{"status":"OK"}"#)
        #expect(try send("GET", "/health/", to: "live-video-to-video").json.raw == #"{"status":"IDLE"}"#)
        #expect(try send("GET", "/version", to: "llm").json.raw == #"{"pipeline":"llm","model_id":"org/model","version":"v0.14.1"}"#)
        let hardware = try send("GET", "/hardware/info", to: "upscale").json
        #expect(hardware["gpu_info"]?["0"]?["id"]?.string == "GPU-standin-0")
        #expect(hardware["pipeline"]?.string == "upscale" && hardware["model_id"]?.string == "org/model")
        let cpu = RunnerRoutes.respond(to: HTTPRequest(method: "GET", target: "/hardware/stats"), context("upscale", gpus: []))
        #expect(cpu.text == #"{"pipeline":"upscale","model_id":"org/model","gpu_stats":{}}"#)
    }

    @Test func unknownPathsAndMethodsGetFastAPIsAnswers() throws {
        let missing = try send("GET", "/text-to-image/extra", to: "text-to-image")
        #expect(missing.status == 404 && missing.json.raw == #"{"detail":"Not Found"}"#)
        let otherPipeline = try send("POST", "/llm", "{}", to: "text-to-image")
        #expect(otherPipeline.status == 404)
        let wrongMethod = try send("GET", "/text-to-image", to: "text-to-image")
        #expect(wrongMethod.status == 405 && wrongMethod.json.raw == #"{"detail":"Method Not Allowed"}"#)
        #expect(try send("POST", "/health", to: "text-to-image").status == 405)
    }

    @Test func textToImageReturnsAnImageResponse() throws {
        let result = try send("POST", "/text-to-image", #"{"prompt":"a cat","seed":42}"#, to: "text-to-image")
        #expect(result.status == 200)
        let image = try #require(result.json["images"]?.array?.first)
        #expect(image["url"]?.string?.hasPrefix("data:image/png;base64,") == true)
        #expect(image["seed"]?.raw == "42" && image["nsfw"]?.bool == false)
    }

    @Test(arguments: [
        (#"{"seed":1}"#, #"{"type":"missing","loc":["body","prompt"],"msg":"Field required","input":{"seed":1}}"#),
        (#"{"prompt":7}"#, #"{"type":"string_type","loc":["body","prompt"],"msg":"Input should be a valid string","input":7}"#),
        ("{bad", #"{"type":"json_invalid","loc":["body",0],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}"#),
        ("[1]", #"{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[1]}"#),
        ("", #"{"type":"missing","loc":["body"],"msg":"Field required","input":null}"#),
    ])
    func badBodiesAre422ValidationErrors(body: String, detail: String) throws {
        let result = try send("POST", "/text-to-image", body, contentType: "application/json", to: "text-to-image")
        #expect(result.status == 422)
        #expect(result.json.raw == #"{"detail":["# + detail + "]}")
    }

    @Test func llmNeedsAMessageList() throws {
        let wrong = try send("POST", "/llm", #"{"messages":"hi"}"#, to: "llm")
        #expect(wrong.status == 422 && wrong.json["detail"]?.array?.first?["type"]?.string == "list_type")
        let answer = try send("POST", "/llm", #"{"messages":[{"role":"user","content":"hi"}],"model":"org/model"}"#, to: "llm")
        #expect(answer.status == 200)
        #expect(answer.json["choices"]?.array?.first?["message"]?["role"]?.string == "assistant")
        #expect(answer.json["usage"]?["total_tokens"]?.raw == "2" && answer.json["model"]?.string == "org/model")
    }

    @Test func multipartPipelinesNeedTheirFields() throws {
        let form = "--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nsharper\r\n--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nPNG\r\n--b--\r\n"
        let upscaled = try send("POST", "/upscale", form, contentType: "multipart/form-data; boundary=b", to: "upscale")
        #expect(upscaled.status == 200 && upscaled.json["images"]?.array?.count == 1)
        let noAudio = try send("POST", "/audio-to-text", form, contentType: "multipart/form-data; boundary=b", to: "audio-to-text")
        #expect(noAudio.status == 422)
        #expect(noAudio.json.raw == #"{"detail":[{"type":"missing","loc":["body","audio"],"msg":"Field required","input":null}]}"#)
        let notAForm = try send("POST", "/image-to-video", #"{"image":"x"}"#, contentType: "application/json", to: "image-to-video")
        #expect(notAForm.status == 422)
    }

    @Test(arguments: [
        ("image-to-video", "multipart/form-data; boundary=b", "frames"), ("audio-to-text", "multipart/form-data; boundary=b", "chunks"),
        ("segment-anything-2", "multipart/form-data; boundary=b", "masks"), ("image-to-text", "multipart/form-data; boundary=b", "text"),
        ("text-to-speech", "application/json", "audio"), ("live-video-to-video", "application/json", "publish_url"),
    ])
    func eachPipelineAnswersWithItsResponseModel(pipeline: String, contentType: String, key: String) throws {
        let body = contentType.hasPrefix("multipart")
            ? "--b\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name=\"audio\"\r\n\r\nx\r\n--b--\r\n"
            : #"{"text":"hello","subscribe_url":"http://127.0.0.1:1/in","publish_url":"http://127.0.0.1:1/out"}"#
        let result = try send("POST", "/\(pipeline)", body, contentType: contentType, to: pipeline)
        #expect(result.status == 200)
        #expect(result.json[key] != nil, "\(result.json.raw)")
    }

    @Test func pipelineClassNames() {
        #expect(context("text-to-image").pipelineClass == "TextToImagePipeline")
        #expect(context("llm").pipelineClass == "LLMPipeline")
        #expect(context("segment-anything-2").pipelineClass == "SegmentAnything2Pipeline")
    }
}
