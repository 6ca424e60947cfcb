internal import CCurl
import FeedwatchConfig

/// Feed types first, then generic XML/JSON, then anything (some servers send feeds as text/html).
let feedAcceptHeader = "Accept: application/rss+xml, application/atom+xml, application/feed+json, "
    + "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

/// Body bytes: stored until the cap, then a short count makes libcurl abort with CURLE_WRITE_ERROR.
/// This runs after content decoding, so it also stops gzip bombs and length-less bodies.
private let bodyCallback: fw_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

/// One header line per call, including each status line of a redirect chain.
private let headerCallback: fw_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    if transfer.headers.consume(bytes: UnsafeRawBufferPointer(start: data, count: size * count)) {
        transfer.startNewResponse()
    }
    return size * count
}

/// One easy handle and everything its callbacks write into. The engine keeps it in its table
/// while the handle is inside the multi handle, which keeps the raw context pointer valid.
final class Transfer {
    let job: Job
    let easy: UnsafeMutableRawPointer
    private let maxBytes: Int
    private(set) var body: [UInt8] = []
    private(set) var overCap = false
    var headers = ResponseHeaders()
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    let started = ContinuousClock.now

    /// Nil when libcurl cannot create a handle or refuses an option (the engine reports it).
    init?(job: Job, limits: TransferLimits) {
        guard let easy = curl_easy_init() else { return nil }
        self.job = job
        self.easy = easy
        self.maxBytes = limits.maxBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        guard configure(limits: limits) else { return nil }
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure(limits: TransferLimits) -> Bool {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let validators = job.request.validators.sanitized
        var lines = [feedAcceptHeader]
        if let etag = validators.etag { lines.append("If-None-Match: \(etag)") }
        if let lastModified = validators.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        for line in lines { headerList = curl_slist_append(headerList, line) }

        var codes: [CURLcode] = [
            fw_easy_setopt_str(easy, CURLOPT_URL, job.request.url),
            fw_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1),
            fw_easy_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer),
            fw_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, bodyCallback),
            fw_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, context),
            fw_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, headerCallback),
            fw_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, context),
            fw_easy_setopt_str(easy, CURLOPT_USERAGENT, limits.userAgent),
            fw_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList),
            fw_easy_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, ""),
            fw_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)),
            fw_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1),
            fw_easy_setopt_long(easy, CURLOPT_MAXREDIRS, 5),
            fw_easy_setopt_str(easy, CURLOPT_PROTOCOLS_STR, job.request.allowFile ? "http,https,file" : "http,https"),
            fw_easy_setopt_str(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
            fw_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeoutMilliseconds),
            fw_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, limits.timeoutMilliseconds),
            fw_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeed.bytesPerSecond),
            fw_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, Int(limits.lowSpeed.window.components.seconds))),
            fw_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, limits.maxBytes),
            fw_easy_setopt_long(easy, CURLOPT_DNS_CACHE_TIMEOUT, 300),
            fw_easy_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1),
        ]
        codes.removeAll { $0 == CURLE_OK }
        return codes.isEmpty
    }

    /// A redirect hop's body (if libcurl passed one on) is never part of the final document.
    func startNewResponse() {
        body.removeAll(keepingCapacity: true)
        overCap = false
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= maxBytes else {
            overCap = true
            return false
        }
        if body.capacity == 0 { reserveAnnouncedLength() }
        body.append(contentsOf: bytes)
        return true
    }

    /// Sizes the body from Content-Length (within the cap) when the server sent one: a pass holds
    /// many finished bodies at once, and growing by doubling left a third of that memory unused.
    /// A compressed body announces its compressed size; it then grows from there as before.
    private func reserveAnnouncedLength() {
        var length: curl_off_t = -1
        guard fw_easy_getinfo_off(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK, length > 0 else { return }
        body.reserveCapacity(Int(min(Int64(length), Int64(maxBytes))))
    }

    /// Turns the finished transfer into a Swift value; called once, after the handle left the multi.
    func result(code: CURLcode) -> FetchResult {
        let request = job.request
        let effectiveURL = infoString(CURLINFO_EFFECTIVE_URL) ?? request.url
        var status = 0
        _ = fw_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        let outcome: FetchOutcome
        if code == CURLE_OK {
            outcome = httpOutcome(status: status)
        } else {
            let kind: FetchError.Kind = overCap ? .tooLarge : CurlErrorKind.classify(code)
            var detail = String(cString: errorBuffer)
            if detail.isEmpty { detail = String(cString: curl_easy_strerror(code)) }
            if kind == .tooLarge { detail = "over \(maxBytes) bytes" }
            if code == CURLE_UNSUPPORTED_PROTOCOL {
                let target = infoString(CURLINFO_REDIRECT_URL) ?? effectiveURL
                detail = "to \(target): only http and https may be redirected to"
            }
            outcome = .failed(FetchError(kind, url: request.url, detail: detail))
        }
        return FetchResult(request: request, outcome: outcome, effectiveURL: effectiveURL,
                           permanentRedirect: headers.permanentRedirect(to: effectiveURL),
                           httpStatus: status > 0 ? status : nil, elapsed: ContinuousClock.now - started,
                           redirects: redirectCount, receivedBytes: receivedBytes)
    }

    private var redirectCount: Int {
        var count = 0
        return fw_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &count) == CURLE_OK ? max(0, count) : 0
    }

    /// Header bytes of every response in the chain plus the final body as transferred.
    private var receivedBytes: Int {
        var headerBytes = 0, bodyBytes: curl_off_t = 0
        if fw_easy_getinfo_long(easy, CURLINFO_HEADER_SIZE, &headerBytes) != CURLE_OK { headerBytes = 0 }
        if fw_easy_getinfo_off(easy, CURLINFO_SIZE_DOWNLOAD_T, &bodyBytes) != CURLE_OK { bodyBytes = 0 }
        return max(0, headerBytes) + max(0, Int(bodyBytes))
    }

    private func httpOutcome(status: Int) -> FetchOutcome {
        switch status {
        case 0, 200..<300:  // 0: file://
            let contentType = infoString(CURLINFO_CONTENT_TYPE)
            return .fetched(FetchedDocument(
                body: body, contentType: contentType,
                charset: contentType.flatMap(ResponseHeaders.charset(contentType:)),
                validators: headers.validators, maxAge: headers.maxAge))
        case 304:
            return .notModified(maxAge: headers.maxAge)
        default:
            var retryAfter: Duration?
            if status == 429 || status == 503 {
                var seconds = 0
                if fw_easy_getinfo_off(easy, CURLINFO_RETRY_AFTER, &seconds) == CURLE_OK, seconds > 0 {
                    retryAfter = .seconds(seconds)
                }
            }
            return .failed(FetchError(.httpStatus(status), url: job.request.url, retryAfter: retryAfter))
        }
    }

    private func infoString(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard fw_easy_getinfo_str(easy, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }
}

/// Limits applied to every easy handle, converted once from the config's units.
struct TransferLimits: Sendable {
    var userAgent: String
    var timeoutMilliseconds: Int
    var connectTimeoutMilliseconds: Int
    var maxBytes: Int
    var lowSpeed: LowSpeedLimit

    init(settings: FetchSettings, lowSpeed: LowSpeedLimit) {
        userAgent = settings.userAgent
        timeoutMilliseconds = settings.timeout.milliseconds
        connectTimeoutMilliseconds = settings.connectTimeout.milliseconds
        maxBytes = max(0, settings.maxBytes)
        self.lowSpeed = lowSpeed
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 so a tiny positive limit never turns into libcurl's "no limit".
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
