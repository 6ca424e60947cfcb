/// A full response body, with what the pipeline needs to parse it and to ask cheaply next time.
public struct FetchedDocument: Sendable, Hashable {
    /// The body after content decoding (gzip, deflate, br), never longer than `FetchSettings.maxBytes`.
    public var body: [UInt8]
    /// The `Content-Type` as the server sent it; the parser decides whether it is a feed.
    public var contentType: String?
    /// The `charset` parameter of `Content-Type`, which the parser weighs against the XML declaration.
    public var charset: String?
    /// Validators to save for the next conditional request.
    public var validators: Validators
    /// `Cache-Control: max-age`, which may lengthen (never shorten) the feed's interval.
    public var maxAge: Duration?

    public init(body: [UInt8], contentType: String? = nil, charset: String? = nil,
                validators: Validators = .none, maxAge: Duration? = nil) {
        self.body = body
        self.contentType = contentType
        self.charset = charset
        self.validators = validators
        self.maxAge = maxAge
    }
}

/// How one fetch ended. A 304 is its own case because it is a success with nothing to parse.
public enum FetchOutcome: Sendable, Hashable {
    case fetched(FetchedDocument)
    case notModified(maxAge: Duration?)
    case failed(FetchError)

    /// Whether the feed counts as healthy after this outcome (200 and 304 both do).
    public var isSuccess: Bool {
        if case .failed = self { return false }
        return true
    }

    /// The failure, if any.
    public var error: FetchError? {
        if case .failed(let error) = self { return error }
        return nil
    }

    /// The server's `Cache-Control: max-age` on success.
    public var maxAge: Duration? {
        switch self {
        case .fetched(let document): document.maxAge
        case .notModified(let maxAge): maxAge
        case .failed: nil
        }
    }
}

/// One finished request, delivered as soon as its own transfer ends.
public struct FetchResult: Sendable, Hashable {
    public var request: FetchRequest
    public var outcome: FetchOutcome
    /// The URL the body finally came from, after redirects.
    public var effectiveURL: String
    /// Set only when every redirect followed was permanent (301/308): the URL to log as the
    /// feed's new home. Temporary redirects (302/303/307) are followed without being recorded.
    public var permanentRedirect: String?
    /// The last HTTP status seen, or nil for `file://` and failures before any response.
    public var httpStatus: Int?
    /// Time from starting the transfer to its end (queueing time excluded).
    public var elapsed: Duration
    /// Redirects followed (0 when the first URL answered).
    public var redirects: Int
    /// Bytes that came over the connection for the final response: headers, and the body as
    /// sent (before decompression). Zero for transfers that never started.
    public var receivedBytes: Int

    public init(request: FetchRequest, outcome: FetchOutcome, effectiveURL: String,
                permanentRedirect: String? = nil, httpStatus: Int? = nil, elapsed: Duration = .zero,
                redirects: Int = 0, receivedBytes: Int = 0) {
        self.request = request
        self.outcome = outcome
        self.effectiveURL = effectiveURL
        self.permanentRedirect = permanentRedirect
        self.httpStatus = httpStatus
        self.elapsed = elapsed
        self.redirects = redirects
        self.receivedBytes = receivedBytes
    }
}
