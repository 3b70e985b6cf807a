// Children of a large block collection, materialized on first read.
//
// After an incremental reparse inside a huge block collection (a 10,000-item `datasets:` list),
// the collection's node is rebuilt without touching its other children: they are produced,
// shifted to their current offsets, only when someone reads `items` / `entries`. The result is
// computed once under a lock and cached.

import Synchronization

final class LazyChildren: Sendable {
    /// Produces the children with every range moved by the given delta.
    typealias Make = @Sendable (Int) -> (items: [Node], entries: [Entry])

    let make: Make
    let delta: Int
    private let cached = Mutex<(items: [Node], entries: [Entry])?>(nil)

    init(delta: Int, make: @escaping Make) {
        self.delta = delta
        self.make = make
    }

    private func value() -> (items: [Node], entries: [Entry]) {
        cached.withLock { cached in
            if let c = cached { return c }
            let c = make(delta)
            cached = c
            return c
        }
    }

    var items: [Node] { value().items }
    var entries: [Entry] { value().entries }

    /// The same children moved by `d` more bytes (nothing is materialized).
    func shifted(by d: Int) -> LazyChildren { LazyChildren(delta: delta + d, make: make) }
}
