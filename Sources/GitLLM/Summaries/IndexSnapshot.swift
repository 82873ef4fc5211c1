import CGit2
import Foundation

/// The staging area read straight from the index file, for the pre-commit hook's hot path.
/// libgit2 checksums the whole index on every read (git does not), which alone costs several
/// times `git diff --cached` in a large repository. This reads what the hook needs: each entry's
/// path, blob id and mode, and the cache-tree's ids of unchanged folders. Index versions 2-4;
/// a split or sparse index, conflicts or intent-to-add entries make `load` return nil, and the
/// caller uses libgit2.
struct IndexSnapshot {
  /// All paths back to back; entry `i` is `pathBytes[pathStart[i]..<pathStart[i + 1]]`.
  var pathBytes: [UInt8] = []
  var pathStart: [Int] = [0]
  var ids: [git_oid] = []
  var modes: [UInt32] = []
  /// Folder path ("" for the root) → tree id, for cache-tree entries still valid.
  var validTrees: [String: git_oid] = [:]

  var count: Int { modes.count }

  func path(_ index: Int) -> ArraySlice<UInt8> { pathBytes[pathStart[index]..<pathStart[index + 1]] }

  /// The index `repository` uses (`GIT_INDEX_FILE` when git set it), or nil when unsupported.
  static func load(_ repository: Repository) -> IndexSnapshot? {
    let file = repository.indexFile ?? repository.gitDirectory + "/index"
    guard let data = FileManager.default.contents(atPath: file) else { return nil }
    return data.withUnsafeBytes { raw in
      var reader = Reader(bytes: raw)
      return reader.parse()
    }
  }

  /// The staged blob of a path, by binary search (the index is sorted bytewise by path).
  func blob(at path: String) -> ObjectID? {
    let key = Array(path.utf8)
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      let candidate = self.path(middle)
      if candidate.elementsEqual(key) { return ObjectID(ids[middle]) }
      if candidate.lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
    }
    return nil
  }
}

/// Parses the index file format (git's Documentation/gitformat-index.txt).
private struct Reader {
  let bytes: UnsafeRawBufferPointer
  var offset = 0

  init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  mutating func u32() -> UInt32? {
    guard offset + 4 <= bytes.count else { return nil }
    defer { offset += 4 }
    return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }

  mutating func parse() -> IndexSnapshot? {
    guard bytes.count >= 32, bytes.starts(with: Array("DIRC".utf8)) else { return nil }
    offset = 4
    guard let version = u32(), (2...4).contains(version), let count = u32().map(Int.init) else { return nil }
    var snapshot = IndexSnapshot()
    snapshot.ids.reserveCapacity(count)
    snapshot.modes.reserveCapacity(count)
    snapshot.pathStart.reserveCapacity(count + 1)
    snapshot.pathBytes.reserveCapacity(count * 48)
    var previous: [UInt8] = []
    for _ in 0..<count {
      let start = offset
      guard start + 62 <= bytes.count else { return nil }
      offset = start + 24
      guard let mode = u32() else { return nil }
      offset = start + 40
      var id = git_oid()
      withUnsafeMutableBytes(of: &id) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[start + 40..<start + 60])) }
      let flags = UInt16(bytes[start + 60]) << 8 | UInt16(bytes[start + 61])
      offset = start + 62
      if flags & 0x3000 != 0 { return nil }  // a conflict stage: let libgit2 report it
      if flags & 0x4000 != 0 {
        guard version >= 3, offset + 2 <= bytes.count else { return nil }
        if bytes[offset] & 0x60 != 0 { return nil }  // skip-worktree or intent-to-add
        offset += 2
      }
      if mode & 0o170000 == 0o040000 { return nil }  // a sparse-index folder entry
      var path: [UInt8]
      if version == 4 {
        var strip = 0
        var byte: UInt8
        // git's offset varint: each continuation adds one before shifting.
        repeat {
          guard offset < bytes.count else { return nil }
          byte = bytes[offset]
          offset += 1
          strip = (strip << 7) | Int(byte & 0x7f)
          if byte & 0x80 != 0 { strip += 1 }
        } while byte & 0x80 != 0
        guard strip <= previous.count, let end = nul(from: offset) else { return nil }
        path = Array(previous.prefix(previous.count - strip)) + bytes[offset..<end]
        offset = end + 1
      } else {
        guard let end = nul(from: offset) else { return nil }
        path = Array(bytes[offset..<end])
        offset = start + ((end - start + 8) & ~7)  // NUL padding to a multiple of 8
      }
      if mode & 0o170000 != 0o160000 {  // submodules are not files: left out, as libgit2 does
        snapshot.pathBytes += path
        snapshot.pathStart.append(snapshot.pathBytes.count)
        snapshot.ids.append(id)
        snapshot.modes.append(mode)
      }
      previous = path
    }
    // Extensions up to the trailing checksum.
    while offset + 8 <= bytes.count - 20 {
      let signature = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
      offset += 4
      guard let size = u32().map(Int.init), offset + size <= bytes.count else { return nil }
      let end = offset + size
      switch signature {
      case "TREE": readTree(until: end, into: &snapshot.validTrees)
      case "link", "sdir": return nil
      default: break
      }
      offset = end
    }
    return snapshot
  }

  private func nul(from start: Int) -> Int? {
    var index = start
    while index < bytes.count {
      if bytes[index] == 0 { return index }
      index += 1
    }
    return nil
  }

  /// The cache-tree: entries in pre-order, each `name NUL count SP subtrees LF [id]`.
  private mutating func readTree(until end: Int, into trees: inout [String: git_oid]) {
    var stack: [(path: String, remaining: Int)] = []
    while offset < end, let nameEnd = nul(from: offset), nameEnd < end {
      let name = String(decoding: bytes[offset..<nameEnd], as: UTF8.self)
      offset = nameEnd + 1
      guard let lineEnd = bytes[offset..<end].firstIndex(of: 0x0A) else { return }
      let numbers = String(decoding: bytes[offset..<lineEnd], as: UTF8.self).split(separator: " ")
      offset = lineEnd + 1
      guard numbers.count == 2, let entries = Int(numbers[0]), let subtrees = Int(numbers[1]) else { return }
      while let last = stack.last, last.remaining == 0 { stack.removeLast() }
      let parent = stack.last?.path
      if !stack.isEmpty { stack[stack.count - 1].remaining -= 1 }
      let path = parent.map { $0.isEmpty ? name : $0 + "/" + name } ?? ""
      if entries >= 0 {
        guard offset + 20 <= end else { return }
        var id = git_oid()
        withUnsafeMutableBytes(of: &id) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 20])) }
        trees[path] = id
        offset += 20
      }
      stack.append((path, subtrees))
    }
  }
}
