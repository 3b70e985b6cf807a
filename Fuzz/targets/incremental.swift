// libFuzzer target: incremental reparse. The input is split at the first 0x00 byte into a
// starting text and an edit script; each edit is 5 bytes (op, position hi/lo, length, piece)
// and applied with `ParsedDocument.applying`; after every edit the result must equal a
// fresh parse of the same text (documents, diagnostics, comments). At most 8 edits an input:
// each edit costs two parses, and eight run ~3,000 inputs a second where 64 ran 880, while long
// edit sequences are the property test's job (IncrementalTests: 10,000 edits in a row).
import ConfigSyntax

let pieces = [":", ": ", "-", "- ", "#", " #", "\"", "'", "\n", "\r\n", "\r", " ", "  ", "\t", "a", "x1", "1", "0.5",
              "[", "]", "{", "}", ",", "|", ">", "&a", "*a", "!", "?", "é", "😀", "---\n", "...", "key: v\n",
              "  - ", "<<: *a\n", "\\", "%YAML 1.2\n", "\u{FEFF}", "\"\\ud800\"", "1e400", "\0", "lora_r: 8\n",
              "base_model: meta-llama/Llama-3.1-8B\n", "  ", "\n  "]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard !bytes.isEmpty else { return 0 }
    let format: SyntaxFormat = bytes[0] & 1 == 0 ? .yaml : .json
    let rest = bytes.dropFirst()
    let split = rest.firstIndex(of: 0) ?? rest.endIndex
    let start = String(decoding: rest[rest.startIndex..<split], as: UTF8.self)
    let script = Array(rest[split...].dropFirst())
    var doc = ConfigParser.parse(start, format: format)
    var i = 0
    var edits = 0
    while i + 5 <= script.count, edits < 8 {
        let op = script[i], pos = Int(script[i + 1]) << 8 | Int(script[i + 2]), len = Int(script[i + 3]), piece = Int(script[i + 4])
        i += 5
        edits += 1
        let n = doc.text.utf8.count
        let s = n == 0 ? 0 : pos % (n + 1)
        let e = s + (op % 3 == 0 ? 0 : len % 16)
        var replacement = ""
        if op % 3 != 1 {
            replacement = pieces[piece % pieces.count]
            if op & 0x80 != 0 { replacement += pieces[(piece / 7) % pieces.count] }
        }
        let edit = TextEdit(range: ByteRange(s, e), replacement: replacement)
        doc = doc.applying(edit)
        let fresh = ConfigParser.parse(doc.text, format: format)
        FuzzCheck.require(FuzzCheck.same(doc.documents, fresh.documents), "documents differ after edit \(edits) \(edit) -> text \(String(reflecting: doc.text))")
        FuzzCheck.require(doc.diagnostics == fresh.diagnostics, "diagnostics differ after edit \(edits) \(edit) -> text \(String(reflecting: doc.text))\nINCR \(doc.diagnostics)\nFULL \(fresh.diagnostics)")
        FuzzCheck.require(doc.comments == fresh.comments, "comments differ after edit \(edits) \(edit) -> text \(String(reflecting: doc.text))")
    }
    return 0
}
