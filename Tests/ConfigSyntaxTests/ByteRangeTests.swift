import Testing
@testable import ConfigSyntax

@Test func byteRangeNeverHasNegativeLength() {
    let r = ByteRange(10, 4)
    #expect(r.start == 10 && r.end == 10 && r.isEmpty)
    #expect(ByteRange(2, 5).contains(4) && !ByteRange(2, 5).contains(5) && ByteRange(2, 5).touches(5))
}
