internal import CCurl

/// Checks a request before libcurl sees it: the URL must parse and its scheme must be allowed.
/// Doing it here (rather than letting libcurl refuse) is what lets a later "unsupported
/// protocol" be classified as a refused redirect.
enum RequestCheck {
    /// The host the per-host limit counts against, or the reason the request cannot start.
    static func host(of request: FetchRequest) -> Result<String, FetchError> {
        guard let handle = curl_url() else {
            return .failure(FetchError(.internal, url: request.url, detail: "cannot allocate a URL handle"))
        }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, request.url, 0) == CURLUE_OK else {
            return .failure(FetchError(.protocol, url: request.url, detail: "malformed URL"))
        }
        let scheme = part(handle, CURLUPART_SCHEME)?.lowercased() ?? ""
        switch scheme {
        case "http", "https":
            return .success(part(handle, CURLUPART_HOST)?.lowercased() ?? "")
        case "file" where request.allowFile:
            return .success("")
        default:
            return .failure(FetchError(.protocol, url: request.url,
                                       detail: "scheme \"\(scheme)\" is not allowed here"))
        }
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
