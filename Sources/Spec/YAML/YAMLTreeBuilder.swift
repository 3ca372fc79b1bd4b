/// Folds parser events into a `YAMLNode` tree with an explicit stack, so nesting depth and
/// alias expansion are checked per event and a hostile file stops at the first bad event.
struct YAMLTreeBuilder {
    /// An open collection, mutated in place on the stack. Its children wait on the shared
    /// `values` stack and are moved out once, at exact size, when it closes: growing an array
    /// per collection (worse, one inside an enum payload) dominated the load time.
    struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        /// `nodeCount` before this collection opened, to size it for its anchor.
        var nodeCountBefore: Int
        /// Index in `values` of this collection's first child; a mapping's keys are at even offsets.
        var start: Int
        /// Index in `keyTexts` of this mapping's first key.
        var keyStart: Int
        /// The value about to arrive belongs to a `<<` key.
        var pendingIsMerge = false
        var mergeKeyLocation: SourceLocation?
        /// Key text → index in `keyTexts`, built once a mapping is too big for a linear scan.
        var keyIndex: [String: Int]?
        var merges: [PendingMerge] = []

        init(isMapping: Bool, location: SourceLocation, anchor: String?, nodeCountBefore: Int, start: Int, keyStart: Int) {
            self.isMapping = isMapping
            self.location = location
            self.anchor = anchor
            self.nodeCountBefore = nodeCountBefore
            self.start = start
            self.keyStart = keyStart
        }
    }

    struct PendingMerge {
        /// The number of entries written before `<<`; merged keys are spliced in there.
        var position: Int
        var sources: [[YAMLNode.Entry]]
    }

    struct Anchored {
        var node: YAMLNode
        var size: Int
    }

    static let linearScanLimit = 12

    let file: String
    let limits: YAMLLimits
    var stack: [Frame] = []
    let values = YAMLNodeStack()
    /// The text of every key in `values` (nil for a non-scalar key), for duplicate checks
    /// that do not have to open each key's boxed node.
    var keyTexts: [String?] = []
    var anchors: [String: Anchored] = [:]
    /// Nodes created so far, counting every alias as the full size of what it expands to.
    var nodeCount = 0
    /// Nodes added by aliases alone: what the expansion cap bounds (nodes written out literally
    /// are bounded by the input size already, so a large fleet is not taken for an alias bomb).
    var expandedNodes = 0
    var documentCount = 0
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []
    /// Set by errors that make further events meaningless or dangerous to process.
    var stopped = false

    init(file: String, limits: YAMLLimits, marks: YAMLMarks) {
        self.file = file
        self.limits = limits
        self.marks = marks
        stack.reserveCapacity(min(max(limits.maxDepth, 0), 256))
        keyTexts.reserveCapacity(256)
    }

    var marks: YAMLMarks

    func location(line: Int, column: Int) -> SourceLocation { marks.location(line: line, column: column) }

    func result() -> YAMLLoadResult {
        var root = root
        if case .scalar(let s)? = root?.kind, s.text.isEmpty, s.style == .plain, s.tag == nil { root = nil }
        return YAMLLoadResult(root: root, diagnostics: diagnostics)
    }

    mutating func documentStart(at location: SourceLocation) {
        documentCount += 1
        if documentCount > 1 {
            diagnostics.append(YAMLDiagnostics.multipleDocuments(at: location))
            stopped = true
        }
    }

    mutating func scalar(_ scalar: consuming YAMLNode.Scalar, anchor: String?, at location: consuming SourceLocation) {
        nodeCount += 1
        // The key check runs before the scalar moves into its node, so it never has to open the box.
        let keep = !expectsKey || acceptKey(scalar, at: location, frame: stack.count - 1)
        let node = YAMLNode(.scalar(scalar), at: location)
        if let anchor { anchors[anchor] = Anchored(node: node, size: 1) }
        if keep { place(node) }
    }

    mutating func alias(_ name: String, at location: SourceLocation) {
        guard let anchored = anchors[name] else {
            let recursive = stack.contains { $0.anchor == name }
            diagnostics.append(YAMLDiagnostics.undefinedAlias(name, recursive: recursive, at: location))
            nodeCount += 1
            attach(YAMLNode(.scalar(YAMLNode.Scalar(text: "", style: .plain)), at: location))
            return
        }
        // Checked here rather than per node: only aliases can make the tree outgrow the
        // input, and maxBytes already bounds everything written out literally.
        nodeCount += anchored.size
        expandedNodes += anchored.size
        if expandedNodes > limits.maxExpandedNodes {
            diagnostics.append(YAMLDiagnostics.aliasBomb(name, nodes: expandedNodes, limit: limits.maxExpandedNodes, at: location))
            stopped = true
            return
        }
        var node = anchored.node
        node.location = location
        attach(node)
    }

    mutating func open(mapping: Bool, anchor: String?, at location: SourceLocation) {
        if stack.count >= limits.maxDepth {
            diagnostics.append(YAMLDiagnostics.tooDeep(limit: limits.maxDepth, at: location))
            stopped = true
            return
        }
        stack.append(
            Frame(
                isMapping: mapping, location: location, anchor: anchor, nodeCountBefore: nodeCount,
                start: values.count, keyStart: keyTexts.count))
        nodeCount += 1
    }

    mutating func close() {
        guard let frame = stack.popLast() else { return }
        let node: YAMLNode
        if frame.isMapping {
            if (values.count - frame.start) & 1 == 1 { values.popLast() }
            var entries = values.popEntries(from: frame.start)
            keyTexts.removeLast(keyTexts.count - frame.keyStart)
            if !frame.merges.isEmpty { entries = Self.applyMerges(frame.merges, to: entries) }
            node = YAMLNode(.mapping(entries), at: frame.location)
        } else {
            node = YAMLNode(.sequence(values.popSequence(from: frame.start)), at: frame.location)
        }
        if let anchor = frame.anchor { anchors[anchor] = Anchored(node: node, size: nodeCount - frame.nodeCountBefore) }
        attach(node)
    }

    /// True when the next node completes a key rather than a value or an item.
    private var expectsKey: Bool {
        let top = stack.count - 1
        return top >= 0 && stack[top].isMapping && !stack[top].pendingIsMerge
            && (values.count - stack[top].start) & 1 == 0
    }

    /// Adds a finished alias or collection to the open collection.
    private mutating func attach(_ node: consuming YAMLNode) {
        if expectsKey {
            guard case .scalar(let key) = node.kind else {
                diagnostics.append(YAMLDiagnostics.complexKey(node, at: node.location))
                keyTexts.append(nil)
                values.push(node)
                return
            }
            guard acceptKey(key, at: node.location, frame: stack.count - 1) else { return }
        }
        place(node)
    }

    private mutating func place(_ node: consuming YAMLNode) {
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        if stack[top].pendingIsMerge {
            stack[top].pendingIsMerge = false
            recordMerge(node, frame: top)
        } else {
            values.push(node)
        }
    }
}
