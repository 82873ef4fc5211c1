import Foundation

/// What an import did.
public struct MemoryImportReport: Sendable, Equatable, Codable {
  public var namespace: String
  public var conversations: Int
  /// Messages stored now.
  public var imported: Int
  /// Messages already stored by an earlier import (same conversation and message id).
  public var skipped: Int
  /// Messages of the visible threads left out: hidden system messages, hidden context, empty ones.
  public var hidden: Int
  public var bytes: Int
  /// The most bytes of the file held in memory at once.
  public var peakBufferedBytes: Int

  enum CodingKeys: String, CodingKey {
    case namespace, conversations, imported, skipped, hidden, bytes
    case peakBufferedBytes = "peak_buffered_bytes"
  }
}

/// Progress of an import: bytes read of the file's size, conversations so far.
public struct MemoryImportProgress: Sendable {
  public var bytesRead: Int
  public var fileSize: Int?
  public var conversations: Int
  public var imported: Int
}

extension MemoryStore {
  /// Imports the visible thread of every conversation of a ChatGPT export into `namespace`.
  ///
  /// The whole import is one transaction: a malformed conversation anywhere in the file rolls
  /// back everything, so a failed import leaves the store as it was. SQLite spills a large
  /// transaction to the WAL file, so memory stays bounded by the reader's chunk and the largest
  /// conversation. Idempotent: a message already stored (same namespace, conversation id and
  /// message id) is skipped, so re-importing a newer export adds only what is new.
  /// - Throws: `MemoryError.malformedExport` (nothing imported), `SQLiteError`.
  public func importChatGPT(
    _ reader: ChatGPTExportReader, namespace: String,
    progress: ((MemoryImportProgress) -> Void)? = nil,
    imported onImported: ((MemoryMessage) throws -> Void)? = nil
  ) throws -> MemoryImportReport {
    try Memory.validate(namespace: namespace)
    var report = MemoryImportReport(
      namespace: namespace, conversations: 0, imported: 0, skipped: 0, hidden: 0, bytes: 0,
      peakBufferedBytes: 0)
    let insert = try database.prepare(
      """
      INSERT INTO messages (namespace, role, text, created, source, conversation_id,
        conversation_title, parent_id, external_id, token_count)
      VALUES (?, ?, ?, ?, 'chatgpt-import', ?, ?, ?, ?, ?)
      ON CONFLICT (namespace, conversation_id, external_id) DO NOTHING
      """)
    let find = try database.prepare(
      "SELECT id FROM messages WHERE namespace = ? AND conversation_id = ? AND external_id = ?")
    try database.transaction {
      while let conversation = try reader.next() {
        report.conversations += 1
        report.hidden += conversation.hiddenCount
        var parentRow: Int64?
        for message in conversation.messages {
          let tokens = Memory.estimateTokens(message.text)
          try insert.run(
            [
              namespace, message.role, message.text, message.created, conversation.id,
              conversation.title, parentRow, message.id, tokens,
            ] as [any SQLBindable])
          if database.changes > 0 {
            report.imported += 1
            let row = database.lastInsertRowID
            try onImported?(
              MemoryMessage(
                id: row, namespace: namespace, role: message.role,
                text: message.text, created: message.created, source: "chatgpt-import",
                conversationID: conversation.id, conversationTitle: conversation.title,
                parentID: parentRow, externalID: message.id, tokenCount: tokens))
            parentRow = row
          } else {
            report.skipped += 1
            parentRow = try find.query(
              [namespace, conversation.id, message.id] as [any SQLBindable]
            )
            .first?.int64(0)
          }
        }
        progress?(
          MemoryImportProgress(
            bytesRead: reader.bytesConsumed, fileSize: reader.fileSize,
            conversations: report.conversations, imported: report.imported))
      }
    }
    progress?(
      MemoryImportProgress(
        bytesRead: reader.bytesRead, fileSize: reader.fileSize,
        conversations: report.conversations, imported: report.imported))
    report.bytes = reader.bytesRead
    report.peakBufferedBytes = reader.peakBufferedBytes
    return report
  }
}
