// libFuzzer calls this once per input; `main` comes from libFuzzer (`--sanitize fuzzer`).
// A return of 0 means "input handled": every failure is a trap, which libFuzzer records.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCompile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    CompilePath.run(FuzzInput.files(bytes))
    return 0
}
