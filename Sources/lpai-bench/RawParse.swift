import CYAML

/// libyaml's event parser and nothing else: the floor any YAML loader over it can reach.
enum RawParse {
    /// The number of events in `bytes`, or nil when libyaml reports an error.
    static func events(_ bytes: [UInt8]) -> Int? {
        // On the heap: the parser keeps a pointer to itself as its string reader's state.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else { return nil }
        defer { yaml_parser_delete(parser) }
        return bytes.withUnsafeBufferPointer { input -> Int? in
            yaml_parser_set_input_string(parser, input.baseAddress, input.count)
            var event = yaml_event_t()
            var count = 0
            while true {
                guard yaml_parser_parse(parser, &event) != 0 else { return nil }
                let type = event.type
                yaml_event_delete(&event)
                count += 1
                if type == YAML_STREAM_END_EVENT { return count }
            }
        }
    }
}
