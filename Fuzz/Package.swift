// swift-tools-version: 6.0
// The libFuzzer target over the whole compile path (docs/FUZZING.md). It lives in its own
// package so that `swift build` and `swift test` of the root package never build it: it links
// libFuzzer's `main` and only builds with `--sanitize fuzzer`. scripts/fuzz.sh builds and runs it.
import PackageDescription

let package = Package(
    name: "lpai-fuzz",
    dependencies: [
        .package(name: "lpai-apply", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "fuzz-compile",
            dependencies: [
                .product(name: "Spec", package: "lpai-apply"),
                .product(name: "Planner", package: "lpai-apply"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
    ]
)
