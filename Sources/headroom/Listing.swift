// `headroom gpus` and `headroom models`: the built-in catalogs.

import Analysis
import LanguageServer
import MemoryModel

enum Listing {
    static func gpus(_ format: OutputFormat) -> Int32 {
        let gpus = Catalog.builtIn.gpus.sorted { ($0.usableMemoryBytes, $0.id) < ($1.usableMemoryBytes, $1.id) }
        if format == .json {
            print(JSONWriter.pretty(.array(gpus.map { g in
                ["id": .string(g.id), "name": .string(g.name), "vendor": .string(g.vendor.rawValue),
                 "memoryBytes": .int(g.memoryBytes), "usableMemoryBytes": .int(g.usableMemoryBytes),
                 "bf16": .bool(g.bf16), "fp8": .bool(g.fp8), "aliases": .array(g.aliases.map { .string($0) }),
                 "source": .string(g.source)]
            })))
        } else {
            for g in gpus {
                print("\(g.id.padding(to: 22)) \(Format.gib(g.usableMemoryBytes).leftPadding(to: 10))  \(g.name)")
            }
        }
        return 0
    }

    static func models(_ format: OutputFormat) -> Int32 {
        let models = Catalog.builtIn.models.sorted { $0.id < $1.id }
        if format == .json {
            print(JSONWriter.pretty(.array(models.map { m in
                ["id": .string(m.id), "name": .string(m.name), "hfRepo": .string(m.hfRepo), "parameters": JSONValue(m.parameters),
                 "aliases": .array(m.aliases.map { .string($0) }), "source": .string(m.source)]
            })))
        } else {
            for m in models {
                let params = Format.fixed(Double(m.parameters) / 1e9, 2) + "B"
                print("\(m.id.padding(to: 28)) \(params.leftPadding(to: 9))  \(m.hfRepo)")
            }
        }
        return 0
    }
}
