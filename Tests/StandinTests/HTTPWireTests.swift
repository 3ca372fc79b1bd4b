@testable import livepeer_standin
import Testing

/// The stand-in's HTTP/1.1 codec, fed in fragments down to single bytes.
@Suite struct HTTPWireTests {
    private func response(_ text: String, fragment: Int = 1, method: String = "GET") throws -> HTTPResponse {
        try HTTPWire.readResponse(ByteReader.bytes(Array(text.utf8), fragment: fragment), method: method)
    }

    @Test(arguments: [1, 3, 4096])
    func contentLengthBody(fragment: Int) throws {
        let parsed = try response("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 15\r\n\r\n{\"status\":\"OK\"}extra", fragment: fragment)
        #expect(parsed.status == 200 && parsed.reason == "OK")
        #expect(parsed.headers["Content-Length"] == "15" && parsed.headers["CONTENT-TYPE"] == "application/json")
        #expect(parsed.text == "{\"status\":\"OK\"}")
    }

    @Test(arguments: [1, 7, 4096])
    func chunkedBodyWithExtensionsAndTrailers(fragment: Int) throws {
        let text = "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"Id\r\nA\r\n\":\"abc\"}  \r\n0\r\nX-Trailer: t\r\n\r\n"
        let parsed = try response(text, fragment: fragment)
        #expect(parsed.status == 201)
        #expect(parsed.text == "{\"Id\":\"abc\"}  ")
    }

    @Test func bodyWithoutLengthRunsToTheEnd() throws {
        #expect(try response("HTTP/1.0 200 OK\nServer: x\n\nall of it", fragment: 2).text == "all of it")
    }

    @Test func noBodyFor204And304AndHEADAndInterimResponsesAreSkipped() throws {
        #expect(try response("HTTP/1.1 204 No Content\r\n\r\n").body.isEmpty)
        #expect(try response("HTTP/1.1 304 Not Modified\r\n\r\n").body.isEmpty)
        #expect(try response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", method: "HEAD").body.isEmpty)
        #expect(try response("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").text == "ok")
    }

    @Test func malformedAndTruncatedResponsesFail() {
        #expect(throws: HTTPFailure.malformed("status line")) { try response("SSH-2.0-OpenSSH\r\n\r\n") }
        #expect(throws: HTTPFailure.closed) { try response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort") }
        #expect(throws: HTTPFailure.closed) { try response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab") }
        #expect(throws: HTTPFailure.malformed("chunk size")) { try response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") }
        #expect(throws: HTTPFailure.malformed("header")) { try response("HTTP/1.1 200 OK\r\nno colon\r\n\r\n") }
    }

    @Test func requestsAreParsedWithTheirBody() throws {
        let plain = try HTTPWire.readRequest(ByteReader.bytes(Array(
            "POST /text-to-image?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 16\r\n\r\n{\"prompt\":\"cat\"}".utf8), fragment: 5))
        #expect(plain.method == "POST" && plain.target == "/text-to-image?x=1" && plain.path == "/text-to-image")
        #expect(String(decoding: plain.body, as: UTF8.self) == "{\"prompt\":\"cat\"}")
        let chunked = try HTTPWire.readRequest(ByteReader.bytes(Array(
            "POST /llm HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8), fragment: 1))
        #expect(chunked.body == Array("abc".utf8))
        #expect(throws: HTTPFailure.malformed("request line")) {
            try HTTPWire.readRequest(ByteReader.bytes(Array("GARBAGE\r\n\r\n".utf8)))
        }
    }

    @Test func encodedMessagesCloseTheConnectionAndCarryTheirLength() throws {
        var request = HTTPRequest(method: "POST", target: "/containers/create?name=a")
        request.headers.add("Content-Type", "application/json")
        request.body = Array("{}".utf8)
        let text = String(decoding: HTTPWire.encode(request, host: "docker"), as: UTF8.self)
        #expect(text.hasPrefix("POST /containers/create?name=a HTTP/1.1\r\nHost: docker\r\n"))
        #expect(text.contains("\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"))
        let back = try HTTPWire.readRequest(ByteReader.bytes(HTTPWire.encode(request, host: "docker")))
        #expect(back.body == request.body && back.headers["content-type"] == "application/json")
        let answer = try response(String(decoding: HTTPWire.encode(HTTPResponse(status: 422, body: Array("{}".utf8))), as: UTF8.self))
        #expect(answer.status == 422 && answer.reason == "Unprocessable Entity" && answer.text == "{}")
    }

    @Test func daemonErrorsReadTheirMessage() {
        #expect(DockerEngine.daemonMessage(HTTPResponse(status: 404, body: Array(#"{"message":"No such image: x:1"}"#.utf8))) == "No such image: x:1")
        #expect(DockerEngine.daemonMessage(HTTPResponse(status: 500, body: Array("page not found\n".utf8))) == "page not found")
    }
}
