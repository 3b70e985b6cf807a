// Findings about a config's meaning (syntax problems are ConfigSyntax's SyntaxDiagnostic).
import ConfigSyntax

public enum SetupSeverity: String, Sendable, Hashable, Comparable {
    case error
    case warning
    case information
    case hint

    var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .information: return 2
        case .hint: return 3
        }
    }

    public static func < (a: SetupSeverity, b: SetupSeverity) -> Bool { a.rank < b.rank }
}

public struct SetupDiagnostic: Sendable, Hashable {
    public var range: ByteRange
    public var severity: SetupSeverity
    /// Stable code: `unknown-key`, `wrong-type`, `invalid-enum-value`, `yaml-string-number`,
    /// `contradiction`, `missing-reference`, `unreadable-reference`, `deprecated-key`,
    /// `removed-key`, `unknown-model`, `invalid-value`, `missing-key`.
    public var code: String
    public var message: String
    /// A replacement that fixes it, when there is an obvious one (did-you-mean).
    public var suggestion: String?
    /// The file the range refers to, when not the document itself (a referenced DeepSpeed JSON).
    public var file: String?

    public init(range: ByteRange, severity: SetupSeverity, code: String, message: String,
                suggestion: String? = nil, file: String? = nil) {
        self.range = range
        self.severity = severity
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.file = file
    }
}

public enum DiagnosticCode {
    public static let unknownKey = "unknown-key"
    public static let wrongType = "wrong-type"
    public static let invalidEnumValue = "invalid-enum-value"
    public static let yamlStringNumber = "yaml-string-number"
    public static let contradiction = "contradiction"
    public static let missingReference = "missing-reference"
    public static let unreadableReference = "unreadable-reference"
    public static let deprecatedKey = "deprecated-key"
    public static let removedKey = "removed-key"
    public static let unknownModel = "unknown-model"
    public static let invalidValue = "invalid-value"
    public static let missingKey = "missing-key"
    public static let invalidDirective = "invalid-directive"
    /// A key left out whose framework default costs memory (information).
    public static let costlyDefault = "costly-default"
}
