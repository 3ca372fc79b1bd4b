/// Header fields in arrival order; names compare case-insensitively.
struct HTTPHeaders: Sendable, Equatable {
    var fields: [(name: String, value: String)] = []

    subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return fields.last { $0.name.lowercased() == wanted }?.value
    }

    mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.map { "\($0.name): \($0.value)" } == rhs.fields.map { "\($0.name): \($0.value)" }
    }
}

struct HTTPRequest: Sendable, Equatable {
    var method: String
    var target: String
    var headers = HTTPHeaders()
    var body: [UInt8] = []

    /// The target without its query.
    var path: String { String(target.prefix { $0 != "?" }) }
}

struct HTTPResponse: Sendable, Equatable {
    var status: Int
    var reason = ""
    var headers = HTTPHeaders()
    var body: [UInt8] = []

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// HTTP/1.1 framing: request and status lines, headers, and bodies sized by `Content-Length`, sent
/// chunked, or (responses only) running to the end of the connection.
enum HTTPWire {
    static let bodyLimit = 64 << 20

    static func readRequest(_ reader: ByteReader) throws(HTTPFailure) -> HTTPRequest {
        let parts = try reader.line().split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[0].isEmpty, parts[1].hasPrefix("/") else {
            throw .malformed("request line")
        }
        var request = HTTPRequest(method: String(parts[0]), target: String(parts[1]))
        request.headers = try headers(reader)
        request.body = try body(reader, request.headers, toEnd: false)
        return request
    }

    static func readResponse(_ reader: ByteReader, method: String = "GET") throws(HTTPFailure) -> HTTPResponse {
        var response: HTTPResponse
        repeat {
            let line = try reader.line()
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let status = Int(parts[1]) else {
                throw .malformed("status line")
            }
            response = HTTPResponse(status: status, reason: parts.count > 2 ? String(parts[2]) : "")
            response.headers = try headers(reader)
        } while (100..<200).contains(response.status) // interim responses carry no body
        if method != "HEAD" && response.status != 204 && response.status != 304 {
            response.body = try body(reader, response.headers, toEnd: true)
        }
        return response
    }

    private static func headers(_ reader: ByteReader) throws(HTTPFailure) -> HTTPHeaders {
        var headers = HTTPHeaders()
        while true {
            let line = try reader.line()
            if line.isEmpty { return headers }
            guard headers.fields.count < 200, let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .malformed("header")
            }
            headers.add(String(line[..<colon]), goTrimSpace(String(line[line.index(after: colon)...])))
        }
    }

    private static func body(_ reader: ByteReader, _ headers: HTTPHeaders, toEnd: Bool) throws(HTTPFailure) -> [UInt8] {
        if let coding = headers["Transfer-Encoding"], coding.lowercased().contains("chunked") {
            return try chunked(reader)
        }
        if let length = headers["Content-Length"] {
            guard let count = Int(goTrimSpace(length)), count >= 0 else { throw .malformed("Content-Length") }
            guard count <= bodyLimit else { throw .tooLarge }
            return try reader.bytes(count)
        }
        return toEnd ? try reader.rest(limit: bodyLimit) : []
    }

    private static func chunked(_ reader: ByteReader) throws(HTTPFailure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeText = try reader.line().prefix { $0 != ";" }
            guard let size = Int(goTrimSpace(String(sizeText)), radix: 16), size >= 0 else { throw .malformed("chunk size") }
            if size == 0 {
                while try !reader.line().isEmpty {} // trailers
                return body
            }
            guard body.count + size <= bodyLimit else { throw .tooLarge }
            body += try reader.bytes(size)
            guard try reader.line().isEmpty else { throw .malformed("chunk") }
        }
    }

    static func encode(_ request: HTTPRequest, host: String) -> [UInt8] {
        var head = "\(request.method) \(request.target) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: Go-http-client/1.1\r\n"
        for field in request.headers.fields { head += "\(field.name): \(field.value)\r\n" }
        if !request.body.isEmpty || ["POST", "PUT"].contains(request.method) { head += "Content-Length: \(request.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + request.body
    }

    static func encode(_ response: HTTPResponse) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(response.reason.isEmpty ? reason(response.status) : response.reason)\r\n"
        for field in response.headers.fields { head += "\(field.name): \(field.value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + response.body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Request Entity Too Large"
        case 422: "Unprocessable Entity"
        case 500: "Internal Server Error"
        default: "Status \(status)"
        }
    }
}
