/// The release version, reported by `feedwatch --version` and sent in the User-Agent.
public enum FeedwatchVersion {
    public static let current = "0.1.0"
}
