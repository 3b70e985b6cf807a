// What Analysis tells an editor or the CLI, in domain terms: byte ranges into the document,
// never LSP positions (LanguageServer converts; the CLI prints line:column).

import ConfigSyntax
import TrainingSetup

/// error / warning / information / hint: the same scale TrainingSetup reports on.
public typealias Severity = SetupSeverity

/// Another place in the same document that explains a finding (LSP relatedInformation).
public struct RelatedLocation: Sendable, Hashable {
    public var range: ByteRange
    public var message: String
    public init(range: ByteRange, message: String) {
        self.range = range
        self.message = message
    }
}

/// A diagnostic: syntax error, validation problem, or a fit verdict.
public struct Finding: Sendable, Hashable {
    public var range: ByteRange
    public var severity: Severity
    /// Stable code (`syntax-error`, `does-not-fit`, `unknown-key`, ...).
    public var code: String
    public var message: String
    public var related: [RelatedLocation]

    public init(range: ByteRange, severity: Severity, code: String, message: String, related: [RelatedLocation] = []) {
        self.range = range
        self.severity = severity
        self.code = code
        self.message = message
        self.related = related
    }
}

/// Hover content in both forms; the server picks by client capability.
public struct HoverInfo: Sendable, Hashable {
    public var range: ByteRange
    public var markdown: String
    public var plainText: String
    public init(range: ByteRange, markdown: String, plainText: String) {
        self.range = range
        self.markdown = markdown
        self.plainText = plainText
    }
}

public enum FixKind: String, Sendable, Hashable {
    case quickfix
    case refactor = "refactor.rewrite"
}

/// A rewrite of the document (a code action), titled with its effect.
public struct Fix: Sendable, Hashable {
    public var id: String
    public var title: String
    public var kind: FixKind
    public var isPreferred: Bool
    public var edits: [TextEdit]
    /// The finding this fix answers (quickfixes), by code and range.
    public var fixes: Finding?

    public init(id: String, title: String, kind: FixKind, isPreferred: Bool, edits: [TextEdit], fixes: Finding?) {
        self.id = id
        self.title = title
        self.kind = kind
        self.isPreferred = isPreferred
        self.edits = edits
        self.fixes = fixes
    }
}
