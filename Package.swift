// swift-tools-version: 6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "lpai-apply",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lpai-apply", targets: ["lpai-apply"]),
        .library(name: "Spec", targets: ["Spec"]),
        .library(name: "Planner", targets: ["Planner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "Spec",
            dependencies: ["CYAML"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Planner",
            dependencies: [
                "Spec",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Reconciler",
            dependencies: [
                "Planner", "Spec",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lpai-apply",
            dependencies: [
                "Spec", "Planner", "Reconciler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks (issue: benchmark harness): a seeded fleet generator and `lpai-bench`.
        .target(
            name: "FleetGen",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lpai-bench",
            dependencies: [
                "FleetGen", "Spec", "Planner", "Reconciler", "CYAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FleetGenTests",
            dependencies: ["FleetGen", "Spec", "Planner"],
            swiftSettings: swiftSettings
        ),
        // Test support, not shipped: a stand-in for go-livepeer that the end-to-end tests run
        // in real containers (scripts/standin-image.sh builds its image).
        .executableTarget(
            name: "livepeer-standin",
            swiftSettings: swiftSettings
        ),
        // Process running and temporary files for the test targets that run built executables.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StandinTests",
            dependencies: ["livepeer-standin", "TestSupport", "Planner", "Spec", "FleetGen"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpecTests",
            dependencies: ["Spec"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlannerTests",
            dependencies: ["Planner", "Spec"],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReconcilerTests",
            dependencies: ["Reconciler", "Planner", "Spec"],
            swiftSettings: swiftSettings
        ),
        // Against the real Docker Engine that scripts/test-engine.sh starts (DOCKER_HOST).
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["lpai-apply", "livepeer-standin", "Reconciler", "Planner", "Spec", "TestSupport", "FleetGen"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["lpai-apply", "Spec", "Planner", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
