// swift-tools-version: 6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
  name: "git-llm",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "git-llm", targets: ["git-llm"]),
    .library(name: "GitLLM", targets: ["GitLLM"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // One system-library target per C library: a module map and a shim header holding only
    // what Swift cannot import (variadic functions, cast macros).
    .systemLibrary(
      name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
    // libcurl is loaded at its first use (see Sources/CCurl/shim.h), so it is not linked: no
    // pkgConfig, whose -lcurl would make every process load it at start.
    .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(
      name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(
      name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .target(
      name: "GitLLM",
      dependencies: ["CGit2", "CCurl", "CSQLite", "CCrypto"],
      swiftSettings: swiftSettings),
    .executableTarget(
      name: "git-llm",
      dependencies: [
        "GitLLM",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "GitLLMTests",
      dependencies: ["GitLLM"],
      swiftSettings: swiftSettings),
  ]
)
