import Testing
@testable import ConfigSyntax

@Suite struct YAMLBasicTests {
    @Test func blockMappingWithNestedValues() {
        let doc = yaml("""
        base_model: meta-llama/Llama-3.1-8B
        load_in_4bit: true
        lora_r: 32
        learning_rate: 0.0002
        datasets:
          - path: tatsu-lab/alpaca
            type: alpaca
        optimizer: paged_adamw_8bit  # comment
        """)
        #expect(doc.diagnostics == [])
        let root = doc.root
        #expect(root?.kind == .mapping)
        #expect(root?["base_model"]?.scalar == .string("meta-llama/Llama-3.1-8B"))
        #expect(root?["load_in_4bit"]?.scalar == .bool(true))
        #expect(root?["lora_r"]?.scalar == .int(32))
        #expect(root?["learning_rate"]?.scalar == .float(0.0002))
        #expect(root?["datasets"]?.items.first?["type"]?.scalar == .string("alpaca"))
        #expect(root?["optimizer"]?.scalar == .string("paged_adamw_8bit"))
        #expect(doc.comments.map(\.text) == [" comment"])
        #expect(root.map { slice(doc, $0.range) }?.hasPrefix("base_model") == true)
        if let e = root?.entry("lora_r") {
            #expect(slice(doc, e.key.range) == "lora_r")
            #expect(slice(doc, e.value.range) == "32")
            #expect(slice(doc, e.range) == "lora_r: 32")
        } else { Issue.record("no lora_r") }
    }

    @Test(arguments: [
        ("1e-4", Plain.string("1e-4")), ("1.0e-4", .float(1.0e-4)), ("1.0e4", .string("1.0e4")),
        ("yes", .bool(true)), ("No", .bool(false)), ("on", .bool(true)), ("OFF", .bool(false)),
        ("y", .string("y")), ("n", .string("n")), ("0o17", .string("0o17")), ("017", .int(15)),
        ("0x1F", .int(31)), ("1_000", .int(1000)), (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)),
        ("~", .null), ("null", .null), ("", .null), ("1:30", .int(90)), ("190:20:30.15", .float(685230.15)),
        ("18446744073709551617", .float(18446744073709551617.0)), ("-9223372036854775808", .int(Int64.min)),
        ("0b101", .int(5)), ("+12", .int(12)), ("-0", .int(0)), ("08", .string("08")), ("09.5", .float(9.5)),
        (".5", .float(0.5)), ("1.", .float(1.0)), ("1e400", .string("1e400")), ("1.0e+400", .float(.infinity)),
        ("True", .bool(true)), ("tRue", .string("tRue")), ("2024-01-01", .string("2024-01-01")), ("0x_", .string("0x_")),
        ("<<", .string("<<")), ("=", .string("=")), ("0_", .int(0)), ("-0_7", .int(-7)),
    ])
    func pyyamlResolution(_ raw: String, _ expected: Plain) {
        let doc = yaml("v: \(raw)\n")
        #expect(doc.diagnostics == [])
        #expect(doc.root?["v"].map(plain) == expected, "\(raw)")
    }

    @Test func quotedScalarsAndEscapes() {
        let doc = yaml(#"""
        a: "tab\there \u00e9 \x41 \"q\""
        b: 'it''s'
        c: "line one
          line two"
        d: "yes"
        """#)
        #expect(doc.diagnostics == [])
        #expect(doc.root?["a"]?.scalar == .string("tab\there é A \"q\""))
        #expect(doc.root?["b"]?.scalar == .string("it's"))
        #expect(doc.root?["c"]?.scalar == .string("line one line two"))
        #expect(doc.root?["d"]?.scalar == .string("yes"))
        #expect(doc.root?["d"]?.style == .doubleQuoted)
    }

    @Test func blockScalars() {
        let doc = yaml("a: |\n  one\n  two\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\nd: |2\n    indented\n")
        #expect(doc.diagnostics == [])
        #expect(doc.root?["a"]?.scalar == .string("one\ntwo\n"))
        #expect(doc.root?["b"]?.scalar == .string("folded text\npara"))
        #expect(doc.root?["c"]?.scalar == .string("keep\n\n"))
        #expect(doc.root?["d"]?.scalar == .string("  indented\n"))
        #expect(doc.root?["a"]?.style == .literal)
    }

    @Test func flowCollections() {
        let doc = yaml("a: [1, two, {x: 3}]\nb: {k: v, 'q': [ ]}\n")
        #expect(doc.diagnostics == [])
        #expect(doc.root.map(plain) == .map([
            (.string("a"), .seq([.int(1), .string("two"), .map([(.string("x"), .int(3))])])),
            (.string("b"), .map([(.string("k"), .string("v")), (.string("q"), .seq([]))])),
        ]))
        #expect(doc.root?["a"]?.isFlow == true)
    }

    @Test func indentlessSequenceAndCompactMapping() {
        let doc = yaml("list:\n- a\n- b: 1\n  c: 2\nnext: 3\n")
        #expect(doc.diagnostics == [])
        #expect(doc.root.map(plain) == .map([
            (.string("list"), .seq([.string("a"), .map([(.string("b"), .int(1)), (.string("c"), .int(2))])])),
            (.string("next"), .int(3)),
        ]))
    }

    @Test func emptyValueRangeSitsAfterTheColon() {
        let doc = yaml("key:\nother: 1\n")
        let v = doc.root?["key"]
        #expect(v?.scalar == .null)
        #expect(v?.range == ByteRange(4, 4))
        #expect(doc.root?.entry("key")?.range == ByteRange(0, 4))
    }

    @Test func duplicateKeysAreKeptAndWarned() {
        let doc = yaml("lr: 1\nlr: 2\nnested:\n  a: 1\n  a: 2\n")
        #expect(doc.root?.entries.count == 3)
        #expect(doc.root?["lr"]?.scalar == .int(2))
        #expect(doc.diagnostics.map(\.code) == ["duplicate-key", "duplicate-key"])
        #expect(doc.diagnostics.first?.severity == .warning)
        #expect(doc.diagnostics.first?.range == ByteRange(6, 8))
        #expect(doc.diagnostics.first?.message == "Duplicate key 'lr': PyYAML silently keeps the last one, so the earlier value is ignored")
        #expect(doc.diagnostics.last?.range == ByteRange(29, 30))
    }

    @Test func anchorsAliasesAndMergeKeys() {
        let doc = yaml("""
        base: &base
          lr: 1
          bs: 2
        other: &o {bs: 9, wd: 3}
        run:
          <<: [*base, *o]
          lr: 5
        copy: *base
        """)
        #expect(doc.diagnostics == [])
        guard let run = doc.root?["run"] else { Issue.record("no run"); return }
        let merged = run.resolvedEntries(in: doc)
        #expect(merged.compactMap(\.keyString) == ["bs", "wd", "lr", "bs", "lr"])
        #expect(run.resolvedValue("bs", in: doc)?.scalar == .int(2))
        #expect(run.resolvedValue("wd", in: doc)?.scalar == .int(3))
        #expect(run.resolvedValue("lr", in: doc)?.scalar == .int(5))
        #expect(doc.root?["copy"]?.kind == .alias)
        #expect(doc.resolveAlias(doc.root?["copy"] ?? Node(kind: .invalid, range: ByteRange(0, 0)))?["lr"]?.scalar == .int(1))
        #expect(doc.anchor(named: "base")?.kind == .mapping)
    }

    @Test func undefinedAliasIsAnError() {
        let doc = yaml("a: *nope\n")
        #expect(codes(doc) == ["undefined-alias"])
        #expect(doc.diagnostics.first?.range == ByteRange(3, 8))
    }

    @Test func tagsAreKept() {
        let doc = yaml("a: !!str 123\nb: !custom {x: 1}\nc: !!float 3\n")
        #expect(doc.diagnostics == [])
        #expect(doc.root?["a"]?.scalar == .string("123"))
        #expect(doc.root?["a"]?.tag == "!!str")
        #expect(doc.root?["b"]?.tag == "!custom")
        #expect(doc.root?["b"]?.range == ByteRange(16, 30))
        #expect(doc.root?["c"]?.scalar == .float(3))
    }

    @Test func multipleDocumentsBOMAndCRLF() {
        let doc = yaml("\u{FEFF}a: 1\r\n---\r\nb: 2\r\n...\r\n--- text\r\n")
        #expect(doc.diagnostics == [])
        #expect(doc.documents.map(plain) == [.map([(.string("a"), .int(1))]), .map([(.string("b"), .int(2))]), .string("text")])
    }

    @Test func unterminatedQuoteDamagesOneNode() {
        let doc = yaml("a: \"abc\nb: 2\nc: [1, 2\nd: 4\n")
        #expect(doc.root?["b"]?.scalar == .int(2))
        #expect(doc.root?["d"]?.scalar == .int(4))
        #expect(doc.root?["a"]?.kind == .invalid)
        #expect(codes(doc) == ["syntax-error", "syntax-error"])
        #expect(doc.diagnostics.first?.range == ByteRange(3, 7))
    }

    @Test func badIndentationDamagesOneLine() {
        let doc = yaml("a:\n    b: 1\n  c: 2\nd: 3\n")
        #expect(doc.root.map(plain) == .map([(.string("a"), .map([(.string("b"), .int(1))])), (.string("d"), .int(3))]))
        #expect(codes(doc) == ["syntax-error"])
        #expect(doc.diagnostics.first?.range == ByteRange(14, 18))
    }

    @Test func keyInsideAPlainValueIsAnError() {
        // PyYAML: "mapping values are not allowed here". Only `a` is damaged.
        let doc = yaml("a: 1\n   b: 2\nc: 3\n")
        #expect(doc.root?["a"]?.kind == .invalid)
        #expect(doc.root?["c"]?.scalar == .int(3))
        #expect(codes(doc) == ["syntax-error", "syntax-error"])
    }

    @Test func partialKeyWhileTyping() {
        let doc = yaml("model:\n  name: x\n  lear\ntrain: 1\n")
        #expect(doc.root?["train"]?.scalar == .int(1))
        #expect(doc.root?["model"]?["name"]?.scalar == .string("x"))
        #expect(doc.hasErrors)
    }
}
