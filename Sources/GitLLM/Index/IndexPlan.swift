/// The paths a run must check and the state HEAD wants for each: a blob id, or absent.
struct IndexPlan {
  /// Sorted, so batches and progress are deterministic.
  var paths: [String] = []
  var desired: [String: ObjectID?] = [:]
  /// New path → old path, for renames whose content did not change.
  var moves: [(new: String, old: String)] = []
  /// Paths that are symbolic links at HEAD: listed, never read as content.
  var symlinks = Set<String>()

  init(repository: Repository, base: ObjectID?, head: ObjectID, targets: [ObjectID], rules: IncludeRules) throws {
    var absent = Set<String>()
    var present: [String: ObjectID] = [:]
    // Paths an unfinished run may have moved towards another commit: HEAD wants the base state
    // for them unless the diff to HEAD says otherwise (it is applied last and wins).
    for target in targets {
      for change in try repository.diff(from: base, to: target, detectRenames: false) {
        if let old = change.oldPath, let blob = change.oldBlob, change.status != .added {
          present[old] = blob
        }
        if let new = change.newPath, change.status == .added || change.status == .copied {
          absent.insert(new)
        }
      }
    }
    var headAbsent = Set<String>()
    var headPresent: [String: ObjectID] = [:]
    for change in try repository.diff(from: base, to: head, detectRenames: base != nil) {
      if change.isSymlink, let new = change.newPath { symlinks.insert(new) }
      switch change.status {
      case .deleted:
        if let old = change.oldPath { headAbsent.insert(old) }
      case .renamed:
        if let old = change.oldPath { headAbsent.insert(old) }
        if let new = change.newPath, let blob = change.newBlob {
          headPresent[new] = blob
          if let old = change.oldPath, change.oldBlob == blob, rules.includes(path: old), rules.includes(path: new) {
            moves.append((new, old))
          }
        }
      default:
        if let new = change.newPath, let blob = change.newBlob { headPresent[new] = blob }
      }
    }
    for path in headAbsent {
      present[path] = nil
      absent.insert(path)
    }
    for (path, blob) in headPresent {
      absent.remove(path)
      present[path] = blob
    }
    for path in absent { desired[path] = .some(nil) }
    for (path, blob) in present { desired[path] = rules.includes(path: path) ? blob : .some(nil) }
    paths = desired.keys.sorted()
  }
}
