// The parts of the client's `initialize` capabilities that change what the server does.
// The server only uses what the client declared.

import ConfigSyntax

struct ClientCapabilities: Sendable {
    var positionEncoding: PositionEncoding = .utf16
    var hoverMarkdown = false
    var pullDiagnostics = false
    var diagnosticRefresh = false
    var configurationPull = false
    var relatedInformation = false
    var codeActionLiterals = false
    var watchedFilesDynamicRegistration = false
    var workDoneProgress = false
    var completionSnippets = false
    var inlayHintRefresh = false

    init() {}

    init(_ caps: JSONValue?) {
        let offered = caps?["general"]?["positionEncodings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        // Prefer utf-8 (no conversion), then utf-32, then the mandatory utf-16 (as ruff does).
        if offered.contains("utf-8") {
            positionEncoding = .utf8
        } else if offered.contains("utf-32") {
            positionEncoding = .utf32
        }
        let text = caps?["textDocument"]
        hoverMarkdown = text?["hover"]?["contentFormat"]?.arrayValue?.contains(.string("markdown")) ?? false
        pullDiagnostics = text?["diagnostic"]?.objectValue != nil
        relatedInformation = text?["publishDiagnostics"]?["relatedInformation"]?.boolValue ?? false
        codeActionLiterals = text?["codeAction"]?["codeActionLiteralSupport"]?.objectValue != nil
        completionSnippets = text?["completion"]?["completionItem"]?["snippetSupport"]?.boolValue ?? false
        let workspace = caps?["workspace"]
        configurationPull = workspace?["configuration"]?.boolValue ?? false
        diagnosticRefresh = workspace?["diagnostics"]?["refreshSupport"]?.boolValue ?? false
        inlayHintRefresh = workspace?["inlayHint"]?["refreshSupport"]?.boolValue ?? false
        watchedFilesDynamicRegistration = workspace?["didChangeWatchedFiles"]?["dynamicRegistration"]?.boolValue ?? false
        workDoneProgress = caps?["window"]?["workDoneProgress"]?.boolValue ?? false
    }
}
