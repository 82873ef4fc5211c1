import Foundation

/// Where a setting's effective value came from.
public enum SettingOrigin: Sendable, Equatable, CustomStringConvertible {
  case builtIn
  /// A default computed from the rest of the configuration (the reason is kept).
  case derived(String)
  /// A committed `.gitllm` file.
  case file(String)
  /// The repository's git config, at a level (`system`, `global`, `local`…).
  case gitConfig(String)
  case environment(String)
  case flag

  public var description: String {
    switch self {
    case .builtIn: "default"
    case .derived(let why): "default (\(why))"
    case .file(let path): path
    case .gitConfig(let level): "git config (\(level))"
    case .environment(let name): "$\(name)"
    case .flag: "command line"
    }
  }
}

/// One effective setting.
public struct Setting: Sendable, Equatable {
  public var key: String
  public var value: String
  public var origin: SettingOrigin
  public var isSecret: Bool

  /// The value as it may be shown: secrets are never printed, nor credentials inside URLs.
  public var displayValue: String {
    if isSecret { return "(secret, \(value.count) characters)" }
    if SettingKey.named(key)?.kind == .url { return URLRedaction.stripCredentials(value) }
    return value
  }
}

/// A raw `name = value` pair read from one configuration source.
public struct SettingSource: Sendable {
  public var entries: [(name: String, value: String, origin: SettingOrigin)]
  public init(_ entries: [(name: String, value: String, origin: SettingOrigin)]) {
    self.entries = entries
  }
}

/// A configuration value git-llm cannot use.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
  public var key: String
  public var value: String
  public var origin: SettingOrigin
  public var expected: String
  public var description: String {
    "invalid value '\(value)' for \(key) (from \(origin)): expected \(expected)"
  }
}

/// The effective configuration: defaults < `.gitllm` < git config < environment < flags.
public struct Settings: Sendable {
  var values: [String: Setting]
  /// Keys in git-llm's sections that no known setting matches (likely typos).
  public private(set) var unknown: [Setting] = []
  /// Advice about the configuration itself (a key committed to `.gitllm`, say).
  public internal(set) var warnings: [String] = []

  /// Resolves the layers, lowest first, then checks every value against its kind. With a
  /// `gitDirectory`, the traffic log defaults to its `llm/history` folder.
  /// - Throws: `SettingsError` for a value of the wrong kind, naming where it came from.
  public static func resolve(
    file: SettingSource = .init([]), gitConfig: SettingSource = .init([]),
    environment: [String: String] = [:], flags: [String: String] = [:], gitDirectory: String? = nil
  ) throws -> Settings {
    var settings = Settings(values: [:])
    for key in SettingKey.all {
      if let value = key.defaultValue { settings.set(key, value, .builtIn) }
    }
    for source in [file, gitConfig] {
      for entry in source.entries { settings.apply(entry) }
    }
    for key in SettingKey.all {
      for name in key.environment {
        if let value = environment[name], !value.isEmpty {
          settings.set(key, value, .environment(name))
          break
        }
      }
    }
    for (name, value) in flags {
      guard let key = SettingKey.named(name) else { continue }
      settings.set(key, value, .flag)
    }
    settings.deriveProviderDefaults(environment: environment)
    if let gitDirectory, settings.values["log.dir"] == nil {
      settings.set(SettingKey.named("log.dir")!, gitDirectory + "/llm/history", .derived("in the git directory"))
    }
    try settings.validate()
    return settings
  }

  /// Takes one `name = value` from `.gitllm` or git config.
  mutating func apply(_ entry: (name: String, value: String, origin: SettingOrigin)) {
    var name = entry.name.lowercased()
    if name.hasPrefix("gitllm.") { name.removeFirst("gitllm.".count) }
    let section = name.split(separator: ".").first.map(String.init) ?? ""
    guard SettingKey.sections.contains(section) else { return }
    if SettingKey.families.contains(where: { name.hasPrefix($0.lowercased()) }) {
      values[name] = Setting(key: name, value: entry.value, origin: entry.origin, isSecret: false)
      return
    }
    guard let key = SettingKey.named(name) else {
      if !SettingKey.sharedWithGit.contains(section) || entry.name.lowercased().hasPrefix("gitllm.") {
        unknown.removeAll { $0.key == name }
        unknown.append(Setting(key: name, value: entry.value, origin: entry.origin, isSecret: false))
      }
      return
    }
    if key.isLocalOnly, case .file(let path) = entry.origin {
      warnings.append(
        "ignored \(key.name) from \(path): endpoints, credentials and output folders come only from "
          + "git config or the environment, never from a committed file (`git config \(key.name) …` sets it here)")
      return
    }
    set(key, entry.value, entry.origin)
  }

  /// The effective value, by case-insensitive key (`llm.baseURL` == `llm.baseurl`).
  public subscript(key: String) -> String? { values[key.lowercased()]?.value }

  public func entry(_ key: String) -> Setting? { values[key.lowercased()] }

  /// A git-config boolean: true/yes/on/1 or false/no/off/0.
  public func bool(_ key: String) -> Bool? { self[key].flatMap(Settings.parseBool) }

  public func int(_ key: String) -> Int? { self[key].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

  public func double(_ key: String) -> Double? {
    self[key].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
  }

  /// A duration given in seconds (`1.5`, or with an `s`/`ms` suffix).
  public func duration(_ key: String) -> Duration? { self[key].flatMap(Settings.parseSeconds) }

  /// A comma-separated list, trimmed, empties dropped; empty when unset.
  public func list(_ key: String) -> [String] {
    (self[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// Every effective setting: the known keys in the table's order, then the families' keys.
  public var all: [Setting] {
    SettingKey.all.compactMap { values[$0.name.lowercased()] }
      + SettingKey.families.flatMap { entries(prefix: $0) }
  }

  /// The settings of an open family (`llm.price.`), sorted by key.
  public func entries(prefix: String) -> [Setting] {
    values.filter { $0.key.hasPrefix(prefix.lowercased()) }.map(\.value).sorted { $0.key < $1.key }
  }

  mutating func set(_ key: SettingKey, _ value: String, _ origin: SettingOrigin) {
    values[key.name.lowercased()] = Setting(
      key: key.name, value: value, origin: origin, isSecret: key.isSecret)
  }

  func validate() throws {
    try Settings.validatePrices(entries(prefix: "llm.price."))
    for setting in values.values {
      guard let key = SettingKey.named(setting.key) else { continue }
      let value = setting.value.trimmingCharacters(in: .whitespaces)
      let fail = { (expected: String) in
        SettingsError(key: key.name, value: setting.isSecret ? "(secret)" : setting.value,
          origin: setting.origin, expected: expected)
      }
      switch key.kind {
      case .string, .list, .url: break
      case .relativePath:
        let parts = value.split(separator: "/")
        guard !value.isEmpty, !value.hasPrefix("/"), !value.hasPrefix("~"), !parts.contains("..") else {
          throw fail("a folder inside the work tree (relative, without ..)")
        }
      case .int: guard Int(value) != nil else { throw fail("a whole number") }
      case .bool: guard Settings.parseBool(value) != nil else { throw fail("true or false") }
      case .seconds:
        guard let d = Settings.parseSeconds(value), d > .zero else { throw fail("seconds, such as 30") }
      case .choice(let options):
        guard options.contains(value.lowercased()) else {
          throw fail("one of " + options.joined(separator: ", "))
        }
      }
    }
  }

  /// `llm.price.<model>`: input and output USD per million tokens, and optionally cached input.
  static func validatePrices(_ settings: [Setting]) throws {
    for setting in settings {
      let parts = setting.value.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil && $0! >= 0 }) else {
        throw SettingsError(
          key: setting.key, value: setting.value, origin: setting.origin,
          expected: "input,output[,cached] USD per million tokens, such as 0.15,0.6")
      }
    }
  }

  static func parseBool(_ text: String) -> Bool? {
    switch text.trimmingCharacters(in: .whitespaces).lowercased() {
    case "true", "yes", "on", "1": true
    case "false", "no", "off", "0", "": false
    default: nil
    }
  }

  static func parseSeconds(_ text: String) -> Duration? {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    if t.hasSuffix("ms"), let ms = Double(t.dropLast(2)) { return .milliseconds(ms) }
    let plain = t.hasSuffix("s") ? String(t.dropLast()) : t
    guard let seconds = Double(plain), seconds.isFinite else { return nil }
    return .milliseconds(seconds * 1000)
  }
}
