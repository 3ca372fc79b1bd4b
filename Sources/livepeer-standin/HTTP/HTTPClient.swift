import Glibc

/// One HTTP/1.1 exchange per connection (`Connection: close`), over a unix socket or 127.0.0.1.
enum HTTPClient {
    enum Endpoint: Sendable {
        case unix(String)
        case loopback(UInt16)
    }

    static func send(_ request: HTTPRequest, to endpoint: Endpoint, timeout: Int) -> Result<HTTPResponse, HTTPFailure> {
        let connected: Result<Int32, SocketError>
        let host: String
        switch endpoint {
        case .unix(let path):
            connected = UnixSocket.connect(path: path)
            host = "docker"
        case .loopback(let port):
            connected = Loopback.connect(port: port).map(\.fd)
            host = "localhost:\(port)"
        }
        let fd: Int32
        switch connected {
        case .failure(let error): return .failure(.connect(operation: error.operation, code: error.code))
        case .success(let socket): fd = socket
        }
        defer { close(fd) }
        Loopback.setTimeouts(fd, seconds: timeout)
        guard Loopback.sendAll(fd, HTTPWire.encode(request, host: host)) else {
            return .failure(errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .io(errno))
        }
        do throws(HTTPFailure) {
            return .success(try HTTPWire.readResponse(ByteReader.socket(fd), method: request.method))
        } catch {
            return .failure(error)
        }
    }
}
