import Glibc

/// Writes every byte, retrying on short writes and EINTR.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += written
    }
}

/// Go's text for an errno value (`syscall.Errno.Error()`): glibc's message with a lower-case first letter.
func errnoText(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    guard let first = text.first else { return text }
    return first.lowercased() + text.dropFirst()
}

enum PathKind { case missing, directory, file }

/// What `os.Stat` would find at `path` (symlinks followed).
func pathKind(_ path: String) -> PathKind {
    var info = stat()
    guard stat(path, &info) == 0 else { return .missing }
    return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
}

/// Reads a whole file; the error text is Go's `*PathError` form (`open PATH: permission denied`).
func readFile(_ path: String) -> Result<[UInt8], FileError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(FileError(message: "open \(path): \(errnoText(errno))")) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            return .failure(FileError(message: "read \(path): \(errnoText(errno))"))
        }
        if count == 0 { return .success(bytes) }
        bytes.append(contentsOf: buffer[0..<count])
    }
}

struct FileError: Error { let message: String }

/// `os.MkdirAll(path, 0755)`; returns Go's error text on failure.
func makeDirectories(_ path: String) -> String? {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
        prefix += component
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            return "mkdir \(prefix): \(errnoText(errno))"
        }
        prefix += "/"
    }
    return pathKind(path) == .directory ? nil : "mkdir \(path): not a directory"
}

func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}

/// `$HOME`, else the passwd entry of the current user, as go-livepeer's datadir default does.
func homeDirectory() -> String {
    if let home = environment("HOME"), !home.isEmpty { return home }
    if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
    return "/"
}

/// `filepath.Abs`: joins a relative path onto the working directory.
func absolutePath(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return path }
    let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return cwd == "/" ? "/" + path : cwd + "/" + path
}
