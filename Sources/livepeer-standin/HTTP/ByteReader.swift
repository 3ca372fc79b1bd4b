import Glibc

/// Why an HTTP exchange failed, with the text Go's net/http would show for it.
enum HTTPFailure: Error, Equatable {
    case connect(operation: String, code: Int32)
    case closed
    case timedOut
    case io(Int32)
    case malformed(String)
    case tooLarge

    var text: String {
        switch self {
        case .connect(let operation, let code): "\(operation): \(errnoText(code))"
        case .closed: "EOF"
        case .timedOut: "i/o timeout"
        case .io(let code): errnoText(code)
        case .malformed(let what): "malformed HTTP \(what)"
        case .tooLarge: "message too large"
        }
    }
}

/// Buffered reads for the HTTP/1.1 codec. `source` fills the buffer it is given and returns the count
/// (0 at end of stream, -1 with `errno` set), so tests can feed bytes in any fragments.
final class ByteReader {
    typealias Source = (inout [UInt8]) -> Int

    private let source: Source
    private var buffer: [UInt8] = []
    private var start = 0

    init(source: @escaping Source) { self.source = source }

    /// Reads from a socket whose timeouts are already set.
    static func socket(_ fd: Int32) -> ByteReader {
        ByteReader { chunk in
            chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        }
    }

    /// Reads from fixed bytes, `fragment` at a time.
    static func bytes(_ bytes: [UInt8], fragment: Int = 4096) -> ByteReader {
        var offset = 0
        return ByteReader { chunk in
            let count = min(fragment, chunk.count, bytes.count - offset)
            chunk.replaceSubrange(0..<count, with: bytes[offset..<offset + count])
            offset += count
            return count
        }
    }

    private var available: Int { buffer.count - start }

    /// Whether the stream ended before any further byte (a peer that closed an idle connection).
    func atEnd() throws(HTTPFailure) -> Bool {
        if available > 0 { return false }
        return try !fill()
    }

    /// One line without its CRLF (a bare LF is accepted too), at most `limit` bytes.
    func line(limit: Int = 65_536) throws(HTTPFailure) -> String {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let text = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return text
            }
            if available > limit { throw .tooLarge }
            guard try fill() else { throw .closed }
        }
    }

    func bytes(_ count: Int) throws(HTTPFailure) -> [UInt8] {
        while available < count {
            guard try fill() else { throw .closed }
        }
        let out = Array(buffer[start..<start + count])
        start += count
        return out
    }

    func rest(limit: Int) throws(HTTPFailure) -> [UInt8] {
        while try fill() {
            if available > limit { throw .tooLarge }
        }
        let out = Array(buffer[start...])
        start = buffer.count
        return out
    }

    /// Appends what the source gives; false at end of stream.
    private func fill() throws(HTTPFailure) -> Bool {
        if start > 65_536 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = source(&chunk)
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw .timedOut
            default: throw .io(errno)
            }
        }
    }
}
