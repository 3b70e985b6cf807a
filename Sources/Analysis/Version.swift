/// The version string shown by `headroom --version` and in `initialize`'s serverInfo.
public enum HeadroomVersion {
    public static let string = "0.1.0"
}
