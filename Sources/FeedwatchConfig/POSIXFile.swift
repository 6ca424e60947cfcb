#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal file access without Foundation, so configuration loading stays light and its errors
/// carry the operating system's own words.
enum POSIXFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func readAll(_ path: String) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Failure(description: errnoText())) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(Failure(description: "is a directory"))
        }
        // The size stat gives is read straight into the array (a 12 MB watchlist is then not copied
        // a second time, in 64 KiB chunks); a file that turns out longer goes on in chunks below.
        var failure: Failure?
        var atEnd = false
        let size = max(Int(info.st_size), 0)
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            while count < buffer.count, !atEnd {
                let got = read(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(description: errnoText())
                    return
                }
                if got == 0 { atEnd = true } else { count += got }
            }
        }
        if let failure { return .failure(failure) }
        if atEnd { return .success(bytes) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(description: errnoText()))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .success(bytes)
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The process's working directory, used to anchor relative config paths.
    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}

/// Path arithmetic for config-relative paths.
enum Paths {
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `path` made absolute against the working directory (for `file://` URLs, which cannot be relative).
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var rest = Substring(path)
        while rest.hasPrefix("./") { rest = rest.dropFirst(2) }
        return POSIXFile.currentDirectory() + "/" + rest
    }

    /// `relative` against `base` (a folder) unless it is absolute; `~/` expands to `home`.
    static func resolve(_ relative: String, against base: String, home: String?) -> String {
        if relative.hasPrefix("/") { return relative }
        if relative == "~" || relative.hasPrefix("~/"), let home {
            return home + relative.dropFirst()
        }
        if base == "." { return relative }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }
}
