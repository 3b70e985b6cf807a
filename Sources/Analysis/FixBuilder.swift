// Code actions: each suggestion that helps, as edits in the file's own dialect, titled with
// the memory it would reach.

import ConfigSyntax
import MemoryModel
import TrainingSetup

struct FixBuilder {
    let analysis: DocumentAnalysis

    func fixes(in range: ByteRange) -> [Fix] {
        []
    }
}
