import Foundation

/// Reads blobs, classifies and chunks them, and expands their terms: the CPU half of indexing.
/// For many files it runs on its own thread (with its own libgit2 handle) while the caller writes
/// to SQLite, so a full index costs little more than the inserts themselves.
final class FilePreparer {
  private let queue = PreparedQueue()
  private let finished = DispatchSemaphore(value: 0)
  private var inline: (Repository, [(path: String, blob: ObjectID)], IndexOptions, Int)?

  /// Files to prepare, in the order `next()` returns them.
  init(repository: Repository, files: [(path: String, blob: ObjectID)], options: IndexOptions, threadAbove: Int = 32) {
    guard files.count > threadAbove else {
      inline = (repository, files, options, 0)
      return
    }
    let gitDirectory = repository.gitDirectory
    let queue = self.queue
    let finished = self.finished
    let work = files.map { (path: $0.path, blob: $0.blob) }
    let thread = Thread {
      defer { finished.signal() }
      do {
        let repository = try Repository(path: gitDirectory)
        for file in work {
          guard queue.put(.success(try Self.prepare(repository: repository, path: file.path, blob: file.blob, options: options))) else { return }
        }
      } catch {
        _ = queue.put(.failure(error))
      }
    }
    thread.stackSize = 4 << 20
    thread.start()
  }

  /// The next file, in order.
  func next() throws -> PreparedFile {
    if var work = inline {
      defer { inline = work }
      let file = work.1[work.3]
      work.3 += 1
      return try Self.prepare(repository: work.0, path: file.path, blob: file.blob, options: work.2)
    }
    return try queue.take().get()
  }

  /// Stops the thread (if any) and waits for it.
  func finish() {
    guard inline == nil else { return }
    queue.cancel()
    finished.wait()
  }

  /// A file's row, chunks and terms from its blob in the object database.
  static func prepare(repository: Repository, path: String, blob: ObjectID, options: IndexOptions) throws -> PreparedFile {
    let language = SourceLanguage(path: path)
    var file = IndexedFile(path: path, blob: blob.hex, language: language.rawValue, bytes: 0, chunkCount: 0)
    if options.symlinks.contains(path) {
      file.skipped = "symlink"
      return PreparedFile(file: file, chunks: [])
    }
    let size = try repository.blobSize(blob)
    file.bytes = size
    guard size <= options.rules.maxFileBytes else {
      file.skipped = "too-large"
      return PreparedFile(file: file, chunks: [])
    }
    switch BlobContent.classify(try repository.blob(blob), maxBytes: options.rules.maxFileBytes) {
    case .text(let text):
      let chunks = options.chunker.chunks(path: path, text: text, language: language)
      file.chunkCount = chunks.count
      return PreparedFile(file: file, chunks: chunks)
    case .binary: file.skipped = "binary"
    case .lfsPointer: file.skipped = "lfs-pointer"
    case .tooLarge: file.skipped = "too-large"
    }
    return PreparedFile(file: file, chunks: [])
  }
}

/// A bounded first-in-first-out hand-over between the preparing thread and the writer.
/// @unchecked Sendable: every field is read and written under `condition`.
final class PreparedQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var items: [Result<PreparedFile, any Error>] = []
  private var head = 0
  private var cancelled = false
  private let capacity = 128

  /// Waits for room; false when the reader has gone.
  func put(_ item: Result<PreparedFile, any Error>) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while items.count - head >= capacity && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    items.append(item)
    condition.broadcast()
    return true
  }

  func take() -> Result<PreparedFile, any Error> {
    condition.lock()
    defer { condition.unlock() }
    while items.count == head { condition.wait() }
    let item = items[head]
    head += 1
    if head > 1024 {
      items.removeFirst(head)
      head = 0
    }
    condition.broadcast()
    return item
  }

  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }
}
