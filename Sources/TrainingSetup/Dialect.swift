// The fine-tuning config dialects Headroom reads.

public enum Dialect: String, Sendable, Hashable, CaseIterable {
    case axolotl
    case llamafactory
    case torchtune
    case trl
    case litgpt
    case deepspeed
    case accelerate
    case mlx
    case unknown
}
