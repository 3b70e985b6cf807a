// TrainingSetup: a fine-tuning config file -> one typed TrainingConfig with source ranges.
//
// Where to start reading:
//   SetupReader.read(document, path:, options:)      the entry point -> SetupAnalysis
//     Directives.parse          `# headroom: dialect= model= params= gpu=` comments
//     DialectDetector.detect    DIALECTS.md §0 decision order (directive overrides)
//     DialectMapper.map         per-dialect keys -> TrainingConfig (Mapping.swift); every field a
//                               Setting<Value> with its Provenance: .explicit(key/value ranges),
//                               .derived, .frameworkDefault("axolotl 0.19.0 default"), .directive
//     followDeepSpeed           a DeepSpeed JSON named by the file (config folder, then parents;
//                               bundled Axolotl / LLaMA-Factory names known without the file)
//     ModelResolver.resolve     local model dir -> catalog -> HF cache -> params= directive;
//                               else ONE `unknown-model` warning
//     Validator.validate        unknown keys (closed mappings only), types, enums, yaml-string-number,
//                               deprecated/removed keys, contradictions
//   TrainingConfig.makeSetup(model:)                  -> MemoryModel.Setup
//   SetupEdits.edits(for:in:document:parameters:)     suggestion id -> [TextEdit] in the dialect's keys
//   DialectSchema.jsonSchema(for:)                    schema/dialects/<dialect>.schema.json
//
// Invariants:
//   - Facts about keys (types, enums, defaults, versions) are data: Keys/<Dialect>Keys.swift.
//   - File access only through ReferenceReader (FileSystemReferenceReader: stat before open, regular
//     files only, O_NONBLOCK, at most 4 MiB, UTF-8 checked); no network.
//   - User numbers become Int only after range checks (ValueReader); bad values are diagnostics.
//   - Edits touch only the bytes they change: comments, order, indentation and quoting survive.
