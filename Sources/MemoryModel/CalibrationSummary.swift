// How the estimator was checked: published measured peaks per source (MEMORY.md has the tables).
// Pinned by CalibrationTests: a change that makes a source's MAPE worse by more than one point fails.

public struct CalibrationSummary: Sendable, Hashable, Codable {
    /// Row-id prefix in ../shared/data (`calibration`, `litgpt-restab`, `torchtune-readme`, ...).
    public var source: String
    public var framework: Framework
    /// What the source measured: `allocated`, `reserved` or `active`.
    public var metric: String
    public var rows: Int
    /// Mean absolute percentage error and worst row, as fractions (0.062 = 6.2 %).
    public var mape: Double
    public var worst: Double

    public init(source: String, framework: Framework, metric: String, rows: Int, mape: Double, worst: Double) {
        self.source = source
        self.framework = framework
        self.metric = metric
        self.rows = rows
        self.mape = mape
        self.worst = worst
    }
}

extension MemoryEstimator {
    /// The per-source accuracy published in MEMORY.md.
    public static let calibration: [CalibrationSummary] = [
        CalibrationSummary(source: "calibration", framework: .litgpt, metric: "allocated", rows: 18, mape: 0.050, worst: 0.121),
        CalibrationSummary(source: "litgpt-restab", framework: .litgpt, metric: "allocated", rows: 27, mape: 0.025, worst: 0.099),
        CalibrationSummary(source: "litgpt-tut", framework: .litgpt, metric: "allocated", rows: 4, mape: 0.089, worst: 0.196),
        CalibrationSummary(source: "fsdpqlora-bench", framework: .huggingface, metric: "reserved", rows: 17, mape: 0.107, worst: 0.259),
        CalibrationSummary(source: "torchtune-doc", framework: .torchtune, metric: "reserved", rows: 7, mape: 0.023, worst: 0.042),
        CalibrationSummary(source: "torchtune-readme", framework: .torchtune, metric: "active", rows: 9, mape: 0.039, worst: 0.119),
        CalibrationSummary(source: "peft-readme", framework: .huggingface, metric: "allocated", rows: 2, mape: 0.217, worst: 0.375),
        CalibrationSummary(source: "peft-metamathqa", framework: .huggingface, metric: "reserved", rows: 12, mape: 0.027, worst: 0.088),
    ]

    /// "within 6 % on average on 49 measured LitGPT runs (worst 21 %)", or nil when no runs of
    /// this framework were measured.
    public static func checkedNote(for framework: Framework) -> String? {
        let s = calibration.filter { $0.framework == framework }
        let rows = s.reduce(0) { $0 + $1.rows }
        guard rows > 0 else { return nil }
        let mape = s.reduce(0.0) { $0 + $1.mape * Double($1.rows) } / Double(rows)
        let worst = s.map(\.worst).max() ?? 0
        let name: String
        switch framework {
        case .huggingface: name = "Hugging Face"
        case .torchtune: name = "torchtune"
        case .litgpt: name = "LitGPT"
        case .mlx: name = "MLX"
        }
        return "within \(Int((mape * 100).rounded())) % on average on \(rows) measured \(name) runs (worst \(Int((worst * 100).rounded())) %)"
    }
}
