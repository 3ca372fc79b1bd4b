import Spec

/// Where go-livepeer's warm runner containers land: each GPU is `containersPerGPU` slots and
/// warm containers take slots first-fit in aiModels.json order, for good (LIVEPEER.md "Capacity").
public struct GPUPlacement: Sendable, Hashable {
    public struct Slot: Sendable, Hashable {
        public var gpuIndex: Int
        public var colocation: Int
        public var use: ResolvedUse?
    }

    public var slots: [Slot]
    /// The uses with warm containers that found no slot, each once, in order (go-livepeer
    /// exits at boot: "insufficient capacity"). Once per use, not per container: `warm: 1000`
    /// ten thousand times made a 320 KB spec allocate over 4 GB here.
    public var unplaced: [ResolvedUse]

    init(slots: [Slot], unplaced: [ResolvedUse]) {
        self.slots = slots
        self.unplaced = unplaced
    }

    public init(node: ResolvedNode) {
        var slots: [Slot] = []
        for (index, _) in node.gpus.enumerated() {
            for colocation in 0..<node.containersPerGPU { slots.append(Slot(gpuIndex: index, colocation: colocation, use: nil)) }
        }
        // Slot order: first every GPU's first slot, so one model's containers spread over GPUs.
        slots.sort { ($0.colocation, $0.gpuIndex) < ($1.colocation, $1.gpuIndex) }
        var unplaced: [ResolvedUse] = []
        var next = 0
        for use in node.uses where use.warm > 0 {
            let placed = min(use.warm, slots.count - next)
            for slot in next..<(next + placed) { slots[slot].use = use }
            next += placed
            if placed < use.warm { unplaced.append(use) }
        }
        self.slots = slots
        self.unplaced = unplaced
    }

    public var usedSlots: Int { slots.count(where: { $0.use != nil }) }
    public var freeSlots: Int { slots.count - usedSlots }

    /// VRAM the warm containers on GPU `index` need, counting only models whose VRAM is known.
    /// Saturates at `Int64.max`: a spec may give sizes up to 9 EB, and nine of them overflow.
    public func vramUsed(onGPU index: Int) -> Int64 {
        slots.filter { $0.gpuIndex == index }.reduce(0) { sum, slot in
            let (total, overflow) = sum.addingReportingOverflow(slot.use?.model.vram?.value ?? 0)
            return overflow ? .max : total
        }
    }

    public func uses(onGPU index: Int) -> [ResolvedUse] {
        slots.filter { $0.gpuIndex == index }.compactMap(\.use)
    }
}
