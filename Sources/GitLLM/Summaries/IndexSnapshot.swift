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
  var cacheTree = CacheTree()

  var count: Int { modes.count }

  func path(_ index: Int) -> ArraySlice<UInt8> {
    pathBytes[pathStart[index]..<pathStart[index + 1]]
  }

  /// The index `repository` uses (`GIT_INDEX_FILE` when git set it), or nil when unsupported.
  static func load(_ repository: Repository) -> IndexSnapshot? {
    let file = repository.indexFile ?? repository.gitDirectory + "/index"
    return withMappedFile(file) { bytes in
      var reader = Reader(bytes: bytes)
      return reader.parse()
    }
  }

  /// The end of the entries in `range` whose path starts with `folder` (ending in `/`); the
  /// first entry of the range must be one of them. Binary search, as they are consecutive.
  func end(ofFolder folder: ArraySlice<UInt8>, in range: Range<Int>) -> Int {
    var low = range.lowerBound + 1
    var high = range.upperBound
    while low < high {
      let middle = (low + high) / 2
      if path(middle).starts(with: folder) { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// The staged blob of a path.
  func blob(at path: String) -> ObjectID? { position(of: path).map { ObjectID(ids[$0]) } }

  /// The staged mode of a path (0o120000 for a symlink).
  func mode(at path: String) -> UInt32? { position(of: path).map { modes[$0] } }

  /// A path's entry, by binary search (the index is sorted bytewise by path).
  func position(of path: String) -> Int? {
    let key = Array(path.utf8)
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      let candidate = self.path(middle)
      if candidate.elementsEqual(key) { return middle }
      if candidate.lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
    }
    return nil
  }
}

/// Maps the file and parses it in place: reading it into memory costs more than the parse.
private func withMappedFile<T>(_ path: String, _ body: (UnsafeRawBufferPointer) -> T?) -> T? {
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else { return nil }
  defer { close(fd) }
  var info = stat()
  guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
  let size = Int(info.st_size)
  guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
    return nil
  }
  defer { munmap(base, size) }
  return body(UnsafeRawBufferPointer(start: base, count: size))
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
    guard let version = u32(), (2...4).contains(version), let count = u32().map(Int.init) else {
      return nil
    }
    var snapshot = IndexSnapshot()
    snapshot.ids.reserveCapacity(count)
    snapshot.modes.reserveCapacity(count)
    snapshot.pathStart.reserveCapacity(count + 1)
    snapshot.pathBytes.reserveCapacity(bytes.count)
    var previous: [UInt8] = []
    for _ in 0..<count {
      let start = offset
      guard start + 62 <= bytes.count else { return nil }
      offset = start + 24
      guard let mode = u32() else { return nil }
      offset = start + 40
      var id = git_oid()
      withUnsafeMutableBytes(of: &id) {
        $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[start + 40..<start + 60]))
      }
      let flags = UInt16(bytes[start + 60]) << 8 | UInt16(bytes[start + 61])
      offset = start + 62
      if flags & 0x3000 != 0 { return nil }  // a conflict stage: let libgit2 report it
      if flags & 0x4000 != 0 {
        guard version >= 3, offset + 2 <= bytes.count else { return nil }
        if bytes[offset] & 0x60 != 0 { return nil }  // skip-worktree or intent-to-add
        offset += 2
      }
      if mode & 0o170000 == 0o040000 { return nil }  // a sparse-index folder entry
      let pathStart: Int
      let pathEnd: Int
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
        previous.removeLast(strip)
        previous.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
        (pathStart, pathEnd) = (-1, -1)
        offset = end + 1
      } else {
        guard let end = nul(from: offset) else { return nil }
        (pathStart, pathEnd) = (offset, end)
        offset = start + ((end - start + 8) & ~7)  // NUL padding to a multiple of 8
      }
      if mode & 0o170000 != 0o160000 {  // submodules are not files: left out, as libgit2 does
        if pathStart < 0 {
          snapshot.pathBytes += previous
        } else {
          snapshot.pathBytes.append(
            contentsOf: UnsafeRawBufferPointer(rebasing: bytes[pathStart..<pathEnd]))
        }
        snapshot.pathStart.append(snapshot.pathBytes.count)
        snapshot.ids.append(id)
        snapshot.modes.append(mode)
      }
    }
    // Extensions up to the trailing checksum.
    while offset + 8 <= bytes.count - 20 {
      let signature = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
      offset += 4
      guard let size = u32().map(Int.init), offset + size <= bytes.count else { return nil }
      let end = offset + size
      switch signature {
      case "TREE": readTree(until: end, into: &snapshot.cacheTree)
      case "link", "sdir": return nil
      default: break
      }
      offset = end
    }
    return snapshot
  }

  private func nul(from start: Int) -> Int? {
    guard start < bytes.count, let base = bytes.baseAddress,
      let found = memchr(base + start, 0, bytes.count - start)
    else { return nil }
    return base.distance(to: UnsafeRawPointer(found))
  }

  /// A decimal number (with an optional minus sign) ending at `terminator`.
  private mutating func number(until terminator: UInt8, end: Int) -> Int? {
    var negative = false
    var value = 0
    var digits = 0
    if offset < end, bytes[offset] == 0x2D {
      negative = true
      offset += 1
    }
    while offset < end, bytes[offset] != terminator {
      let digit = Int(bytes[offset]) - 0x30
      guard (0...9).contains(digit) else { return nil }
      value = value * 10 + digit
      digits += 1
      offset += 1
    }
    guard offset < end, digits > 0 else { return nil }
    offset += 1
    return negative ? -value : value
  }

  /// The cache-tree: entries in pre-order, each `name NUL count SP subtrees LF [id]`.
  private mutating func readTree(until end: Int, into tree: inout CacheTree) {
    var open: [(node: Int, remaining: Int)] = []
    while offset < end, let nameEnd = nul(from: offset), nameEnd < end {
      let node = tree.ids.count
      tree.names.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<nameEnd]))
      tree.nameEnd.append(tree.names.count)
      offset = nameEnd + 1
      guard let entries = number(until: 0x20, end: end),
        let subtrees = number(until: 0x0A, end: end)
      else {
        tree = CacheTree()
        return
      }
      var id = git_oid()
      if entries >= 0 {
        guard offset + 20 <= end else {
          tree = CacheTree()
          return
        }
        withUnsafeMutableBytes(of: &id) {
          $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 20]))
        }
        offset += 20
      }
      tree.ids.append(id)
      tree.valid.append(entries >= 0)
      tree.subtreeEnd.append(node + 1)
      if !open.isEmpty { open[open.count - 1].remaining -= 1 }
      open.append((node, subtrees))
      // Close every folder whose subtrees are all read: its subtree ends here.
      while let last = open.last, last.remaining == 0 {
        open.removeLast()
        tree.subtreeEnd[last.node] = tree.ids.count
      }
    }
    for folder in open { tree.subtreeEnd[folder.node] = tree.ids.count }
  }
}

/// The index's cache-tree: the tree id of each folder whose entries have not changed since it
/// was computed, stored in pre-order as git writes it.
struct CacheTree {
  var names: [UInt8] = []
  var nameEnd: [Int] = []
  var ids: [git_oid] = []
  var valid: [Bool] = []
  /// One past the last node of each node's subtree (its next sibling, if any).
  var subtreeEnd: [Int] = []

  func name(_ node: Int) -> ArraySlice<UInt8> {
    names[(node == 0 ? 0 : nameEnd[node - 1])..<nameEnd[node]]
  }

  /// The tree id of a folder ("" for the root) when its cache entry is valid.
  func validID(folder: String) -> git_oid? {
    guard !ids.isEmpty else { return nil }
    var node = 0
    if !folder.isEmpty {
      for component in folder.utf8.split(separator: 0x2F) {
        var child = node + 1
        while child < subtreeEnd[node], !name(child).elementsEqual(component) {
          child = subtreeEnd[child]
        }
        guard child < subtreeEnd[node] else { return nil }
        node = child
      }
    }
    return valid[node] ? ids[node] : nil
  }
}
