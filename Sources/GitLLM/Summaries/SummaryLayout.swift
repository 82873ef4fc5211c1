/// Where the summary of a source file lives, and which files are sources.
///
/// Sibling layout: `a/b.py` → `a/b.py.md`. The whole source name is kept (not `a/b.md` as the seed
/// did) so that `b.py` and `b.sh` cannot share a summary, a hand-written `b.md` is never
/// overwritten, and the source is read back from the summary's path by dropping `.md`.
/// Mirror layout: `a/b.py` → `<summaries.dir>/a/b.py.md`.
public struct SummaryLayout: Sendable, Equatable {
  public enum Kind: String, Sendable, Equatable, Codable {
    case sibling, mirror
  }

  public var kind: Kind
  /// The folder of mirrored summaries, relative to the work-tree root, without trailing slash.
  public var directory: String
  /// The extensions summarised, with their dot (`.py`), compared case-insensitively.
  public var extensions: [String]
  /// Folders never summarised (`vendor/`), relative to the work-tree root.
  public var ignoredFolders: [String]

  public init(
    kind: Kind, directory: String = ".summaries", extensions: [String],
    ignoredFolders: [String] = []
  ) {
    self.kind = kind
    var directory = directory
    while directory.hasSuffix("/") { directory.removeLast() }
    while directory.hasPrefix("./") { directory.removeFirst(2) }
    self.directory = directory.isEmpty ? ".summaries" : directory
    self.extensions = extensions.map { ($0.hasPrefix(".") ? $0 : "." + $0).lowercased() }
    self.ignoredFolders = ignoredFolders.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
  }

  /// The layout the settings describe (`summaries.layout`, `summaries.dir`, `summaries.include`,
  /// `index.ignore`).
  public init(settings: Settings) {
    self.init(
      kind: Kind(rawValue: (settings["summaries.layout"] ?? "sibling").lowercased()) ?? .sibling,
      directory: settings["summaries.dir"] ?? ".summaries",
      extensions: settings.list("summaries.include"),
      ignoredFolders: settings.list("index.ignore"))
  }

  /// The summary's path for a source path (both relative to the work-tree root).
  public func summaryPath(forSource source: String) -> String {
    switch kind {
    case .sibling: source + ".md"
    case .mirror: directory + "/" + source + ".md"
    }
  }

  /// The source a path is the summary of, or nil when the path is not a summary in this layout.
  public func source(forSummaryPath path: String) -> String? {
    guard path.hasSuffix(".md") else { return nil }
    switch kind {
    case .sibling:
      let source = String(path.dropLast(3))
      return hasIncludedExtension(source) && !isUnderDirectory(source) ? source : nil
    case .mirror:
      guard isUnderDirectory(path) else { return nil }
      let source = String(path.dropFirst(directory.count + 1).dropLast(3))
      return source.isEmpty ? nil : source
    }
  }

  /// Whether a path gets a summary: an included extension, not itself a summary, not under
  /// `summaries.dir`, not in an ignored folder.
  public func isSource(_ path: String) -> Bool {
    guard hasIncludedExtension(path), !isUnderDirectory(path) else { return false }
    if ignoredFolders.contains(where: { path.hasPrefix($0) || path.contains("/" + $0) }) {
      return false
    }
    // With `.md` included, `README.md.md` is README.md's summary, not a source.
    return kind == .mirror || source(forSummaryPath: path) == nil
  }

  func isUnderDirectory(_ path: String) -> Bool { path.hasPrefix(directory + "/") }

  func hasIncludedExtension(_ path: String) -> Bool {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
    return extensions.contains(name[dot...].lowercased())
  }
}
