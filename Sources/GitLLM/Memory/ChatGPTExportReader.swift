import Foundation

/// Reads a ChatGPT data export (`conversations.json`) one conversation at a time, in chunks, so a
/// file of hundreds of megabytes on one line needs no more memory than its largest conversation.
public final class ChatGPTExportReader {
  private let stream: JSONArrayStream
  private let decoder = JSONDecoder()

  /// Opens the export.
  /// - Throws: `MemoryError.unreadable` when the file cannot be opened.
  public init(path: String, chunkSize: Int = 1 << 20) throws {
    stream = try JSONArrayStream(path: path, chunkSize: chunkSize)
  }

  public var path: String { stream.path }
  /// Bytes read so far, and the file's size (for progress).
  public var bytesRead: Int { stream.bytesRead }
  /// Bytes of the file read and turned into conversations so far.
  public var bytesConsumed: Int { stream.bytesConsumed }
  public var fileSize: Int? { stream.fileSize }
  /// The most bytes held at once: one chunk plus the conversation being read.
  public var peakBufferedBytes: Int { stream.peakBufferedBytes }
  public var chunkSize: Int { stream.chunkSize }

  /// The next conversation, or nil at the end of the array.
  /// - Throws: `MemoryError.malformedExport` with the byte offset and the conversation's number
  ///   (and title when it could be read).
  public func next() throws -> ChatGPTConversation? {
    guard let element = try stream.next() else { return nil }
    let number = "#\(element.index + 1)"
    let export: ExportConversation
    do {
      export = try decoder.decode(ExportConversation.self, from: element.bytes)
    } catch let error as DecodingError {
      throw MemoryError.malformedExport(
        path: path, offset: element.offset, conversation: name(number, title(of: element.bytes)),
        message: describe(error))
    } catch {
      throw MemoryError.malformedExport(
        path: path, offset: element.offset, conversation: number, message: "\(error)")
    }
    do {
      return try ChatGPTConversation(export)
    } catch {
      throw MemoryError.malformedExport(
        path: path, offset: element.offset, conversation: name(number, export.title),
        message: error.message)
    }
  }

  private func name(_ number: String, _ title: String?) -> String {
    guard let title, !title.isEmpty else { return number }
    return "\(number) \"\(title)\""
  }

  /// The title of an object that did not decode, when it is at least valid JSON.
  private func title(of bytes: Data) -> String? {
    let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any]
    return object?["title"] as? String
  }

  private func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
      return keys.isEmpty ? "" : " at `\(keys.joined().drop(while: { $0 == "." }))`"
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "expected \(type)\(path(context))"
    case .valueNotFound(let type, let context):
      return "missing \(type) value\(path(context))"
    case .keyNotFound(let key, let context):
      return "missing key `\(key.stringValue)`\(path(context))"
    case .dataCorrupted(let context):
      let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey]
      return "invalid JSON\(path(context)): \(underlying ?? context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }
}

@available(*, unavailable)
extension ChatGPTExportReader: Sendable {}
