import Glibc

/// Loopback TCP only: the stand-in never sends a packet beyond 127.0.0.1.
enum Loopback {
    private static func address(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        return address
    }

    private static func newSocket() -> Int32 {
        socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    /// Listens on 127.0.0.1:port (0 picks a free port). Returns the socket and the bound port, or errno.
    static func listen(port: UInt16) -> Result<(fd: Int32, port: UInt16), SocketError> {
        let fd = newSocket()
        guard fd >= 0 else { return .failure(SocketError(code: errno, operation: "socket")) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = address(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            return .failure(SocketError(code: code, operation: "bind"))
        }
        guard Glibc.listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            return .failure(SocketError(code: code, operation: "listen"))
        }
        return .success((fd, localPort(fd)))
    }

    /// Accepts one connection; returns the socket and the peer as `ip:port`.
    static func accept(_ listener: Int32) -> (fd: Int32, peer: String)? {
        while true {
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
            }
            if fd >= 0 { return (fd, describe(peer)) }
            switch errno {
            case EINTR, ECONNABORTED: continue
            // Out of descriptors or memory: wait for connections to close rather than stop serving.
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: sleepSeconds(0.1)
            default: return nil
            }
        }
    }

    /// Connects to 127.0.0.1:port; returns the socket and its local address, or errno.
    static func connect(port: UInt16) -> Result<(fd: Int32, local: String), SocketError> {
        let fd = newSocket()
        guard fd >= 0 else { return .failure(SocketError(code: errno, operation: "socket")) }
        var address = address(port: port)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            let code = errno
            close(fd)
            return .failure(SocketError(code: code, operation: "connect"))
        }
        return .success((fd, "127.0.0.1:\(localPort(fd))"))
    }

    /// Bounds blocking reads on `fd` (0 removes the bound).
    static func setReadTimeout(_ fd: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    static func send(_ fd: Int32, _ line: String) -> Bool {
        sendAll(fd, Array((line + "\n").utf8))
    }

    private static func localPort(_ fd: Int32) -> UInt16 {
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: local.sin_port)
    }

    private static func describe(_ address: sockaddr_in) -> String {
        let ip = UInt32(bigEndian: address.sin_addr.s_addr)
        let octets = [ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff].map(String.init)
        return octets.joined(separator: ".") + ":\(UInt16(bigEndian: address.sin_port))"
    }
}

struct SocketError: Error {
    let code: Int32
    let operation: String
    var text: String { errnoText(code) }
}

/// Reads newline-terminated lines from a socket; a line is capped at 1 MiB.
final class LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    enum Outcome { case line([UInt8]), closed, failed }

    func next() -> Outcome {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return .line(line)
            }
            if buffer.count > 1 << 20 { return .failed }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return .closed }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed
            }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}
