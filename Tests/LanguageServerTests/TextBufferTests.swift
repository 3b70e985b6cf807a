import Testing
import ConfigSyntax
@testable import LanguageServer

@Test func positionsInEveryEncoding() {
    // é: 2 bytes / 1 UTF-16 unit; 中: 3 / 1; 😀: 4 / 2 units / 1 scalar.
    let b = TextBuffer("aé中😀z\nx")
    let zByte = 1 + 2 + 3 + 4
    #expect(b.offset(line: 0, character: 10, encoding: .utf8) == zByte)
    #expect(b.offset(line: 0, character: 5, encoding: .utf16) == zByte)
    #expect(b.offset(line: 0, character: 4, encoding: .utf32) == zByte)
    #expect(b.position(ofByte: zByte, encoding: .utf16) == (0, 5))
    #expect(b.position(ofByte: zByte, encoding: .utf32) == (0, 4))
    #expect(b.position(ofByte: zByte, encoding: .utf8) == (0, 10))
    // Between the two surrogates of 😀: snaps to the emoji's start.
    #expect(b.offset(line: 0, character: 4, encoding: .utf16) == 6)
    // Past the end of a line: the line end; past the last line: the document end.
    #expect(b.offset(line: 0, character: 99, encoding: .utf16) == zByte + 1)
    #expect(b.offset(line: 7, character: 0, encoding: .utf16) == b.bytes.count)
}

@Test func crlfAndLoneCRAreLineEnds() {
    let b = TextBuffer("a\r\nb\rc\nd")
    #expect(b.lineStarts == [0, 3, 5, 7])
    #expect(b.offset(line: 0, character: 5, encoding: .utf16) == 1) // before \r\n
    #expect(b.position(ofByte: 2, encoding: .utf16) == (0, 1))   // inside \r\n -> line end
}

@Test func incrementalEditsKeepTheLineTableExact() {
    var state: UInt64 = 0x9E3779B97F4A7C15
    func random(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(max(n, 1)))
    }
    let pieces = ["a", "\n", "\r\n", "\r", "é", "😀", "key: v\n", ""]
    var b = TextBuffer("base_model: x\r\nlora_r: 8\n")
    for _ in 0..<3000 {
        let n = b.bytes.count
        let s = random(n + 1)
        let e = min(n, s + random(4))
        b.replace(ByteRange(s, e), with: Array(pieces[random(pieces.count)].utf8))
        #expect(b.lineStarts == TextBuffer(b.text).lineStarts)
        if b.lineStarts != TextBuffer(b.text).lineStarts { break }
    }
}
